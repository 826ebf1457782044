import Foundation
import MaturityCore

/// What the tracker importers (Jira, GitHub, Trello) share: the status mapping, reading JSON with locations,
/// replaying assignee changes into complete sets, and the tables kept as data in `Resources/`.
public enum TrackerData {
    /// The lines of a CSV table shipped in the module's `Resources/` folder (header dropped), as pairs.
    static func pairs(_ name: String) -> [(String, String)] {
        guard let url = Bundle.module.url(forResource: name, withExtension: "csv", subdirectory: "Resources")
                ?? Bundle.module.url(forResource: name, withExtension: "csv"),
              let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        return text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }).dropFirst().compactMap { line in
            guard let comma = line.lastIndex(of: ",") else { return nil }
            return (String(line[..<comma]), String(line[line.index(after: comma)...]))
        }
    }
}

/// Raw tracker statuses to the normalised set: the user's `--status-map FILE` first, then the built-in table
/// (`Resources/tracker-statuses.csv`, English and French workflow names, and the canonical words), then the
/// status category the export gives (Jira's To Do / In Progress / Done); anything else is `todo` with a
/// warning the importer gives once per status.
public struct StatusMapping: Sendable {
    private var user: [String: WorkStatus] = [:]
    private static let builtIn: [String: WorkStatus] = {
        var table: [String: WorkStatus] = [:]
        for (raw, status) in TrackerData.pairs("tracker-statuses") {
            if let status = WorkStatus(rawValue: status) { table[key(raw)] = status }
        }
        return table
    }()

    public init() {}

    /// The mapping with the user's table: a CSV file `status,normalised` (a header line, then one status a line;
    /// `normalised` is todo, in_progress, done or cancelled).
    public init(file: URL) throws {
        let text: String
        do { text = try String(contentsOf: file, encoding: .utf8) } catch {
            throw ImportError(file: file.path, line: nil, column: nil, message: "cannot read the status map",
                              fix: "check that the file exists and is UTF-8 text")
        }
        for (index, line) in text.components(separatedBy: .newlines).enumerated() {
            let trimmed = TextRules.trim(line)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            guard let comma = trimmed.lastIndex(of: ",") else {
                throw ImportError(file: file.path, line: index + 1, column: nil,
                                  message: "'\(trimmed)' is not 'status,normalised'",
                                  fix: "write one status a line, such as 'En attente,in_progress'")
            }
            let raw = String(trimmed[..<comma]).trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
            let target = TextRules.trim(String(trimmed[trimmed.index(after: comma)...])).lowercased()
            if index == 0 && target == "normalised" { continue }
            guard let status = WorkStatus(rawValue: target.replacingOccurrences(of: " ", with: "_")) else {
                throw ImportError(file: file.path, line: index + 1, column: nil,
                                  message: "'\(target)' is not a normalised status",
                                  fix: "write todo, in_progress, done or cancelled")
            }
            user[Self.key(raw)] = status
        }
    }

    /// The lookup form of a status: trimmed, lower case, `_` and `-` read as spaces, `’` as `'`, white space
    /// collapsed (the canonical rule, with non-ASCII letters lowered too: `Terminé` is `terminé`).
    static func key(_ raw: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in raw.lowercased().unicodeScalars {
            switch scalar {
            case "_", "-": scalars.append(" ")
            case "\u{2019}": scalars.append("'")
            default: scalars.append(scalar)
            }
        }
        return TextRules.collapse(String(scalars))
    }

    /// The normalised status of `raw`; `known` is false when nothing mapped it (the caller warns).
    public func map(_ raw: String?, category: WorkStatus? = nil) -> (status: WorkStatus, known: Bool) {
        let key = Self.key(raw ?? "")
        if let status = user[key] { return (status, true) }
        if let status = Self.builtIn[key] { return (status, true) }
        if let status = WorkItemFeatures.statusTable[key] { return (status, true) }
        if let category { return (category, true) }
        return (.todo, key.isEmpty)
    }

    /// Jira's resolutions that end an item without doing it: a done status with one of them is `cancelled`
    /// (`Closed` with the resolution `Won't Fix`).
    static let cancellingResolutions: Set<String> = [
        "won't fix", "wont fix", "won't do", "wont do", "duplicate", "cannot reproduce", "incomplete", "declined",
        "rejected", "invalid", "obsolete", "abandoned", "not a bug", "annulé", "abandonné", "rejeté", "doublon",
        "ne sera pas corrigé", "ne sera pas fait",
    ]

    /// `status`, made `cancelled` when it is `done` and the resolution is one that cancels.
    public static func resolved(_ status: WorkStatus, resolution: String?) -> WorkStatus {
        guard status == .done, let resolution, cancellingResolutions.contains(key(resolution)) else { return status }
        return .cancelled
    }

    /// The value a status event stores: the raw status when the metrics, which normalise event statuses with
    /// the canonical rule, read it as `status`; otherwise the normalised word itself (`done`), so that a
    /// French `Terminé` or a user-mapped status still resolves the item.
    public static func eventValue(_ raw: String, _ status: WorkStatus) -> String {
        WorkItemFeatures.normaliseStatus(raw) == status ? raw : status.rawValue
    }
}

/// Warns once per unknown status of an input, naming where it was first seen and how to map it.
final class UnknownStatuses {
    private var seen: Set<String> = []

    func check(_ raw: String?, known: Bool, at location: InputLocation, sink: RecordSink) {
        guard !known, let raw, seen.insert(raw).inserted else { return }
        sink.warn("unknown status '\(raw)' read as todo (map it with --status-map FILE: a line '\(raw),done')",
                  at: location)
    }
}

/// Assignee changes (one person added or removed at a time, as GitHub and Trello record them) as the complete
/// sets the store keeps, replayed backwards from the current assignees.
struct AssigneeDeltas {
    struct Delta {
        var at: Instant
        var added: String?
        var removed: String?
        var actor: String?
        var location: InputLocation
    }
    var deltas: [Delta] = []

    /// The events, oldest first, each with the complete sets before and after it. `current` is the item's
    /// assignees now (after every delta). Changes at the same instant are one event (GitHub records a
    /// reassignment as `unassigned` and `assigned` in the same second: one hand-over, not two changes).
    func events(itemId: String, current: [String]) -> [WorkItemEventRecord] {
        var after = current
        var result: [WorkItemEventRecord] = []
        let newestFirst = deltas.enumerated().sorted { ($0.element.at, $0.offset) > ($1.element.at, $1.offset) }.map(\.element)
        var index = 0
        while index < newestFirst.count {
            let at = newestFirst[index].at
            var before = after
            var first = newestFirst[index]
            while index < newestFirst.count && newestFirst[index].at == at {
                let delta = newestFirst[index]
                if let added = delta.added { before.removeAll { $0 == added } }
                if let removed = delta.removed, !before.contains(removed) { before.append(removed) }
                first = delta
                index += 1
            }
            if before != after {
                result.append(WorkItemEventRecord(itemId: itemId, at: at, field: .assignee, from: before, to: after,
                                                  actor: first.actor, location: first.location))
            }
            after = before
        }
        return result.reversed()
    }
}

/// Events of one input handed on once: the same change in two pages of one file is one event.
struct EventDeduplicator {
    private var seen: Set<String> = []

    mutating func isNew(_ event: WorkItemEventRecord) -> Bool {
        seen.insert([event.itemId, String(event.at), event.field.rawValue, event.from.joined(separator: ";"),
                     event.to.joined(separator: ";")].joined(separator: "\u{1F}")).inserted
    }
}

/// A JSON file read whole (exports of trackers are pages of at most a few MB), with its errors located.
enum JSONInput {
    /// The parsed top-level value of the input.
    static func read(_ input: ImportInput) throws -> Any {
        let stream = try input.stream()
        var data = Data()
        while true {
            let chunk = try stream.read(upToCount: 1 << 20)
            if chunk.isEmpty { break }
            data.append(chunk)
        }
        if data.starts(with: [0xEF, 0xBB, 0xBF]) { data.removeFirst(3) }
        do {
            return try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
            throw ImportError(file: input.path, line: nil, column: nil, message: "the file is not valid JSON (\(detail))",
                              fix: "export the data again, or check that the file was not cut short")
        }
    }

    static func string(_ value: Any?) -> String? {
        switch value {
        case let text as String: return text
        case let number as NSNumber: return number.stringValue
        default: return nil
        }
    }

    static func object(_ value: Any?) -> [String: Any]? { value as? [String: Any] }
    static func array(_ value: Any?) -> [Any] { value as? [Any] ?? [] }

    /// A timestamp with its offset (`2024-03-12T15:15:00.000+0100`, `2023-08-19T22:15:25Z`); an error at
    /// `location` naming what is wrong.
    static func instant(_ value: Any?, at location: InputLocation, required: Bool) throws -> Instant? {
        guard let text = string(value).map({ TextRules.trim($0) }), !text.isEmpty else {
            if required {
                throw ImportError(at: location, message: "the required timestamp is missing or empty",
                                  fix: "export the data again with this field, or fill it in")
            }
            return nil
        }
        do { return try Timestamp.parse(text, zone: nil) } catch {
            throw ImportError(at: location, message: "bad timestamp '\(text)': \(error.message)",
                              fix: "the exports write ISO 8601 with an offset, such as 2024-03-12T15:15:00.000+0100")
        }
    }
}

/// The recognisers of the tracker formats look at the first bytes of a file as text.
enum HeadSniffer {
    /// The head as text (a BOM dropped; invalid UTF-8 at the cut end repaired), and its first non-blank character.
    static func text(_ head: Data) -> (text: String, first: Character?) {
        var bytes = [UInt8](head)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        let text = String(decoding: bytes, as: UTF8.self)
        return (text, text.first { !$0.isWhitespace })
    }

    /// Whether `text` holds the JSON key `name` (`"name":` with any spaces before the colon).
    static func hasKey(_ text: String, _ name: String) -> Bool {
        var search = text[...]
        let quoted = "\"" + name + "\""
        while let range = search.range(of: quoted) {
            let rest = search[range.upperBound...].drop { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
            if rest.first == ":" { return true }
            search = search[range.upperBound...]
        }
        return false
    }
}
