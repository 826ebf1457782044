import Foundation
import GRDB
import MaturityCore
@testable import MaturityImport
import MaturityTestSupport
import Testing

private func slackFixture(_ name: String) -> URL {
    Bundle.module.url(forResource: "Fixtures/slack/\(name)", withExtension: nil)!
}

private func newStore(_ folder: TemporaryFolder) throws -> Store {
    try Store(path: folder.file("store.sqlite").path)
}

/// One stored message, as the tests compare it.
struct StoredMessage: Equatable, CustomStringConvertible {
    var channel: String, kind: String, id: String, author: String, sentAt: Int64, thread: String?
    var mentions: String?, tokens: String?, question: Bool, urls: Int, system: Bool, source: String
    var description: String {
        "\(channel)/\(id) by \(author) at \(sentAt) thread \(thread ?? "-") mentions \(mentions ?? "-") tokens \(tokens ?? "-")"
    }
}

func storedMessages(_ store: Store, where condition: String = "1") throws -> [StoredMessage] {
    try store.read { db in
        try Row.fetchAll(db, sql: """
            SELECT c.name, c.kind, m.message_id, i.reference, m.sent_at, m.thread_id, m.mentions, m.mention_tokens,
                m.is_question, m.url_count, m.is_system, m.source
            FROM message m JOIN channel c ON c.id = m.channel_id JOIN identity i ON i.id = m.author_id
            WHERE \(condition) ORDER BY c.name, m.sent_at, m.message_id
            """).map {
            StoredMessage(channel: $0[0], kind: $0[1], id: $0[2], author: $0[3], sentAt: $0[4], thread: $0[5],
                          mentions: $0[6], tokens: $0[7], question: $0[8], urls: $0[9], system: $0[10], source: $0[11])
        }
    }
}

@Suite struct SlackImportTests {
    /// The quirks export, read from its folder and from its ZIP (nested one folder down): the same rows.
    @Test(arguments: ["quirks", "quirks.zip"])
    func importsEveryQuirkOfTheFixtureExport(name: String) throws {
        let folder = try TemporaryFolder(); defer { folder.cleanUp() }
        let store = try newStore(folder)
        let summary = try ImportSession(store: store).run(SlackExportImporter(), path: slackFixture(name))
        #expect(summary.line == "slack \(name): 22 messages read, 21 inserted, 0 updated, 0 unchanged, 1 skipped "
            + "(1 edit and delete events (message_changed)), people 8 created, channels 5 created, 2 warnings")
        let entry = name == "quirks" ? "" : "quirks-export/"
        #expect(summary.warnings == [
            "\(slackFixture(name).path): \(entry)users.json: [2].tz: the time zone 'Mars/Olympus' is not an IANA zone: "
                + "the person gets the organisation's",
            "\(slackFixture(name).path): 1 author is not in users.json: people created from their Slack ids",
        ])
        #expect(summary.notes == [
            "6 day files, 21 messages (4 thread replies, 1 also sent to the channel, 1 deleted thread parents, "
                + "5 system messages, 1 edited (time is the original post), 2 with files); channels: 2 public, "
                + "1 private, 1 direct, 1 group; 4 bots, 1 deleted users kept",
        ])
        let all = try storedMessages(store)
        #expect(all.count == 21)
        #expect(Set(all.map(\.source)) == ["slack:T0FIXTURE"])
        let general = all.filter { $0.channel == "general" }
        func message(_ ts: String) -> StoredMessage? { general.first { $0.id == ts } }
        // Time from ts, never from the file name: the root is in 2026-03-02.json but sent 2026-03-03 01:30 UTC.
        let root = try #require(message("1772501400.000100"))
        #expect(root.sentAt == 1_772_501_400_000)
        // Threads: the root has thread_ts == ts (no thread id); replies and the broadcast name it, including the
        // reply in the next day file.
        #expect(root.thread == nil)
        #expect(message("1772502000.000200")?.thread == "1772501400.000100")
        #expect(message("1772502300.000300")?.thread == "1772501400.000100")
        #expect(message("1772615100.000000")?.thread == "1772501400.000100")
        // Tombstone: a system message by Slackbot; its reply keeps its thread.
        #expect(message("1772503200.000400").map { "\($0.author) \($0.system) \($0.thread ?? "-")" } == "slack:USLACKBOT true -")
        #expect(message("1772614800.000000")?.thread == "1772503200.000400")
        // Mentions: <@U…> is a person mention (its token the same identity); <!here> only a token, no person;
        // the link is one URL; the question is asked.
        #expect(root.mentions == "slack:U02BEN")
        #expect(root.tokens == "slack:U02BEN;here")
        #expect(root.urls == 1)
        #expect(root.question == true)
        #expect(message("1772502000.000200")?.mentions == "slack:U01ANNA")  // <@U01ANNA|anna>
        // <@U02BEN/ben>, <!channel>, <!subteam^S01|@devs>: one person.
        #expect(message("1772507400.000000")?.mentions == "slack:U02BEN")
        #expect(message("1772507400.000000")?.tokens == "slack:U02BEN;channel")
        // The broadcast's channel link is no mention.
        #expect(message("1772502300.000300").map { $0.mentions == nil && $0.tokens == nil } == true)
        // System subtypes.
        let system = general.filter(\.system).map(\.id)
        #expect(system == ["1772503200.000400", "1772503800.000000", "1772615400.000000", "1772616000.000000"])
        #expect(all.filter { $0.channel == "ops" }.map(\.system) == [true, false])
        // Bot message without user: its bot id, a bot person named by its username.
        #expect(message("1772504400.000000")?.author == "slack:B09HOOK")
        // Edited: imported once, at its ts; files: a message like any other (old file_share, new files[]).
        #expect(message("1772505000.000000")?.sentAt == 1_772_505_000_000)
        #expect(message("1772505600.000000").map { "\($0.author) \($0.system) \($0.urls)" } == "slack:U02BEN false 1")
        #expect(message("1772506200.000000")?.system == false)
        // Unknown user: imported, its person created from the id.
        #expect(message("1772506800.000000")?.author == "slack:U99GHOST")
        // Channels: keyed by id, named by name; private, direct and group conversations from their lists.
        let channels = try store.read { db in
            try Row.fetchAll(db, sql: "SELECT key, name, kind FROM channel ORDER BY key").map { "\($0[0] as String) \($0[1] as String) \($0[2] as String)" }
        }
        #expect(channels == ["slack:channel:C01GEN general public", "slack:channel:C02OPS ops public",
                             "slack:channel:D01 U01ANNA, U02BEN direct", "slack:channel:G01SEC secret private",
                             "slack:channel:G02MP mpdm-anna--ben--cara-1 group"])
        // People: e-mail, time zone, bots (is_bot, USLACKBOT, app users, bot ids), deleted users kept.
        let people = try store.read { db in
            try Row.fetchAll(db, sql: """
                SELECT key, name, email, timezone, is_bot, from_directory FROM person ORDER BY key
                """).map { "\($0[0] as String) \($0[1] as String? ?? "-") \($0[2] as String? ?? "-") \($0[3] as String? ?? "-") bot \($0[4] as Int) dir \($0[5] as Int)" }
        }
        #expect(people == [
            "ref:person:slack:U99GHOST - - - bot 0 dir 0",
            "slack:person:B09HOOK ci - - bot 1 dir 0",
            "slack:person:U01ANNA Anna Berg anna.berg@example.com Europe/Berlin bot 0 dir 0",
            "slack:person:U02BEN Ben Ode ben@example.com America/New_York bot 0 dir 0",
            "slack:person:U03CARA Cara Lind - - bot 0 dir 0",
            "slack:person:U04BOT deploybot - - bot 1 dir 0",
            "slack:person:U05APP Polly - - bot 1 dir 0",
            "slack:person:USLACKBOT Slackbot - America/Los_Angeles bot 1 dir 0",
        ])
        // Re-importing changes nothing.
        let again = try ImportSession(store: store).run(SlackExportImporter(), path: slackFixture(name))
        #expect(again.inserted == 0 && again.updated == 0 && again.unchanged == 21)
    }

    @Test func aSlackUserJoinsTheDirectoryPersonOfItsEmailAndFillsOnlyWhatTheDirectoryLeftOpen() throws {
        let folder = try TemporaryFolder(); defer { folder.cleanUp() }
        let store = try newStore(folder)
        let people = try folder.write("people.csv", """
            person_id,name,email,team,timezone
            anna,Anna B.,anna.berg@example.com,core,Asia/Tokyo
            ben,Ben O.,BEN@example.com,core,
            """)
        _ = try CanonicalCSVImporter(kind: .people, timeZone: nil).run(people, into: store)
        _ = try ImportSession(store: store).run(SlackExportImporter(), path: slackFixture("quirks"))
        let rows = try store.read { db in
            try Row.fetchAll(db, sql: """
                SELECT p.directory_id, p.name, p.team, p.timezone, group_concat(i.reference, ' ')
                FROM person p JOIN identity i ON i.person_id = p.id WHERE p.from_directory = 1
                GROUP BY p.id ORDER BY p.directory_id
                """).map { "\($0[0] as String) \($0[1] as String) \($0[2] as String) \($0[3] as String? ?? "-") \($0[4] as String)" }
        }
        #expect(rows == ["anna Anna B. core Asia/Tokyo anna anna.berg@example.com slack:U01ANNA",
                         "ben Ben O. core America/New_York ben ben@example.com slack:U02BEN"])
        // Anna's Slack messages are the directory person's.
        let authors = try store.read { db in
            try Int.fetchOne(db, sql: """
                SELECT count(*) FROM message m JOIN identity i ON i.id = m.author_id JOIN person p ON p.id = i.person_id
                WHERE p.directory_id = 'anna'
                """)
        }
        #expect(authors == 10)
    }

    @Test func aDirectoryImportedAfterTheExportTakesOverTheSlackPersonWithAllItsIdentities() throws {
        let folder = try TemporaryFolder(); defer { folder.cleanUp() }
        let store = try newStore(folder)
        _ = try ImportSession(store: store).run(SlackExportImporter(), path: slackFixture("quirks"))
        let people = try folder.write("people.csv", "person_id,email,team\nanna,anna.berg@example.com,core\n")
        _ = try CanonicalCSVImporter(kind: .people, timeZone: nil).run(people, into: store)
        let references = try store.read { db in
            try String.fetchAll(db, sql: """
                SELECT i.reference FROM identity i JOIN person p ON p.id = i.person_id WHERE p.directory_id = 'anna'
                ORDER BY i.reference
                """)
        }
        #expect(references == ["anna", "anna.berg@example.com", "slack:U01ANNA"])
        #expect(try store.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM person WHERE key = 'slack:person:U01ANNA'") } == 0)
    }

    @Test(arguments: ["malformed", "malformed.zip"])
    func aMalformedDayFileNamesTheEntryAndTheJSONPathAndWritesNothing(name: String) throws {
        let folder = try TemporaryFolder(); defer { folder.cleanUp() }
        let store = try newStore(folder)
        let before = try storeSnapshot(store)
        #expect {
            _ = try ImportSession(store: store).run(SlackExportImporter(), path: slackFixture(name))
        } throws: { error in
            "\(error)" == "\(slackFixture(name).path): general/2026-03-02.json: [1].ts: 'ts' is not a string. Fix: "
                + "every message needs its 'ts' string (\"1736478630.905399\"); export the workspace again."
        }
        #expect(try storeSnapshot(store) == before)
    }

    @Test func aDayFileThatIsNotJSONIsAnErrorNamingItAndWritesNothing() throws {
        let folder = try TemporaryFolder(); defer { folder.cleanUp() }
        let store = try newStore(folder)
        let before = try storeSnapshot(store)
        #expect {
            _ = try ImportSession(store: store).run(SlackExportImporter(), path: slackFixture("broken"))
        } throws: { error in
            "\(error)" == "\(slackFixture("broken").path): general/2026-03-02.json: not valid JSON: '\"' at line 2, "
                + "column 20 where ',' or '}' should be. Fix: export the workspace again; this file is damaged."
        }
        #expect(try storeSnapshot(store) == before)
    }

    @Test func aDamagedZIPEntryIsAnErrorNamingItAndWritesNothing() throws {
        let folder = try TemporaryFolder(); defer { folder.cleanUp() }
        let store = try newStore(folder)
        let before = try storeSnapshot(store)
        #expect {
            _ = try ImportSession(store: store).run(SlackExportImporter(), path: slackFixture("damaged.zip"))
        } throws: { error in
            "\(error)" == "\(slackFixture("damaged.zip").path): general/2026-03-02.json: this ZIP entry is damaged (its "
                + "CRC-32 does not match). Fix: download the export again; the archive is damaged."
        }
        #expect(try storeSnapshot(store) == before)
        #expect(CRC32.of(Data("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.of(Data()) == 0)
        // Values of Python's zlib.crc32.
        #expect(CRC32.of(Data(repeating: 0x61, count: 1_000)) == 0x9A38_DA03)
        let everyByte: [UInt8] = (0..<256).map { UInt8($0) }
        var fiveTimes: [UInt8] = []
        for _ in 0..<5 { fiveTimes += everyByte }
        fiveTimes += Array("xyz".utf8)
        #expect(CRC32.of(Data(fiveTimes)) == 0xB449_D98D)
    }

    @Test func aFreePlanExportWithPublicChannelsOnlySaysSoInTheSummary() throws {
        let folder = try TemporaryFolder(); defer { folder.cleanUp() }
        let store = try newStore(folder)
        let summary = try ImportSession(store: store).run(SlackExportImporter(), path: slackFixture("free-plan"))
        #expect(summary.warnings.first == "\(slackFixture("free-plan").path): public channels only (no groups.json, "
            + "dms.json or mpims.json: a free-plan or public-only export): documentation.open_channel_share sees no "
            + "private or direct messages, so it reads high")
        #expect(summary.inserted == 1)
    }

    @Test func exportsAreRecognisedByContentAlsoInsideAFolderImport() throws {
        let options = ImportOptions()
        for name in ["quirks", "quirks.zip", "free-plan"] {
            let found = try ImportFormats.recognise(slackFixture(name), options: options)
            #expect(found.importer.format.id == "slack")
        }
        let folder = try TemporaryFolder(); defer { folder.cleanUp() }
        try FileManager.default.copyItem(at: slackFixture("quirks"), to: folder.file("export"))
        try FileManager.default.copyItem(at: slackFixture("quirks.zip"), to: folder.file("export.zip"))
        _ = try folder.write("people.csv", "person_id\nanna\n")
        // The folder holding an export is no export itself: it is a folder of inputs.
        #expect(throws: ImportError.self) { _ = try ImportFormats.recognise(folder.url, options: options) }
        let plan = try ImportFormats.plan(folder: folder.url, options: options)
        #expect(plan.inputs.map { "\($0.url.lastPathComponent) \($0.importer.format.id)" }
            == ["people.csv people", "export slack", "export.zip slack"])
    }

    @Test func markupRendersToPlainTextAndMentions() {
        let rendered = SlackText.render("<@U1|a> &amp; <@W2/b> see <https://x.example/a?b=1|label> <mailto:c@d.example> "
            + "<#C3|ops> <!here> <!subteam^S1|@devs> <@U1> &lt;tag&gt;")
        #expect(rendered.mentions == ["U1", "W2"])
        #expect(rendered.text == "@slack:U1 & @slack:W2 see label <https://x.example/a?b=1> <mailto:c@d.example> #ops "
            + "@here devs @slack:U1 <tag>")
    }

    @Test func tsIsReadToTheMillisecondAsWritten() {
        #expect(SlackExportImporter.instant("1736478630.905399") == 1_736_478_630_905)
        #expect(SlackExportImporter.instant("1736478630") == 1_736_478_630_000)
        #expect(SlackExportImporter.instant("1736478630.9") == 1_736_478_630_900)
        #expect(SlackExportImporter.instant("17364x8630.1") == nil)
        #expect(SlackExportImporter.instant(".5") == nil)
    }
}
