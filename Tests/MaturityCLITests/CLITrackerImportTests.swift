import Foundation
import MaturityTestSupport
import Testing

/// `maturity import jira-csv|jira-json|github|trello` and recognition of the trackers' exports by
/// `maturity import PATH`, run as a user does.
@Suite struct CLITrackerImportTests {
    static let fixtures = repositoryRoot.appendingPathComponent("Tests/MaturityImportTests/Fixtures")

    static func fixture(_ path: String) -> String { fixtures.appendingPathComponent(path).path }

    /// A folder holding one file of each tracker format (and GitHub events), under names that say nothing.
    func trackerFolder(_ workspace: Workspace) throws -> String {
        let folder = workspace.url.appendingPathComponent("exports", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (source, name) in [("github/events.json", "a.json"), ("github/rest-issues-page1.json", "b.json"),
                               ("jira/allfields-en.csv", "c.csv"), ("jira/search-page1.json", "d.json"),
                               ("trello/board.json", "e.json"), ("github/comments.json", "f.json")] {
            try FileManager.default.copyItem(atPath: Self.fixture(source), toPath: folder.appendingPathComponent(name).path)
        }
        return folder.path
    }

    @Test func aFolderOfTrackerExportsIsRecognisedAndImportedItemsFirst() throws {
        let workspace = try Workspace("trackers-folder")
        defer { workspace.cleanUp() }
        _ = workspace.run("init")
        let folder = try trackerFolder(workspace)
        let result = workspace.run("import", ["--timezone", "Europe/Berlin", folder])
        #expect(result.status == 0, "\(result)")
        let output = lines(result.stderr)
        #expect(output.first == "recognised 1 as Jira CSV (by its header), 1 as Jira JSON (by its keys), 1 as Trello "
            + "JSON (by its keys), 3 as GitHub JSON (by its keys)")
        // Items first (the folder's order among them), then the events, then the comments.
        let summaries = output.filter { !$0.hasPrefix("recognised") && !$0.hasPrefix("warning") }
        #expect(summaries.map { String($0.prefix { $0 != ":" }) }
            == ["github b.json", "jira-csv c.csv", "jira-json d.json", "trello e.json", "github a.json", "github f.json"])
        // #1 and #3 are in b.json, #5 is not: its event is skipped and counted.
        // An events file's summary leads with its events.
        #expect(summaries[4] == "github a.json: 9 records read, 6 inserted, 0 updated, 0 unchanged, 2 skipped "
            + "(1 events naming an unknown work item; 1 issue events other than assigned, unassigned, closed, reopened)")
        let counts = try workspace.counts()
        #expect(counts["work_items"] == 3 + 4 + 2 + 4)

        // Importing the folder again changes nothing.
        let again = workspace.run("import", ["--timezone", "Europe/Berlin", folder])
        #expect(again.status == 0, "\(again)")
        for line in lines(again.stderr) where !line.hasPrefix("recognised") && !line.hasPrefix("warning") {
            #expect(line.range(of: "[1-9][0-9]* (inserted|updated|created)", options: .regularExpression) == nil, "\(line)")
        }
        #expect(try workspace.counts() == counts)
    }

    @Test func eachFormatHasItsCommandWithItsOptions() throws {
        let workspace = try Workspace("trackers-commands")
        defer { workspace.cleanUp() }
        _ = workspace.run("init")
        let csv = RunBinary.run(["import", "jira-csv", "--store", workspace.store, "--timezone", "Europe/Berlin",
                                 "--status-map", Self.fixture("jira/status-map.csv"), Self.fixture("jira/allfields-en.csv")])
        #expect(csv.status == 0, "\(csv)")
        #expect(lines(csv.stderr) == ["jira-csv allfields-en.csv: 4 rows read, 4 inserted, 0 updated, 0 unchanged, 4 skipped "
            + "(3 blank rows; 1 comments without an author), people 4 created, channels 1 created, messages 6 inserted"])
        // Options before the format name work too (the parser hands them to `maturity import PATH`).
        let before = workspace.run("import", ["--timezone", "UTC", "jira-csv", Self.fixture("jira/dates.csv")])
        #expect(before.status == 0, "\(before)")
        #expect(before.stderr.hasPrefix("jira-csv dates.csv: 11 rows read, 11 inserted"))
        // Named files of GitHub are imported items first, whatever the order given.
        let github = RunBinary.run(["import", "github", "--store", workspace.store, Self.fixture("github/reviews.json"),
                                    Self.fixture("github/rest-issues-page1.json"), Self.fixture("github/events.json")])
        #expect(github.status == 0, "\(github)")
        #expect(lines(github.stderr).map { String($0.prefix { $0 != ":" }) }
            == ["github rest-issues-page1.json", "github events.json", "github reviews.json"])
        let trello = RunBinary.run(["import", "trello", "--store", workspace.store, "--dry-run",
                                    Self.fixture("trello/board.json")])
        #expect(trello.status == 0, "\(trello)")
        #expect(trello.stderr.hasSuffix("(dry run: nothing written)\n"))
    }

    @Test func errorsNameTheirPlaceAndExitOne() throws {
        let workspace = try Workspace("trackers-errors")
        defer { workspace.cleanUp() }
        _ = workspace.run("init")
        let counts = try workspace.counts()
        let shifted = Self.fixture("jira/shifted.csv")
        let damaged = RunBinary.run(["import", "jira-csv", "--store", workspace.store, "--timezone", "UTC", shifted])
        expectRuntimeError(damaged, mentioning: ["\(shifted):3, column 4 (Log Work): the cells of this row are shifted",
                                                 "\(shifted):4, column 8: the cells of this row are shifted",
                                                 "\(shifted): 3 errors of this input are above; nothing of it was written"])
        let missing = workspace.path("nowhere.csv")
        let map = RunBinary.run(["import", "jira-csv", "--store", workspace.store, "--status-map", missing,
                                 Self.fixture("jira/french.csv")])
        expectRuntimeError(map, mentioning: ["\(missing): cannot read the status map"])
        let bad = try workspace.writeFolder("maps", ["bad.csv": "status,normalised\nParked,later\n"])
        let badMap = RunBinary.run(["import", "trello", "--store", workspace.store, "--status-map", bad + "/bad.csv",
                                    Self.fixture("trello/board.json")])
        expectRuntimeError(badMap, mentioning: ["\(bad)/bad.csv:2: 'later' is not a normalised status. Fix: write todo, "
            + "in_progress, done or cancelled."])
        let json = Self.fixture("github/bad-date.json")
        expectRuntimeError(RunBinary.run(["import", "github", "--store", workspace.store, json]),
                           mentioning: ["\(json): [1].created_at: bad timestamp 'yesterday'"])
        #expect(try workspace.counts() == counts, "nothing of a refused file is written")
    }
}
