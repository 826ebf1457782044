import Foundation
import GRDB
import MaturityCore
import MaturityTestSupport
import Testing

/// A store is only ever a store: a file that is not one is refused, byte for byte untouched; a store of a newer
/// version is refused; a store nobody here may write can still be read.
@Suite struct CLIStoreSafetyTests {
    /// Runs init, import and status against `file` and checks each is refused, naming the file and `reason`,
    /// and that the file's bytes did not change (and no journal or log was left beside it).
    private func expectRefused(_ workspace: Workspace, _ file: String, reason: String,
                               sourceLocation: SourceLocation = #_sourceLocation) throws {
        let folder = try workspace.writeFolder("export", SmallCompany.files)
        let before = try Data(contentsOf: URL(fileURLWithPath: file))
        for arguments in [["init", "--store", file], ["import", "--store", file, folder],
                          ["status", "--store", file], ["settings", "--store", file, "--min-group-size", "3"],
                          ["assess", "--store", file], ["runs", "--store", file]] {
            let result = RunBinary.run(arguments)
            expectRuntimeError(result, mentioning: ["\(file) is not an AsyncMaturity store", reason,
                                                    "nothing was written to it"], sourceLocation: sourceLocation)
            #expect(!result.stderr.contains("SQLite error"), "\(result)", sourceLocation: sourceLocation)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: file)) == before, sourceLocation: sourceLocation)
        for suffix in ["-wal", "-shm", "-journal"] {
            #expect(!FileManager.default.fileExists(atPath: file + suffix), "\(suffix)", sourceLocation: sourceLocation)
        }
    }

    @Test func anotherApplicationsDatabaseStaysUntouched() throws {
        let workspace = try Workspace("store-foreign")
        defer { workspace.cleanUp() }
        let file = workspace.path("notes.sqlite")
        do {
            let queue = try DatabaseQueue(path: file)
            try queue.write { db in
                try db.execute(sql: "CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO note(body) VALUES ('keep me')")
            }
        }
        try expectRefused(workspace, file, reason: "an SQLite database of something else (tables: note)")
    }

    @Test func anApplicationMarkedDatabaseAnEmptyFileAndATextFileAreRefused() throws {
        let workspace = try Workspace("store-other")
        defer { workspace.cleanUp() }
        let marked = workspace.path("app.db")
        do {
            let queue = try DatabaseQueue(path: marked)
            try queue.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA application_id = 1234; CREATE TABLE setting (key TEXT)")
            }
        }
        try expectRefused(workspace, marked, reason: "the database of another application (application id 1234)")
        let empty = workspace.path("empty.sqlite")
        FileManager.default.createFile(atPath: empty, contents: Data())
        try expectRefused(workspace, empty, reason: "it is an empty file")
        let text = workspace.path("readme.sqlite")
        FileManager.default.createFile(atPath: text, contents: Data("not a database at all\n".utf8))
        try expectRefused(workspace, text, reason: "it is not an SQLite database")
    }

    @Test func aStoreIsMarkedAndAStoreOfANewerVersionIsRefused() throws {
        let workspace = try Workspace("store-newer")
        defer { workspace.cleanUp() }
        #expect(workspace.run("init").status == 0)
        let id = try DatabaseQueue(path: workspace.store).read { db in try Int32.fetchOne(db, sql: "PRAGMA application_id") }
        #expect(id == Store.applicationID)
        try DatabaseQueue(path: workspace.store).write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations(identifier) VALUES ('v99')")
        }
        for command in ["status", "import", "assess"] {
            let result = workspace.run(command, command == "import" ? [workspace.path("x.csv")] : [])
            expectRuntimeError(result, mentioning: ["\(workspace.store) was made by a newer version of maturity"])
        }
    }

    @Test func aStoreMadeBeforeStoresWereMarkedStillOpensAndIsMarked() throws {
        let workspace = try Workspace("store-legacy")
        defer { workspace.cleanUp() }
        try workspace.initialiseAndImport(try workspace.writeFolder("export", SmallCompany.files))
        try DatabaseQueue(path: workspace.store).writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA application_id = 0")
        }
        #expect(workspace.run("status").status == 0)
        #expect(workspace.run("settings", ["--min-group-size", "3"]).status == 0)
        let id = try DatabaseQueue(path: workspace.store).read { db in try Int32.fetchOne(db, sql: "PRAGMA application_id") }
        #expect(id == Store.applicationID)
    }

    /// Runs `maturity` as the unprivileged user `nobody` (root may write anything, so a read-only store can
    /// only be tried as another user).
    private func runAsNobody(_ arguments: [String]) throws -> RunBinary.Result {
        let binary = try #require(RunBinary.executableURL)
        return RunBinary.run(["--reuid=65534", "--regid=65534", "--clear-groups", binary.path] + arguments,
                             executable: URL(fileURLWithPath: "/usr/bin/setpriv"))
    }

    /// Root may write anything: as root the test needs `setpriv` to run as `nobody`, else it is skipped (and
    /// shown as skipped, not passed).
    @Test(.enabled(if: getuid() != 0 || FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")))
    func aStoreInAFolderNobodyMayWriteAnswersReadsAndRefusesWrites() throws {
        let workspace = try Workspace("store-read-only")
        defer { workspace.cleanUp() }
        try workspace.initialiseAndImport(try workspace.writeFolder("export", SmallCompany.files))
        let asRoot = getuid() == 0
        // The folder and the store: readable by everyone, writable by nobody but root.
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: workspace.url.path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: workspace.url.path) }
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: workspace.store)
        let before = try Data(contentsOf: URL(fileURLWithPath: workspace.store))
        func run(_ arguments: [String]) throws -> RunBinary.Result {
            asRoot ? try runAsNobody(arguments) : RunBinary.run(arguments)
        }
        let status = try run(["status", "--store", workspace.store, "--format", "json"])
        #expect(status.status == 0, "\(status)")
        #expect(try jsonObject(status.stdout)["counts"] as? [String: Int] == SmallCompany.counts)
        let sql = try run(["sql", "--store", workspace.store, "SELECT count(*) AS n FROM message"])
        #expect(sql.status == 0 && sql.stdout == "n\n4\n", "\(sql)")
        let assess = try run(["assess", "--store", workspace.store, "--quarter", "2026Q1", "--format", "json"])
        #expect(assess.status == 0, "\(assess)")
        let runs = try run(["runs", "--store", workspace.store])
        #expect(runs.status == 0, "\(runs)")
        for arguments in [["import", "--store", workspace.store, workspace.path("export")],
                          ["settings", "--store", workspace.store, "--min-group-size", "3"]] {
            let write = try run(arguments)
            expectRuntimeError(write, mentioning: ["the store is read-only: \(workspace.store)"])
            #expect(!write.stderr.contains("SQLite error") && !write.stderr.contains("readonly database"), "\(write)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: workspace.store)) == before)
    }
}
