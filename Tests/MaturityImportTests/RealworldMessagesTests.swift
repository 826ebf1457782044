import Foundation
import GRDB
import MaturityCore
import MaturityImport
import MaturityTestSupport
import Testing

/// The real exports in `../shared/realworld/` (never copied into the project): every Slack export and mailbox
/// there is imported, and its counts are compared with what the files hold, counted independently by
/// `Tests/RealworldCounts/count.py` (Python's zipfile/json and mailbox/email). Skipped when the folder is absent.
private let realworld = repositoryRoot.appendingPathComponent("../shared/realworld").standardizedFileURL

@Suite(.enabled(if: FileManager.default.fileExists(atPath: realworld.path), "../shared/realworld is absent"))
struct RealworldMessagesTests {
    /// messages, threads (roots with replies), people (Slack: users plus authors not in users.json; mail:
    /// distinct authors).
    static let slack: [String: (messages: Int, threads: Int, people: Int)] = [
        "hfaran-testarchive-2016.zip": (158, 0, 7),
        "houstondatavis-slack-export-2016.zip": (1382, 0, 71),
        "slackdump-source_export-2025.zip": (16, 3, 10),
    ]
    static let mail: [String: (messages: Int, threads: Int, people: Int)] = [
        "3gpp-ran-wg4-listserv.mbox": (55, 8, 10),
        "3gpp-sa-wg4-evs-listserv.mbox": (49, 7, 11),
        "ietf-mailarch-1994.mmdf": (5, 1, 3),
        "ietf-mailarch-export-mbox.mbox": (21, 1, 3),
        "ietf-mailarch-no-fromline-separators.mbox": (14, 2, 12),
        "ietf-mailarch-thread-mail.mbox": (4, 1, 3),
        "numpy-discussion-2001-November-pipermail.mbox": (82, 15, 39),
        "r-devel-2008-April-pipermail.mbox": (517, 96, 158),
    ]
    /// Files that are not exports a user would have, with the reason; none is recognised as one.
    static let notExports: [String: String] = [
        "slackdump-chunks-obfuscated.jsonl.gz": "slackdump's internal chunk recording (gzip JSONL of API pages)",
        "slackdump-export-users.json": "a users.json alone, without channels or day files",
        "slackdump-export-ref-channels.json": "a channels.json alone, without users or day files",
        "slackdump-bot_message-polly.json": "one message object, not an export",
        "slackdump-viewer-polly-message.json": "one message object, not an export",
    ]

    @Test func everyFileIsAnExportOrListedAsNotOne() throws {
        for folder in ["slack", "mbox"] {
            let names = try FileManager.default.contentsOfDirectory(atPath: realworld.appendingPathComponent(folder).path)
            for name in names {
                let known = Self.slack[name] != nil || Self.mail[name] != nil || Self.notExports[name] != nil
                #expect(known, "\(folder)/\(name) is neither imported nor listed as not an export")
            }
        }
        for name in Self.notExports.keys.sorted() {
            let url = realworld.appendingPathComponent("slack/\(name)")
            #expect(throws: ImportError.self, "\(name) must not be recognised") {
                _ = try ImportFormats.recognise(url, options: ImportOptions())
            }
        }
    }

    @Test(arguments: Array(RealworldMessagesTests.slack.keys).sorted())
    func slackExport(name: String) throws {
        let expected = Self.slack[name]!
        let folder = try TemporaryFolder(); defer { folder.cleanUp() }
        let store = try Store(path: folder.file("store.sqlite").path)
        let url = realworld.appendingPathComponent("slack/\(name)")
        let found = try ImportFormats.recognise(url, options: ImportOptions())
        #expect(found.importer.format.id == "slack")
        let summary = try ImportSession(store: store).run(found.importer, path: url)
        #expect(summary.inserted == expected.messages)
        let counts = try store.read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM message")!,
             try Int.fetchOne(db, sql: "SELECT count(DISTINCT channel_id || ' ' || thread_id) FROM message WHERE thread_id IS NOT NULL")!,
             try Int.fetchOne(db, sql: "SELECT count(*) FROM identity WHERE reference LIKE 'slack:%'")!)
        }
        #expect(counts.0 == expected.messages)
        #expect(counts.1 == expected.threads)
        #expect(counts.2 == expected.people)
        let again = try ImportSession(store: store).run(found.importer, path: url)
        #expect(again.inserted == 0 && again.updated == 0)
    }

    @Test(arguments: Array(RealworldMessagesTests.mail.keys).sorted())
    func mailbox(name: String) throws {
        let expected = Self.mail[name]!
        let folder = try TemporaryFolder(); defer { folder.cleanUp() }
        let store = try Store(path: folder.file("store.sqlite").path)
        let url = realworld.appendingPathComponent("mbox/\(name)")
        let found = try ImportFormats.recognise(url, options: ImportOptions())
        #expect(found.importer.format.id == "mbox")
        _ = try ImportSession(store: store).run(found.importer, path: url)
        let counts = try store.read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM message")!,
             try Int.fetchOne(db, sql: "SELECT count(DISTINCT thread_id) FROM message WHERE thread_id IS NOT NULL")!,
             try Int.fetchOne(db, sql: "SELECT count(DISTINCT author_id) FROM message")!)
        }
        #expect(counts.0 == expected.messages)
        #expect(counts.1 == expected.threads)
        #expect(counts.2 == expected.people)
        let again = try ImportSession(store: store).run(found.importer, path: url)
        #expect(again.inserted == 0 && again.updated == 0)
    }
}
