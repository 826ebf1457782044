import Foundation
import MaturityCore
@testable import MaturityImport
import MaturityTestSupport
import Testing

@Suite struct JiraCSVImportTests {
    @Test func readsAnAllFieldsExportWithRepeatedColumnsBOMCRLFAndBlankTrailingRows() throws {
        let store = try TrackerStore(); defer { store.cleanUp() }
        let summary = try store.run(JiraCSVImporter(timeZone: berlin), trackerFixture("jira", "allfields-en.csv"))
        #expect(summary.format == "jira-csv")
        #expect(summary.recordsRead == 4)
        #expect(summary.inserted == 4)
        #expect(summary.skipped == ["blank rows": 3, "comments without an author": 1])
        #expect(summary.warnings.count == 1)
        #expect(summary.warnings[0].hasSuffix(
            "allfields-en.csv:8, column 5 (Status): unknown status 'Parked' read as todo (map it with --status-map FILE: a line 'Parked,done')"))
        let items = try store.rows("""
            SELECT key, title, status, original_status, kind, project, created_at, resolved_at, updated_at, due_at,
                assignees, has_acceptance, description_length, description FROM work_item ORDER BY item_id
            """)
        #expect(items.map { $0["key"]! } == ["jira:work_item:PROJ-1", "jira:work_item:PROJ-2", "jira:work_item:PROJ-3",
                                             "jira:work_item:PROJ-4"])
        #expect(items.map { $0["status"]! } == ["done", "in_progress", "cancelled", "todo"])
        #expect(items.map { $0["original_status"]! } == ["Done", "In Progress", "Won't Do", "Parked"])
        #expect(items.map { $0["kind"]! } == ["Bug", "Story", "Task", "Task"])
        #expect(items.map { $0["assignees"]! } == ["jira:alice", "-", "jira:dave", "jira:alice"])
        // 12/Mar/24 3:15 PM in Berlin (CET) and 2024-03-12 15:15: the same instant.
        #expect(items[0]["created_at"] == String(instant("2024-03-12T14:15:00Z")))
        #expect(items[1]["created_at"] == String(instant("2024-03-12T14:15:00Z")))
        #expect(items[0]["resolved_at"] == String(instant("2024-03-14T08:00:00Z")))
        #expect(items[0]["updated_at"] == String(instant("2024-03-14T08:00:00Z")))
        #expect(items[0]["due_at"] == "20/Mar/24")
        // The acceptance criteria live in a custom field: they count as description text (given/when/then).
        #expect(items.map { $0["has_acceptance"]! } == ["1", "0", "0", "0"])
        #expect(items[0]["description_length"] == "179")
        #expect(items[0]["description"] == "-", "no text without --keep-text")
        // The description is the root of the issue's thread; the comments (date;author;body) are its replies,
        // a body holding ';' kept whole; the comment without an author is skipped and counted.
        let messages = try store.rows("""
            SELECT c.name AS channel, c.kind, m.message_id, m.thread_id, m.sent_at, i.reference AS author, m.is_question,
                m.source FROM message m JOIN channel c ON c.id = m.channel_id JOIN identity i ON i.id = m.author_id
            ORDER BY m.sent_at, m.message_id
            """)
        #expect(messages.map { $0["message_id"]! } == ["PROJ-3", "PROJ-4", "PROJ-1", "PROJ-2", "PROJ-1/comment-1",
                                                       "PROJ-1/comment-2"])
        #expect(Set(messages.map { $0["channel"]! }) == ["PROJ"])
        #expect(Set(messages.map { $0["kind"]! }) == ["public"])
        #expect(Set(messages.map { $0["source"]! }) == ["jira"])
        #expect(messages[4]["thread_id"] == "PROJ-1")
        #expect(messages[4]["author"] == "jira:alice")
        #expect(messages[4]["is_question"] == "1")
        #expect(messages[4]["sent_at"] == String(instant("2024-03-12T15:00:00Z")))
        #expect(messages[5]["author"] == "jira:bob")
        #expect(try store.column("SELECT length FROM message WHERE message_id = 'PROJ-1/comment-2'") == ["20"])
    }

    @Test func reimportingTheSameFileChangesNothing() throws {
        let store = try TrackerStore(); defer { store.cleanUp() }
        let url = trackerFixture("jira", "allfields-en.csv")
        _ = try store.run(JiraCSVImporter(timeZone: berlin), url)
        let before = try storeSnapshot(store.store).filter { $0.key != "import_run" }
        let again = try store.run(JiraCSVImporter(timeZone: berlin), url)
        #expect(again.inserted == 0 && again.updated == 0 && again.unchanged == 4)
        #expect(again.entities[.message] == EntityCounts(inserted: 0, updated: 0, unchanged: 6))
        #expect(try storeSnapshot(store.store).filter { $0.key != "import_run" } == before)
    }

    @Test func keepsTheTextsOnlyWithKeepText() throws {
        let store = try TrackerStore(); defer { store.cleanUp() }
        _ = try store.run(JiraCSVImporter(timeZone: berlin), trackerFixture("jira", "allfields-en.csv"), keepText: true)
        #expect(try store.column("SELECT text FROM message WHERE message_id = 'PROJ-1/comment-2'") == ["Attached; see line 3"])
        let description = try store.column("SELECT description FROM work_item WHERE item_id = 'PROJ-1'")[0]
        #expect(description.hasPrefix("Users who sign in with SSO get a blank page."))
        #expect(description.hasSuffix("Given an SSO user\r\nwhen they sign in\r\nthen they see the dashboard"))
    }

    @Test func theStatusMapOverridesTheMapping() throws {
        let store = try TrackerStore(); defer { store.cleanUp() }
        let statuses = try StatusMapping(file: trackerFixture("jira", "status-map.csv"))
        let summary = try store.run(JiraCSVImporter(timeZone: berlin, statuses: statuses), trackerFixture("jira", "allfields-en.csv"))
        #expect(summary.warnings.isEmpty)
        #expect(try store.column("SELECT status || ' ' || original_status FROM work_item WHERE item_id = 'PROJ-4'")
            == ["cancelled Parked"])
    }

    @Test func readsFrenchHeadersDatesAndStatusesThroughTheTable() throws {
        let store = try TrackerStore(); defer { store.cleanUp() }
        let summary = try store.run(JiraCSVImporter(timeZone: berlin), trackerFixture("jira", "french.csv"))
        #expect(summary.warnings.isEmpty)
        let items = try store.rows("""
            SELECT item_id, title, status, original_status, kind, created_at, updated_at, resolved_at, assignees, has_acceptance
            FROM work_item ORDER BY item_id
            """)
        #expect(items.map { $0["title"]! } == ["Migration de l'OCR", "Éditeur de texte", "Page d'accueil"])
        #expect(items.map { $0["status"]! } == ["done", "in_progress", "todo"])
        #expect(items.map { $0["original_status"]! } == ["Terminé", "En cours", "A faire"])
        #expect(items.map { $0["kind"]! } == ["Tâche", "Bogue", "Amélioration"])
        #expect(items.map { $0["assignees"]! } == ["jira:jdupont", "jira:mmartin", "-"])
        #expect(items[0]["created_at"] == String(instant("2016-10-10T09:54:00Z")))   // 10/oct./16 11:54 AM, CEST
        #expect(items[0]["updated_at"] == String(instant("2016-11-05T23:00:00Z")))   // 06/nov./16, CET
        #expect(items[0]["resolved_at"] == String(instant("2016-10-12T07:30:00Z")))
        #expect(items[1]["created_at"] == String(instant("2016-02-03T13:05:00Z")))   // 03/févr./16 2:05 PM
        #expect(items[2]["created_at"] == String(instant("2015-08-05T22:00:00Z")))   // 06/août/15
        #expect(items.map { $0["has_acceptance"]! } == ["1", "0", "0"])              // a checklist in Descriptif
        #expect(try store.column("SELECT message_id FROM message ORDER BY message_id")
            == ["FR-1", "FR-1/comment-1", "FR-1/comment-2", "FR-2", "FR-3"])
    }

    @Test func readsEveryDateFormJiraWrites() throws {
        let store = try TrackerStore(); defer { store.cleanUp() }
        _ = try store.run(JiraCSVImporter(timeZone: berlin), trackerFixture("jira", "dates.csv"))
        let created = try store.column("SELECT created_at FROM work_item ORDER BY id")
        let march = String(instant("2024-03-12T14:15:00Z"))
        #expect(created == [
            march, march, march, march, march,                  // 12/Mar/24 3:15 PM, 15:15, ISO local, ISO offset, Excel
            String(instant("2016-10-10T09:54:00Z")),            // 10/oct./16 11:54 AM
            String(instant("2015-08-05T22:00:00Z")),            // 06/août/15
            march,                                              // 12/Mar/2024 3:15 pm
            String(instant("2017-02-16T14:26:00Z")),            // 02/16/2017 15:26: month first, since 16 > 12
            String(instant("2016-10-10T09:54:44.723Z")),        // 2016-10-10 11:54:44.723
            String(instant("2026-03-29T01:30:00Z")),            // 02:30 in the spring-forward gap: moved to 03:30 CEST
        ])
    }

    @Test func withoutATimezoneTheFileIsRefusedNamingTheOption() throws {
        // Jira's dates carry no offset: without --timezone they would be a guess (metrics section 0).
        let store = try TrackerStore(); defer { store.cleanUp() }
        let errors = store.errors(JiraCSVImporter(), trackerFixture("jira", "dates.csv"))
        #expect(errors.count == 1)
        #expect(errors.first?.hasSuffix("dates.csv:1: Jira writes its dates without an offset, in the time zone of the user "
            + "who exported, and no --timezone names it. Fix: pass --timezone ZONE, such as --timezone Europe/Berlin "
            + "(--timezone UTC if the export was made in UTC).") == true, "\(errors)")
        #expect(try store.column("SELECT count(*) FROM work_item") == ["0"])
        // With UTC named, an offset written in the date is used whatever the zone.
        _ = try store.run(JiraCSVImporter(timeZone: TimeZone(identifier: "UTC")), trackerFixture("jira", "dates.csv"))
        #expect(try store.column("SELECT created_at FROM work_item WHERE item_id = 'D-1'") == [String(instant("2024-03-12T15:15:00Z"))])
        #expect(try store.column("SELECT created_at FROM work_item WHERE item_id = 'D-4'") == [String(instant("2024-03-12T14:15:00Z"))])
    }

    @Test func theDateFormatOptionReadsAnotherForm() throws {
        let store = try TrackerStore(); defer { store.cleanUp() }
        let url = trackerFixture("jira", "date-format.csv")
        #expect(store.errors(JiraCSVImporter(timeZone: berlin), url) == [
            "\(url.path):2, column 3 (Created): '2024.03.12 15h15' is not a date Jira writes. Fix: dates read are like "
                + "12/Mar/24 3:15 PM, 10/oct./16 11:54 AM, 06/août/15, 2024-03-12 15:15 or 16/02/2017 15:26; pass "
                + "--date-format PATTERN (such as 'dd.MM.yy HH:mm') for another form.",
        ])
        _ = try store.run(JiraCSVImporter(timeZone: berlin, dateFormat: "yyyy.MM.dd HH'h'mm"), url)
        #expect(try store.column("SELECT created_at FROM work_item") == [String(instant("2024-03-12T14:15:00Z"))])
    }

    @Test func aDoneStatusWithACancellingResolutionIsCancelled() throws {
        let store = try TrackerStore(); defer { store.cleanUp() }
        _ = try store.run(JiraCSVImporter(timeZone: berlin), trackerFixture("jira", "resolution.csv"))
        #expect(try store.column("SELECT status || ' ' || original_status FROM work_item ORDER BY item_id")
            == ["done Closed", "cancelled Closed", "cancelled Resolved", "todo Open"])
    }

    @Test func usesAccountIdsAndTheStatusCategoryOfACloudExport() throws {
        let store = try TrackerStore(); defer { store.cleanUp() }
        let summary = try store.run(JiraCSVImporter(timeZone: berlin), trackerFixture("jira", "cloud.csv"))
        #expect(summary.warnings.isEmpty, "an unknown status with a category is mapped by the category")
        #expect(try store.column("SELECT status || '|' || original_status || '|' || assignees FROM work_item ORDER BY item_id")
            == ["in_progress|Waiting for vendor|jira:712020:aa11", "done|Shipped to prod|jira:712020:aa11"])
        #expect(try store.column("SELECT i.reference FROM work_item w JOIN identity i ON i.id = w.reporter_id LIMIT 1")
            == ["jira:712020:bb22"])
    }

    @Test func reportsDamagedRowsWithTheirLineAndWritesNothing() throws {
        let store = try TrackerStore(); defer { store.cleanUp() }
        let before = try storeSnapshot(store.store)
        let url = trackerFixture("jira", "shifted.csv")
        let prefix = "the cells of this row are shifted or split (a damaged export): "
        let fix = ". Fix: export the issues again from Jira, or move this row's cells back under their headers."
        #expect(store.errors(JiraCSVImporter(timeZone: berlin), url) == [
            "\(url.path):3, column 4 (Log Work): \(prefix)column 4 holds 'Fixed it', not a work log 'comment;date;author;seconds'\(fix)",
            "\(url.path):4, column 8: \(prefix)column 8 holds 'Not started', under no header\(fix)",
            "\(url.path):5, column 6 (Comment): \(prefix)column 6 holds '12/Mar/24 4:00 PM', not a comment 'date;author;body'\(fix)",
        ])
        #expect(try storeSnapshot(store.store) == before)
    }

    @Test func aMissingKeyColumnIsAnErrorNamingIt() throws {
        let store = try TrackerStore(); defer { store.cleanUp() }
        let url = trackerFixture("jira", "missing-key.csv")
        #expect(store.errors(JiraCSVImporter(timeZone: berlin), url) == [
            "\(url.path):1, column Issue key: the required column 'Issue key' is missing (columns found: Summary, Issue id, "
                + "Created). Fix: export the issues again with Export > CSV (all fields), or add the column 'Issue key'.",
        ])
        #expect(try storeCounts(store.store)["work_item"] == 0)
    }

    @Test func anUnparseableDateIsAnErrorAtItsCellAndNothingIsWritten() throws {
        let store = try TrackerStore(); defer { store.cleanUp() }
        let url = trackerFixture("jira", "bad-date.csv")
        let errors = store.errors(JiraCSVImporter(timeZone: berlin), url)
        #expect(errors.count == 1)
        #expect(errors.first?.hasPrefix("\(url.path):3, column 3 (Created): 'yesterday' is not a date Jira writes. Fix: ") == true)
        #expect(try storeCounts(store.store)["work_item"] == 0, "the good row before it is not half-written")
    }

    @Test func recognisesJiraCSVByItsHeaderInAnyLocale() throws {
        for name in ["allfields-en.csv", "french.csv", "cloud.csv", "shifted.csv"] {
            let found = try ImportFormats.recognise(trackerFixture("jira", name), options: ImportOptions(timeZone: berlin))
            #expect(found.importer.format.id == "jira-csv", "\(name)")
            #expect(found.reason == "Jira CSV (by its header)")
            #expect((found.importer as? JiraCSVImporter)?.timeZone == berlin)
        }
    }
}

@Suite struct JiraJSONImportTests {
    @Test func replaysAssigneeAndStatusChangesFromTheChangelog() throws {
        let store = try TrackerStore(); defer { store.cleanUp() }
        let summary = try store.run(JiraJSONImporter(), trackerFixture("jira", "search-page1.json"))
        #expect(summary.format == "jira-json")
        #expect(summary.recordsRead == 2)
        #expect(summary.entities[.workItemEvent] == EntityCounts(inserted: 5, updated: 0, unchanged: 0))
        let events = try store.rows("""
            SELECT w.item_id, e.at, e.field, e.from_value, e.to_value, i.reference AS actor FROM work_item_event e
            JOIN work_item w ON w.id = e.work_item_id LEFT JOIN identity i ON i.id = e.actor_id ORDER BY e.at, e.seq
            """)
        #expect(events.map { "\($0["item_id"]!) \($0["field"]!) \($0["from_value"]!) -> \($0["to_value"]!) by \($0["actor"]!)" } == [
            "DATA-1 assignee - -> jira:carol by jira:alice",
            "DATA-1 assignee jira:carol -> jira:bob by jira:carol",
            "DATA-1 status To Do -> In Progress by jira:carol",
            "DATA-1 status In Progress -> Done by jira:bob",
            // Terminé is read as done by the mapping; the event keeps the word the metrics read as done.
            "DATA-2 status À faire -> done by jira:carol",
        ])
        #expect(events[0]["at"] == String(instant("2024-03-12T14:20:00Z")))
        let items = try store.rows("SELECT item_id, status, original_status, kind, assignees, due_at, resolved_at, has_acceptance, has_url FROM work_item ORDER BY item_id")
        #expect(items.map { $0["status"]! } == ["done", "done"])
        #expect(items.map { $0["original_status"]! } == ["Done", "Terminé"])
        #expect(items.map { $0["kind"]! } == ["Task", "Story"])
        #expect(items.map { $0["assignees"]! } == ["jira:bob", "-"])
        #expect(items[0]["resolved_at"] == String(instant("2024-03-15T16:45:00Z")))
        #expect(items[1]["due_at"] == "2024-04-01")
        // The Acceptance Criteria custom field (named by the page's "names") and an Atlassian document's task
        // list count; the document's link is a URL.
        #expect(items.map { $0["has_acceptance"]! } == ["1", "1"])
        #expect(items.map { $0["has_url"]! } == ["0", "1"])
        #expect(try store.column("SELECT message_id || ' ' || ifnull(thread_id, '-') FROM message ORDER BY sent_at")
            == ["DATA-1 -", "DATA-1/comment-10001 DATA-1", "DATA-1/comment-10002 DATA-1", "DATA-2 -"])
    }

    @Test func anIssueInTwoPagesIsOneItemAndReimportingChangesNothing() throws {
        let store = try TrackerStore(); defer { store.cleanUp() }
        _ = try store.run(JiraJSONImporter(), trackerFixture("jira", "search-page1.json"))
        let second = try store.run(JiraJSONImporter(), trackerFixture("jira", "search-page2.json"))
        #expect(second.inserted == 1 && second.updated == 0 && second.unchanged == 1)
        #expect(second.entities[.workItemEvent] == EntityCounts(inserted: 0, updated: 0, unchanged: 4))
        #expect(second.warnings.count == 1)
        #expect(second.warnings[0].hasSuffix("search-page2.json: issues[0].fields.status.name: unknown status 'Parked' "
            + "read as todo (map it with --status-map FILE: a line 'Parked,done')"))
        let before = try storeSnapshot(store.store).filter { $0.key != "import_run" }
        // Both pages in one file (an array of pages): the same rows, nothing changed.
        let all = try store.run(JiraJSONImporter(), trackerFixture("jira", "search-pages.json"))
        #expect(all.recordsRead == 4)
        #expect(all.inserted == 0 && all.updated == 0 && all.unchanged == 4)
        #expect(try storeSnapshot(store.store).filter { $0.key != "import_run" } == before)
        #expect(try storeCounts(store.store)["work_item"] == 3)
        #expect(try storeCounts(store.store)["work_item_event"] == 5)
    }

    @Test func aBadTimestampNamesItsJSONPathAndNothingIsWritten() throws {
        let store = try TrackerStore(); defer { store.cleanUp() }
        let url = trackerFixture("jira", "bad-created.json")
        #expect(store.errors(JiraJSONImporter(), url) == [
            "\(url.path): issues[1].fields.created: bad timestamp '12/Mar/24 3:15 PM': \"12/Mar/24 3:15 PM\" is not a "
                + "timestamp (unexpected '/' at position 3); expected YYYY-MM-DD[T ]HH:MM[:SS[.fff]] with an offset (Z, "
                + "+02:00, +0200, +02), or a date YYYY-MM-DD. Fix: the exports write ISO 8601 with an offset, such as "
                + "2024-03-12T15:15:00.000+0100.",
        ])
        #expect(try storeCounts(store.store)["work_item"] == 0)
    }

    @Test func recognisesSearchResultsByTheirKeys() throws {
        for name in ["search-page1.json", "search-pages.json"] {
            let found = try ImportFormats.recognise(trackerFixture("jira", name), options: ImportOptions())
            #expect(found.importer.format.id == "jira-json", "\(name)")
        }
    }

    @Test func aChangelogCutShortIsReportedInAWarning() throws {
        let store = try TrackerStore(); defer { store.cleanUp() }
        let url = try store.folder.write("cut-changelog.json", """
            {"startAt": 0, "total": 1, "issues": [{"key": "CUT-1", "fields": {"summary": "Long history",
             "created": "2024-03-12T15:15:00.000+0100", "status": {"name": "Done"}},
             "changelog": {"startAt": 0, "maxResults": 1, "total": 130, "histories": [
               {"id": "1", "created": "2024-03-13T09:00:00.000+0100", "author": {"name": "ann"},
                "items": [{"field": "status", "fromString": "To Do", "toString": "Done"}]}]}}]}
            """)
        let summary = try store.run(JiraJSONImporter(), url)
        #expect(summary.warnings == ["\(url.path): issues[0].changelog: the changelog of CUT-1 holds 1 of its 130 changes: "
            + "the others are missing (fetch /rest/api/2/issue/CUT-1/changelog for all of them)"])
        #expect(summary.entities[.workItemEvent] == EntityCounts(inserted: 1))
    }

    @Test func invalidJSONIsAnErrorNamingTheFile() throws {
        let store = try TrackerStore(); defer { store.cleanUp() }
        let url = try store.folder.write("cut.json", "{\"issues\": [{\"key\": \"A-1\"")
        let errors = store.errors(JiraJSONImporter(), url)
        #expect(errors.count == 1)
        #expect(errors.first?.hasPrefix("\(url.path): the file is not valid JSON (") == true)
        #expect(errors.first?.hasSuffix("Fix: export the data again, or check that the file was not cut short.") == true)
    }
}
