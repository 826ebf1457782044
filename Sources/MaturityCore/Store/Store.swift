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
        func damaged(_ key: String, _ value: String) -> StoreError {
            StoreError.damaged(path: path, what: "the setting \(key) is '\(value)', which this version cannot read")
        }
        if let value = rows["org_timezone"] {
            guard let zone = TimeZone(identifier: value) else { throw damaged("org_timezone", value) }
            settings.timeZone = zone
        }
        settings.schedule.timeZone = settings.timeZone
        if let value = rows["work_start"] {
            do { settings.schedule.start = try WorkSchedule.parseClock(value) } catch { throw damaged("work_start", value) }
        }
        if let value = rows["work_end"] {
            do { settings.schedule.end = try WorkSchedule.parseClock(value) } catch { throw damaged("work_end", value) }
        }
        if let value = rows["workdays"] {
            do { settings.schedule.workdays = try WorkSchedule.parseWorkdays(value) } catch {
                throw damaged("workdays", value)
            }
        }
        if let value = rows["min_group_size"] {
            guard let size = Int(value), size >= 1 else { throw damaged("min_group_size", value) }
            settings.minGroupSize = size
        }
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

    /// Runs one import inside one transaction: `body` reads the input and feeds the sink, then returns the
    /// number of records it read and the input's SHA-256. On any error the transaction rolls back and the store
    /// is exactly as before; with `dryRun` it rolls back at the end too, after counting what it would have done.
    ///
    /// Without `keepText` the sink writes no body or description, whatever the records hold.
    ///
    /// Messages into an empty `message` table take the bulk path (see `StoreSink`): for that transaction
    /// only, foreign keys are not checked (the sink writes only the channel and identity ids it has just
    /// found or created) and the journal is a rollback journal rather than the write-ahead log (new pages are
    /// then written once, straight into the file, instead of into the log and again at the checkpoint).
    ///
    /// - Parameter uniqueMessages: the caller has refused repeated message ids within the input (the bulk path
    ///   inserts without the unique index, so it needs that promise).
    public func importInput(_ run: ImportRunInfo, keepText: Bool, dryRun: Bool = false, uniqueMessages: Bool = false,
                            body: (MessageBatchSink) throws -> (records: Int, sha256: String)) throws -> ImportSummary {
        if let db = dryRunDatabase {
            // Inside `dryRun(_:)`: one savepoint of the transaction that is rolled back at the end, so a later
            // input sees what the earlier ones would have written (attendees their meetings).
            var summary: ImportSummary!
            try db.inSavepoint {
                let sink = try StoreSink(db: db, run: run, keepText: keepText)
                let result = try body(sink)
                summary = try sink.finish(recordsRead: result.records, sha256: result.sha256)
                return .commit
            }
            summary.dryRun = true
            return summary
        }
        var bulk = false
        if run.mainEntity == .message && !dryRun && uniqueMessages {
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
            let sink = try StoreSink(db: db, run: run, keepText: keepText, bulkMessages: bulk)
            let result = try body(sink)
            summary = try sink.finish(recordsRead: result.records, sha256: result.sha256)
            return dryRun ? .rollback : .commit
        }
        summary.dryRun = dryRun
        if !dryRun {
            try dbQueue.writeWithoutTransaction { db in
                // Refresh the planner's statistics after bulk loads (cheap with a limit).
                try db.execute(sql: "PRAGMA analysis_limit = 1000; ANALYZE")
            }
        }
        return summary
    }

    /// The connection of the dry run in progress (`dryRun(_:)`), on the thread that runs it.
    private var dryRunDatabase: Database?

    /// Runs `body`, whose imports (`importInput`) then all go into one transaction that is rolled back at the
    /// end: `maturity import --dry-run` of several files counts what the real import of them all would do, and
    /// leaves the store exactly as it was. `body` must not read the store by other means.
    public func dryRun<T>(_ body: () throws -> T) throws -> T {
        try dbQueue.writeWithoutTransaction { db in
            try db.beginTransaction()
            dryRunDatabase = db
            defer {
                dryRunDatabase = nil
                try? db.rollback()
            }
            return try body()
        }
    }

    // MARK: Reads

    /// How many rows of each kind the store holds.
    public func counts() throws -> StoreCounts {
        try dbQueue.read { db in
            func count(_ sql: String) throws -> Int { try Int.fetchOne(db, sql: sql) ?? 0 }
            return StoreCounts(
                people: try count("SELECT count(*) FROM person"),
                bots: try count("SELECT count(*) FROM person WHERE is_bot = 1"),
                teams: try count("SELECT count(DISTINCT team) FROM person WHERE is_bot = 0"),
                identities: try count("SELECT count(*) FROM identity"),
                workItems: try count("SELECT count(*) FROM work_item"),
                workItemEvents: try count("SELECT count(*) FROM work_item_event"),
                meetings: try count("SELECT count(*) FROM meeting"),
                attendees: try count("SELECT count(*) FROM attendance"),
                channels: try count("SELECT count(*) FROM channel"),
                messages: try count("SELECT count(*) FROM message"),
                importRuns: try count("SELECT count(*) FROM import_run"))
        }
    }

    /// The span of the data: from the first to the last instant at which something happened (a message was
    /// sent, a meeting took place, a work item was created); nil for a store without data. The one definition
    /// `status` shows and the default period of `assess` and `metric` is chosen from.
    public func dataSpan() throws -> DataSpan? {
        try dbQueue.read { db in
            let row = try Row.fetchOne(db, sql: """
                SELECT min(lo) AS lo, max(hi) AS hi FROM (
                    SELECT min(sent_at) AS lo, max(sent_at) AS hi FROM message
                    UNION ALL SELECT min(start_at), max(end_at) FROM meeting
                    UNION ALL SELECT min(created_at), max(created_at) FROM work_item)
                """)
            guard let row, let lo = row["lo"] as Int64?, let hi = row["hi"] as Int64? else { return nil }
            return DataSpan(from: lo, to: hi)
        }
    }

    /// Every import run, oldest first, with its counts per entity.
    public func importRuns() throws -> [ImportRun] {
        try dbQueue.read { db in
            var entities: [Int64: [EntityKind: EntityCounts]] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT import_run_id, entity, inserted, updated, unchanged, created FROM import_run_entity
                """) {
                let name: String = row["entity"]
                guard let entity = EntityKind(rawValue: name) else {
                    throw StoreError.damaged(path: path, what: "the import run \(row["import_run_id"] as Int64) "
                                                + "counts an unknown entity '\(name)'")
                }
                entities[row["import_run_id"], default: [:]][entity] = EntityCounts(
                    inserted: row["inserted"], updated: row["updated"], unchanged: row["unchanged"],
                    created: row["created"])
            }
            return try Row.fetchAll(db, sql: """
                SELECT id, kind, format_name, key_source, file_name, path, sha256, started_at, finished_at, rows_read,
                    rows_skipped, warning_count, warnings FROM import_run ORDER BY id
                """).map { row in
                let warnings: String = row["warnings"]
                return ImportRun(
                    id: row["id"], format: row["kind"], formatName: row["format_name"], keySource: row["key_source"],
                    file: row["file_name"], path: row["path"], sha256: row["sha256"], startedAt: row["started_at"],
                    finishedAt: row["finished_at"], recordsRead: row["rows_read"], skipped: row["rows_skipped"],
                    warningCount: row["warning_count"],
                    warnings: warnings.isEmpty ? [] : warnings.components(separatedBy: "\n"),
                    entities: entities[row["id"]] ?? [:])
            }
        }
    }
}

/// Row counts of the store (`maturity status`).
public struct StoreCounts: Sendable, Equatable {
    public var people, bots, teams, identities, workItems, workItemEvents, meetings, attendees, channels, messages,
        importRuns: Int

    /// Name and count, in the order `status` shows them (the names are those of `status --format json`).
    public var all: [(name: String, count: Int)] {
        [("people", people), ("bots", bots), ("teams", teams), ("identities", identities), ("work_items", workItems),
         ("work_item_events", workItemEvents), ("meetings", meetings), ("attendees", attendees),
         ("channels", channels), ("messages", messages), ("import_runs", importRuns)]
    }
}

/// From the first to the last instant of the data.
public struct DataSpan: Sendable, Equatable {
    public var from: Instant
    public var to: Instant
}

/// One import run as the store keeps it (`maturity runs`).
public struct ImportRun: Sendable, Equatable {
    public var id: Int64
    public var format: String
    public var formatName: String
    public var keySource: String
    public var file: String
    public var path: String
    public var sha256: String
    public var startedAt: Instant
    public var finishedAt: Instant?
    public var recordsRead: Int
    public var skipped: Int
    public var warningCount: Int
    public var warnings: [String]
    public var entities: [EntityKind: EntityCounts]
}

public enum StoreError: Error, CustomStringConvertible {
    case missing(String)
    /// The store holds a value this version cannot read.
    case damaged(path: String, what: String)

    public var description: String {
        switch self {
        case .missing(let path):
            "there is no store at \(path). Fix: run 'maturity init' first, or name the store with --store PATH"
        case .damaged(let path, let what):
            "the store \(path) is damaged: \(what). Fix: correct it with 'maturity settings', or rebuild the store "
                + "with 'maturity init' and the imports"
        }
    }
}
