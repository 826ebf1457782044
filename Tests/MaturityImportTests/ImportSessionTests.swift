import Foundation
import GRDB
import MaturityCore
@testable import MaturityImport
import MaturityTestSupport
import Testing

/// A source written for these tests: one message, one work item and one meeting, each with a body, from a
/// "JSON export" whose locations are an entry and a JSON path. It does what a careless new importer would:
/// it hands every text over and never asks whether text is kept.
private struct BodyHandingImporter: Importer {
    var format: ImportFormat {
        ImportFormat(id: "test-export", name: "test export", keySource: "test", mainEntity: .message,
                     repeatedIds: repeatedIds)
    }
    var repeatedIds: ImportFormat.RepeatedIds = .error
    var messages: [(id: String, text: String)] = [("1", "Can you review https://x.example/pr/1 @ana?")]
    var failAt: Int?

    func read(_ input: ImportInput, into sink: RecordSink) throws -> Int {
        let fields = FieldNames(["message_id": (column: nil, name: "ts"), "author": (column: nil, name: "user")])
        for (index, message) in messages.enumerated() {
            let location = InputLocation(file: input.path, entry: "general/2026-03-02.json", path: "[\(index)]",
                                         fields: fields)
            if index == failAt {
                throw ImportError(at: location.field("sent_at"), message: "not a timestamp", fix: "export again")
            }
            try sink.add(MessageRecord(messageId: message.id, channel: "C024", channelKind: .public, author: "slack:U1",
                                       sentAt: 1_772_438_400_000 + Int64(index), text: message.text,
                                       location: location))
        }
        try sink.add(WorkItemRecord(itemId: "T-1", title: "Body", createdAt: 1_772_438_400_000,
                                    description: "Acceptance criteria:\n- works", location: .unknown))
        try sink.add(MeetingRecord(meetingId: "M-1", start: 1_772_438_400_000, end: 1_772_442_000_000,
                                   description: "Agenda: plan the quarter", location: .unknown))
        return messages.count + 2
    }
}

private func newStore(_ folder: TemporaryFolder) throws -> Store {
    try Store(path: folder.file("store.sqlite").path)
}

@Suite struct ImportSessionTests {
    @Test(arguments: [false, true])
    func aBodyReachesTheStoreOnlyWhenTheSessionKeepsText(keepText: Bool) throws {
        let folder = try TemporaryFolder(); defer { folder.cleanUp() }
        let store = try newStore(folder)
        let input = try folder.write("export.json", "{}")
        let summary = try ImportSession(store: store, keepText: keepText).run(BodyHandingImporter(), path: input)
        #expect(summary.recordsRead == 3)
        try store.read { db in
            let message = try Row.fetchOne(db, sql: "SELECT text, length, url_count, is_question, mention_tokens FROM message")!
            #expect((message["text"] as String?) == (keepText ? "Can you review https://x.example/pr/1 @ana?" : nil))
            // The features come from the body either way.
            #expect(message["length"] as Int == "Can you review https://x.example/pr/1 @ana?".unicodeScalars.count)
            #expect(message["url_count"] as Int == 1)
            #expect(message["is_question"] as Bool == true)
            #expect(message["mention_tokens"] as String == "ana")
            let item = try Row.fetchOne(db, sql: "SELECT description, has_acceptance FROM work_item")!
            #expect((item["description"] as String?) == (keepText ? "Acceptance criteria:\n- works" : nil))
            #expect(item["has_acceptance"] as Bool == true)
            let meeting = try Row.fetchOne(db, sql: "SELECT description, agenda_length FROM meeting")!
            #expect((meeting["description"] as String?) == (keepText ? "Agenda: plan the quarter" : nil))
            #expect(meeting["agenda_length"] as Int > 0)
        }
    }

    @Test func theStoreSinkWritesNoTextWithoutKeepTextWhateverARecordHolds() throws {
        // The last line of defence: a sink handed a record with text by code that skipped the checks.
        let folder = try TemporaryFolder(); defer { folder.cleanUp() }
        let store = try newStore(folder)
        let run = ImportRunInfo(format: "raw", formatName: "raw", keySource: "raw", mainEntity: .message, path: "raw")
        _ = try store.importInput(run, keepText: false) { sink in
            try sink.add(MessageRecord(messageId: "1", channel: "c", author: "p1", sentAt: 0, text: "secret"))
            try sink.add(WorkItemRecord(itemId: "i", title: "t", createdAt: 0, description: "secret"))
            try sink.add(MeetingRecord(meetingId: "m", start: 0, end: 1, description: "secret"))
            return (3, "")
        }
        let texts = try store.read { db in
            try String.fetchAll(db, sql: """
                SELECT text FROM message WHERE text IS NOT NULL UNION ALL
                SELECT description FROM work_item WHERE description IS NOT NULL UNION ALL
                SELECT description FROM meeting WHERE description IS NOT NULL
                """)
        }
        #expect(texts.isEmpty)
    }

    @Test func keysCarryTheirSource() throws {
        let folder = try TemporaryFolder(); defer { folder.cleanUp() }
        let store = try newStore(folder)
        _ = try ImportSession(store: store).run(BodyHandingImporter(), path: try folder.write("export.json", "{}"))
        let items = try folder.write("work_items.csv", "item_id,title,created_at\nT-1,Same id,2026-03-02T09:00:00Z\n")
        _ = try CanonicalCSVImporter(kind: .workItems).run(items, into: store)
        let keys = try store.read { db in
            try String.fetchAll(db, sql: """
                SELECT key FROM work_item UNION ALL SELECT key FROM meeting UNION ALL SELECT key FROM channel
                UNION ALL SELECT key FROM person ORDER BY 1
                """)
        }
        #expect(keys == ["csv:work_item:T-1", "ref:person:slack:U1", "test:channel:C024", "test:meeting:M-1",
                         "test:work_item:T-1"])
        #expect(EntityKey.message(source: "slack", channel: "C024", id: "1736478630.905399").description
                    == "slack:message:C024/1736478630.905399")
        #expect(EntityKey(source: "ics", entity: .meeting, id: "uid-7/20260302T090000Z").description
                    == "ics:meeting:uid-7/20260302T090000Z")
        #expect(!EntityKey.isValidSource("Slack") && !EntityKey.isValidSource("a:b") && !EntityKey.isValidSource(""))
    }

    @Test func anErrorNamesTheEntryAndTheJSONPathAndNothingIsWritten() throws {
        let folder = try TemporaryFolder(); defer { folder.cleanUp() }
        let store = try newStore(folder)
        let before = try storeSnapshot(store)
        let input = try folder.write("export.zip", "PK")
        var importer = BodyHandingImporter()
        importer.messages = [("1", "a"), ("2", "b"), ("3", "c")]
        importer.failAt = 2
        #expect {
            try ImportSession(store: store).run(importer, path: input)
        } throws: { error in
            "\(error)" == "\(input.path): general/2026-03-02.json: [2].sent_at: not a timestamp. Fix: export again."
        }
        #expect(try storeSnapshot(store) == before)
        // A required value the format names by its own key.
        importer.failAt = nil
        importer.messages = [("1", "a"), (" ", "b")]
        #expect {
            try ImportSession(store: store).run(importer, path: input)
        } throws: { error in
            "\(error)" == "\(input.path): general/2026-03-02.json: [1].ts: the required value 'message_id' is empty. "
                + "Fix: fill in 'message_id' on this row or remove the row."
        }
        #expect(try storeSnapshot(store) == before)
    }

    @Test func repeatedIdsAreAnErrorOrOneEntityAsTheFormatSays() throws {
        let folder = try TemporaryFolder(); defer { folder.cleanUp() }
        let store = try newStore(folder)
        let input = try folder.write("export.json", "{}")
        var importer = BodyHandingImporter()
        importer.messages = [("1", "first"), ("1", "the same message again")]
        #expect {
            try ImportSession(store: store).run(importer, path: input)
        } throws: { error in
            // This importer cannot say where the first one was: the error says only that it is repeated.
            "\(error)" == "\(input.path): general/2026-03-02.json: [1].ts: the message_id '1' in channel 'C024' is "
                + "repeated. Fix: give every row its own message_id, or remove the duplicate row."
        }
        importer.repeatedIds = .merge
        let summary = try ImportSession(store: store).run(importer, path: input)
        #expect(summary.entities[.message] == EntityCounts(inserted: 1, updated: 1, unchanged: 0))
        #expect(try storeCounts(store)["message"] == 1)
    }

    @Test func aDryRunCountsWhatARealImportDoesAndWritesNothing() throws {
        let folder = try TemporaryFolder(); defer { folder.cleanUp() }
        let store = try newStore(folder)
        let people = try folder.write("people.csv", "person_id,email\np1,a@example.com\np2,b@example.com\n")
        _ = try CanonicalCSVImporter(kind: .people).run(people, into: store)
        let before = try storeSnapshot(store)
        let messages = try folder.write("messages.csv", """
            message_id,channel,author,sent_at
            1,general,p1,2026-03-02T09:00:00Z
            2,general,newcomer@example.com,2026-03-02T09:05:00Z
            """)
        var dry = try CanonicalCSVImporter(kind: .messages).run(messages, into: store, dryRun: true)
        #expect(try storeSnapshot(store) == before)
        #expect(dry.dryRun)
        #expect(dry.line.hasSuffix(" (dry run: nothing written)"))
        let real = try CanonicalCSVImporter(kind: .messages).run(messages, into: store)
        dry.dryRun = false
        #expect(dry == real)
        #expect(real.line == "messages messages.csv: 2 rows read, 2 inserted, 0 updated, 0 unchanged, "
                    + "people 1 created, channels 1 created")
    }

    @Test func progressIsReportedWithTheRecordsAndAFinalReport() throws {
        let folder = try TemporaryFolder(); defer { folder.cleanUp() }
        let store = try newStore(folder)
        var lines = ["message_id,channel,author,sent_at,text"]
        let padding = String(repeating: "x", count: 200)
        for i in 0..<40_000 { lines.append("m\(i),general,p\(i % 9),2026-03-02T09:00:00Z,\(padding)") }
        let file = try folder.write("messages.csv", lines.joined(separator: "\n") + "\n")
        final class Reports: @unchecked Sendable {
            var all: [ImportProgress] = []
            let lock = NSLock()
            func add(_ p: ImportProgress) { lock.lock(); all.append(p); lock.unlock() }
        }
        let reports = Reports()
        let summary = try ImportSession(store: store, progress: reports.add)
            .run(CanonicalCSVImporter(kind: .messages), path: file)
        #expect(summary.inserted == 40_000)
        let size = try FileManager.default.attributesOfItem(atPath: file.path)[.size] as! Int
        #expect(size > 8 << 20)
        #expect(reports.all.count >= 2)  // one every 4 MB, and the last
        #expect(reports.all.last?.finished == true)
        #expect(reports.all.last?.bytesRead == size)
        #expect(reports.all.last?.records == 40_000)
        #expect(reports.all.dropLast().allSatisfy { !$0.finished && $0.totalBytes == size })
    }
}

@Suite struct SessionResourceTests {
    /// Each input's file and checks are let go once it is read: a long folder cannot run out of descriptors.
    @Test func manyInputsLeaveNoFileOpen() throws {
        let folder = try TemporaryFolder(); defer { folder.cleanUp() }
        let store = try Store(path: folder.file("store.sqlite").path)
        // Descriptors of this process open on the inputs of this test (other tests run alongside).
        func openDescriptors() -> Int {
            let fds = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
            return fds.filter { fd in
                let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(fd)")
                return target.map { $0.hasPrefix(folder.url.path) && $0.hasSuffix(".csv") } ?? false
            }.count
        }
        let session = ImportSession(store: store, progress: { _ in })
        _ = try session.run(CanonicalCSVImporter(kind: .messages),
                            path: try folder.write("m-first.csv", "message_id,channel,author,sent_at\nx,c,p1,2026-03-02T09:00:00Z\n"))
        let before = openDescriptors()
        for i in 0..<60 {
            let file = try folder.write("m\(i).csv", "message_id,channel,author,sent_at\n\(i),c,p1,2026-03-02T09:00:00Z\n")
            _ = try session.run(CanonicalCSVImporter(kind: .messages), path: file)
        }
        #expect(before == 0)
        #expect(openDescriptors() == 0)
        #expect(try storeCounts(store)["message"] == 61)
    }
}

@Suite struct RecognitionTests {
    @Test func canonicalFilesAreRecognisedByTheirHeaderNotTheirName() throws {
        let folder = try TemporaryFolder(); defer { folder.cleanUp() }
        let cases: [(String, CanonicalKind?)] = [
            ("\u{FEFF}person_id,name\r\np1,A\r\n", .people),
            ("item_id,title,created_at,status\n", .workItems),
            ("item_id,at,field,from,to\n", .workItemEvents),
            ("\"meeting_id\",\"start\",\"end\"\n", .meetings),
            ("meeting_id,person,response\n", .attendees),
            (" Message_ID , channel,author,sent_at,text\n", .messages),
            ("person_id\np1\n", .people),
            ("id,name\n", nil),
            ("hello world\n", nil),
        ]
        for (index, (contents, kind)) in cases.enumerated() {
            let file = try folder.write("export-\(index).txt", contents)
            let found = try? ImportFormats.recognise(file, options: ImportOptions())
            #expect((found?.importer as? CanonicalCSVImporter)?.kind == kind, "\(contents)")
        }
    }

    @Test func anUnknownFileIsAnErrorListingTheFormats() throws {
        let folder = try TemporaryFolder(); defer { folder.cleanUp() }
        let file = try folder.write("notes.txt", "just notes\n")
        #expect {
            try ImportFormats.recognise(file, options: ImportOptions())
        } throws: { error in
            let text = "\(error)"
            return text.hasPrefix("\(file.path): not a format maturity can recognise. It reads:\n  canonical CSV")
                && text.contains("Fix: name the format, as in 'maturity import messages \(file.path)'")
        }
    }
}

@Suite struct InputLocationTests {
    @Test func eachFormatSaysWhereInItsOwnTerms() {
        let csv = InputLocation(file: "a.csv", line: 42, fields: FieldNames.csv(columns: ["sent_at": 3]))
        #expect(csv.description == "a.csv:42")
        #expect(csv.field("sent_at").description == "a.csv:42, column 4 (sent_at)")
        #expect(csv.field("author").description == "a.csv:42, column author")
        #expect(InputLocation(file: "cal.ics", line: 7).description == "cal.ics:7")
        let json = InputLocation(file: "export.zip", entry: "general/2016-03-01.json", path: "[14]",
                                 fields: FieldNames(["sent_at": (column: nil, name: "ts")]))
        #expect(json.field("sent_at").description == "export.zip: general/2016-03-01.json: [14].ts")
        #expect(json.field("thread_id").description == "export.zip: general/2016-03-01.json: [14].thread_id")
        #expect(ImportWarning("odd", at: csv).description == "a.csv:42: odd")
        #expect(ImportWarning("odd", at: nil).description == "odd")
    }
}
