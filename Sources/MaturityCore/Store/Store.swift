import Foundation
import GRDB

/// The one door to the SQLite store.
public final class Store: @unchecked Sendable {
    public let path: String
    public let dbQueue: DatabaseQueue

    /// The page cache of every connection: 64 MiB (`PRAGMA cache_size`, negative for KiB).
    static let cacheSize = -65536

    /// The default store path: `MATURITY_STORE`, else `./maturity.sqlite`.
    public static var defaultPath: String {
        ProcessInfo.processInfo.environment["MATURITY_STORE"].flatMap { $0.isEmpty ? nil : $0 } ?? "maturity.sqlite"
    }

    /// Opens (creating and migrating when writable) the store at `path`.
    public init(path: String, readOnly: Bool = false) throws {
        self.path = path
        var configuration = Configuration()
        configuration.readonly = readOnly
        configuration.label = "maturity"
        // Another process opening or writing the store at the same moment (two commands run side by side, the
        // recovery of the write-ahead log's index by the first reader) is waited for instead of failing.
        configuration.busyMode = .timeout(10)
        if readOnly {
            guard FileManager.default.fileExists(atPath: path) else {
                throw StoreError.missing(path)
            }
        }
        configuration.prepareDatabase { db in
            if !db.configuration.readonly {
                try db.execute(sql: "PRAGMA journal_mode = WAL")
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
            }
            try db.execute(sql: "PRAGMA cache_size = \(Store.cacheSize)")
        }
        dbQueue = try DatabaseQueue(path: path, configuration: configuration)
        if !readOnly { try Schema.migrator.migrate(dbQueue) }
    }

    /// An in-memory store, for tests.
    public init(inMemory: Void = ()) throws {
        path = ":memory:"
        dbQueue = try DatabaseQueue()
        try Schema.migrator.migrate(dbQueue)
    }

    public func read<T>(_ body: (Database) throws -> T) throws -> T { try dbQueue.read(body) }

    // MARK: Settings

    public func settings() throws -> OrganisationSettings {
        let rows = try dbQueue.read { db in
            try Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT key, value FROM setting")
                .map { ($0["key"] as String, $0["value"] as String) })
        }
        var settings = OrganisationSettings()
        if let zone = rows["org_timezone"].flatMap(TimeZone.init(identifier:)) { settings.timeZone = zone }
        settings.schedule.timeZone = settings.timeZone
        if let start = rows["work_start"].flatMap({ try? WorkSchedule.parseClock($0) }) { settings.schedule.start = start }
        if let end = rows["work_end"].flatMap({ try? WorkSchedule.parseClock($0) }) { settings.schedule.end = end }
        if let days = rows["workdays"].flatMap({ try? WorkSchedule.parseWorkdays($0) }) { settings.schedule.workdays = days }
        if let size = rows["min_group_size"].flatMap(Int.init) { settings.minGroupSize = size }
        return settings
    }

    public func save(_ settings: OrganisationSettings) throws {
        try dbQueue.write { db in
            let values: [(String, String)] = [
                ("org_timezone", settings.timeZone.identifier),
                ("work_start", WorkSchedule.formatClock(settings.schedule.start)),
                ("work_end", WorkSchedule.formatClock(settings.schedule.end)),
                ("workdays", WorkSchedule.formatWorkdays(settings.schedule.workdays)),
                ("min_group_size", String(settings.minGroupSize)),
            ]
            for (key, value) in values {
                try db.execute(sql: "INSERT INTO setting(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                               arguments: [key, value])
            }
        }
    }

    /// True once `maturity init` has written the settings.
    public func isInitialised() throws -> Bool {
        try dbQueue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM setting") ?? 0 } > 0
    }

    // MARK: Imports

    /// Runs one import inside one transaction: `body` reads the file and feeds the sink; on any error the
    /// transaction rolls back and the store is exactly as before.
    ///
    /// Messages into an empty `message` table take the bulk path (see `StoreSink`): for that transaction
    /// only, foreign keys are not checked (the sink writes only the channel and identity ids it has just
    /// found or created) and the journal is a rollback journal rather than the write-ahead log (new pages are
    /// then written once, straight into the file, instead of into the log and again at the checkpoint).
    public func importFile(kind: String, url: URL, keepText: Bool,
                           body: (RecordSink) throws -> (rows: Int, sha256: String)) throws -> ImportSummary {
        var bulk = false
        if kind == "messages" {
            bulk = try dbQueue.read { db in
                try Bool.fetchOne(db, sql: "SELECT NOT EXISTS (SELECT 1 FROM message)") ?? false
            }
        }
        if bulk {
            try dbQueue.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA journal_mode = DELETE; PRAGMA foreign_keys = OFF")
            }
        }
        defer {
            if bulk {
                try? dbQueue.writeWithoutTransaction { db in
                    try db.execute(sql: "PRAGMA foreign_keys = ON; PRAGMA journal_mode = WAL; "
                                       + "PRAGMA cache_size = \(Store.cacheSize)")
                }
            }
        }
        var summary: ImportSummary!
        try dbQueue.inTransaction { db in
            let sink = try StoreSink(db: db, kind: kind, url: url, keepText: keepText, bulkMessages: bulk)
            let result = try body(sink)
            summary = try sink.finish(rowsRead: result.rows, sha256: result.sha256)
            return .commit
        }
        try dbQueue.writeWithoutTransaction { db in
            // Refresh the planner's statistics after bulk loads (cheap with a limit).
            try db.execute(sql: "PRAGMA analysis_limit = 1000; ANALYZE")
        }
        return summary
    }
}

public enum StoreError: Error, CustomStringConvertible {
    case missing(String)

    public var description: String {
        switch self {
        case .missing(let path):
            "there is no store at \(path). Fix: run 'maturity init' first, or name the store with --store PATH"
        }
    }
}

/// What one import did.
public struct ImportSummary: Sendable, Equatable {
    public var kind: String
    public var file: String
    public var sha256: String
    public var rowsRead: Int
    public var inserted: Int
    public var updated: Int
    public var unchanged: Int
    public var skipped: [String: Int]
    /// The warnings kept with the import run: the first 100, then a line counting the rest.
    public var warnings: [String]
    /// Every warning of the import, kept or not.
    public var warningCount: Int

    public var skippedTotal: Int { skipped.values.reduce(0, +) }

    /// One line: `messages.csv: 1,000 rows read, 998 inserted, 0 updated, 0 unchanged, 2 skipped (...)`.
    public var line: String {
        var s = "\(kind) \(file): \(rowsRead) rows read, \(inserted) inserted, \(updated) updated, \(unchanged) unchanged"
        if !skipped.isEmpty {
            let reasons = skipped.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: "; ")
            s += ", \(skippedTotal) skipped (\(reasons))"
        }
        if warningCount > 0 { s += ", \(warningCount) warning\(warningCount == 1 ? "" : "s")" }
        return s
    }
}
