import Foundation
import GRDB

extension Store {
    /// The messages in the order the response-latency pass reads them: by channel (the `channel` table's id, the
    /// order channels were created), then instant, then message id byte by byte (SQLite's `BINARY` collation,
    /// which for UTF-8 is code point order). The columns are those of `messageColumns`.
    ///
    /// SQLite orders the rows itself, so a reader holds one row at a time however many messages the store holds.
    /// Where the store has the `message_key` index `(channel_id, message_id)` (built by the first import that
    /// needs it) SQLite walks it and sorts each channel's rows in a small temporary B-tree (1M messages: 1.5 s
    /// and 78 MB in the shell); after a first bulk load, which leaves no index, it scans and sorts the whole
    /// table, spilling to temporary files past the page cache (2.0 s, 138 MB with a 64 MiB cache). No further
    /// index is needed.
    public static let messagesInChannelOrderQuery = """
        SELECT channel_id, message_id, author_id, sent_at, thread_id, mentions, mention_tokens, is_question,
            is_system, source FROM message ORDER BY channel_id, sent_at, message_id
        """

    /// The page cache while the messages stream, in KiB.
    public static let streamCacheKiB = 8192

    /// An upper bound of the number of messages, at once (the largest rowid; 0 without messages).
    public static func messageRowBound(_ db: Database) throws -> Int {
        let cursor = try RawCursor(db, "SELECT max(rowid) FROM message")
        guard try cursor.next(), !cursor.isNull(0) else { return 0 }
        return Int(cursor.int64(0))
    }

    /// The earliest and latest `sent_at` of all messages; nil for a store without messages.
    public static func messageSpan(_ db: Database) throws -> (from: Int64, to: Int64)? {
        let cursor = try RawCursor(db, "SELECT min(sent_at), max(sent_at) FROM message")
        guard try cursor.next(), !cursor.isNull(0), !cursor.isNull(1) else { return nil }
        return (cursor.int64(0), cursor.int64(1))
    }

    /// A cursor over `messagesInChannelOrderQuery`: step it with `next()` inside the read closure that gave
    /// `db`. `PRAGMA threads` lets SQLite's sorter use a second core where the machine has one. The messages are
    /// read once, in one pass: the connection's page cache drops to `streamCacheKiB` (it would otherwise fill with
    /// 64 MiB of pages read once) and stays there for the rest of that connection's reads.
    public static func messagesInChannelOrder(_ db: Database) throws -> RawCursor {
        try db.execute(sql: "PRAGMA threads = 2")
        try db.execute(sql: "PRAGMA cache_size = -\(streamCacheKiB)")
        return try RawCursor(db, messagesInChannelOrderQuery)
    }
}
