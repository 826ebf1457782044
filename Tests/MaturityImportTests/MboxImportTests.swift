import Foundation
import GRDB
import MaturityCore
@testable import MaturityImport
import MaturityTestSupport
import Testing

private func mboxFixture(_ name: String) -> URL {
    Bundle.module.url(forResource: "Fixtures/mbox/\(name)", withExtension: nil)!
}

private func newStore(_ folder: TemporaryFolder) throws -> Store {
    try Store(path: folder.file("store.sqlite").path)
}

private func importMbox(_ name: String, list: Bool = false, keepText: Bool = false, into store: Store) throws
    -> ImportSummary
{
    try ImportSession(store: store, keepText: keepText).run(MboxImporter(list: list), path: mboxFixture(name))
}

/// `id author sent_at thread mentions` of every message of the store, in channel order.
private func rows(_ store: Store) throws -> [String] {
    try storedMessages(store).map {
        "\($0.id) \($0.author) \($0.sentAt) \($0.thread ?? "-") \($0.mentions ?? "-")"
    }
}

private func channels(_ store: Store) throws -> [String] {
    try store.read { db in
        try Row.fetchAll(db, sql: "SELECT key, name, kind FROM channel ORDER BY key").map { "\($0[0] as String) \($0[1] as String) \($0[2] as String)" }
    }
}

private func people(_ store: Store) throws -> [String] {
    try store.read { db in
        try Row.fetchAll(db, sql: "SELECT display_id, name, is_bot FROM person ORDER BY display_id").map {
            "\($0[0] as String) \($0[1] as String? ?? "-") bot \($0[2] as Int)"
        }
    }
}

@Suite struct MboxImportTests {
    @Test func fromLinesQuotingFoldingEncodedWordsAndDatesWithTheirFallback() throws {
        let folder = try TemporaryFolder(); defer { folder.cleanUp() }
        let store = try newStore(folder)
        let summary = try importMbox("separators.mbox", keepText: true, into: store)
        #expect(summary.line == "mbox separators.mbox: 4 messages read, 4 inserted, 0 updated, 0 unchanged, "
            + "people 4 created, channels 1 created")
        #expect(summary.notes == ["mbox, personal mailbox (private channel 'separators.mbox'); "
            + "2 dated by their From line (read as UTC); 1 threads"])
        // +0100, a two-digit year with EST, no Date (From line), an unreadable Date (From line).
        #expect(try rows(store) == [
            "m1@example.com anna@example.com 1772442000000 - ben@example.com",
            "m2@example.com ben@example.com 1772454600000 m1@example.com anna@example.com",
            "m3@example.com cara@example.com 1772525700000 - anna@example.com;ben@example.com",
            "m4@example.com dan@example.com 1772531100000 - anna@example.com",
        ])
        // `>From ` quoting undone one level; RFC 2047 names, `a@b (Name)`; people by address, lower-cased.
        let text = try store.read { db in try String.fetchOne(db, sql: "SELECT text FROM message WHERE message_id = 'm1@example.com'") }
        #expect(text == "Can you check the plan?\nFrom the start, it was late.\n>From quoted twice.")
        #expect(try people(store) == ["anna@example.com Anna Börg bot 0", "ben@example.com Ben Ode bot 0",
                                      "cara@example.com Cara Lind bot 0", "dan@example.com Dan bot 0"])
        #expect(try channels(store) == ["mbox:channel:separators.mbox separators.mbox private"])
        #expect(Set(try storedMessages(store).map(\.source)) == ["mbox:separators.mbox"])
    }

    @Test func pipermailAtAddressesAsctimeDatesAndANonASCIIFromLine() throws {
        let folder = try TemporaryFolder(); defer { folder.cleanUp() }
        let store = try newStore(folder)
        _ = try importMbox("pipermail.txt", into: store)
        // The third message's From line holds a Latin-1 byte (é): still a separator.
        #expect(try rows(store) == ["p1@example.com anna@example.com 1772445600000 - -",
                                    "p2@example.com ben@example.com 1772449200000 p1@example.com -",
                                    "p3@example.com rene@example.com 1772452800000 p1@example.com -"])
        #expect(try channels(store) == ["mbox:channel:pipermail.txt pipermail.txt public"])
        #expect(try people(store) == ["anna@example.com Anna Berg bot 0", "ben@example.com Ben Ode bot 0",
                                      "rene@example.com Rene bot 0"])
    }

    @Test func listservOneFromLineForAllLowerCaseHeadersAndBareIds() throws {
        let folder = try TemporaryFolder(); defer { folder.cleanUp() }
        let store = try newStore(folder)
        _ = try importMbox("listserv.mbox", into: store)
        #expect(try rows(store) == ["L1@MAIL.EXAMPLE.COM anna.berg@example.com 1772704800000 - -",
                                    "L2@MAIL.EXAMPLE.COM ben@example.com 1772708400000 L1@MAIL.EXAMPLE.COM -"])
        #expect(try channels(store) == ["mbox:channel:dev-list@lists.example.org dev-list@lists.example.org public"])
        #expect(try people(store) == ["anna.berg@example.com Berg, Anna bot 0", "ben@example.com Ben Ode bot 0"])
    }

    @Test func mmdfSeparatorsAndTheLastReference() throws {
        let folder = try TemporaryFolder(); defer { folder.cleanUp() }
        let store = try newStore(folder)
        _ = try importMbox("mmdf.mmdf", into: store)
        #expect(try rows(store) == ["d1@example.com anna@example.com 1772787600000 - ben@example.com",
                                    "d2@example.com ben@example.com 1772791200000 d1@example.com anna@example.com"])
    }

    @Test func concatenatedMessagesWithoutFromLinesStartAtTheirHeaderBlock() throws {
        let folder = try TemporaryFolder(); defer { folder.cleanUp() }
        let store = try newStore(folder)
        let summary = try importMbox("concatenated.mbox", keepText: true, into: store)
        #expect(summary.recordsRead == 2)
        let all = try storedMessages(store)
        #expect(all.map(\.author) == ["anna@example.com", "ben@example.com"])
        #expect(all.map(\.sentAt) == [1_772_874_000_000, 1_772_877_600_000])
        // No Message-ID: a stable id from sender, date and subject; the reply threads by subject (RE:).
        #expect(all[0].id.hasPrefix("no-message-id-") && all[1].thread == all[0].id)
        let text = try store.read { db in try String.fetchOne(db, sql: "SELECT text FROM message ORDER BY sent_at") }
        #expect(text == "Please review.\n\nNote: this line looks like a header but is body text.\n"
            + "And so does the rest of this paragraph.")
        let again = try importMbox("concatenated.mbox", into: store)
        #expect(again.inserted == 0 && again.updated == 2)  // the text is dropped without --keep-text
    }

    @Test func takeoutThreadsByGmailThreadIdSkipsSpamAndMergesDuplicates() throws {
        let folder = try TemporaryFolder(); defer { folder.cleanUp() }
        let store = try newStore(folder)
        let summary = try importMbox("takeout.mbox", into: store)
        #expect(summary.line == "mbox takeout.mbox: 4 messages read, 2 inserted, 0 updated, 0 unchanged, 2 skipped "
            + "(1 Takeout messages labelled Spam or Trash; 1 repeated Message-ID (one message)), people 2 created, "
            + "channels 1 created")
        // The second message has another subject and no In-Reply-To: X-GM-THRID makes it a reply.
        #expect(try rows(store) == ["t1@example.com ben@example.com 1773046800000 - anna@example.com",
                                    "t2@example.com anna@example.com 1773048600000 t1@example.com ben@example.com"])
        #expect(try channels(store) == ["mbox:channel:takeout.mbox takeout.mbox private"])
    }

    @Test func threadingListChannelMentionsAndBots() throws {
        let folder = try TemporaryFolder(); defer { folder.cleanUp() }
        let store = try newStore(folder)
        let summary = try importMbox("threading.mbox", into: store)
        #expect(summary.notes == ["mbox, mailing-list archive (public channel 'dev@lists.example.org'); "
            + "3 auto-generated (bot); 1 threads"])
        // In-Reply-To; the last References entry (the first is elsewhere); the subject without AW:, SV:, Fwd:,
        // [dev] and case; an unknown parent makes a root. To the list only: no mention (a thread request); To a
        // person: a mention; Cc: none. An upper-case address is the same person.
        #expect(try rows(store) == [
            "r1@example.com anna@example.com 1773133200000 - -",
            "r2@example.com ben@example.com 1773133800000 r1@example.com anna@example.com",
            "r3@example.com cara@example.com 1773134400000 r1@example.com -",
            "r4@example.com dan@example.com 1773135000000 r1@example.com -",
            "r5@example.com anna@example.com 1773136800000 - -",
            "r6@example.com mbox:auto:ben@example.com 1773140400000 - -",
            "r7@example.com noreply@ci.example 1773144000000 - -",
            "r8@example.com mbox:auto:digest@news.example 1773147600000 - -",
        ])
        #expect(try channels(store) == ["mbox:channel:dev@lists.example.org dev@lists.example.org public"])
        // Auto-generated mail: an auto-reply from a person is a bot identity of its own (the person stays one);
        // a noreply sender and bulk mail without a name are bots.
        #expect(try people(store) == [
            "anna@example.com Anna Berg bot 0", "ben@example.com Ben Ode bot 0", "cara@example.com Cara Lind bot 0",
            "dan@example.com Dan Eriksson bot 0", "mbox:auto:ben@example.com Ben Ode (auto-generated) bot 1",
            "mbox:auto:digest@news.example - bot 1", "noreply@ci.example CI bot 1",
        ])
    }

    @Test func theListFlagMakesAPersonalMailboxAPublicChannel() throws {
        let folder = try TemporaryFolder(); defer { folder.cleanUp() }
        let store = try newStore(folder)
        _ = try importMbox("mmdf.mmdf", list: true, into: store)
        #expect(try channels(store) == ["mbox:channel:mmdf.mmdf mmdf.mmdf public"])
    }

    @Test func mailPeopleMergeWithTheDirectoryByAddressIgnoringCase() throws {
        let folder = try TemporaryFolder(); defer { folder.cleanUp() }
        let store = try newStore(folder)
        let directory = try folder.write("people.csv", "person_id,name,email,team\nanna,Anna,Anna@Example.COM,core\n")
        _ = try CanonicalCSVImporter(kind: .people, timeZone: nil).run(directory, into: store)
        _ = try importMbox("threading.mbox", into: store)
        let count = try store.read { db in
            try Int.fetchOne(db, sql: """
                SELECT count(*) FROM message m JOIN identity i ON i.id = m.author_id JOIN person p ON p.id = i.person_id
                WHERE p.directory_id = 'anna'
                """)
        }
        #expect(count == 2)
        // The directory keeps its name; the mail's display name is not forced on it.
        #expect(try store.read { db in try String.fetchOne(db, sql: "SELECT name FROM person WHERE directory_id = 'anna'") } == "Anna")
    }

    @Test func everyLayoutIsRecognisedByContent() throws {
        for name in ["separators.mbox", "pipermail.txt", "listserv.mbox", "mmdf.mmdf", "concatenated.mbox",
                     "takeout.mbox", "threading.mbox"] {
            let found = try ImportFormats.recognise(mboxFixture(name), options: ImportOptions())
            #expect(found.importer.format.id == "mbox", "\(name)")
        }
        #expect(!MboxRecogniser.looksLikeMail(Data("person_id,name\np1,Ann\n".utf8)))
        #expect(!MboxRecogniser.looksLikeMail(Data("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n".utf8)))
    }

    @Test func aFileWithNoMessageIsAnError() throws {
        let folder = try TemporaryFolder(); defer { folder.cleanUp() }
        let store = try newStore(folder)
        let empty = try folder.write("empty.mbox", "\n\n")
        #expect {
            _ = try ImportSession(store: store).run(MboxImporter(), path: empty)
        } throws: { error in
            "\(error)" == "\(empty.path): the file holds no mail message. Fix: name an mbox file (messages separated "
                + "by 'From ' lines) or a mail archive."
        }
    }
}

@Suite struct MailDecodingTests {
    @Test func encodedWords() {
        #expect(MailDecoding.decodeWords("=?utf-8?q?Toftg=C3=A5rd?=") == "Toftgård")
        #expect(MailDecoding.decodeWords("Tomas =?utf-8?q?Toftg=C3=A5rd?= <t@x>") == "Tomas Toftgård <t@x>")
        #expect(MailDecoding.decodeWords("=?ISO-8859-1?B?UGxhbiBm/HIgTeRyeg==?= and more") == "Plan für März and more")
        // White space between two encoded words is dropped; `_` is a space in Q.
        #expect(MailDecoding.decodeWords("=?UTF-8?Q?a_b?= =?UTF-8?Q?c?=") == "a bc")
        #expect(MailDecoding.decodeWords("=?windows-1252?Q?caf=E9?=") == "café")
        #expect(MailDecoding.decodeWords("=?koi8-r?B?8NLJ18XU?=") == "Привет")
        #expect(MailDecoding.decodeWords("no words =? here") == "no words =? here")
    }

    @Test func quotedPrintableAndBase64() {
        #expect(String(decoding: MailDecoding.quotedPrintable(Array("a=3Db=\nc =C3=A5".utf8)), as: UTF8.self) == "a=bc å")
        #expect(MailDecoding.base64(Array("aGVs\nbG8=".utf8)).map { String(decoding: $0, as: UTF8.self) } == "hello")
    }

    @Test func addresses() {
        #expect(MailDecoding.addresses("\"Last, First\" <A@B.example>, c@d.example (Cee), IETF-Announce: ;")
            == [.init(email: "a@b.example", name: "Last, First"), .init(email: "c@d.example", name: "Cee")])
        #expect(MailDecoding.addresses("jjl at pobox.com (John J. Lee)") == [.init(email: "jjl@pobox.com", name: "John J. Lee")])
        #expect(MailDecoding.addresses("\"Rodriguez-Herrera, Alfonso\"              A.R@SPIRENT.COM")
            == [.init(email: "a.r@spirent.com", name: "Rodriguez-Herrera, Alfonso")])
        #expect(MailDecoding.addresses("<mailto:dev@lists.example.org>") == [.init(email: "dev@lists.example.org", name: nil)])
        #expect(MailDecoding.addresses("team: a@x.example, b@x.example;").map(\.email) == ["a@x.example", "b@x.example"])
    }

    @Test func dates() {
        #expect(MailDecoding.rfc5322Date("Thu, 20 Feb 2020 17:40:30 +0000") == 1_582_220_430_000)
        #expect(MailDecoding.rfc5322Date("Fri, 09 Sep 94 15:33:46 -0400") == 779_139_226_000)
        #expect(MailDecoding.rfc5322Date("Mon, 31 Mar 2008 16:07:44 -0600 (MDT)") == 1_207_001_264_000)
        #expect(MailDecoding.rfc5322Date("2 Mar 2026 07:30 EST") == 1_772_454_600_000)
        #expect(MailDecoding.rfc5322Date("Thu Nov  1 11:19:12 2001") == nil)
        #expect(MailDecoding.rfc5322Date("Mon, 2 Mar 2026 10:00:00") == nil)  // no zone
        #expect(MailDecoding.fromLineDate("From jjl at pobox.com  Thu Nov  1 11:19:12 2001") == 1_004_613_552_000)
        #expect(MailDecoding.fromLineDate("From 179@xxx Mon Mar 09 09:00:00 +0000 2026") == 1_773_046_800_000)
        #expect(MailDecoding.fromLineDate("From the start, it was late.") == nil)
    }

    @Test func threadSubjects() {
        #expect(MailDecoding.threadSubject("Re: [dev] Build broken?") == "build broken?")
        #expect(MailDecoding.threadSubject("SV: Fwd: AW: RE[2]: [dev] build   broken?") == "build broken?")
        #expect(MailDecoding.threadSubject("'Re: Draft EVS-8a'") == "draft evs-8a")
        #expect(MailDecoding.threadSubject("Reply needed") == "reply needed")
    }
}
