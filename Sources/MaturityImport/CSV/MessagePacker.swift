import Foundation
import MaturityCore

/// The bulk path of `messages.csv`: packs a row into a `MessageBatch` straight from the parser's bytes, when
/// every cell is plain: required cells present, no cell that needs trimming (its first and last bytes are
/// ASCII and not white space), a timestamp that parses, a known channel kind, a plain boolean. Then the values
/// are exactly those the general path (`CanonicalCSVImporter.message`) gives after the checks' trimming, and
/// the checks derive the features and apply the privacy rule to the batch as to records.
struct MessagePacker {
    private let messageId: Int
    private let channel: Int
    private let channelKind: Int
    private let author: Int
    private let sentAt: Int
    private let threadId: Int
    private let mentions: Int
    private let text: Int
    private let isSystem: Int
    private let source: Int
    private let zone: TimeZone?

    init(columns: [String: Int], zone: TimeZone?) {
        func column(_ name: String) -> Int { columns[name] ?? -1 }
        messageId = column("message_id")
        channel = column("channel")
        channelKind = column("channel_kind")
        author = column("author")
        sentAt = column("sent_at")
        threadId = column("thread_id")
        mentions = column("mentions")
        text = column("text")
        isSystem = column("is_system")
        source = column("source")
        self.zone = zone
    }

    private enum Cell {
        /// No column, an empty unquoted cell, or a quoted empty one (`Row.optional` gives nil).
        case empty
        /// Non-empty, and trimming would not change it.
        case plain(UnsafeBufferPointer<UInt8>)
        /// Anything else: the general path decides.
        case other
    }

    @inline(__always)
    private func cell(_ record: RawCSVRecord, _ index: Int) -> Cell {
        guard index >= 0, let bytes = record.field(index), bytes.count > 0 else { return .empty }
        // White space starts with an ASCII white-space byte or a non-ASCII lead byte, and ends with an ASCII
        // white-space byte or a continuation byte: plain edges rule both out.
        @inline(__always) func plainEdge(_ byte: UInt8) -> Bool { byte > 0x20 && byte < 0x80 }
        return plainEdge(bytes[0]) && plainEdge(bytes[bytes.count - 1]) ? .plain(bytes) : .other
    }

    /// Packs `record` into `batch` and returns true; returns false, changing nothing, when the row must take
    /// the general path.
    func pack(_ record: RawCSVRecord, into batch: inout MessageBatch) -> Bool {
        guard case .plain(let id) = cell(record, messageId), case .plain(let channelName) = cell(record, channel),
              case .plain(let authorReference) = cell(record, author), case .plain(let sent) = cell(record, sentAt),
              let instant = try? Timestamp.parse(utf8: sent, zone: zone)
        else { return false }
        var kind: Int8 = -1
        switch cell(record, channelKind) {
        case .empty: break
        case .plain(let bytes):
            guard let known = Self.knownKind(bytes) else { return false }
            kind = known
        case .other: return false
        }
        var system = false
        switch cell(record, isSystem) {
        case .empty: break
        case .plain(let bytes):
            guard let value = Self.boolean(bytes) else { return false }
            system = value
        case .other: return false
        }
        var sourceBytes: UnsafeBufferPointer<UInt8>?
        switch cell(record, source) {
        case .empty: break
        case .plain(let bytes): sourceBytes = bytes
        case .other: return false
        }
        var thread: UnsafeBufferPointer<UInt8>?
        switch cell(record, threadId) {
        case .empty: break
        case .plain(let bytes): thread = bytes
        case .other: return false
        }
        // Mentions are split and trimmed by the sink, the same as the general path's list.
        let mentionCell = mentions >= 0 ? record.field(mentions).flatMap { $0.isEmpty ? nil : $0 } : nil
        let textBytes = text >= 0 ? record.field(text).flatMap { $0.isEmpty ? nil : $0 } : nil

        let row = MessageBatch.Row(
            messageId: batch.span(id), channel: batch.span(channelName), author: batch.span(authorReference),
            threadId: batch.span(thread), mentions: batch.span(mentionCell), mentionTokens: .none,
            source: sourceBytes.map { batch.span($0) } ?? batch.span("csv"), text: batch.span(textBytes),
            sentAt: instant, line: record.line, length: 0, urlCount: 0, channelKind: kind, isQuestion: false,
            isSystem: system)
        batch.append(row)
        return true
    }

    private static let kindNames: [[UInt8]] = ChannelKind.allCases.map { Array($0.rawValue.utf8) }

    /// The index in `ChannelKind.allCases` of a kind written in any ASCII case; nil for anything else.
    private static func knownKind(_ bytes: UnsafeBufferPointer<UInt8>) -> Int8? {
        for (index, name) in kindNames.enumerated() where equalIgnoringASCIICase(bytes, name) {
            return Int8(index)
        }
        return nil
    }

    private static let trueWords: [[UInt8]] = ["true", "yes", "1"].map { Array($0.utf8) }
    private static let falseWords: [[UInt8]] = ["false", "no", "0"].map { Array($0.utf8) }

    /// A boolean cell in any ASCII case; nil for anything else.
    private static func boolean(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
        if trueWords.contains(where: { equalIgnoringASCIICase(bytes, $0) }) { return true }
        if falseWords.contains(where: { equalIgnoringASCIICase(bytes, $0) }) { return false }
        return nil
    }

    /// Whether `bytes` is `word` (ASCII lower case) in any ASCII case.
    @inline(__always)
    private static func equalIgnoringASCIICase(_ bytes: UnsafeBufferPointer<UInt8>, _ word: [UInt8]) -> Bool {
        guard bytes.count == word.count else { return false }
        for index in 0..<word.count {
            let byte = bytes[index]
            let lowered = byte &- 0x41 < 26 ? byte | 0x20 : byte
            if lowered != word[index] { return false }
        }
        return true
    }
}
