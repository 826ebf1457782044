import ArgumentParser
import Foundation
import GRDB
import MaturityCore
import MaturityReport

struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show what is in the store: counts, time span, import runs.")

    @OptionGroup var storeOptions: StoreOptions

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Option(name: .long, help: "Output format: text or json.")
    var format: Format = .text

    static let countQueries: [(String, String)] = [
        ("people", "SELECT count(*) FROM person"),
        ("bots", "SELECT count(*) FROM person WHERE is_bot = 1"),
        ("teams", "SELECT count(DISTINCT team) FROM person WHERE is_bot = 0"),
        ("identities", "SELECT count(*) FROM identity"),
        ("work_items", "SELECT count(*) FROM work_item"),
        ("work_item_events", "SELECT count(*) FROM work_item_event"),
        ("meetings", "SELECT count(*) FROM meeting"),
        ("attendees", "SELECT count(*) FROM attendance"),
        ("channels", "SELECT count(*) FROM channel"),
        ("messages", "SELECT count(*) FROM message"),
        ("import_runs", "SELECT count(*) FROM import_run"),
    ]

    /// The counts `status --format json` reports (a fixed set scripts rely on): people are persons after merging
    /// identities (bots included), meetings are occurrences (rows of meetings.csv).
    static let jsonCountKeys: Set<String> = [
        "people", "work_items", "work_item_events", "meetings", "attendees", "messages", "channels",
    ]

    func run() throws {
        try reportingErrors {
            let store = try storeOptions.open(readOnly: true)
            let settings = try store.settings()
            let (counts, span, runs) = try store.read { db -> ([(String, Int)], (Int64?, Int64?), [Row]) in
                let counts = try Self.countQueries.map { ($0.0, try Int.fetchOne(db, sql: $0.1) ?? 0) }
                let span = try Row.fetchOne(db, sql: """
                    SELECT min(t) AS lo, max(t) AS hi FROM (
                        SELECT min(sent_at) AS t FROM message UNION ALL SELECT max(sent_at) FROM message
                        UNION ALL SELECT min(start_at) FROM meeting UNION ALL SELECT max(end_at) FROM meeting
                        UNION ALL SELECT min(created_at) FROM work_item UNION ALL SELECT max(created_at) FROM work_item)
                    """)
                let runs = try Row.fetchAll(db, sql: """
                    SELECT id, kind, file_name, sha256, started_at, rows_read, rows_inserted, rows_updated, rows_skipped,
                        warning_count FROM import_run ORDER BY id
                    """)
                return (counts, (span?["lo"], span?["hi"]), runs)
            }
            switch format {
            case .json:
                var out = "{\n  \"store\": \(JSONRenderer.quoted(storeOptions.path)),\n  \"counts\": {"
                out += counts.filter { Self.jsonCountKeys.contains($0.0) }
                    .map { "\n    \(JSONRenderer.quoted($0.0)): \($0.1)" }.joined(separator: ",")
                out += "\n  },\n  \"span\": {\"from\": \(span.0.map { JSONRenderer.quoted(Timestamp.format($0)) } ?? "null"), "
                out += "\"to\": \(span.1.map { JSONRenderer.quoted(Timestamp.format($0)) } ?? "null")},\n"
                out += "  \"settings\": {\"org_timezone\": \(JSONRenderer.quoted(settings.timeZone.identifier)), "
                out += "\"work_hours\": \(JSONRenderer.quoted(WorkSchedule.formatClock(settings.schedule.start) + "-" + WorkSchedule.formatClock(settings.schedule.end))), "
                out += "\"workdays\": \(JSONRenderer.quoted(WorkSchedule.formatWorkdays(settings.schedule.workdays))), "
                out += "\"min_group_size\": \(settings.minGroupSize)},\n"
                out += "  \"import_runs\": ["
                out += runs.map { run -> String in
                    let warningCount: Int = run["warning_count"]
                    return "\n    {\"id\": \(run["id"] as Int64), \"kind\": \(JSONRenderer.quoted(run["kind"])), "
                        + "\"file\": \(JSONRenderer.quoted(run["file_name"])), \"sha256\": \(JSONRenderer.quoted(run["sha256"])), "
                        + "\"rows_read\": \(run["rows_read"] as Int), \"inserted\": \(run["rows_inserted"] as Int), "
                        + "\"updated\": \(run["rows_updated"] as Int), \"skipped\": \(run["rows_skipped"] as Int), "
                        + "\"warnings\": \(warningCount)}"
                }.joined(separator: ",")
                out += runs.isEmpty ? "]\n}\n" : "\n  ]\n}\n"
                print(out, terminator: "")
            default:
                var out = "store \(storeOptions.path)\n"
                out += SettingsCommand.describe(settings) + "\n"
                let width = counts.map(\.0.count).max() ?? 0
                for (name, n) in counts {
                    out += name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + String(n) + "\n"
                }
                if let lo = span.0, let hi = span.1 {
                    out += "\ndata from \(Timestamp.format(lo)) to \(Timestamp.format(hi))\n"
                }
                if !runs.isEmpty {
                    out += "\nimport runs\n"
                    let table = DataTable(columns: ["id", "kind", "file", "sha256", "read", "inserted", "updated", "skipped"],
                                      rows: runs.map { run in
                        [.integer(run["id"]), .text(run["kind"]), .text(run["file_name"]),
                         .text(String((run["sha256"] as String).prefix(12))), .integer(run["rows_read"]),
                         .integer(run["rows_inserted"]), .integer(run["rows_updated"]), .integer(run["rows_skipped"])]
                    })
                    out += TableRenderer.text(table)
                }
                print(out, terminator: "")
            }
        }
    }
}

struct SQL: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sql", abstract: "Run a read-only SQL query on the store (see Documentation/Schema.md).")

    @OptionGroup var storeOptions: StoreOptions

    @Argument(help: "The query.")
    var query: String

    @Option(name: .long, help: "Output format: text, csv or json.")
    var format: OutputFormat = .text

    func run() throws {
        try reportingErrors {
            let store = try storeOptions.open(readOnly: true)
            let table = try store.read { db -> DataTable in
                let statement: Statement
                do {
                    let statements = try db.allStatements(sql: query)
                    guard let first = try statements.next() else {
                        throw CLIError("the query is empty", fix: "write one SELECT statement")
                    }
                    statement = first
                    guard try statements.next() == nil else {
                        throw CLIError("the query holds several statements", fix: "run one SELECT statement at a time")
                    }
                } catch let error as DatabaseError {
                    throw CLIError("the query is not valid SQL: \(error.message ?? "\(error)")",
                                   fix: "check it against Documentation/Schema.md")
                }
                guard statement.isReadonly else {
                    throw CLIError("sql only reads the store, and this statement would change it",
                                   fix: "write a SELECT statement; change the data with 'maturity import'")
                }
                let columns = statement.columnNames
                var rows: [[TableCell]] = []
                let cursor = try Row.fetchCursor(statement)
                while let row = try Self.failingAsQueryError({ try cursor.next() }) {
                    rows.append((0..<row.count).map { i in
                        switch row[i] as DatabaseValue {
                        case let v where v.isNull: .null
                        case let v:
                            switch v.storage {
                            case .int64(let n): .integer(n)
                            case .double(let d): .number(d)
                            case .string(let s): .text(s)
                            case .blob(let b): .text(b.base64EncodedString())
                            case .null: .null
                            }
                        }
                    })
                }
                return DataTable(columns: columns, rows: rows)
            }
            switch format {
            case .text: print(TableRenderer.text(table), terminator: "")
            case .csv: print(TableRenderer.csv(table), terminator: "")
            case .json: print(TableRenderer.json(table), terminator: "")
            }
        }
    }

    /// Runs one step of the query, turning SQLite's run-time failures (malformed JSON, ...) into a `CLIError`.
    static func failingAsQueryError<T>(_ step: () throws -> T) throws -> T {
        do { return try step() } catch let error as DatabaseError {
            throw CLIError("the query failed: \(error.message ?? "SQLite error \(error.resultCode)")",
                           fix: "check it against Documentation/Schema.md")
        }
    }
}
