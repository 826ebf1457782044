import Foundation
import GRDB
import MaturityCore

/// A fresh folder under the system's temporary directory, removed by `cleanUp()`.
public struct TemporaryFolder {
    public let url: URL

    public init(_ name: String = "maturity-test") throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(name)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    public func file(_ name: String) -> URL { url.appendingPathComponent(name) }

    /// Writes `contents` (bytes as given) to `name` and returns its URL.
    @discardableResult
    public func write(_ name: String, _ contents: String) throws -> URL {
        let target = file(name)
        try Data(contents.utf8).write(to: target)
        return target
    }

    @discardableResult
    public func write(_ name: String, bytes: [UInt8]) throws -> URL {
        let target = file(name)
        try Data(bytes).write(to: target)
        return target
    }

    public func cleanUp() { try? FileManager.default.removeItem(at: url) }
}

/// A snapshot of every domain table's content, to assert that a failed import left the store as it was.
public func storeSnapshot(_ store: Store) throws -> [String: [String]] {
    try store.read { db in
        var out: [String: [String]] = [:]
        for table in ["setting", "import_run", "team", "person", "identity", "channel", "message", "work_item",
                      "work_item_event", "meeting", "attendance"] {
            out[table] = try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY 1").map { $0.description }
        }
        return out
    }
}

/// Row counts of the domain tables.
public func storeCounts(_ store: Store) throws -> [String: Int] {
    try store.read { db in
        var out: [String: Int] = [:]
        for table in ["person", "identity", "channel", "message", "work_item", "work_item_event", "meeting", "attendance"] {
            out[table] = try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? 0
        }
        return out
    }
}

/// The repository's top folder (for datasets/ and reports/).
public let repositoryRoot: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
