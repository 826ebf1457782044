import Foundation
import MaturityCore

/// What an importer needs from the command line, whatever the format.
public struct ImportOptions: Sendable {
    /// Zone for timestamps written without an offset (`--timezone`).
    public var timeZone: TimeZone?
    /// The last day calendar series are expanded to (`--until`); nil: the end of the current quarter.
    public var until: LocalDate?

    public init(timeZone: TimeZone? = nil, until: LocalDate? = nil) { self.timeZone = timeZone; self.until = until }
}

/// An input recognised by its content: the importer to read it with, and how it was recognised.
public struct RecognisedInput {
    public var url: URL
    public var importer: any Importer
    /// For the summary: `canonical CSV messages (by its header)`.
    public var reason: String
}

/// One family of formats that `maturity import PATH` recognises by content (never by name).
public protocol FormatRecogniser: Sendable {
    /// The formats, for help and for the error listing them.
    var formats: [ImportFormat] { get }
    /// What users read in the list of formats (one line per format family).
    var description: String { get }
    /// The importer for `url` when its content is of this family. `head` is the file's first bytes (at
    /// most 64 KiB; empty for a folder).
    func recognise(_ url: URL, isDirectory: Bool, head: Data, options: ImportOptions) -> RecognisedInput?
}

/// The formats `maturity import` knows, and recognition by content. A new source registers its recogniser in
/// `all` (Documentation/AddingASource.md).
public enum ImportFormats {
    public static let all: [any FormatRecogniser] = [CanonicalCSVRecogniser(), JiraCSVRecogniser(),
                                                     TrackerJSONRecogniser(), SlackRecogniser(), MboxRecogniser(),
                                                     ICSRecogniser()]

    /// Every format, in the order of `all`.
    public static var formats: [ImportFormat] { all.flatMap(\.formats) }

    /// The lines of the list of formats an unrecognised input's error shows.
    public static var listing: String {
        all.map { "  " + $0.description }.joined(separator: "\n")
    }

    /// The first bytes of a file (for recognisers), empty for a folder or an unreadable file.
    static func head(of url: URL) -> Data {
        guard let handle = FileHandle(forReadingAtPath: url.path) else { return Data() }
        defer { try? handle.close() }
        return (try? handle.read(upToCount: 64 << 10)) ?? Data()
    }

    /// The importer for one path, recognised by content; an error listing the formats when nothing fits.
    public static func recognise(_ url: URL, options: ImportOptions) throws -> RecognisedInput {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw ImportError(file: url.path, line: nil, column: nil, message: "there is no such file or folder",
                              fix: "check the path")
        }
        let head = isDirectory.boolValue ? Data() : Self.head(of: url)
        for recogniser in all {
            if let found = recogniser.recognise(url, isDirectory: isDirectory.boolValue, head: head, options: options) {
                return found
            }
        }
        throw ImportError(
            file: url.path, line: nil, column: nil,
            message: "not a format maturity can recognise. It reads:\n\(listing)\n",
            fix: "name the format, as in 'maturity import messages \(url.path)' (see 'maturity import --help'), or "
                + "convert the file to one of these")
    }

    /// What `maturity import FOLDER` does with a folder that is not itself one input (as a Slack export
    /// folder is): every file at its top level recognised by content, in dependency order (people first,
    /// messages last; names break ties); a file named like a canonical file but not recognised is imported as
    /// that kind, so its error says what is missing. Everything else is passed over, with the reason.
    public static func plan(folder: URL, options: ImportOptions) throws
        -> (inputs: [RecognisedInput], passedOver: [(url: URL, reason: String)])
    {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() } catch {
            throw ImportError(file: folder.path, line: nil, column: nil, message: "cannot read the folder",
                              fix: "check that it exists and is readable")
        }
        var inputs: [RecognisedInput] = []
        var passedOver: [(URL, String)] = []
        for name in names where !name.hasPrefix(".") {
            let url = folder.appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory)
            if isDirectory.boolValue {
                // A folder that is itself one input (an unpacked Slack export) is imported with the rest.
                if let found = all.lazy.compactMap({ $0.recognise(url, isDirectory: true, head: Data(), options: options) })
                    .first {
                    inputs.append(found)
                } else {
                    passedOver.append((url, "a folder (import it on its own)"))
                }
                continue
            }
            let head = Self.head(of: url)
            if let found = all.lazy.compactMap({ $0.recognise(url, isDirectory: false, head: head, options: options) })
                .first {
                inputs.append(found)
            } else if let kind = CanonicalKind.forFileName(name) {
                inputs.append(RecognisedInput(url: url, importer: CanonicalCSVImporter(kind: kind, timeZone: options.timeZone),
                                              reason: "canonical CSV \(kind.rawValue) (by its name)"))
            } else {
                passedOver.append((url, "not a format maturity recognises"))
            }
        }
        return (inDependencyOrder(inputs), passedOver)
    }

    /// The inputs in dependency order (people first, events after items, attendees after meetings, messages
    /// last), keeping the given order among inputs of one entity.
    public static func inDependencyOrder(_ inputs: [RecognisedInput]) -> [RecognisedInput] {
        let order = EntityKind.allCases
        return inputs.enumerated().sorted { a, b in
            let ea = a.element.importer.format.mainEntity.flatMap { order.firstIndex(of: $0) } ?? order.count
            let eb = b.element.importer.format.mainEntity.flatMap { order.firstIndex(of: $0) } ?? order.count
            return ea != eb ? ea < eb : a.offset < b.offset
        }.map(\.element)
    }
}

/// Canonical CSV files, recognised by their header: the kind whose required columns it holds.
struct CanonicalCSVRecogniser: FormatRecogniser {
    var formats: [ImportFormat] { CanonicalKind.allCases.map(\.format) }

    var description: String {
        "canonical CSV (people, work-items, work-item-events, meetings, attendees, messages), by its header row"
    }

    func recognise(_ url: URL, isDirectory: Bool, head: Data, options: ImportOptions) -> RecognisedInput? {
        guard !isDirectory, let names = Self.headerNames(head), let kind = CanonicalKind.recognising(header: names)
        else { return nil }
        return RecognisedInput(url: url, importer: CanonicalCSVImporter(kind: kind, timeZone: options.timeZone),
                               reason: "canonical CSV \(kind.rawValue) (by its header)")
    }

    /// The names of a CSV header line (a UTF-8 BOM skipped, quotes removed); nil when the bytes hold no line
    /// of UTF-8 text. A header of one column (`person_id`) is one name.
    static func headerNames(_ head: Data) -> [String]? {
        var bytes = [UInt8](head)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        let end = bytes.firstIndex { $0 == 0x0A || $0 == 0x0D } ?? bytes.endIndex
        guard end > 0, let line = String(validating: bytes[..<end], as: UTF8.self) else {
            return nil
        }
        var names: [String] = []
        var current = ""
        var quoted = false
        for character in line {
            if character == "\"" {
                quoted.toggle()  // a doubled quote inside a quoted name is dropped: no column has one
            } else if character == "," && !quoted {
                names.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        names.append(current)
        return names
    }
}
