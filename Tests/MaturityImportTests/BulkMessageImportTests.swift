import Foundation
import GRDB
import MaturityCore
@testable import MaturityImport
import MaturityTestSupport
import Testing

/// Runs the messages importer on `file` through the session's checks into `sink`, as a session does (without
/// the store): returns the records read.
private func readThroughChecks(_ file: URL, into sink: RecordSink, keepText: Bool) throws -> Int {
    let importer = CanonicalCSVImporter(kind: .messages)
    let input = ImportInput(url: file, file: try InputFile(url: file))
    let checks = RecordChecks(downstream: sink, keepText: keepText) { key, location in
        try importer.firstOccurrence(of: key, before: location, in: input)
    }
    return try importer.read(input, into: checks)
}

/// Collects what an importer hands to a plain `RecordSink`: the general path, row by row.
private final class RecordCollector: RecordSink {
    var messages: [MessageRecord] = []
    var warnings: [String] = []
    func add(_ person: PersonRecord) throws {}
    func add(_ message: MessageRecord) throws { messages.append(message) }
    func add(_ item: WorkItemRecord) throws {}
    func add(_ event: WorkItemEventRecord) throws {}
    func add(_ meeting: MeetingRecord) throws {}
    func add(_ attendance: AttendanceRecord) throws {}
    func warn(_ warning: ImportWarning) { warnings.append(warning.description) }
    func skip(reason: String) {}
}

/// Collects what an importer hands to a `MessageBatchSink`: the bulk path (plain rows packed from bytes, the
/// other rows as records, in order).
private final class BatchCollector: MessageBatchSink {
    var messages: [MessageRecord] = []
    var warnings: [String] = []
    var batches = 0
    func add(_ batch: consuming MessageBatch) throws {
        batches += 1
        for index in 0..<batch.count { messages.append(batch.record(at: index)) }
    }
    func add(_ person: PersonRecord) throws {}
    func add(_ message: MessageRecord) throws { messages.append(message) }
    func add(_ item: WorkItemRecord) throws {}
    func add(_ event: WorkItemEventRecord) throws {}
    func add(_ meeting: MeetingRecord) throws {}
    func add(_ attendance: AttendanceRecord) throws {}
    func warn(_ warning: ImportWarning) { warnings.append(warning.description) }
    func skip(reason: String) {}
}

/// Rows for each case the bulk path packs itself or hands to the general path.
private let trickyMessages = """
    message_id,channel,channel_kind,author,sent_at,thread_id,mentions,text,is_system,source
    m1,general,public,p1,2026-03-02T08:00:00Z,,,Plain text without anything special,,
    m2,general,private,P1,2026-03-02T08:01:00Z,m1,p2;slack:U1,Is this a question? see https://x.example/a?b=1,false,slack
    " m3 ",general,,p1 ,2026-03-02T08:02:00.123456Z,,,"Line one
    line two, with ""quotes"" @p1 and @bob@example.com: done",0,
    m4,dm-1,DIRECT,Anna@Example.com,2026-03-02 09:00:00+01:00,,,café ？ ünïcödé 🎉,TRUE, jira 
    m5,dm-1,group,p2,2026-03-02T09:05Z, m4 , p1 ;; slack:U2 ;,@here ping,no,csv
    m6,random, Private ,p3,2026-03-02T10:00:00+0100,,,url http://a.example and https://b.example/x,yes,
    m7,random,weird,p3,2026-03-02T10:01:00Z,m7,,"",1,
    m8,other,public,p4,2026-03-02T10:02:00-05,,,"ends with space ",,
    m9,other,public,p4,2026-03-02T10:03:00Z,,,:colon only,,"   "
    m1,other,,p4,2026-03-02T10:04:00Z,,,same id in another channel,,
    """

@Suite struct BulkMessageImportTests {
    @Test(arguments: [false, true])
    func theBulkPathGivesTheRecordsOfTheGeneralPath(keepText: Bool) throws {
        let folder = try TemporaryFolder(); defer { folder.cleanUp() }
        let file = try folder.write("messages.csv", trickyMessages)
        let general = RecordCollector()
        let bulk = BatchCollector()
        let generalRows = try readThroughChecks(file, into: general, keepText: keepText)
        let bulkRows = try readThroughChecks(file, into: bulk, keepText: keepText)
        #expect(generalRows == 10)
        #expect(bulkRows == 10)
        #expect(bulk.batches > 0)
        #expect(bulk.messages == general.messages)
        #expect(bulk.warnings == general.warnings)
        #expect(general.warnings.count == 1)
        let warning = general.warnings.first ?? ""
        #expect(warning.hasSuffix("messages.csv:9: unknown channel_kind 'weird' read as public"))
        // Spot checks of the values both paths agree on.
        let byId = Dictionary(general.messages.map { ($0.channel + "/" + $0.messageId, $0) }) { first, _ in first }
        #expect(byId["general/m3"]?.author == "p1")
        #expect(byId["general/m3"]?.sentAt == 1_772_438_520_123)
        #expect(byId["general/m3"]?.mentionTokens == ["p1", "bob@example.com"])
        #expect(byId["general/m2"]?.isQuestion == true)
        #expect(byId["general/m2"]?.urlCount == 1)
        #expect(byId["general/m2"]?.mentions == ["p2", "slack:U1"])
        #expect(byId["dm-1/m4"]?.channelKind == .direct)
        #expect(byId["dm-1/m4"]?.source == "jira")
        #expect(byId["dm-1/m4"]?.isSystem == true)
        #expect(byId["dm-1/m4"]?.length == "café ？ ünïcödé 🎉".unicodeScalars.count)
        #expect(byId["dm-1/m4"]?.isQuestion == true)
        // The first row of a channel fixes its kind.
        #expect(byId["dm-1/m5"]?.channelKind == .direct)
        #expect(byId["dm-1/m5"]?.threadId == "m4")
        #expect(byId["dm-1/m5"]?.mentions == [" p1 ", " slack:U2 "])
        #expect(byId["random/m6"]?.urlCount == 2)
        #expect(byId["random/m6"]?.channelKind == .private)
        #expect(byId["random/m7"]?.channelKind == .private)
        #expect(byId["other/m9"]?.source == "csv")
        #expect(byId["other/m9"]?.urlCount == 0)
        #expect(byId["other/m8"]?.text == (keepText ? "ends with space " : nil))
        #expect(byId["other/m1"]?.messageId == "m1")
    }

    @Test func aRepeatedIdNamesTheFirstLineEvenPastThePackedRows() throws {
        let folder = try TemporaryFolder(); defer { folder.cleanUp() }
        var lines = ["message_id,channel,author,sent_at"]
        for i in 0..<2_000 { lines.append("m\(i),general,p1,2026-03-02T09:00:00Z") }
        lines.append("m1234,general,p2,2026-03-02T10:00:00Z")
        let file = try folder.write("messages.csv", lines.joined(separator: "\n") + "\n")
        let store = try Store(path: folder.file("store.sqlite").path)
        #expect {
            try CanonicalCSVImporter(kind: .messages).run(file, into: store)
        } throws: { error in
            "\(error)" == "\(file.path):2002, column 1 (message_id): the message_id 'm1234' in channel 'general' is repeated (first on "
                + "line 1236). Fix: give every row its own message_id, or remove the duplicate row."
        }
        #expect(try storeCounts(store)["message"] == 0)
        #expect(try storeCounts(store)["channel"] == 0)
    }

    @Test func theSameIdInTwoChannelsIsNoRepeat() throws {
        let folder = try TemporaryFolder(); defer { folder.cleanUp() }
        let file = try folder.write("messages.csv", """
            message_id,channel,author,sent_at
            a,one,p1,2026-03-02T09:00:00Z
            a,two,p1,2026-03-02T09:00:00Z
            """)
        let store = try Store(path: folder.file("store.sqlite").path)
        let summary = try CanonicalCSVImporter(kind: .messages).run(file, into: store)
        #expect(summary.inserted == 2)
    }

    @Test func aBulkLoadThenAReimportKeepsMessagesUniqueAndUnchanged() throws {
        let folder = try TemporaryFolder(); defer { folder.cleanUp() }
        let file = try folder.write("messages.csv", trickyMessages)
        let store = try Store(path: folder.file("store.sqlite").path)
        let first = try CanonicalCSVImporter(kind: .messages).run(file, into: store)
        #expect(first.inserted == 10)
        func hasKeyIndex() throws -> Bool {
            try store.read { db in
                try Bool.fetchOne(db, sql: "SELECT count(*) > 0 FROM sqlite_master WHERE name = 'message_key'") ?? false
            }
        }
        // The load into the empty table inserts without the unique index; the next import creates it.
        #expect(try !hasKeyIndex())
        let before = try storeSnapshot(store).filter { $0.key != "import_run" }
        let again = try CanonicalCSVImporter(kind: .messages).run(file, into: store)
        #expect(again.inserted == 0)
        #expect(again.updated == 0)
        #expect(again.unchanged == 10)
        #expect(try hasKeyIndex())
        #expect(try storeSnapshot(store).filter { $0.key != "import_run" } == before)
        // The connection is back to its usual settings after the bulk load.
        let settings = try store.read { db in
            [try String.fetchOne(db, sql: "PRAGMA journal_mode"), try String.fetchOne(db, sql: "PRAGMA foreign_keys"),
             try String.fetchOne(db, sql: "PRAGMA cache_size")]
        }
        #expect(settings == ["wal", "1", "-65536"])
    }

    @Test func aFailedBulkLoadLeavesTheStoreAndItsSettingsAsTheyWere() throws {
        let folder = try TemporaryFolder(); defer { folder.cleanUp() }
        let store = try Store(path: folder.file("store.sqlite").path)
        var lines = ["message_id,channel,author,sent_at"]
        for i in 0..<3_000 { lines.append("m\(i),c\(i % 7),p\(i % 5),2026-03-02T09:00:00Z") }
        lines.append("bad,c1,p1,yesterday")
        let file = try folder.write("messages.csv", lines.joined(separator: "\n"))
        let before = try storeSnapshot(store)
        #expect(throws: ImportError.self) { try CanonicalCSVImporter(kind: .messages).run(file, into: store) }
        #expect(try storeSnapshot(store) == before)
        let settings = try store.read { db in
            [try String.fetchOne(db, sql: "PRAGMA journal_mode"), try String.fetchOne(db, sql: "PRAGMA foreign_keys"),
             try String.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master WHERE name = 'message_key'")]
        }
        #expect(settings == ["wal", "1", "1"])
    }

    @Test(arguments: ["\n", "\r\n", "\r"])
    func lineNumbersDoNotDependOnTheLineEnds(lineEnd: String) throws {
        let folder = try TemporaryFolder(); defer { folder.cleanUp() }
        let rows = ["message_id,channel,author,sent_at,text", "x1,general,p1,2026-03-02T09:00:00Z,\"one\(lineEnd)two\"",
                    "x2,general,p1,2026-03-02T09:00:00Z,plain", "x3,general,p1,noon,plain"]
        let file = try folder.write("messages.csv", rows.joined(separator: lineEnd) + lineEnd)
        let store = try Store(path: folder.file("store.sqlite").path)
        #expect {
            try CanonicalCSVImporter(kind: .messages).run(file, into: store)
        } throws: { error in
            "\(error)".hasPrefix("\(file.path):5, column 4 (sent_at): bad timestamp 'noon'")
        }
    }

    @Test func aBlankQuotedRequiredTimestampIsAnErrorNotACrash() throws {
        let folder = try TemporaryFolder(); defer { folder.cleanUp() }
        let file = try folder.write("messages.csv", """
            message_id,channel,author,sent_at
            x1,general,p1,"  "
            """)
        let store = try Store(path: folder.file("store.sqlite").path)
        #expect {
            try CanonicalCSVImporter(kind: .messages).run(file, into: store)
        } throws: { error in
            "\(error)" == "\(file.path):2, column 4 (sent_at): the required timestamp 'sent_at' is empty. "
                + "Fix: fill in 'sent_at' on this row."
        }
    }

    @Test func utf8IsCheckedByteByByte() {
        func valid(_ bytes: [UInt8]) -> Bool {
            bytes.withUnsafeBufferPointer { isValidUTF8($0.baseAddress!, $0.count) }
        }
        #expect(valid(Array("plain ascii, long enough for the eight-byte loop".utf8)))
        #expect(valid(Array("café ？ 🎉 ü".utf8)))
        #expect(!valid([0x63, 0x61, 0x66, 0xE9]))  // Latin-1 é
        #expect(!valid([0xC0, 0xAF]))  // overlong '/'
        #expect(!valid([0xED, 0xA0, 0x80]))  // a surrogate
        #expect(!valid([0xF4, 0x90, 0x80, 0x80]))  // above U+10FFFF
        #expect(!valid([0xE2, 0x82]))  // cut short
        #expect(!valid([0xE2, 0x28, 0xA1]))  // a bad continuation byte
    }

    @Test func theIdHashSetFindsEveryRepeatAcrossGrowth() {
        var set = IdHashSet()
        var hashes: [UInt64] = []
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<50_000 { hashes.append(generator.next()) }
        hashes.append(0)
        var firstInserts = 0
        for hash in hashes where set.insert(hash) { firstInserts += 1 }
        #expect(firstInserts == hashes.count)
        var repeats = 0
        for hash in hashes where !set.insert(hash) { repeats += 1 }
        #expect(repeats == hashes.count)
        // 0 is stored as 1: the two collide (a collision is then checked against the file).
        let oneIsNew = set.insert(1)
        #expect(!oneIsNew)
    }

    @Test func byteStringTablesFindKeysByTheirBytes() {
        var table = ByteStringTable<Int>()
        for i in 0..<10_000 { Array("key-\(i)".utf8).withUnsafeBufferPointer { table.set(i, for: $0) } }
        #expect(table.count == 10_000)
        Array("key-7777".utf8).withUnsafeBufferPointer { #expect(table.value(for: $0) == 7777) }
        Array("key-10000".utf8).withUnsafeBufferPointer { #expect(table.value(for: $0) == nil) }
        Array("".utf8).withUnsafeBufferPointer { #expect(table.value(for: $0) == nil) }
        Array("key-1".utf8).withUnsafeBufferPointer { table.set(-1, for: $0) }
        Array("key-1".utf8).withUnsafeBufferPointer { #expect(table.value(for: $0) == -1) }
        #expect(table.count == 10_000)
    }
}

/// The pipeline's failure rules: the first failure in row order wins, and no thread outlives the import.
@Suite struct ImportPipelineTests {
    private final class FailingSink: RecordSink {
        var added = 0
        let failAt: Int
        init(failAt: Int) { self.failAt = failAt }
        struct Failure: Error, Equatable { let row: Int }
        func add(_ person: PersonRecord) throws {
            added += 1
            if added == failAt { throw Failure(row: added) }
        }
        func add(_ message: MessageRecord) throws {}
        func add(_ item: WorkItemRecord) throws {}
        func add(_ event: WorkItemEventRecord) throws {}
        func add(_ meeting: MeetingRecord) throws {}
        func add(_ attendance: AttendanceRecord) throws {}
        var warnings: [String] = []
        func warn(_ warning: ImportWarning) { warnings.append(warning.message) }
        func skip(reason: String) {}
    }

    private struct ProducerFailure: Error {}

    @Test func theSinksErrorWinsOverALaterProducerError() {
        let sink = FailingSink(failAt: 1_500)
        #expect(throws: FailingSink.Failure(row: 1_500)) {
            try ImportPipeline.run(into: sink) { forwarding in
                for i in 0..<100_000 {
                    try forwarding.add(PersonRecord(personId: "p\(i)"))
                    if i == 90_000 { throw ProducerFailure() }
                }
                return (100_000, "")
            }
        }
        #expect(sink.added == 1_500)
    }

    @Test func aProducerErrorComesAfterTheRowsBeforeIt() {
        let sink = FailingSink(failAt: .max)
        #expect(throws: ProducerFailure.self) {
            try ImportPipeline.run(into: sink) { forwarding in
                for i in 0..<5_000 { try forwarding.add(PersonRecord(personId: "p\(i)")) }
                forwarding.warn(ImportWarning("last words"))
                throw ProducerFailure()
            }
        }
        #expect(sink.added == 5_000)
        #expect(sink.warnings == ["last words"])
    }

    @Test func everyCallReachesTheSinkInOrder() throws {
        let sink = FailingSink(failAt: .max)
        let result = try ImportPipeline.run(into: sink) { forwarding in
            for i in 0..<10_000 {
                try forwarding.add(PersonRecord(personId: "p\(i)"))
                if i % 1_000 == 0 { forwarding.warn(ImportWarning("w\(i)")) }
            }
            return (10_000, "hash")
        }
        #expect(result.records == 10_000)
        #expect(result.sha256 == "hash")
        #expect(sink.added == 10_000)
        #expect(sink.warnings == (0..<10).map { "w\($0 * 1_000)" })
    }
}
