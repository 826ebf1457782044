import Foundation
import GRDB
import MaturityCore
import MaturityImport
import MaturityTestSupport
import Testing

private func fixture(_ name: String) -> URL {
    Bundle.module.url(forResource: "Fixtures/canonical/\(name)", withExtension: nil)!
}

private func importAll(into store: Store, order: [CanonicalKind] = CanonicalKind.allCases,
                       zone: TimeZone? = nil) throws -> [ImportSummary] {
    try order.map { kind in
        try CanonicalCSVImporter(kind: kind, timeZone: zone).run(fixture(kind.fileName), into: store)
    }
}

private func newStore(_ folder: TemporaryFolder) throws -> Store {
    try Store(path: folder.file("store.sqlite").path)
}

@Suite struct CanonicalImportTests {
    @Test func importsEveryFileOfTheFixtureCompany() throws {
        let folder = try TemporaryFolder(); defer { folder.cleanUp() }
        let store = try newStore(folder)
        let summaries = try importAll(into: store)
        #expect(summaries.map(\.rowsRead) == [3, 2, 2, 2, 5, 2, 5, 4])
        // people: 3 directory rows; messages create newbie@ (author) and nobody for @carol/@here tokens.
        let counts = try storeCounts(store)
        #expect(counts == ["person": 4, "identity": 10, "channel": 2, "message": 4, "work_item": 2,
                           "work_item_event": 3, "meeting": 1, "attendance": 4])
        // work-item events: the unknown item and the unknown field are skipped and counted.
        #expect(summaries[4].skipped == ["events naming an unknown work item": 1,
                                         "events with another field than assignee or status": 1])
        // meetings: the all-day row with bare dates is skipped without --timezone.
        #expect(summaries[5].skipped == ["all-day meetings without an offset (all-day events are never occurrences)": 1])
        // attendees: the unknown meeting is skipped; the unknown response warns.
        #expect(summaries[6].skipped == ["attendees naming an unknown meeting": 1])
        #expect(summaries[6].warnings.count == 1)
        #expect(summaries[6].warnings[0].hasSuffix("attendees.csv:6: unknown response 'maybe' read as needs_action"))
        // meetings.csv has an unknown column, reported once.
        #expect(summaries[5].warnings.count == 1)
        #expect(summaries[5].warnings[0].hasSuffix("meetings.csv: unknown column ignored: location"))
    }

    @Test func readsQuotedFieldsBOMAndCRLF() throws {
        let folder = try TemporaryFolder(); defer { folder.cleanUp() }
        let store = try newStore(folder)
        _ = try importAll(into: store)
        try store.read { db in
            // BOM + CRLF people file: the first column is person_id, not "\u{FEFF}person_id".
            let names = try String.fetchAll(db, sql: "SELECT name FROM person WHERE from_directory = 1 ORDER BY key")
            #expect(names == ["Jira Automation", "Anna Berger", "Okafor, Ben"])
            // the team is trimmed; the e-mail is stored lower-cased.
            let anna = try Row.fetchOne(db, sql: "SELECT team, email, timezone FROM person WHERE directory_id = 'p1'")!
            #expect(anna["team"] as String == "platform")
            #expect(anna["email"] as String == "anna.berger@example.com")
            // message m2: a quoted multi-line text with commas, quotes and an @p1 token; not stored without --keep-text.
            let m2 = try Row.fetchOne(db, sql: "SELECT text, mention_tokens, mentions, length, is_question FROM message WHERE message_id = 'm2'")!
            #expect((m2["text"] as String?) == nil)
            #expect(m2["mention_tokens"] as String == "p1")
            #expect(m2["mentions"] as String == "slack:U1")
            #expect(m2["length"] as Int == "Line one\nline two, with \"quotes\" @p1".unicodeScalars.count)
            #expect(m2["is_question"] as Bool == false)
            // m1: the only '?' outside the URL makes it a question; one URL.
            let m1 = try Row.fetchOne(db, sql: "SELECT is_question, url_count, sent_at FROM message WHERE message_id = 'm1'")!
            #expect(m1["is_question"] as Bool == true)
            #expect(m1["url_count"] as Int == 1)
            #expect(m1["sent_at"] as Int64 == 1_772_438_400_000)  // 2026-03-02T08:00:00Z
            // m3: fraction truncated to milliseconds.
            #expect(try Int64.fetchOne(db, sql: "SELECT sent_at FROM message WHERE message_id = 'm3'") == 1_772_445_600_123)
            // the first row of a channel fixes its kind: 'general' stays public though m4 says private.
            #expect(try String.fetchOne(db, sql: "SELECT kind FROM channel WHERE name = 'general'") == "public")
            #expect(try String.fetchOne(db, sql: "SELECT kind FROM channel WHERE name = 'dm-1'") == "direct")
        }
    }

    @Test func reimportingTheSameFilesChangesNothing() throws {
        let folder = try TemporaryFolder(); defer { folder.cleanUp() }
        let store = try newStore(folder)
        _ = try importAll(into: store)
        let before = try storeSnapshot(store).filter { $0.key != "import_run" }
        let again = try importAll(into: store)
        #expect(again.map(\.inserted) == [0, 0, 0, 0, 0, 0, 0, 0])
        #expect(again.map(\.updated) == [0, 0, 0, 0, 0, 0, 0, 0])
        // Time off and holidays (two rows each) are kept as they are: the same file gives the same rows.
        #expect(again.map(\.unchanged) == [3, 2, 2, 2, 3, 1, 4, 4])
        #expect(try storeSnapshot(store).filter { $0.key != "import_run" } == before)
    }

    @Test func aCorrectedFileUpdatesRowsInPlace() throws {
        let folder = try TemporaryFolder(); defer { folder.cleanUp() }
        let store = try newStore(folder)
        _ = try importAll(into: store)
        let original = try String(contentsOf: fixture("work_items.csv"), encoding: .utf8)
        let corrected = try folder.write("work_items.csv", original.replacingOccurrences(of: "In Review", with: "Won't Do"))
        let summary = try CanonicalCSVImporter(kind: .workItems).run(corrected, into: store)
        #expect(summary.inserted == 0)
        #expect(summary.updated == 1)
        #expect(summary.unchanged == 1)
        try store.read { db in
            let row = try Row.fetchOne(db, sql: "SELECT status, original_status FROM work_item WHERE item_id = 'PLAT-2'")!
            #expect(row["status"] as String == "cancelled")
            #expect(row["original_status"] as String == "Won't Do")
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM work_item") == 2)
        }
    }

    @Test func aDirectoryImportedLastStillMergesThePeopleTheMessagesCreated() throws {
        let folder = try TemporaryFolder(); defer { folder.cleanUp() }
        let store = try newStore(folder)
        _ = try importAll(into: store, order: [.messages, .workItems, .workItemEvents, .meetings, .attendees])
        // Before the directory: slack:U1, ben@example.com, p2, newbie@, p1 (assignee), slack:U2, plus ... are people.
        let beforePeople = try store.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM person") }
        #expect(beforePeople == 7)
        _ = try importAll(into: store, order: [.people])
        // slack:U1 and p1 merge into Anna; ben@, p2, slack:U2 into Ben; newbie@ stays; bot1 is new.
        try store.read { db in
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM person") == 4)
            let author = try String.fetchOne(db, sql: """
                SELECT p.display_id FROM message m JOIN identity i ON i.id = m.author_id JOIN person p ON p.id = i.person_id
                WHERE m.message_id = 'm1'
                """)
            #expect(author == "p1")
            let ben = try String.fetchAll(db, sql: """
                SELECT i.reference FROM identity i JOIN person p ON p.id = i.person_id WHERE p.directory_id = 'p2' ORDER BY 1
                """)
            #expect(ben == ["ben@example.com", "p2", "slack:U2"])
        }
        // The same store as importing in dependency order.
        let other = try TemporaryFolder(); defer { other.cleanUp() }
        let ordered = try newStore(other)
        _ = try importAll(into: ordered)
        #expect(try storeCounts(ordered) == storeCounts(store))
    }

    @Test func emailReferencesIgnoreCaseAndAliasesMerge() throws {
        let folder = try TemporaryFolder(); defer { folder.cleanUp() }
        let store = try newStore(folder)
        _ = try importAll(into: store)
        try store.read { db in
            // attendees: p2 and BEN@example.com are one person (two attendance rows, one person).
            let people = try String.fetchAll(db, sql: """
                SELECT DISTINCT p.display_id FROM attendance a JOIN identity i ON i.id = a.identity_id
                JOIN person p ON p.id = i.person_id ORDER BY 1
                """)
            #expect(people == ["bot1", "p1", "p2"])
            #expect(try Bool.fetchOne(db, sql: "SELECT is_bot FROM person WHERE directory_id = 'bot1'") == true)
        }
    }

    @Test func timestampsWithoutOffsetNeedATimeZone() throws {
        let folder = try TemporaryFolder(); defer { folder.cleanUp() }
        let store = try newStore(folder)
        let file = try folder.write("messages.csv", """
            message_id,channel,author,sent_at
            a,general,p1,2026-03-29 02:30
            """)
        #expect {
            try CanonicalCSVImporter(kind: .messages).run(file, into: store)
        } throws: { error in
            "\(error)".hasPrefix("\(file.path):2, column 4 (sent_at): bad timestamp '2026-03-29 02:30'")
                && "\(error)".hasSuffix("Fix: add an offset (2026-07-01T09:30:00+02:00) or pass --timezone ZONE to read local times.")
        }
        // With --timezone Europe/Berlin, 02:30 on the spring-forward night is 03:30 CEST = 01:30Z.
        let summary = try CanonicalCSVImporter(kind: .messages, timeZone: TimeZone(identifier: "Europe/Berlin"))
            .run(file, into: store)
        #expect(summary.inserted == 1)
        #expect(try store.read { db in try Int64.fetchOne(db, sql: "SELECT sent_at FROM message") } == 1_774_747_800_000)
    }

    @Test func repeatedIdsAreAnErrorNamingBothLines() throws {
        let folder = try TemporaryFolder(); defer { folder.cleanUp() }
        let store = try newStore(folder)
        let file = try folder.write("work_items.csv", """
            item_id,title,created_at
            A-1,One,2026-03-02T09:00:00Z
            A-2,Two,2026-03-02T09:00:00Z
            A-1,Again,2026-03-02T09:00:00Z
            """)
        #expect {
            try CanonicalCSVImporter(kind: .workItems).run(file, into: store)
        } throws: { error in
            "\(error)" == "\(file.path):4, column 1 (item_id): the item_id 'A-1' is repeated (first on line 2). "
                + "Fix: give every row its own item_id, or remove the duplicate row."
        }
        #expect(try storeCounts(store)["work_item"] == 0)
    }

    @Test func aReferenceClaimedByTwoDirectoryRowsIsAnError() throws {
        let folder = try TemporaryFolder(); defer { folder.cleanUp() }
        let store = try newStore(folder)
        let file = try folder.write("people.csv", """
            person_id,email,aliases
            p1,a@example.com,
            p2,b@example.com,A@Example.com
            """)
        #expect {
            try CanonicalCSVImporter(kind: .people).run(file, into: store)
        } throws: { error in
            "\(error)" == "\(file.path):3: the reference 'a@example.com' is claimed by two directory rows: "
                + "line 2 (person_id p1) and line 3 (person_id p2). Fix: keep the reference on one person only "
                + "(check e-mail and aliases)."
        }
    }
}

@Suite struct RepeatedRowsAndWarningsTests {
    @Test func aPersonListedTwiceUnderOneReferenceDeclinedOnlyIfEveryRowDeclined() throws {
        let folder = try TemporaryFolder(); defer { folder.cleanUp() }
        let store = try newStore(folder)
        let meetings = try folder.write("meetings.csv", """
            meeting_id,start,end,organizer
            a,2026-03-02T09:00:00Z,2026-03-02T10:00:00Z,p1
            b,2026-03-02T09:00:00Z,2026-03-02T10:00:00Z,p1
            c,2026-03-02T09:00:00Z,2026-03-02T10:00:00Z,p1
            """)
        try CanonicalCSVImporter(kind: .meetings).run(meetings, into: store)
        let attendees = try folder.write("attendees.csv", """
            meeting_id,person,response
            a,p2,accepted
            b,p2,declined
            c,p2,declined
            a,p2,declined
            b,p2,declined
            c,p2,tentative
            """)
        let summary = try CanonicalCSVImporter(kind: .attendees).run(attendees, into: store)
        #expect(summary.inserted == 3)
        let responses = try store.read { db in
            try String.fetchAll(db, sql: """
                SELECT m.meeting_id || ':' || a.response FROM attendance a JOIN meeting m ON m.id = a.meeting_id
                ORDER BY m.meeting_id
                """)
        }
        #expect(responses == ["a:accepted", "b:declined", "c:tentative"])
        // Importing the same file again changes nothing.
        let again = try CanonicalCSVImporter(kind: .attendees).run(attendees, into: store)
        #expect(again.inserted == 0 && again.updated == 0)
    }

    @Test func warningsBeyondAHundredAreCountedNotKept() throws {
        let folder = try TemporaryFolder(); defer { folder.cleanUp() }
        let store = try newStore(folder)
        var lines = ["message_id,channel,channel_kind,author,sent_at"]
        for i in 0..<150 { lines.append("m\(i),c\(i),weird,p1,2026-03-02T09:00:00Z") }
        let file = try folder.write("messages.csv", lines.joined(separator: "\n") + "\n")
        let summary = try CanonicalCSVImporter(kind: .messages).run(file, into: store)
        #expect(summary.inserted == 150)
        #expect(summary.warnings.count == 101)
        #expect(summary.warnings[0] == "\(file.path):2: unknown channel_kind 'weird' read as public")
        #expect(summary.warnings[100] == "… and 50 more warnings like these")
        #expect(summary.warningCount == 150)
        #expect(summary.line.hasSuffix(", 150 warnings"))
        let stored = try store.read { db in try Int.fetchOne(db, sql: "SELECT warning_count FROM import_run") }
        #expect(stored == 150)
        let kinds = try store.read { db in try String.fetchAll(db, sql: "SELECT DISTINCT kind FROM channel") }
        #expect(kinds == ["public"])
    }
}

/// Ids, channel names and references compare exactly, byte for byte: a precomposed `é` (NFC) and `e` with a
/// combining accent (NFD) are different names, as they are to SQLite (Swift's `String ==` would merge them).
@Suite struct ExactComparisonTests {
    static let nfc = "g\u{E9}n\u{E9}ral"
    static let nfd = "ge\u{301}ne\u{301}ral"

    @Test func channelNamesThatLookAlikeStayTwoChannels() throws {
        #expect(Self.nfc == Self.nfd)  // what Swift's String equality says: the reason for this test
        let folder = try TemporaryFolder(); defer { folder.cleanUp() }
        let store = try newStore(folder)
        let first = try folder.write("first.csv", """
            message_id,channel,author,sent_at
            m1,\(Self.nfc),jos\u{E9},2026-03-02T09:00:00Z
            m1,\(Self.nfd),jose\u{301},2026-03-02T09:01:00Z
            """)
        let summary = try CanonicalCSVImporter(kind: .messages).run(first, into: store)
        #expect(summary.inserted == 2)
        #expect(try storeCounts(store)["channel"] == 2)
        #expect(try storeCounts(store)["identity"] == 2)
        // Re-importing is a no-op, and a later file still imports (the unique index builds).
        let again = try CanonicalCSVImporter(kind: .messages).run(first, into: store)
        #expect(again.inserted == 0 && again.updated == 0 && again.unchanged == 2)
        let second = try folder.write("second.csv", """
            message_id,channel,author,sent_at
            m2,\(Self.nfd),jose\u{301},2026-03-02T10:00:00Z
            """)
        #expect(try CanonicalCSVImporter(kind: .messages).run(second, into: store).inserted == 1)
        let perChannel = try store.read { db in
            try Int.fetchAll(db, sql: "SELECT count(*) FROM message GROUP BY channel_id ORDER BY channel_id")
        }
        #expect(perChannel == [1, 2])
    }
}

/// Each kind of bad input: the exact error, and a store left exactly as it was.
@Suite struct BadInputTests {
    private func expectFailure(_ kind: CanonicalKind, _ contents: [UInt8], _ expected: (String) -> String) throws {
        let folder = try TemporaryFolder(); defer { folder.cleanUp() }
        let store = try newStore(folder)
        _ = try importAll(into: store)
        let before = try storeSnapshot(store)
        let file = try folder.write(kind.fileName, bytes: contents)
        var message = ""
        do {
            _ = try CanonicalCSVImporter(kind: kind).run(file, into: store)
        } catch {
            message = "\(error)"
        }
        #expect(message == expected(file.path))
        #expect(try storeSnapshot(store) == before)
    }

    @Test func wrongColumnCount() throws {
        try expectFailure(.messages, Array("""
            message_id,channel,author,sent_at
            x1,general,p1,2026-03-02T09:00:00Z
            x2,general,p1,2026-03-02T09:00:00Z,extra
            """.utf8)) { path in
            "\(path):3: expected 4 fields as in the header, found 5. Fix: quote fields that contain commas or line breaks, "
                + "and give every row the header's columns."
        }
    }

    @Test func badTimestamp() throws {
        try expectFailure(.messages, Array("""
            message_id,channel,author,sent_at
            x1,general,p1,2026-03-02T09:00:00Z
            x2,general,p1,"2026-W10-1"
            """.utf8)) { path in
            "\(path):3, column 4 (sent_at): bad timestamp '2026-W10-1': \(Self.timestampMessage("2026-W10-1")). "
                + "Fix: write it like 2026-07-01T09:30:00+02:00 or 2026-07-01 07:30:00Z."
        }
    }

    static func timestampMessage(_ value: String) -> String {
        do { _ = try Timestamp.parse(value, zone: nil); return "" } catch { return error.message }
    }

    @Test func unknownTimeZone() throws {
        try expectFailure(.people, Array("""
            person_id,timezone
            q1,Europe/Berlin
            q2,Europe/berlin
            """.utf8)) { path in
            "\(path):3, column 2 (timezone): unknown time zone 'Europe/berlin'. Fix: use an IANA zone name such as "
                + "Europe/Berlin or America/New_York (case matters)."
        }
    }

    @Test func missingRequiredColumn() throws {
        try expectFailure(.messages, Array("""
            message_id, Channel ,sent_at
            x1,general,2026-03-02T09:00:00Z
            """.utf8)) { path in
            "\(path):1, column author: the required column 'author' is missing (columns found: message_id, Channel, "
                + "sent_at). Fix: add a 'author' column to the header of this messages.csv file."
        }
    }

    @Test func invalidUTF8() throws {
        var bytes = Array("message_id,channel,author,sent_at,text\nx1,general,p1,2026-03-02T09:00:00Z,caf".utf8)
        bytes += [0xE9]  // Latin-1 é
        bytes += Array("\n".utf8)
        try expectFailure(.messages, bytes) { path in
            "\(path):2, column 5: the field is not valid UTF-8. Fix: save the file as UTF-8 (for example with "
                + "iconv -f LATIN1 -t UTF-8)."
        }
    }

    @Test func aQuoteInsideAnUnquotedField() throws {
        try expectFailure(.messages, Array("""
            message_id,channel,author,sent_at
            x1,gen"eral,p1,2026-03-02T09:00:00Z
            """.utf8)) { path in
            "\(path):2, column 2: malformed CSV: a quote inside an unquoted field, or text after a closing quote. "
                + "Fix: quote the whole field and double the quotes inside it (RFC 4180)."
        }
    }

    @Test func anEmptyFile() throws {
        try expectFailure(.messages, []) { path in
            "\(path):1: the file is empty: no header row. Fix: start the file with the header row of messages.csv."
        }
    }

    @Test func anEmptyRequiredValue() throws {
        try expectFailure(.messages, Array("""
            message_id,channel,author,sent_at
            x1, ,p1,2026-03-02T09:00:00Z
            """.utf8)) { path in
            "\(path):2, column 2 (channel): the required value 'channel' is empty. Fix: fill in 'channel' on this "
                + "row or remove the row."
        }
    }

    @Test func workingHoursThatAreNotATimeOfDay() throws {
        try expectFailure(.people, Array("""
            person_id,work_start
            q1,9am
            """.utf8)) { path in
            "\(path):2, column 2 (work_start): '9am' is not a time of day. Fix: write HH:MM between 00:00 and "
                + "24:00, like 09:00."
        }
    }

    @Test func unterminatedQuoteNamesTheLineAndColumnWhereTheQuoteOpened() throws {
        try expectFailure(.messages, Array("""
            message_id,channel,author,sent_at,text
            x1,general,p1,2026-03-02T09:00:00Z,"fine
            still fine"
            x2,general,p1,2026-03-02T09:00:00Z,"never closed
            """.utf8)) { path in
            "\(path):4, column 5: a quoted field is not closed before the end of the file. Fix: close the quote (a literal quote "
                + "inside a quoted field is written \"\")."
        }
    }

    @Test func lineNumbersCountLinesInsideQuotedFields() throws {
        try expectFailure(.messages, Array("""
            message_id,channel,author,sent_at,text
            x1,general,p1,2026-03-02T09:00:00Z,"one
            two
            three"
            x2,general,p1,yesterday,plain
            """.utf8)) { path in
            "\(path):5, column 4 (sent_at): bad timestamp 'yesterday': \(Self.timestampMessage("yesterday")). "
                + "Fix: write it like 2026-07-01T09:30:00+02:00 or 2026-07-01 07:30:00Z."
        }
    }
}

/// `due_at`: a bare date needs no zone; anything else follows the timestamp rules; other text is an error.
@Suite struct DueDateTests {
    private func importItems(_ rows: [String], zone: TimeZone? = nil) throws -> (Store, Result<ImportSummary, Error>, URL, TemporaryFolder) {
        let folder = try TemporaryFolder()
        let store = try Store(path: folder.file("store.sqlite").path)
        let file = try folder.write("work_items.csv", (["item_id,title,created_at,due_at"] + rows).joined(separator: "\n") + "\n")
        let result = Result { try CanonicalCSVImporter(kind: .workItems, timeZone: zone).run(file, into: store) }
        return (store, result, file, folder)
    }

    @Test func bareDatesAndTimestampsWithOffsetsAreDueDates() throws {
        let (store, result, _, folder) = try importItems([
            "A,a,2026-03-02T09:00:00Z,2026-07-01", "B,b,2026-03-02T09:00:00Z,2026-07-01T17:00:00+02:00",
            "C,c,2026-03-02T09:00:00Z,",
        ])
        defer { folder.cleanUp() }
        #expect(try result.get().inserted == 3)
        let due = try store.read { db in try String?.fetchAll(db, sql: "SELECT due_at FROM work_item ORDER BY item_id") }
        #expect(due == ["2026-07-01", "2026-07-01T17:00:00+02:00", nil])
    }

    @Test func textThatIsNoDateAndALocalTimeWithoutAZoneAreErrors() throws {
        let (store, result, file, folder) = try importItems([
            "A,a,2026-03-02T09:00:00Z,soon", "B,b,2026-03-02T09:00:00Z,2026-07-01 17:00",
        ])
        defer { folder.cleanUp() }
        guard case .failure(let error) = result else { Issue.record("imported"); return }
        let text = "\(error)"
        #expect(text.contains("\(file.path):2, column 4 (due_at): bad due date 'soon'"))
        #expect(text.contains("Fix: write a date like 2026-07-01 or a timestamp like 2026-07-01T17:00:00+02:00."))
        #expect(text.contains("\(file.path):3, column 4 (due_at): bad due date '2026-07-01 17:00'"))
        #expect(text.contains("Fix: write the date alone (2026-07-01), add an offset, or pass --timezone ZONE."))
        #expect(try storeCounts(store)["work_item"] == 0)
        // With --timezone the local time is read.
        let (_, again, _, other) = try importItems(["B,b,2026-03-02T09:00:00Z,2026-07-01 17:00"],
                                                   zone: TimeZone(identifier: "Europe/Berlin"))
        defer { other.cleanUp() }
        #expect(try again.get().inserted == 1)
    }
}
