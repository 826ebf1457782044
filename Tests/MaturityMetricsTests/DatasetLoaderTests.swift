import Foundation
import GRDB
import MaturityCore
import MaturityImport
@testable import MaturityMetrics
import MaturityTestSupport
import Testing

@Suite struct DatasetLoaderTests {
    /// The loader reads the messages in one pass over the table, with no index and no sort in SQLite: at
    /// two million rows an index scan costs a table lookup per row (as slow as sorting, measured in
    /// BENCHMARKS.md) and the import would have to build the index. The loader sorts in memory instead.
    @Test func theMessageQueryScansTheTableWithoutSortingInSQLite() throws {
        let store = try Store(inMemory: ())
        let plan = try store.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + DatasetLoader.messageQuery).map { $0["detail"] as String }
        }
        #expect(plan == ["SCAN message"])
        #expect(!plan.contains { $0.contains("TEMP B-TREE") })
    }

    /// Messages come out by channel (in the order channels were created), then instant, then message id in
    /// code point order, whatever order the file had.
    @Test func messagesAreOrderedByChannelInstantAndId() throws {
        let folder = try TemporaryFolder(); defer { folder.cleanUp() }
        let file = try folder.write("messages.csv", """
            message_id,channel,author,sent_at,thread_id
            z,beta,p1,2026-03-02T09:00:00Z,
            é,alpha,p1,2026-03-02T10:00:00Z,
            b,alpha,p2,2026-03-02T10:00:00Z,
            Z,alpha,p1,2026-03-02T10:00:00Z,b
            a,alpha,p1,2026-03-02T11:00:00Z,
            y,beta,p2,2026-03-02T08:00:00Z,
            """)
        let store = try Store(path: folder.file("store.sqlite").path)
        _ = try CanonicalCSVImporter(kind: .messages).run(file, into: store)
        let dataset = try DatasetLoader.load(store)
        #expect(dataset.channels.map(\.name) == ["beta", "alpha"])
        #expect(dataset.messages.map { "\($0.channel)/\($0.messageId)" } == ["0/y", "0/z", "1/Z", "1/b", "1/é", "1/a"])
        #expect(dataset.channels.map(\.hasReplies) == [false, true])
        #expect(dataset.messages.map(\.author) == [1, 0, 0, 1, 0, 0])
    }

    /// A store holding the given people (display id and schedule columns), as the directory import leaves them.
    private func store(people: [(id: String, timezone: String?, start: String?, end: String?, days: String?)])
        throws -> Store
    {
        let store = try Store(inMemory: ())
        try store.dbQueue.write { db in
            for person in people {
                try db.execute(literal: """
                    INSERT INTO person (key, display_id, timezone, work_start, work_end, workdays)
                    VALUES (\("csv:person:" + person.id), \(person.id), \(person.timezone), \(person.start),
                        \(person.end), \(person.days))
                    """)
            }
        }
        return store
    }

    @Test func storedSchedulesApplyAndEmptyValuesAreTheOrganisations() throws {
        let dataset = try DatasetLoader.load(try store(people: [
            (id: "ana", timezone: "Asia/Kolkata", start: "10:00", end: "18:30", days: "Sun-Thu"),
            (id: "ben", timezone: nil, start: " ", end: nil, days: ""),
        ]))
        let ana = dataset.people[0].schedule
        #expect(ana.timeZone.identifier == "Asia/Kolkata")
        #expect(ana.start == 10 * 60)
        #expect(ana.end == 18 * 60 + 30)
        #expect(ana.workdays == [.sunday, .monday, .tuesday, .wednesday, .thursday])
        #expect(dataset.people[1].schedule == OrganisationSettings().schedule)
    }

    /// A stored schedule that does not parse (a zone this system does not know, a value put into the store by
    /// other means) stops the load with the person, the column, the problem and the fix; it never falls back
    /// to the organisation's schedule.
    @Test(arguments: [
        (("Mars/Olympus", "09:00", "17:00", "Mon-Fri"), "person ana has an invalid timezone in the store: unknown "
            + "time zone \"Mars/Olympus\": expected an IANA name such as Europe/Berlin (names are case-sensitive). "
            + "Fix: re-import the people directory with a valid timezone for ana (or an empty one, for the "
            + "organisation's)."),
        (("Europe/Berlin", "9:00", "17:00", "Mon-Fri"), "person ana has an invalid work_start in the store: "
            + "\"9:00\" is not a time of day: expected HH:MM from 00:00 to 24:00. Fix: re-import the people "
            + "directory with a valid work_start for ana (or an empty one, for the organisation's)."),
        ((nil, nil, "25:00", nil), "person ana has an invalid work_end in the store: \"25:00\" is out of range: "
            + "expected HH:MM from 00:00 to 24:00. Fix: re-import the people directory with a valid work_end for "
            + "ana (or an empty one, for the organisation's)."),
    ] as [((String?, String?, String?, String?), String)])
    func anInvalidStoredScheduleIsAnErrorNamingThePerson(
        columns: (timezone: String?, start: String?, end: String?, days: String?), message: String
    ) throws {
        let store = try store(people: [
            (id: "bea", timezone: nil, start: nil, end: nil, days: nil),
            (id: "ana", timezone: columns.timezone, start: columns.start, end: columns.end, days: columns.days),
        ])
        #expect {
            _ = try DatasetLoader.load(store)
        } throws: { error in
            "\(error)" == message
        }
    }

    @Test func invalidWorkdaysNameTheColumn() throws {
        let store = try store(people: [(id: "ana", timezone: nil, start: nil, end: nil, days: "Mon-Fry")])
        let error = try #require(throws: DatasetError.self) { try DatasetLoader.load(store) }
        switch error {
        case let .invalidSchedule(person, column, problem):
            #expect(person == "ana")
            #expect(column == "workdays")
            #expect(problem.contains("\"Fry\""))
        }
    }
}
