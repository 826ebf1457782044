import Foundation
import MaturityTestSupport
import Testing

/// `maturity import`: folder imports in dependency order, what is passed over, failures that leave the store
/// unchanged, idempotent re-imports, `--keep-text` and `--timezone`.
@Suite struct CLIImportTests {
    @Test func aFolderImportsTheCanonicalFilesInDependencyOrder() throws {
        let workspace = try Workspace("import-folder")
        defer { workspace.cleanUp() }
        var files = SmallCompany.files
        files["notes.txt"] = "not data\n"
        files[".hidden"] = "ignored silently\n"
        let folder = try workspace.writeFolder("export", files)
        try workspace.writeFolder("export/archive", ["people.csv": "person_id\nold\n"])
        #expect(workspace.run("init").status == 0)

        let result = workspace.run("import", [folder])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout == "")
        // Alphabetically attendees.csv comes first; the import still reads the directory first and meetings
        // before their attendees (else the 5 attendance rows would be skipped). Sub-folders are not searched.
        #expect(lines(result.stderr) == [
            "passing over \(folder)/archive: a folder (import it on its own)",
            "passing over \(folder)/notes.txt: not a format maturity recognises",
            SmallCompany.recognisedLine,
        ] + SmallCompany.summaryLines)
        #expect(try workspace.counts() == SmallCompany.counts)
    }

    @Test func reimportingChangesNothing() throws {
        let workspace = try Workspace("import-again")
        defer { workspace.cleanUp() }
        let folder = try workspace.writeFolder("export", SmallCompany.files)
        try workspace.initialiseAndImport(folder)
        let before = try workspace.snapshot()

        let again = workspace.run("import", [folder])
        #expect(again.status == 0, "\(again)")
        #expect(lines(again.stderr) == [
            SmallCompany.recognisedLine,
            "people people.csv: 4 rows read, 0 inserted, 0 updated, 4 unchanged",
            "work-items work_items.csv: 2 rows read, 0 inserted, 0 updated, 2 unchanged",
            "work-item-events work_item_events.csv: 3 rows read, 0 inserted, 0 updated, 2 unchanged, 1 skipped "
                + "(1 events naming an unknown work item)",
            "meetings meetings.csv: 3 rows read, 0 inserted, 0 updated, 3 unchanged",
            "attendees attendees.csv: 5 rows read, 0 inserted, 0 updated, 5 unchanged",
            "messages messages.csv: 4 rows read, 0 inserted, 0 updated, 4 unchanged",
        ])
        #expect(try workspace.counts() == SmallCompany.counts)
        // Every domain row is as before; only six import runs were added.
        var after = try workspace.snapshot()
        #expect(after["import_run"]?.count == 12)
        after["import_run"] = before["import_run"]
        #expect(after == before)
    }

    @Test func aFailingImportNamesFileAndLineAndChangesNothing() throws {
        let workspace = try Workspace("import-fails")
        defer { workspace.cleanUp() }
        try workspace.initialiseAndImport(try workspace.writeFolder("export", SmallCompany.files))
        let before = try workspace.snapshot()

        // A correct row, then a repeated message id on line 3: the whole file is rolled back.
        let bad = try workspace.writeFolder("bad", ["messages.csv": """
            message_id,channel,author,sent_at
            10,general,p1,2026-01-09T09:00:00Z
            10,general,p2,2026-01-09T10:00:00Z

            """])
        let folderImport = workspace.run("import", [bad])
        expectRuntimeError(folderImport, mentioning: ["\(bad)/messages.csv:3", "message_id", "line 2"])
        #expect(try workspace.snapshot() == before)

        // The same through a kind and a file, and a timestamp without an offset (needs --timezone).
        let meetings = try workspace.writeFolder("bad-meetings", ["meetings.csv": """
            meeting_id,start,end
            m9,2026-01-09 10:00,2026-01-09 11:00

            """]) + "/meetings.csv"
        expectRuntimeError(workspace.run("import", ["meetings", meetings]),
                           mentioning: ["\(meetings):2", "start", "--timezone"])
        let missing = workspace.path("no-such.csv")
        expectRuntimeError(workspace.run("import", ["people", missing]), mentioning: [missing])
        let empty = try workspace.writeFolder("empty", ["readme.md": "nothing\n"])
        expectRuntimeError(workspace.run("import", [empty]), mentioning: [empty, "people.csv"])
        #expect(try workspace.snapshot() == before)
    }

    @Test func importNeedsAnInitialisedStore() throws {
        let workspace = try Workspace("import-no-store")
        defer { workspace.cleanUp() }
        let folder = try workspace.writeFolder("export", SmallCompany.files)
        expectRuntimeError(workspace.run("import", [folder]), mentioning: ["there is no store at \(workspace.store)"])
        #expect(!FileManager.default.fileExists(atPath: workspace.store))
    }

    @Test func textIsStoredOnlyWithKeepText() throws {
        let query = """
            SELECT 'message ' || message_id AS row, text FROM message
            UNION ALL SELECT 'item ' || item_id, description FROM work_item
            UNION ALL SELECT 'meeting ' || meeting_id, description FROM meeting
            ORDER BY 1
            """
        let dropped = try Workspace("import-no-text")
        defer { dropped.cleanUp() }
        try dropped.initialiseAndImport(try dropped.writeFolder("export", SmallCompany.files))
        let withoutText = dropped.run("sql", [query, "--format", "csv"])
        #expect(withoutText.stdout == """
            row,text
            item CORE-1,
            item CORE-2,
            meeting m1,
            meeting m2,
            meeting m3,
            message 1,
            message 2,
            message 3,
            message 4,

            """)
        // Derived features are kept without the text: CORE-1's description is 68 characters long.
        let derived = dropped.run("sql", ["SELECT item_id, description_length FROM work_item ORDER BY 1",
                                          "--format", "csv"])
        #expect(derived.stdout == "item_id,description_length\nCORE-1,68\nCORE-2,0\n")

        let kept = try Workspace("import-keep-text")
        defer { kept.cleanUp() }
        try kept.initialiseAndImport(try kept.writeFolder("export", SmallCompany.files),
                                     importArguments: ["--keep-text"])
        let withText = kept.run("sql", [query, "--format", "csv"])
        // The formula-like message is neutralised in CSV output (a leading apostrophe), not in the store.
        #expect(withText.stdout == """
            row,text
            item CORE-1,"Import the canonical files.
            Acceptance criteria: all six kinds load."
            item CORE-2,
            meeting m1,Agenda: status of the imports
            meeting m2,
            meeting m3,
            message 1,Can you review CORE-1?
            message 2,Done: looks good
            message 3,"'=HYPERLINK(""http://x"")"
            message 4,Deployed

            """)
        let stored = kept.run("sql", ["SELECT text FROM message WHERE message_id = '3'", "--format", "json"])
        #expect(try jsonRows(stored.stdout).first?["text"] as? String == "=HYPERLINK(\"http://x\")")
    }

    @Test func timezoneReadsTimestampsWithoutAnOffset() throws {
        let workspace = try Workspace("import-timezone")
        defer { workspace.cleanUp() }
        #expect(workspace.run("init").status == 0)
        let meetings = try workspace.writeFolder("local", ["meetings.csv": """
            meeting_id,title,start,end
            m1,Planning,2026-01-09 10:00,2026-01-09T11:30:00
            m2,Summer planning,2026-07-09 10:00,2026-07-09 11:00:00.250

            """]) + "/meetings.csv"
        let result = workspace.run("import", ["--timezone", "Europe/Berlin", "meetings", meetings])
        #expect(result.status == 0, "\(result)")
        #expect(result.stderr == "meetings meetings.csv: 2 rows read, 2 inserted, 0 updated, 0 unchanged\n")
        // Berlin is UTC+1 in January and UTC+2 in July; instants are epoch milliseconds.
        let stored = workspace.run("sql", ["SELECT meeting_id, start_at, end_at FROM meeting ORDER BY 1",
                                           "--format", "csv"])
        #expect(stored.stdout == """
            meeting_id,start_at,end_at
            m1,1767949200000,1767954600000
            m2,1783584000000,1783587600250

            """)
    }
}
