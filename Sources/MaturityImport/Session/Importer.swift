import Foundation
import MaturityCore

/// A format an importer reads: what users type to name it, what it is called, and the rules the import
/// session applies to it.
public struct ImportFormat: Sendable, Equatable {
    /// What users type (`maturity import messages FILE`): kebab-case.
    public var id: String
    /// For people: `canonical CSV messages`, `Slack workspace export`.
    public var name: String
    /// The source part of the keys its records get (`csv`, `slack`): see `EntityKey`.
    public var keySource: String
    /// The entity the format is mainly about; its counts lead the summary line.
    public var mainEntity: EntityKind?
    /// What its records are called in summaries (`rows` for CSV).
    public var recordNoun: String
    /// What a repeated id within one input is: an error (canonical CSV: two rows cannot be one message), or
    /// the same entity seen twice (a mailbox holding one message twice), merged by the store's upsert.
    public var repeatedIds: RepeatedIds

    public enum RepeatedIds: Sendable, Equatable { case error, merge }

    public init(id: String, name: String, keySource: String, mainEntity: EntityKind?, recordNoun: String = "records",
                repeatedIds: RepeatedIds = .error) {
        self.id = id; self.name = name; self.keySource = keySource; self.mainEntity = mainEntity
        self.recordNoun = recordNoun; self.repeatedIds = repeatedIds
    }
}

/// The unique key of a record within one input, as the checks compare them: for a message, its channel and id.
public struct RecordKey: Sendable, Hashable {
    public var entity: EntityKind
    public var id: String
    public var channel: String?

    public init(entity: EntityKind, id: String, channel: String? = nil) {
        self.entity = entity; self.id = id; self.channel = channel
    }
}

/// Where a repeated key first occurred, as the importer finds it.
public enum FirstOccurrence: Sendable, Equatable {
    /// At this location.
    case at(InputLocation)
    /// Nowhere before: two different keys shared a hash, and nothing is repeated.
    case nowhere
    /// The importer cannot tell; the error says the key is repeated without naming its first place.
    case unknown
}

/// One source format. An importer maps its input to domain records and hands them to the sink, nothing
/// else: the import session owns the transaction, hashing, the two-thread pipeline, progress, the summary and
/// the import-run row, and the checks in front of the store own the domain rules (required values, time
/// zones, working hours, repeated ids, references claimed twice, text features and the privacy rule).
/// `Documentation/AddingASource.md` walks through writing one.
public protocol Importer: Sendable {
    var format: ImportFormat { get }

    /// Reads the input, handing every record to `sink` in order; returns the number of records read (rows,
    /// messages, events: the summary's "read" count). Throws an `ImportError` naming the location of the
    /// first problem. When `sink` is a `MessageBatchSink`, messages may be handed a batch at a time.
    func read(_ input: ImportInput, into sink: RecordSink) throws -> Int

    /// Where the record with `key` first occurred before `location`: asked only when the checks see a key
    /// again (by its 64-bit hash), to name both places in the error. The default cannot tell.
    func firstOccurrence(of key: RecordKey, before location: InputLocation, in input: ImportInput) throws
        -> FirstOccurrence
}

extension Importer {
    public func firstOccurrence(of key: RecordKey, before location: InputLocation, in input: ImportInput) throws
        -> FirstOccurrence { .unknown }
}

/// The input of one import: a path (a file, or a folder or archive for formats that have several files), and
/// for a file the byte stream the session hashes and measures as the importer reads it.
public final class ImportInput {
    /// The path as the user named it.
    public let url: URL
    /// The file's byte stream; nil for a folder.
    public let file: InputFile?

    public init(url: URL, file: InputFile?) {
        self.url = url
        self.file = file
    }

    /// The path as the user named it, for locations.
    public var path: String { url.path }

    /// The byte stream of the file, or an error naming the path when the input is a folder.
    public func stream() throws -> InputFile {
        guard let file else {
            throw ImportError(file: path, line: nil, column: nil, message: "this is a folder, not a file",
                              fix: "name a file of this format, or import the folder with 'maturity import FOLDER'")
        }
        return file
    }
}

/// A file read in blocks, hashed (SHA-256) and measured as it is read: the session's fingerprint of the input
/// and the source of its progress.
public final class InputFile {
    public let url: URL
    /// The size on disk, in bytes.
    public let size: Int
    public private(set) var bytesRead = 0
    private let handle: FileHandle
    private var hasher = SHA256Hasher()
    private var digest: String?
    /// Called after each block with the bytes read so far (on the reading thread).
    var onRead: ((Int) -> Void)?

    public init(url: URL) throws {
        self.url = url
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue,
              FileManager.default.isReadableFile(atPath: url.path),
              let handle = FileHandle(forReadingAtPath: url.path)
        else {
            throw ImportError(file: url.path, line: nil, column: nil,
                              message: "cannot read the file", fix: "check that the path exists and is readable")
        }
        self.handle = handle
        let attributes = try? FileManager.default.attributesOfItem(atPath: url.path)
        size = (attributes?[.size] as? NSNumber)?.intValue ?? 0
    }

    deinit { close() }

    /// Closes the file (the session does when the input is read; reading after it gives nothing more).
    public func close() {
        guard !closed else { return }
        closed = true
        do { try handle.close() } catch {
            // A read-only handle that fails to close has lost nothing: there is nothing to report.
        }
    }
    private var closed = false

    /// The next block of at most `count` bytes; empty at the end of the file.
    public func read(upToCount count: Int) throws -> Data {
        let chunk: Data
        do { chunk = try handle.read(upToCount: count) ?? Data() } catch {
            throw ImportError(file: url.path, line: nil, column: nil,
                              message: "cannot read the file: \(error.localizedDescription)", fix: "check the file")
        }
        if !chunk.isEmpty {
            hasher.update(chunk)
            bytesRead += chunk.count
            onRead?(bytesRead)
        }
        return chunk
    }

    /// The SHA-256 of the file: of the bytes read, after reading the rest.
    public func sha256() throws -> String {
        if let digest { return digest }
        while !(try read(upToCount: 1 << 20)).isEmpty {}
        let value = hasher.finalizeHex()
        digest = value
        return value
    }
}
