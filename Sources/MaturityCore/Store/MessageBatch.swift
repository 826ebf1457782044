import Foundation

/// Message rows packed for the bulk path of the messages import: every text of a batch of rows lives in one
/// byte buffer, so reading a row allocates nothing and the store binds the texts straight from the buffer.
/// A row holds the same values as a `MessageRecord` (`record(at:)` gives it back).
public struct MessageBatch: Sendable {
    /// A text of the buffer: `count` bytes from `offset`; a negative count is nil.
    public struct Span: Sendable, Equatable {
        public var offset: Int32
        public var count: Int32

        /// The nil text.
        public static let none = Span(offset: 0, count: -1)

        /// Whether this is the nil text.
        public var isNil: Bool { count < 0 }
    }

    /// One message. `mentions` is the raw `mentions` cell (references separated by `;`, not yet trimmed);
    /// `mentionTokens` the `@` tokens of the text joined by `;` (nil when there is none).
    public struct Row: Sendable {
        public var messageId: Span
        public var channel: Span
        public var author: Span
        public var threadId: Span
        public var mentions: Span
        public var mentionTokens: Span
        public var source: Span
        public var text: Span
        public var sentAt: Instant
        public var line: Int
        public var length: Int32
        public var urlCount: Int32
        /// Index into `ChannelKind.allCases`; -1 for none (an empty cell).
        public var channelKind: Int8
        public var isQuestion: Bool
        public var isSystem: Bool

        /// A row of spans of the batch it goes into.
        public init(messageId: Span, channel: Span, author: Span, threadId: Span, mentions: Span,
                    mentionTokens: Span, source: Span, text: Span, sentAt: Instant, line: Int, length: Int32,
                    urlCount: Int32, channelKind: Int8, isQuestion: Bool, isSystem: Bool) {
            self.messageId = messageId; self.channel = channel; self.author = author; self.threadId = threadId
            self.mentions = mentions; self.mentionTokens = mentionTokens; self.source = source; self.text = text
            self.sentAt = sentAt; self.line = line; self.length = length; self.urlCount = urlCount
            self.channelKind = channelKind; self.isQuestion = isQuestion; self.isSystem = isSystem
        }
    }

    /// Every text of the batch, one after the other.
    public private(set) var bytes: [UInt8] = []
    /// The rows, in file order.
    public private(set) var rows: [Row] = []

    /// Where the rows come from: each row's location is this one at the row's line.
    public let origin: InputLocation

    /// An empty batch with room for `capacity` rows.
    public init(capacity: Int = 0, origin: InputLocation = .unknown) {
        self.origin = origin
        rows.reserveCapacity(capacity)
        bytes.reserveCapacity(capacity * 64)
    }

    /// The location of row `index`.
    public func location(at index: Int) -> InputLocation { origin.atLine(rows[index].line) }

    /// What the checks derive for one row: its channel's kind code and the features of its text.
    public struct Derived: Sendable {
        public var channelKind: Int8
        public var mentionTokens: [String]
        public var isQuestion: Bool
        public var length: Int
        public var urlCount: Int

        public init(channelKind: Int8, mentionTokens: [String], isQuestion: Bool, length: Int, urlCount: Int) {
            self.channelKind = channelKind; self.mentionTokens = mentionTokens; self.isQuestion = isQuestion
            self.length = length; self.urlCount = urlCount
        }
    }

    /// Sets what the checks derived for every row (one value per row, in order), and forgets each text unless
    /// `keepText` (an empty text is forgotten either way).
    public mutating func setDerived(_ derived: [Derived], keepText: Bool) {
        precondition(derived.count == rows.count, "one derived value per row")
        for index in rows.indices {
            let value = derived[index]
            rows[index].channelKind = value.channelKind
            if !value.mentionTokens.isEmpty { rows[index].mentionTokens = span(joining: value.mentionTokens) }
            rows[index].isQuestion = value.isQuestion
            rows[index].length = Int32(clamping: value.length)
            rows[index].urlCount = Int32(clamping: value.urlCount)
            if !keepText || rows[index].text.count == 0 { rows[index].text = .none }
        }
    }


    /// The number of rows.
    public var count: Int { rows.count }
    /// Whether the batch holds no row.
    public var isEmpty: Bool { rows.isEmpty }

    /// Copies `text` into the buffer; nil stays nil.
    public mutating func span(_ text: UnsafeBufferPointer<UInt8>?) -> Span {
        guard let text else { return .none }
        let offset = Int32(truncatingIfNeeded: bytes.count)
        bytes.append(contentsOf: text)
        return Span(offset: offset, count: Int32(truncatingIfNeeded: text.count))
    }

    /// Copies `text` into the buffer; nil stays nil.
    public mutating func span(_ text: String?) -> Span {
        guard var text else { return .none }
        return text.withUTF8 { span($0) }
    }

    /// Copies `parts` joined by `;` into the buffer; nil when there is none.
    public mutating func span(joining parts: [String]) -> Span {
        guard !parts.isEmpty else { return .none }
        let offset = Int32(truncatingIfNeeded: bytes.count)
        for (i, part) in parts.enumerated() {
            if i > 0 { bytes.append(UInt8(ascii: ";")) }
            bytes.append(contentsOf: part.utf8)
        }
        return Span(offset: offset, count: Int32(truncatingIfNeeded: bytes.count) - offset)
    }

    /// Appends a row whose texts are spans of this batch.
    public mutating func append(_ row: Row) { rows.append(row) }

    /// Appends a record as the bulk path would have packed it.
    public mutating func append(_ record: MessageRecord) {
        let row = Row(
            messageId: span(record.messageId), channel: span(record.channel), author: span(record.author),
            threadId: span(record.threadId), mentions: span(joining: record.mentions),
            mentionTokens: span(joining: record.mentionTokens), source: span(record.source), text: span(record.text),
            sentAt: record.sentAt, line: record.location.line ?? 0, length: Int32(clamping: record.length),
            urlCount: Int32(clamping: record.urlCount),
            channelKind: Self.code(record.channelKind),
            isQuestion: record.isQuestion, isSystem: record.isSystem)
        rows.append(row)
    }

    /// Runs `body` over the bytes of a span (nil for a nil span).
    @inline(__always)
    public func withBytes<T>(_ span: Span, _ body: (UnsafeBufferPointer<UInt8>?) throws -> T) rethrows -> T {
        guard span.count >= 0 else { return try body(nil) }
        return try bytes.withUnsafeBufferPointer { all in
            try body(UnsafeBufferPointer(rebasing: all[Int(span.offset)..<Int(span.offset) + Int(span.count)]))
        }
    }

    /// The text of a span.
    public func string(_ span: Span) -> String? {
        withBytes(span) { $0.map { String(decoding: $0, as: UTF8.self) } }
    }

    /// The channel kind of a row.
    public static func channelKind(_ row: Row) -> ChannelKind? { channelKind(code: row.channelKind) }

    /// The channel kind a `Row.channelKind` code stands for.
    public static func channelKind(code: Int8) -> ChannelKind? {
        code >= 0 && Int(code) < ChannelKind.allCases.count ? ChannelKind.allCases[Int(code)] : nil
    }

    /// The `Row.channelKind` code of a channel kind (-1 for none).
    public static func code(_ kind: ChannelKind?) -> Int8 {
        kind.flatMap { ChannelKind.allCases.firstIndex(of: $0) }.map(Int8.init) ?? -1
    }

    /// Row `index` as a record.
    public func record(at index: Int) -> MessageRecord {
        let row = rows[index]
        func list(_ span: Span) -> [String] {
            (string(span) ?? "").split(separator: ";").map(String.init)
        }
        return MessageRecord(
            messageId: string(row.messageId) ?? "", channel: string(row.channel) ?? "",
            channelKind: Self.channelKind(row), author: string(row.author) ?? "", sentAt: row.sentAt,
            threadId: string(row.threadId), mentions: list(row.mentions), mentionTokens: list(row.mentionTokens),
            isQuestion: row.isQuestion, length: Int(row.length), urlCount: Int(row.urlCount),
            isSystem: row.isSystem, source: string(row.source) ?? "csv", text: string(row.text),
            location: location(at: index))
    }
}

/// A sink that takes messages a batch at a time (the store's sink does). The effect is that of adding the
/// batch's records one by one, in order.
public protocol MessageBatchSink: RecordSink {
    /// Adds the batch's messages, in order.
    func add(_ batch: consuming MessageBatch) throws
}

/// A hash table keyed by short byte strings (names, references), looked up without building a `String`.
/// Keys are copied into one buffer; linear probing on a power-of-two table.
public struct ByteStringTable<Value> {
    private struct Entry {
        var hash: UInt64
        var offset: Int
        var count: Int
        var value: Value
    }

    private var keys: [UInt8] = []
    private var entries: [Entry] = []
    private var slots: [Int32]
    private var mask: Int

    /// An empty table.
    public init() {
        slots = Array(repeating: -1, count: 64)
        mask = 63
    }

    /// The number of keys.
    public var count: Int { entries.count }

    /// The value stored for `key`, if any.
    public func value(for key: UnsafeBufferPointer<UInt8>) -> Value? {
        let hash = Self.hash(key)
        var slot = Int(truncatingIfNeeded: hash) & mask
        return keys.withUnsafeBufferPointer { stored in
            while true {
                let index = Int(slots[slot])
                if index < 0 { return nil }
                let entry = entries[index]
                if entry.hash == hash && entry.count == key.count
                    && (key.count == 0 || memcmp(stored.baseAddress! + entry.offset, key.baseAddress!, key.count) == 0)
                {
                    return entry.value
                }
                slot = (slot + 1) & mask
            }
        }
    }

    /// Stores `value` for `key` (replacing any value stored before).
    public mutating func set(_ value: Value, for key: UnsafeBufferPointer<UInt8>) {
        let hash = Self.hash(key)
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let index = Int(slots[slot])
            if index < 0 { break }
            let entry = entries[index]
            if entry.hash == hash && entry.count == key.count
                && keys.withUnsafeBufferPointer({ stored in
                    key.count == 0 || memcmp(stored.baseAddress! + entry.offset, key.baseAddress!, key.count) == 0
                })
            {
                entries[index].value = value
                return
            }
            slot = (slot + 1) & mask
        }
        slots[slot] = Int32(entries.count)
        entries.append(Entry(hash: hash, offset: keys.count, count: key.count, value: value))
        keys.append(contentsOf: key)
        if entries.count * 2 > slots.count { grow() }
    }

    private mutating func grow() {
        let size = slots.count * 2
        slots = Array(repeating: -1, count: size)
        mask = size - 1
        for (index, entry) in entries.enumerated() {
            var slot = Int(truncatingIfNeeded: entry.hash) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(index)
        }
    }

    /// FNV-1a, then a final mix so that similar keys spread over the table.
    @inline(__always)
    static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        hash ^= hash >> 33
        hash = hash &* 0xff51_afd7_ed55_8ccd
        hash ^= hash >> 33
        return hash
    }
}

extension MessageBatch {
    /// Removes the rows at `indices` (ascending).
    public mutating func remove(rows indices: some Sequence<Int>) {
        let drop = Set(indices)
        guard !drop.isEmpty else { return }
        rows = rows.enumerated().filter { !drop.contains($0.offset) }.map(\.element)
    }

    /// Keeps the first `count` rows.
    public mutating func truncate(to count: Int) {
        rows.removeLast(rows.count - count)
    }
}
