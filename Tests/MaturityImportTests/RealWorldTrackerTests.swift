import Foundation
import MaturityCore
import MaturityImport
import MaturityTestSupport
import Testing

/// The real exports in `../shared/realworld/` (never copied into the project: licences and real names), read
/// where that folder exists. The expected counts were computed from the files by a separate Python script
/// (csv and json modules: rows with a value, `Comment` cells with an author, distinct assignee, reporter and
/// author references, cards, actions by type), not by the importers.
private let realWorld = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/realworld")
private let hasRealWorld = FileManager.default.fileExists(atPath: realWorld.path)

@Suite(.enabled(if: hasRealWorld, "../shared/realworld is absent: the real-export tests are skipped"))
struct RealWorldTrackerTests {
    /// Files of the tracker folders that are not exports, and why.
    static let skipped: [String: String] = [
        "jira/focalboard-jira-rss-export.xml": "Jira's RSS/XML export is not a supported format (export CSV or use the REST API)",
    ]
    /// Recorded HTTP exchanges: unwrapped to the pages a user would have saved.
    static let recorded = ["github/octokit-paginate-issues-recorded.json", "github/octokit-search-issues-recorded.json"]

    func file(_ name: String) -> URL { realWorld.appendingPathComponent(name) }

    @Test func everyTrackerFileIsImportedUnwrappedOrListedAsSkipped() throws {
        var found: [String] = []
        for folder in ["jira", "github", "trello"] {
            for name in try FileManager.default.contentsOfDirectory(atPath: file(folder).path) where !name.hasPrefix(".") {
                found.append(folder + "/" + name)
            }
        }
        let handled = Set(Self.imported.keys).union(Self.recorded).union(Self.skipped.keys)
        #expect(Set(found) == handled, "a new real file needs its expected counts here")
        // The recorded exchanges and the RSS export are not recognised as exports.
        for name in Self.recorded + Array(Self.skipped.keys) {
            #expect(throws: ImportError.self, "\(name)") { try ImportFormats.recognise(file(name), options: ImportOptions()) }
        }
    }

    /// Expected counts per file, each imported into a fresh store: work items, events, messages (the roots, one
    /// per item with a reporter, and the comments), comments, people created (from references), what was skipped.
    struct Expected {
        var items: Int
        var events: Int
        var messages: Int
        var comments = 0
        var people: Int
        var skipped: [String: Int] = [:]
    }

    static let imported: [String: Expected] = [
        "jira/jira-cloud-2022-allfields-sprint-bhashwar.csv": Expected(items: 21, events: 0, messages: 21, people: 1),
        "jira/jira-cloud-2025-allfields-training-mitsusarkar.csv": Expected(items: 19, events: 0, messages: 19, people: 1),
        "jira/jira-cloud-2026-current-fields-bom-codebook666.csv": Expected(items: 20, events: 0, messages: 20, people: 1),
        // One real row and 739 blank rows (an Excel re-save); its one comment has an anonymised (empty) author.
        "jira/jira-server-2017-allfields-excel-resaved-mrchidambara03.csv": Expected(
            items: 1, events: 0, messages: 1, people: 1, skipped: ["blank rows": 739, "comments without an author": 1]),
        // 500 items: 377 pull requests, 123 issues; a root message per item (comments are only a count).
        "github/rails-rest-issues-500-2023.json": Expected(items: 500, events: 0, messages: 500, people: 224),
        // 122 cards; 1000 actions: 177 list moves and 128 member changes, each at its own instant of its card
        // (events), 93 comments, 72 createCard (the roots: the creator is known only for those).
        "trello/trello-gocd-test-drive-board-2019.json": Expected(items: 122, events: 305, messages: 165, comments: 93, people: 9),
        "trello/trello-clipkit-board-2015.json": Expected(items: 67, events: 83, messages: 71, comments: 4, people: 2),
        "trello/nextcloud-deck-trello-fixture.json": Expected(items: 1, events: 2, messages: 1, people: 1),
        // 133 comment actions fetched apart, for cards of the gocd board.
        "trello/trello-gocd-comment-actions-2019.json": Expected(items: 0, events: 0, messages: 133, comments: 133, people: 9),
        // The damaged French export: refused (below).
        "jira/jira-server-fr-locale-2016-ckiw.csv": Expected(items: 0, events: 0, messages: 0, people: 0),
    ]

    @Test(arguments: RealWorldTrackerTests.imported.keys.filter { !$0.contains("fr-locale") }.sorted())
    func importsWithTheCountsTheFileHolds(_ name: String) throws {
        let expected = try #require(Self.imported[name])
        let store = try TrackerStore(); defer { store.cleanUp() }
        let found = try ImportFormats.recognise(file(name), options: ImportOptions(timeZone: TimeZone(identifier: "UTC")))
        let summary = try store.run(found.importer, file(name))
        let counts = try storeCounts(store.store)
        #expect(counts["work_item"] == expected.items, "\(name)")
        #expect(counts["work_item_event"] == expected.events, "\(name)")
        #expect(counts["message"] == expected.messages, "\(name)")
        #expect(try store.column("SELECT count(*) FROM message WHERE thread_id IS NOT NULL") == [String(expected.comments)],
                "\(name)")
        #expect(try store.column("SELECT count(*) FROM person WHERE from_directory = 0") == [String(expected.people)], "\(name)")
        #expect(summary.skipped.filter { $0.key != "JSON objects that are no issue, pull request, event, comment or review" }
            == expected.skipped, "\(name)")
        // Importing the same file again changes nothing.
        let again = try store.run(found.importer, file(name))
        for (entity, counts) in again.entities {
            #expect(counts.inserted == 0 && counts.updated == 0 && counts.created == 0, "\(name) \(entity)")
        }
    }

    @Test func theRailsIssuesMapToKindsAndStatuses() throws {
        let store = try TrackerStore(); defer { store.cleanUp() }
        _ = try store.run(GitHubImporter(), file("github/rails-rest-issues-500-2023.json"))
        #expect(try store.column("SELECT kind || ' ' || count(*) FROM work_item GROUP BY kind ORDER BY kind") == ["issue 123", "pr 377"])
        // merged 244 + closed issues completed 61; closed unmerged PRs 64 + not planned 14; open PRs 69; open issues 48.
        #expect(try store.column("SELECT status || ' ' || count(*) FROM work_item GROUP BY status ORDER BY status")
            == ["cancelled 78", "done 305", "in_progress 69", "todo 48"])
        #expect(try store.column("SELECT count(*) FROM work_item WHERE assignees IS NOT NULL") == ["12"])
    }

    @Test func theRecordedExchangesUnwrapToPagesThatImport() throws {
        let store = try TrackerStore(); defer { store.cleanUp() }
        var pages: [URL] = []
        for name in Self.recorded {
            let exchanges = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file(name))) as? [[String: Any]])
            for (index, exchange) in exchanges.enumerated() {
                let page = try JSONSerialization.data(withJSONObject: try #require(exchange["response"]))
                let url = store.folder.file("\(URL(fileURLWithPath: name).deletingPathExtension().lastPathComponent)-page\(index + 1).json")
                try page.write(to: url)
                pages.append(url)
            }
        }
        #expect(pages.count == 6)
        for page in pages {
            let found = try ImportFormats.recognise(page, options: ImportOptions())
            #expect(found.importer.format.id == "github", "\(page.lastPathComponent)")
            _ = try store.run(found.importer, page)
        }
        // paginate-issues: 5 pages, 13 issues of one author; search-issues: 2 issues of 2 authors, one of them the
        // same login: 2 people in all.
        #expect(try store.column("SELECT project || ' ' || count(*) FROM work_item GROUP BY project ORDER BY project")
            == ["octokit-fixture-org/paginate-issues 13", "octokit-fixture-org/search-issues 2"])
        #expect(try store.column("SELECT count(*) FROM person") == ["2"])
    }

    @Test func theTrelloCapIsReportedAndTheCommentsFileCompletesTheBoard() throws {
        let store = try TrackerStore(); defer { store.cleanUp() }
        let board = try store.run(TrelloImporter(), file("trello/trello-gocd-test-drive-board-2019.json"))
        #expect(board.warnings.contains { $0.hasSuffix("actions: the export holds 1000 actions, Trello's cap: the history "
            + "before 2019-04-17T21:17:11.388Z (events and comments) is missing; import the board's actions fetched with "
            + "the API (/1/boards/ID/actions) too") })
        let comments = try store.run(TrelloImporter(), file("trello/trello-gocd-comment-actions-2019.json"))
        // 93 of its 133 comments are in the board's capped actions already: 40 are new.
        #expect(comments.entities[.message] == EntityCounts(inserted: 40, updated: 0, unchanged: 93))
        #expect(try storeCounts(store.store)["message"] == 165 + 40)
    }

    @Test func theDamagedFrenchExportIsRefusedWithEveryShiftedRowNamed() throws {
        let store = try TrackerStore(); defer { store.cleanUp() }
        let url = file("jira/jira-server-fr-locale-2016-ckiw.csv")
        let found = try ImportFormats.recognise(url, options: ImportOptions(timeZone: TimeZone(identifier: "Europe/Paris")))
        #expect(found.importer.format.id == "jira-csv", "recognised through the French header names")
        let errors = store.errors(found.importer, url, maxErrors: 1000)
        // The committer renamed Résumé and dropped Création: both required columns are reported missing.
        #expect(errors.count == 2 + 379)
        #expect(errors[0].hasPrefix("\(url.path):1, column Summary: the required column 'Summary' is missing (columns found: title, resume, Issue key,"))
        #expect(errors[1].hasPrefix("\(url.path):1, column Created: the required column 'Created' is missing"))
        // 379 of the 516 rows have cells split (Commentaire and Journal de travail cut at ';') or shifted past the
        // last header (26 rows); each is named with its line and the first cell out of place.
        let damaged = errors.dropFirst(2)
        #expect(damaged.allSatisfy { $0.contains(": the cells of this row are shifted or split (a damaged export): column ") })
        let places = damaged.map { error -> (line: Int, column: Int) in
            let afterPath = error.dropFirst(url.path.count + 1)
            let line = Int(afterPath.prefix { $0.isNumber })!
            let column = Int(afterPath.drop { $0 != " " }.dropFirst(" column ".count).prefix { $0.isNumber })!
            return (line, column)
        }
        #expect(places.prefix(5).map { "\($0.line):\($0.column)" } == ["2:66", "3:66", "4:66", "7:26", "8:26"])
        #expect(places.suffix(3).map { "\($0.line):\($0.column)" } == ["5599:66", "5615:67", "5636:67"])
        #expect(places.reduce(0) { $0 + $1.line } == 557504)
        #expect(places.reduce(0) { $0 + $1.column } == 17115)
        #expect(errors.last!.contains("column 67 holds 'Not started', not a comment 'date;author;body'"))
        #expect(try storeCounts(store.store)["work_item"] == 0, "nothing of it is written")
    }
}
