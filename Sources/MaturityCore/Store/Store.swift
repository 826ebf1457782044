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

    /// The `PRAGMA application_id` of an AsyncMaturity store: "AsMt".
    public static let applicationID: Int32 = 0x4173_4D74

    /// Opens the store at `path`; with `readOnly` false, creates it when no file is there (`maturity init`)
    /// and migrates it. A file that is not an AsyncMaturity store (another application's database, an empty
    /// file, not SQLite at all), or a store made by a newer version, is refused before anything is written
    /// into it. A store in a place this user cannot write opens for reading (`readOnly`), and refuses
    /// writes with `StoreError.readOnly`.
    ///
    /// A store made by an older version is upgraded (migrated and marked) when it is opened and may be written,
    /// even for reading; with `upgrade` false (a dry run, which must not change the store) it is refused.
    public init(path: String, readOnly: Bool = false, upgrade: Bool = true) throws {
        self.path = path
        let exists = FileManager.default.fileExists(atPath: path)
        if readOnly && !exists { throw StoreError.missing(path) }
        var canWrite = true
        if exists {
            let current = try Self.recognise(path)
            canWrite = Self.isWritable(path)
            if !readOnly && !canWrite { throw StoreError.readOnly(path) }
            if !current {
                guard upgrade else { throw StoreError.needsUpgrade(path) }
                guard canWrite else { throw StoreError.olderReadOnly(path) }
                if readOnly { _ = try Store(path: path) }  // upgrades, then reopens for reading below
            }
        }
        var configuration = Configuration()
        configuration.readonly = readOnly
        configuration.label = "maturity"
        // Another process opening or writing the store at the same moment (two commands run side by side, the
        // recovery of the write-ahead log's index by the first reader) is waited for instead of failing.
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            if !db.configuration.readonly {
                try db.execute(sql: "PRAGMA journal_mode = WAL")
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
            }
            try db.execute(sql: "PRAGMA cache_size = \(Store.cacheSize)")
        }
        // A store nobody here may write (a mounted backup, a shared read-only copy) cannot hold the write-ahead
        // log's index beside it: read it as an immutable file instead.
        let location = readOnly && !canWrite ? Self.immutableURI(path) : path
        dbQueue = try DatabaseQueue(path: location, configuration: configuration)
        if !readOnly && upgrade {
            try Schema.migrator.migrate(dbQueue)
            // Marked once (a store made before stores were marked gets it on its first write); setting the same
            // id again would still rewrite the file's header.
            try dbQueue.writeWithoutTransaction { db in
                if try Int32.fetchOne(db, sql: "PRAGMA application_id") != Self.applicationID {
                    try db.execute(sql: "PRAGMA application_id = \(Self.applicationID)")
                }
            }
        }
    }

    /// Whether this process may write the store: the file, and the folder (for the journal and the log).
    static func isWritable(_ path: String) -> Bool {
        let folder = (path as NSString).deletingLastPathComponent
        return FileManager.default.isWritableFile(atPath: path)
            && FileManager.default.isWritableFile(atPath: folder.isEmpty ? "." : folder)
    }

    /// An SQLite URI that opens `path` read-only as an immutable file (no lock, no -shm file).
    static func immutableURI(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        let escaped = absolute.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? absolute
        return "file:" + escaped + "?immutable=1"
    }

    /// Refuses a file that is not an AsyncMaturity store, or a store of a newer version, without writing;
    /// returns whether the store is current (every migration applied, marked with the application id).
    @discardableResult
    static func recognise(_ path: String) throws -> Bool {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
        if size == 0 { throw StoreError.notAStore(path, "it is an empty file") }
        var header = [UInt8](repeating: 0, count: 16)
        if let handle = FileHandle(forReadingAtPath: path) {
            header = [UInt8]((try? handle.read(upToCount: 16)) ?? Data())
            try? handle.close()
        } else {
            throw StoreError.unreadable(path)
        }
        guard header == Array("SQLite format 3\0".utf8) else {
            throw StoreError.notAStore(path, "it is not an SQLite database")
        }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(10)
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(path: isWritable(path) ? path : immutableURI(path), configuration: configuration)
        } catch {
            throw StoreError.unreadable(path)
        }
        return try queue.read { db in
            let applicationID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
            let tables = try String.fetchAll(db, sql: """
                SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name
                """)
            let legacy = applicationID == 0 && Self.isLegacyStore(tables)
            let ours = applicationID == Store.applicationID || legacy
            guard ours else {
                let what = applicationID != 0 && applicationID != Store.applicationID
                    ? "it is the database of another application (application id \(applicationID))"
                    : tables.isEmpty ? "it is an SQLite database without tables"
                    : "it is an SQLite database of something else (tables: "
                        + tables.prefix(6).joined(separator: ", ") + (tables.count > 6 ? ", …" : "") + ")"
                throw StoreError.notAStore(path, what)
            }
            if try Schema.migrator.hasBeenSuperseded(db) {
                throw StoreError.newerVersion(path)
            }
            let migrated = try Schema.migrator.hasCompletedMigrations(db)
            return applicationID == Store.applicationID && migrated
        }
    }

    /// A store made before stores were marked with the application id: it has the store's own tables.
    private static func isLegacyStore(_ tables: [String]) -> Bool {
        ["grdb_migrations", "setting", "import_run", "person", "identity", "message"].allSatisfy(tables.contains)
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
        if let value = rows["holiday_calendar"], !value.isEmpty { settings.holidayCalendar = value }
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
                ("holiday_calendar", settings.holidayCalendar ?? ""),
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
                try Self.reapplyPeopleOverrides(db, to: &summary)
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
        // After a bulk load the connection's settings come back, whether the load worked or not.
        func restore() throws {
            guard bulk else { return }
            try dbQueue.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA foreign_keys = ON; PRAGMA journal_mode = WAL; "
                                   + "PRAGMA cache_size = \(Store.cacheSize)")
            }
        }
        var summary: ImportSummary!
        do {
            try dbQueue.inTransaction { db in
                let sink = try StoreSink(db: db, run: run, keepText: keepText, bulkMessages: bulk)
                let result = try body(sink)
                summary = try sink.finish(recordsRead: result.records, sha256: result.sha256)
                try Self.reapplyPeopleOverrides(db, to: &summary)
                return dryRun ? .rollback : .commit
            }
        } catch {
            // The load's own error is the one reported; the settings are restored as well as they can be.
            do { try restore() } catch {}
            throw error
        }
        summary.dryRun = dryRun
        if !dryRun {
            // Refresh the planner's statistics after bulk loads (cheap with a limit). The input is committed
            // already: a failure here is a warning, not a failed import.
            do {
                try dbQueue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA analysis_limit = 1000; ANALYZE") }
            } catch {
                summary.warnings.append("the query planner's statistics were not refreshed (\(error)); the next "
                    + "import refreshes them")
                summary.warningCount += 1
            }
        }
        // Restored after the statistics: ANALYZE then reads with the bulk load's small page cache, not the
        // usual 64 MiB (which would add that much to the import's peak memory).
        try restore()
        return summary
    }

    /// Applies the people overrides (`maturity people`) again after an import wrote the directory, inside the
    /// import's transaction: a re-import does not undo a merge, a split or a `people set`.
    static func reapplyPeopleOverrides(_ db: Database, to summary: inout ImportSummary) throws {
        let applied = try PeopleSQL.applyAll(db)
        guard applied > 0 else { return }
        // A directory row the overrides merged away claims its references back on every import, with a warning
        // each ("the reference 'x' moves to person y"); the overrides have just moved them again: those warnings
        // no longer hold and go.
        let undone = try summary.warnings.filter { warning in
            guard let start = warning.range(of: "the reference '"),
                  let end = warning.range(of: "' moves to person ", range: start.upperBound..<warning.endIndex)
            else { return false }
            let reference = String(warning[start.upperBound..<end.lowerBound])
            let now = try String.fetchOne(db, sql: """
                SELECT p.display_id FROM identity i JOIN person p ON p.id = i.person_id WHERE i.reference = ?
                """, arguments: [reference])
            return now != String(warning[end.upperBound...])
        }
        var note = "\(applied) people override\(applied == 1 ? "" : "s") applied again after this import "
            + "(maturity people overrides lists them)"
        if !undone.isEmpty {
            summary.warnings.removeAll { undone.contains($0) }
            summary.warningCount -= undone.count
            try db.execute(sql: """
                UPDATE import_run SET warnings = ?, warning_count = warning_count - ?
                WHERE id = (SELECT max(id) FROM import_run)
                """, arguments: [summary.warnings.joined(separator: "\n"), undone.count])
            note += "; \(undone.count) warning\(undone.count == 1 ? "" : "s") about references moving to a person "
                + "merged away no longer hold\(undone.count == 1 ? "s" : "")"
        }
        summary.notes.append(note)
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
            defer { dryRunDatabase = nil }
            let result: T
            do { result = try body() } catch {
                // The body's error is the one reported; the rollback is tried all the same.
                do { try db.rollback() } catch {}
                throw error
            }
            try db.rollback()
            return result
        }
    }

    // MARK: Reads

    /// How many rows of each kind the store holds.
    public func counts() throws -> StoreCounts {
        try dbQueue.read { db in
            func count(_ sql: String) throws -> Int { try Int.fetchOne(db, sql: sql) ?? 0 }
            var counts = StoreCounts(
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
            counts.timeOff = try count("SELECT count(*) FROM time_off")
            counts.holidays = try count("SELECT count(*) FROM holiday")
            return counts
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
                    rows_inserted, rows_updated, rows_skipped, warning_count, warnings FROM import_run ORDER BY id
                """).map { row in
                let warnings: String = row["warnings"]
                return ImportRun(
                    id: row["id"], format: row["kind"], formatName: row["format_name"], keySource: row["key_source"],
                    file: row["file_name"], path: row["path"], sha256: row["sha256"], startedAt: row["started_at"],
                    finishedAt: row["finished_at"], recordsRead: row["rows_read"], inserted: row["rows_inserted"],
                    updated: row["rows_updated"], skipped: row["rows_skipped"],
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
    /// Days off (metrics v2): time-off rows and holiday dates.
    public var timeOff = 0, holidays = 0

    /// Name and count, in the order `status` shows them (the names are those of `status --format json`).
    public var all: [(name: String, count: Int)] {
        [("people", people), ("bots", bots), ("teams", teams), ("identities", identities), ("work_items", workItems),
         ("work_item_events", workItemEvents), ("meetings", meetings), ("attendees", attendees),
         ("channels", channels), ("messages", messages), ("time_off", timeOff), ("holidays", holidays),
         ("import_runs", importRuns)]
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
    /// The rows of the format's main entity the run inserted and updated.
    public var inserted: Int
    public var updated: Int
    public var skipped: Int
    public var warningCount: Int
    public var warnings: [String]
    public var entities: [EntityKind: EntityCounts]
}

public enum StoreError: Error, CustomStringConvertible {
    case missing(String)
    /// The file is not an AsyncMaturity store; the reason says what it is.
    case notAStore(String, String)
    /// The store was made by a newer version of the tool.
    case newerVersion(String)
    /// The store cannot be written by this user (a read-only file or folder).
    case readOnly(String)
    /// The file cannot be read.
    case unreadable(String)
    /// The store was made by an older version, and a dry run may not upgrade it.
    case needsUpgrade(String)
    /// The store was made by an older version and cannot be written, so it cannot be upgraded.
    case olderReadOnly(String)
    /// The store holds a value this version cannot read.
    case damaged(path: String, what: String)

    public var description: String {
        switch self {
        case .missing(let path):
            "there is no store at \(path). Fix: run 'maturity init' first, or name the store with --store PATH."
        case .notAStore(let path, let what):
            "\(path) is not an AsyncMaturity store: \(what); nothing was written to it. Fix: name a store made by "
                + "'maturity init' with --store PATH (or MATURITY_STORE), or a new file for 'maturity init' to create."
        case .newerVersion(let path):
            "the store \(path) was made by a newer version of maturity, which this version cannot read safely. "
                + "Fix: use the newer version of maturity (maturity --version shows this one)."
        case .readOnly(let path):
            "the store is read-only: \(path) (or its folder) cannot be written by this user; commands that only "
                + "read it (status, assess, metric, runs, sql) still work. Fix: copy the store to a folder you can "
                + "write and name the copy with --store, or ask for write access."
        case .needsUpgrade(let path):
            "the store \(path) was made by an older version of maturity, and a dry run does not upgrade it. Fix: "
                + "run 'maturity status' once (it upgrades the store), then the dry run."
        case .olderReadOnly(let path):
            "the store \(path) was made by an older version of maturity and is read-only, so it cannot be upgraded. "
                + "Fix: copy it to a folder you can write and run 'maturity status' on the copy once."
        case .unreadable(let path):
            "cannot read the store \(path). Fix: check that the file exists and that you may read it."
        case .damaged(let path, let what):
            "the store \(path) is damaged: \(what). Fix: correct it with 'maturity settings', or rebuild the store "
                + "with 'maturity init' and the imports."
        }
    }
}
