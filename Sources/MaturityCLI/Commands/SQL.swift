import ArgumentParser
import Foundation
import GRDB
import MaturityCore
import MaturityReport

struct SQL: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sql", abstract: "Run a read-only SQL query on the store (see Documentation/Schema.md).",
        discussion: """
        Examples:
          maturity sql "SELECT team, count(*) AS people FROM person GROUP BY team"
          maturity sql -f csv "SELECT kind, count(*) AS n FROM channel GROUP BY kind"

        See Documentation/Schema.md.
        """)

    @OptionGroup var storeOptions: StoreOptions

    @Argument(help: "The query.")
    var query: String

    @Option(name: [.customShort("f"), .long], help: "Output format: text, csv or json.")
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
