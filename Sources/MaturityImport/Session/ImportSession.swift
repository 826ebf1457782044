import Foundation
import MaturityCore

/// How far an import has got (reported on the reading thread, about every 4 MB and at the end).
public struct ImportProgress: Sendable {
    /// The input's path.
    public var path: String
    /// Bytes read so far, and the input's size (0 when unknown, for a folder).
    public var bytesRead: Int
    public var totalBytes: Int
    /// Records passed on to the store so far.
    public var records: Int
    /// Seconds since the import started.
    public var elapsed: Double
    /// True for the last report of an input.
    public var finished: Bool

    /// Bytes per second so far.
    public var bytesPerSecond: Double { elapsed > 0 ? Double(bytesRead) / elapsed : 0 }
    /// Records per second so far.
    public var recordsPerSecond: Double { elapsed > 0 ? Double(records) / elapsed : 0 }
    /// The fraction read, when the size is known.
    public var fraction: Double? { totalBytes > 0 ? min(1, Double(bytesRead) / Double(totalBytes)) : nil }
    /// Seconds left at the rate so far, when the size is known.
    public var secondsLeft: Double? {
        guard totalBytes > 0, bytesRead > 0, elapsed > 0 else { return nil }
        return Double(totalBytes - bytesRead) / bytesPerSecond
    }
}

/// One import session: what every source shares, around an importer that only maps its input to records.
/// For each input it opens one transaction (all of the input or nothing), hashes the input's bytes as the
/// importer reads them, runs the importer and the checks on one thread while the store writes on the other
/// (`ImportPipeline`), reports progress, and records the import run with its summary. `dryRun` does all of
/// that and then rolls back: the summary counts what a real import would do, and the store is unchanged.
public final class ImportSession {
    public let store: Store
    /// Whether bodies and descriptions are stored (`--keep-text`). Without it no importer can store one.
    public let keepText: Bool
    public let dryRun: Bool
    /// How many errors of one input are collected and reported together (`--max-errors`).
    public let maxErrors: Int
    private let progress: (@Sendable (ImportProgress) -> Void)?

    public init(store: Store, keepText: Bool = false, dryRun: Bool = false, maxErrors: Int = 20,
                progress: (@Sendable (ImportProgress) -> Void)? = nil) {
        self.maxErrors = maxErrors
        self.store = store
        self.keepText = keepText
        self.dryRun = dryRun
        self.progress = progress
    }

    /// Imports `path` with `importer` in one transaction; an error leaves the store as it was.
    public func run(_ importer: some Importer, path: URL) throws -> ImportSummary {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path.path, isDirectory: &isDirectory) else {
            throw ImportError(file: path.path, line: nil, column: nil, message: "there is no such file or folder",
                              fix: "check the path")
        }
        let file = isDirectory.boolValue ? nil : try InputFile(url: path)
        let input = ImportInput(url: path, file: file)
        let format = importer.format
        let run = ImportRunInfo(format: format.id, formatName: format.name, keySource: format.keySource,
                                mainEntity: format.mainEntity, recordNoun: format.recordNoun, path: path.path)
        let started = Date()
        let report = progress
        let keepText = keepText
        let maxErrors = maxErrors
        let shared = UncheckedSendable((input, importer))
        return try store.importInput(run, keepText: keepText, dryRun: dryRun,
                                     uniqueMessages: format.repeatedIds == .error) { storeSink in
            try ImportPipeline.run(into: storeSink) { forwarding in
                let (input, importer) = shared.value
                let checks = RecordChecks(downstream: forwarding, keepText: keepText,
                                          repeatedIds: format.repeatedIds, maxErrors: maxErrors) { key, location in
                    try importer.firstOccurrence(of: key, before: location, in: input)
                }
                var last = 0
                func progress(_ bytes: Int, finished: Bool) -> ImportProgress {
                    ImportProgress(path: input.path, bytesRead: bytes, totalBytes: input.file?.size ?? 0,
                                   records: checks.recordCount, elapsed: Date().timeIntervalSince(started),
                                   finished: finished)
                }
                if let report {
                    input.file?.onRead = { bytes in
                        if bytes - last >= 4 << 20 {
                            last = bytes
                            report(progress(bytes, finished: false))
                        }
                    }
                }
                // The closure holds the input and the checks: let go of it when the input is read (or fails),
                // and end the progress display either way.
                defer {
                    input.file?.onRead = nil
                    input.file?.close()
                    report?(progress(input.file?.bytesRead ?? 0, finished: true))
                }
                let records: Int
                do {
                    records = try importer.read(input, into: checks)
                } catch let error as ImportError where !checks.errors.isEmpty {
                    // An error that ends the reading, after errors of rows before it.
                    throw ImportErrors(checks.errors + [error], stoppedAtLimit: false, file: input.path)
                }
                if checks.errors.count == 1 { throw checks.errors[0] }
                if !checks.errors.isEmpty {
                    throw ImportErrors(checks.errors, stoppedAtLimit: false, file: input.path)
                }
                let sha256 = try input.file?.sha256() ?? SHA256Hasher.folder(input.url)
                return (records, sha256)
            }
        }
    }
}
