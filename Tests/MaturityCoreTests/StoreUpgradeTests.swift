import Foundation
import GRDB
@testable import MaturityCore
import MaturityTestSupport
import Testing

/// Stores made by version 1 of the schema: upgraded when opened, never by a dry run.
@Suite struct StoreUpgradeTests {
    /// A store as version 1 wrote it: the v1 tables, its migration recorded, no application id, two people
    /// created from references whose old keys collide with the new form once renamed one by one.
    private func versionOneStore(_ folder: TemporaryFolder) throws -> String {
        let path = folder.file("v1.sqlite").path
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)")
            try db.execute(sql: "INSERT INTO grdb_migrations VALUES ('v1')")
            try db.execute(sql: Schema.v1)
            try db.execute(sql: """
                INSERT INTO person(key, display_id, from_directory) VALUES ('ref:abc', 'abc', 0);
                INSERT INTO person(key, display_id, from_directory) VALUES ('ref:person:abc', 'person:abc', 0);
                INSERT INTO person(key, directory_id, display_id, from_directory) VALUES ('csv:person:p1', 'p1', 'p1', 1);
                INSERT INTO import_run(kind, file_name, path, sha256, started_at, finished_at, rows_read, rows_inserted,
                    rows_updated, rows_skipped) VALUES ('attendees', 'attendees.csv', '/x/attendees.csv', 'ab', 1, 2, 10, 7, 1, 1);
                INSERT INTO setting(key, value) VALUES ('min_group_size', '5');
                """)
        }
        return path
    }

    @Test func aVersionOneStoreIsUpgradedWhenOpenedEvenForReading() throws {
        let folder = try TemporaryFolder(); defer { folder.cleanUp() }
        let path = try versionOneStore(folder)
        let store = try Store(path: path, readOnly: true)
        let keys = try store.read { db in try String.fetchAll(db, sql: "SELECT key FROM person ORDER BY id") }
        #expect(keys == ["ref:person:abc", "ref:person:person:abc", "csv:person:p1"])
        let runs = try store.importRuns()
        #expect(runs.count == 1)
        #expect(runs[0].entities == [.attendance: EntityCounts(inserted: 7, updated: 1, unchanged: 1)])
        #expect(runs[0].formatName == "canonical CSV attendees")
        let id = try store.read { db in try Int32.fetchOne(db, sql: "PRAGMA application_id") }
        #expect(id == Store.applicationID)
    }

    @Test func aDryRunRefusesToUpgradeAndLeavesTheFileAsItWas() throws {
        let folder = try TemporaryFolder(); defer { folder.cleanUp() }
        let path = try versionOneStore(folder)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect {
            try Store(path: path, upgrade: false)
        } throws: { error in
            "\(error)".hasPrefix("the store \(path) was made by an older version of maturity, and a dry run does not upgrade it")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        // A current store opens for a dry run without a write.
        _ = try Store(path: path)
        let upgraded = try Data(contentsOf: URL(fileURLWithPath: path))
        _ = try Store(path: path, upgrade: false)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == upgraded)
    }
}
