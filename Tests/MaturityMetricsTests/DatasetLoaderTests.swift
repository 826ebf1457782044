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
}
