import Foundation
import MaturityCore
@testable import MaturityImport
import MaturityTestSupport
import Testing

@Suite struct GitHubImportTests {
    /// Every GitHub fixture but the broken one, through recognition (items before events and messages).
    func importAll(_ store: TrackerStore) throws -> [String: ImportSummary] {
        let names = ["comments.json", "events.json", "gh-issues.json", "gh-prs.json", "rest-issues-page1.json",
                     "rest-issues-page2.json", "reviews.json", "search-page.json"]
        let inputs = ImportFormats.inDependencyOrder(try names.map {
            try ImportFormats.recognise(trackerFixture("github", $0), options: ImportOptions())
        })
        #expect(inputs.map(\.url.lastPathComponent) == ["gh-issues.json", "gh-prs.json", "rest-issues-page1.json",
                                                        "rest-issues-page2.json", "search-page.json", "events.json",
                                                        "comments.json", "reviews.json"])
        var summaries: [String: ImportSummary] = [:]
        for input in inputs { summaries[input.url.lastPathComponent] = try store.run(input.importer, input.url) }
        return summaries
    }

    @Test func mapsIssuesAndPullRequestsOfEveryExportShape() throws {
        let store = try TrackerStore(); defer { store.cleanUp() }
        let summaries = try importAll(store)
        #expect(summaries["rest-issues-page2.json"]?.inserted == 2)
        #expect(summaries["rest-issues-page2.json"]?.unchanged == 1, "#3 is on both pages: one item")
        #expect(summaries["search-page.json"]?.unchanged == 2)
        let items = try store.rows("SELECT key, kind, status, original_status, assignees, due_at, resolved_at FROM work_item ORDER BY id")
        #expect(items.map { $0["key"]! } == [
            "github:work_item:acme/widgets#10", "github:work_item:acme/widgets#11", "github:work_item:acme/widgets#12",
            "github:work_item:acme/widgets#1", "github:work_item:acme/widgets#2", "github:work_item:acme/widgets#3",
            "github:work_item:acme/widgets#4", "github:work_item:acme/widgets#5",
        ])
        #expect(items.map { $0["kind"]! } == ["issue", "issue", "pr", "issue", "issue", "pr", "pr", "issue"])
        #expect(items.map { $0["status"]! } == ["todo", "done", "done", "done", "todo", "done", "cancelled", "cancelled"])
        #expect(items.map { $0["original_status"]! } == ["open", "closed", "merged", "closed", "open", "merged",
                                                         "closed (not merged)", "closed (not planned)"])
        #expect(items.map { $0["assignees"]! } == ["github:bob", "-", "github:bob", "github:bob", "-",
                                                   "github:bob;github:alice", "-", "-"])
        #expect(items[4]["due_at"] == "2024-06-01T07:00:00Z")
        #expect(items[3]["resolved_at"] == String(instant("2024-03-14T08:00:00Z")))
        // A [bot] login and a Bot user are people flagged as bots.
        #expect(try store.column("SELECT display_id FROM person WHERE is_bot = 1 ORDER BY display_id")
            == ["github:dependabot[bot]", "github:github-actions[bot]"])
        #expect(try store.column("SELECT count(*) FROM person WHERE is_bot = 0") == ["3"])
    }

    @Test func eventsAreCompleteAssigneeSetsAndStatuses() throws {
        let store = try TrackerStore(); defer { store.cleanUp() }
        let summaries = try importAll(store)
        #expect(summaries["events.json"]?.skipped == ["issue events other than assigned, unassigned, closed, reopened": 1])
        #expect(summaries["events.json"]?.entities[.workItemEvent] == EntityCounts(inserted: 7))
        let events = try store.column("""
            SELECT w.item_id || ' ' || e.field || ' ' || ifnull(e.from_value, '-') || ' -> ' || ifnull(e.to_value, '-')
            FROM work_item_event e JOIN work_item w ON w.id = e.work_item_id ORDER BY w.item_id, e.at, e.seq
            """)
        #expect(events == [
            "acme/widgets#1 assignee - -> github:carol",
            // unassigned carol and assigned bob in the same second: one reassignment.
            "acme/widgets#1 assignee github:carol -> github:bob",
            "acme/widgets#1 status open -> closed",
            "acme/widgets#3 assignee - -> github:bob",
            "acme/widgets#3 assignee github:bob -> github:bob;github:alice",
            "acme/widgets#3 status open -> closed",
            "acme/widgets#5 status open -> cancelled",
        ])
    }

    @Test func commentsAndReviewsAreMessagesInTheItemsThread() throws {
        let store = try TrackerStore(); defer { store.cleanUp() }
        _ = try importAll(store)
        let messages = try store.column("""
            SELECT c.name || ' ' || m.message_id || ' ' || ifnull(m.thread_id, '-') || ' ' || i.reference
            FROM message m JOIN channel c ON c.id = m.channel_id JOIN identity i ON i.id = m.author_id
            WHERE m.thread_id IS NOT NULL ORDER BY m.sent_at
            """)
        #expect(messages == [
            "acme/widgets comment-501 #1 github:bob",
            "acme/widgets comment-502 #1 github:github-actions[bot]",
            "acme/widgets review-801 #3 github:alice",
            "acme/widgets review-802 #3 github:alice",
            "acme/widgets comment-9001 #10 github:bob",
            "acme/widgets review-PRR_1 #12 github:alice",
        ])
        #expect(try store.column("SELECT count(*) FROM message WHERE thread_id IS NULL") == ["8"])
        #expect(try store.column("SELECT DISTINCT source FROM message") == ["github"])
    }

    @Test func reimportingChangesNothing() throws {
        let store = try TrackerStore(); defer { store.cleanUp() }
        _ = try importAll(store)
        let before = try storeSnapshot(store.store).filter { $0.key != "import_run" }
        let again = try importAll(store)
        for (name, summary) in again {
            #expect(summary.inserted == 0 && summary.updated == 0, "\(name): \(summary.line)")
            for (entity, counts) in summary.entities {
                #expect(counts.inserted == 0 && counts.updated == 0 && counts.created == 0, "\(name) \(entity)")
            }
        }
        #expect(try storeSnapshot(store.store).filter { $0.key != "import_run" } == before)
    }

    @Test func aBadTimestampNamesItsJSONPath() throws {
        let store = try TrackerStore(); defer { store.cleanUp() }
        let url = trackerFixture("github", "bad-date.json")
        #expect(store.errors(GitHubImporter(), url) == [
            "\(url.path): [1].created_at: bad timestamp 'yesterday': \"yesterday\" is not a timestamp (unexpected 'y' at "
                + "position 1); expected YYYY-MM-DD[T ]HH:MM[:SS[.fff]] with an offset (Z, +02:00, +0200, +02), or a date "
                + "YYYY-MM-DD. Fix: the exports write ISO 8601 with an offset, such as 2024-03-12T15:15:00.000+0100.",
        ])
        #expect(try storeCounts(store.store)["work_item"] == 0)
    }

    @Test func recordedHTTPExchangesAreNotRecognisedAsAnExport() throws {
        let folder = try TemporaryFolder(); defer { folder.cleanUp() }
        let url = try folder.write("recorded.json", """
            [{"scope": "https://api.github.com:443", "method": "get", "path": "/repos/o/r/issues", "status": 200,
              "response": [{"number": 1, "title": "x", "html_url": "https://github.com/o/r/issues/1"}], "reqheaders": {}}]
            """)
        #expect(throws: ImportError.self) { try ImportFormats.recognise(url, options: ImportOptions()) }
    }
}

@Suite struct TrelloImportTests {
    @Test func mapsCardsListsMembersChecklistsAndActions() throws {
        let store = try TrackerStore(); defer { store.cleanUp() }
        let summary = try store.run(TrelloImporter(), trackerFixture("trello", "board.json"))
        #expect(summary.format == "trello")
        #expect(summary.inserted == 4)
        #expect(summary.warnings.count == 1)
        #expect(summary.warnings[0].hasSuffix("board.json: cards[2].idList: unknown status 'Parking lot' read as todo "
            + "(map it with --status-map FILE: a line 'Parking lot,done')"))
        let items = try store.rows("""
            SELECT key, title, kind, status, original_status, assignees, has_acceptance, has_url, links, due_at, created_at, project
            FROM work_item ORDER BY created_at
            """)
        #expect(items.map { $0["key"]! } == ["trello:work_item:65f063640000000000000065", "trello:work_item:65f16b100000000000000066",
                                             "trello:work_item:65f2bc900000000000000067", "trello:work_item:65f40e100000000000000068"])
        #expect(items.map { $0["status"]! } == ["in_progress", "done", "todo", "cancelled"])
        #expect(items.map { $0["original_status"]! } == ["Doing", "Done", "Parking lot", "To Do (archived)"])
        #expect(items.map { $0["assignees"]! } == ["trello:ann_trello;trello:ben_trello", "trello:cem_trello", "-", "trello:ann_trello"])
        // The checklist counts as acceptance criteria; a link attachment is a link, an uploaded file is not.
        #expect(items.map { $0["has_acceptance"]! } == ["1", "0", "0", "0"])
        #expect(items[0]["links"] == "https://docs.example/onboarding")
        #expect(items[1]["due_at"] == "2024-03-29T12:00:00.000Z")
        #expect(items[0]["created_at"] == String(instant("2024-03-12T14:15:00Z")), "the card id's timestamp")
        #expect(Set(items.map { $0["kind"]! }) == ["card"])
        #expect(Set(items.map { $0["project"]! }) == ["Office"])
        // Members added and removed: the complete sets, replayed back from the card's members.
        let events = try store.column("""
            SELECT e.field || ' ' || ifnull(e.from_value, '-') || ' -> ' || ifnull(e.to_value, '-') FROM work_item_event e
            ORDER BY e.at, e.seq
            """)
        #expect(events == [
            "assignee trello:ann_trello -> trello:ann_trello;trello:cem_trello",
            "assignee trello:ann_trello;trello:cem_trello -> trello:ann_trello;trello:ben_trello;trello:cem_trello",
            "assignee trello:ann_trello;trello:ben_trello;trello:cem_trello -> trello:ann_trello;trello:ben_trello",
            "status To Do -> Doing",
            "status Doing -> Done",
        ])
        // The description is the root of the card's thread (by the card's creator); comments are its replies.
        #expect(try store.column("SELECT ifnull(thread_id, '-') || ' ' || length FROM message ORDER BY sent_at")
            == ["- 101", "65f063640000000000000065 22", "65f063640000000000000065 19"])
        #expect(try store.column("SELECT name FROM channel") == ["Office"])
    }

    @Test func theStatusMapOverridesAListsStatus() throws {
        let store = try TrackerStore(); defer { store.cleanUp() }
        let statuses = try StatusMapping(file: trackerFixture("trello", "status-map.csv"))
        let summary = try store.run(TrelloImporter(statuses: statuses), trackerFixture("trello", "board.json"))
        #expect(summary.warnings.isEmpty)
        #expect(try store.column("SELECT status FROM work_item WHERE original_status = 'Parking lot'") == ["cancelled"])
    }

    @Test func anActionsFileAddsItsCommentsOnceAndReimportingChangesNothing() throws {
        let store = try TrackerStore(); defer { store.cleanUp() }
        _ = try store.run(TrelloImporter(), trackerFixture("trello", "board.json"))
        let actions = try store.run(TrelloImporter(), trackerFixture("trello", "comment-actions.json"))
        #expect(actions.entities[.message] == EntityCounts(inserted: 1, updated: 0, unchanged: 2))
        let before = try storeSnapshot(store.store).filter { $0.key != "import_run" }
        let again = try store.run(TrelloImporter(), trackerFixture("trello", "board.json"))
        #expect(again.inserted == 0 && again.updated == 0 && again.unchanged == 4)
        #expect(try storeSnapshot(store.store).filter { $0.key != "import_run" } == before)
    }

    @Test func saysSoWhenTheExportHoldsTrellosCapOfActions() throws {
        let store = try TrackerStore(); defer { store.cleanUp() }
        var actions: [String] = []
        for n in 0..<1000 {
            let second = String(format: "%02d", n % 60), minute = String(format: "%02d", (n / 60) % 60)
            actions.append("""
                {"id": "a\(n)", "type": "commentCard", "date": "2024-03-12T1\(n / 3600):\(minute):\(second).000Z",
                 "idMemberCreator": "m1", "memberCreator": {"id": "m1", "username": "ann"},
                 "data": {"card": {"id": "65f063640000000000000065"}, "text": "note \(n)"}}
                """)
        }
        let url = try store.folder.write("capped.json", """
            {"id": "b1", "name": "Capped", "lists": [{"id": "l1", "name": "To Do"}], "members": [],
             "cards": [{"id": "65f063640000000000000065", "name": "A card", "idList": "l1", "idMembers": []}],
             "actions": [\(actions.joined(separator: ","))]}
            """)
        let summary = try store.run(TrelloImporter(), url)
        #expect(summary.warnings.count == 1)
        #expect(summary.warnings[0] == "\(url.path): actions: the export holds 1000 actions, Trello's cap: the history "
            + "before 2024-03-12T10:00:00.000Z (events and comments) is missing; import the board's actions fetched with "
            + "the API (/1/boards/ID/actions) too")
        #expect(summary.line.hasSuffix(", 1 warning"))
        #expect(summary.entities[.message]?.inserted == 1000)
    }

    @Test func recognisesBoardsAndActionLists() throws {
        for name in ["board.json", "comment-actions.json"] {
            let found = try ImportFormats.recognise(trackerFixture("trello", name), options: ImportOptions())
            #expect(found.importer.format.id == "trello", "\(name)")
        }
    }
}
