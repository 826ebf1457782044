import Foundation
import GRDB
import MaturityCore
import MaturityImport
import MaturityTestSupport
import Testing

/// A fixture of a tracker format (`Fixtures/jira/dates.csv`).
func trackerFixture(_ format: String, _ name: String) -> URL {
    Bundle.module.url(forResource: "Fixtures/\(format)/\(name)", withExtension: nil)!
}

/// A fresh store in a temporary folder, and an import session on it that collects many errors at once.
struct TrackerStore {
    let folder: TemporaryFolder
    let store: Store

    init() throws {
        folder = try TemporaryFolder("trackers")
        store = try Store(path: folder.file("store.sqlite").path)
    }

    func run(_ importer: some Importer, _ url: URL, keepText: Bool = false, maxErrors: Int = 100) throws -> ImportSummary {
        try ImportSession(store: store, keepText: keepText, maxErrors: maxErrors).run(importer, path: url)
    }

    /// The error lines of a failed import (each `ImportError`'s text), and whether it failed at all.
    func errors(_ importer: some Importer, _ url: URL, maxErrors: Int = 100) -> [String] {
        do {
            _ = try run(importer, url, maxErrors: maxErrors)
            return []
        } catch let error as ImportErrors {
            return error.errors.map(\.description)
        } catch let error as ImportError {
            return [error.description]
        } catch {
            return ["\(error)"]
        }
    }

    /// Rows of a query as dictionaries of text (NULL as "-").
    func rows(_ sql: String) throws -> [[String: String]] {
        try store.read { db in
            try Row.fetchAll(db, sql: sql).map { row in
                var values: [String: String] = [:]
                for (column, value) in row {
                    values[column] = value.isNull ? "-" : (String.fromDatabaseValue(value) ?? value.description)
                }
                return values
            }
        }
    }

    /// One column of a query, as text.
    func column(_ sql: String) throws -> [String] {
        try store.read { db in
            try Row.fetchAll(db, sql: sql).map { row in
                let value = row[0] as DatabaseValue
                return value.isNull ? "-" : (String.fromDatabaseValue(value) ?? value.description)
            }
        }
    }

    func cleanUp() { folder.cleanUp() }
}

let berlin = TimeZone(identifier: "Europe/Berlin")!
