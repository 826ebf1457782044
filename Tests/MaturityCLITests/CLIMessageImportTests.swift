import Foundation
import MaturityTestSupport
import Testing

/// `maturity import slack`, `maturity import mbox` and recognition of both in a folder import, run as a user
/// runs them, on the importer tests' hand-written fixtures.
@Suite struct CLIMessageImportTests {
    static let fixtures = repositoryRoot.appendingPathComponent("Tests/MaturityImportTests/Fixtures")

    @Test func aFolderWithAnExportZipAMailboxAndADirectoryImportsThemInDependencyOrder() throws {
        let workspace = try Workspace("messages-folder")
        defer { workspace.cleanUp() }
        let folder = try workspace.writeFolder("exports", ["people.csv": "person_id,email,team\nanna,anna.berg@example.com,core\n"])
        try FileManager.default.copyItem(atPath: Self.fixtures.appendingPathComponent("slack/quirks.zip").path,
                                         toPath: folder + "/workspace.zip")
        try FileManager.default.copyItem(atPath: Self.fixtures.appendingPathComponent("mbox/threading.mbox").path,
                                         toPath: folder + "/dev-list.mbox")
        #expect(workspace.run("init", ["--org-timezone", "Europe/Berlin"]).status == 0)
        let result = workspace.run("import", [folder])
        #expect(result.status == 0, "\(result)")
        let summaries = lines(result.stderr).filter { !$0.hasPrefix("note: ") && !$0.hasPrefix("warning: ") }
        #expect(summaries == [
            "recognised 1 as Slack workspace export (by its users.json, channels.json and day files), 1 as canonical "
                + "CSV people (by its header), 1 as mbox mail archive (by its first lines)",
            "people people.csv: 1 rows read, 1 inserted, 0 updated, 0 unchanged",
            "mbox dev-list.mbox: 8 messages read, 8 inserted, 0 updated, 0 unchanged, people 7 created, "
                + "channels 1 created",
            "slack workspace.zip: 22 messages read, 21 inserted, 0 updated, 0 unchanged, 1 skipped (1 edit and delete "
                + "events (message_changed)), people 6 created, channels 5 created, 2 warnings",
        ])
        #expect(lines(result.stderr).contains("note: mbox, mailing-list archive (public channel "
            + "'dev@lists.example.org'); 3 auto-generated (bot); 1 threads"))
        let counts = try workspace.counts()
        #expect(counts["messages"] == 29)
        #expect(counts["channels"] == 6)
        // Anna of the directory is Anna of Slack (by e-mail); Ben of the mailbox is Ben of Slack.
        #expect(counts["people"] == 1 + 7 + 6)
    }

    @Test func namedFormatsAndTheListFlag() throws {
        let workspace = try Workspace("messages-named")
        defer { workspace.cleanUp() }
        #expect(workspace.run("init", ["--org-timezone", "UTC"]).status == 0)
        let slack = workspace.run("import", ["slack", Self.fixtures.appendingPathComponent("slack/free-plan").path])
        #expect(slack.status == 0, "\(slack)")
        #expect(slack.stderr.contains("warning: \(Self.fixtures.appendingPathComponent("slack/free-plan").path): public "
            + "channels only (no groups.json, dms.json or mpims.json: a free-plan or public-only export)"))
        let mbox = workspace.run("import", ["mbox", "--list", Self.fixtures.appendingPathComponent("mbox/mmdf.mmdf").path])
        #expect(mbox.status == 0, "\(mbox)")
        #expect(lines(mbox.stderr) == ["note: MMDF, mailing-list archive (public channel 'mmdf.mmdf'); 1 threads",
                                       "mbox mmdf.mmdf: 2 messages read, 2 inserted, 0 updated, 0 unchanged, people 2 created, "
                                           + "channels 1 created"])
    }

    @Test func aMalformedExportIsAnErrorNamingEntryAndPathAndWritesNothing() throws {
        let workspace = try Workspace("messages-malformed")
        defer { workspace.cleanUp() }
        #expect(workspace.run("init", ["--org-timezone", "UTC"]).status == 0)
        let before = try workspace.snapshot()
        let zip = Self.fixtures.appendingPathComponent("slack/malformed.zip").path
        let result = workspace.run("import", ["slack", zip])
        expectRuntimeError(result, mentioning: ["\(zip): general/2026-03-02.json: [1].ts: 'ts' is not a string. Fix: "])
        #expect(try workspace.snapshot() == before)
    }
}
