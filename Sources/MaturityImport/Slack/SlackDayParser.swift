import Foundation
import MaturityCore

/// A strict JSON parser (RFC 8259) for one Slack day file, `[ {message}, ... ]`, that builds only the values
/// the import reads (`SlackExportImporter.SlackMessage`) and validates and skips everything else (blocks,
/// attachments, reactions) without allocating. It replaced `JSONDecoder` for speed (BENCHMARKS.md: decoding
/// was half of the import's CPU time); `SlackDayParserTests` compares the two on every fixture and real export.
/// A syntax error names its line and column; a value of the wrong type names its JSON path (`[14].ts`).
struct SlackDayParser {
    struct Failure: Error, Equatable {
        /// The JSON path (`[14].ts`), nil for a syntax error.
        var path: String?
        var message: String
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var i = 0
    private static let maximumDepth = 256

    private init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    static func parse(_ data: Data) throws(Failure) -> [SlackExportImporter.SlackMessage] {
        let result: Result<[SlackExportImporter.SlackMessage], Failure> = data.withUnsafeBytes { raw in
            var parser = SlackDayParser(raw.bindMemory(to: UInt8.self))
            do throws(Failure) { return .success(try parser.day()) } catch { return .failure(error) }
        }
        return try result.get()
    }

    // MARK: Structure

    private mutating func day() throws(Failure) -> [SlackExportImporter.SlackMessage] {
        // A UTF-8 byte-order mark is tolerated, as JSONSerialization does.
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { i = 3 }
        space()
        guard peek == 0x5B else {
            if i >= bytes.count { throw syntax("the file is empty") }
            throw Failure(path: nil, message: "the file holds no JSON array")
        }
        i += 1
        var messages: [SlackExportImporter.SlackMessage] = []
        space()
        if peek == 0x5D {
            i += 1
        } else {
            while true {
                space()
                guard peek == 0x7B else {
                    if peek == nil { throw syntax("the array is not closed") }
                    // Validate it to name a syntax error first, then say what it is.
                    try skipValue(depth: 1)
                    throw Failure(path: "[\(messages.count)]", message: "a message is not a JSON object")
                }
                messages.append(try message(index: messages.count))
                space()
                guard let c = peek else { throw syntax("the array is not closed") }
                i += 1
                if c == 0x5D { break }
                guard c == 0x2C else { throw unexpected(at: i - 1, "',' or ']'") }
            }
        }
        space()
        if i < bytes.count { throw unexpected(at: i, "the end of the file") }
        return messages
    }

    private mutating func message(index: Int) throws(Failure) -> SlackExportImporter.SlackMessage {
        var m = SlackExportImporter.SlackMessage()
        i += 1  // {
        space()
        if peek == 0x7D { i += 1; return m }
        while true {
            space()
            guard peek == 0x22 else { throw unexpected(at: i, "a key string") }
            let key = try keyBytes()
            space()
            guard peek == 0x3A else { throw unexpected(at: i, "':'") }
            i += 1
            space()
            switch key {
            case .ts: m.ts = try stringValue(index, "ts")
            case .user: m.user = try stringValue(index, "user")
            case .text: m.text = try stringValue(index, "text")
            case .subtype: m.subtype = try stringValue(index, "subtype")
            case .threadTs: m.thread_ts = try stringValue(index, "thread_ts")
            case .botId: m.bot_id = try stringValue(index, "bot_id")
            case .username: m.username = try stringValue(index, "username")
            case .comment: m.comment = try nested(index, "comment", "user").map { .init(user: $0) }
            case .botProfile: m.bot_profile = try nested(index, "bot_profile", "name").map { .init(name: $0) }
            case .edited, .files, .file:
                let isNull = peek == 0x6E
                try skipValue(depth: 1)
                if !isNull {
                    switch key {
                    case .edited: m.edited = .init()
                    case .files: m.files = .init()
                    default: m.file = .init()
                    }
                }
            case .other: try skipValue(depth: 1)
            }
            space()
            guard let c = peek else { throw syntax("an object is not closed") }
            i += 1
            if c == 0x7D { return m }
            guard c == 0x2C else { throw unexpected(at: i - 1, "',' or '}'") }
        }
    }

    /// `{ ..., "<field>": "…", ... }` (or null): the one string field of a small object the import reads.
    private mutating func nested(_ index: Int, _ key: String, _ field: String) throws(Failure) -> String?? {
        if peek == 0x6E { try skipValue(depth: 1); return nil }
        guard peek == 0x7B else {
            try skipValue(depth: 1)
            throw Failure(path: "[\(index)].\(key)", message: "'\(key)' is not a JSON object")
        }
        i += 1
        var found: String?
        space()
        if peek == 0x7D { i += 1; return .some(nil) }
        while true {
            space()
            guard peek == 0x22 else { throw unexpected(at: i, "a key string") }
            let start = i + 1
            try skipString()
            let name = UnsafeBufferPointer(rebasing: bytes[start..<(i - 1)])
            space()
            guard peek == 0x3A else { throw unexpected(at: i, "':'") }
            i += 1
            space()
            if name.elementsEqual(field.utf8) {
                found = try stringValue(index, key + "." + field)
            } else {
                try skipValue(depth: 2)
            }
            space()
            guard let c = peek else { throw syntax("an object is not closed") }
            i += 1
            if c == 0x7D { return .some(found) }
            guard c == 0x2C else { throw unexpected(at: i - 1, "',' or '}'") }
        }
    }

    private enum Key { case ts, user, text, subtype, threadTs, botId, username, comment, botProfile, edited, files, file, other }

    /// The key at `i` (a string), recognised among those the import reads.
    private mutating func keyBytes() throws(Failure) -> Key {
        let start = i + 1
        try skipString()
        let key = UnsafeBufferPointer(rebasing: bytes[start..<(i - 1)])
        // Keys with escapes are compared decoded (rare: none of Slack's).
        if key.contains(0x5C) {
            i = start - 1
            let decoded = try string()
            return Self.key(Array(decoded.utf8)[...])
        }
        return Self.key(key[...])
    }

    private static func key(_ k: some Collection<UInt8>) -> Key {
        switch k.count {
        case 2: return k.elementsEqual("ts".utf8) ? .ts : .other
        case 4:
            if k.elementsEqual("user".utf8) { return .user }
            if k.elementsEqual("text".utf8) { return .text }
            if k.elementsEqual("file".utf8) { return .file }
            return .other
        case 5: return k.elementsEqual("files".utf8) ? .files : .other
        case 6: return k.elementsEqual("bot_id".utf8) ? .botId : k.elementsEqual("edited".utf8) ? .edited : .other
        case 7:
            if k.elementsEqual("subtype".utf8) { return .subtype }
            if k.elementsEqual("comment".utf8) { return .comment }
            return .other
        case 8: return k.elementsEqual("username".utf8) ? .username : .other
        case 9: return k.elementsEqual("thread_ts".utf8) ? .threadTs : .other
        case 11: return k.elementsEqual("bot_profile".utf8) ? .botProfile : .other
        default: return .other
        }
    }

    /// A string value, nil for null; a value of another type is an error at `[index].key`.
    private mutating func stringValue(_ index: Int, _ key: String) throws(Failure) -> String? {
        if peek == 0x22 { return try string() }
        if peek == 0x6E, matches("null") { i += 4; return nil }
        try skipValue(depth: 1)
        throw Failure(path: "[\(index)].\(key)", message: "'\(key.split(separator: ".").last!)' is not a string")
    }

    // MARK: Values

    private var peek: UInt8? { i < bytes.count ? bytes[i] : nil }

    private mutating func space() {
        while i < bytes.count {
            let c = bytes[i]
            guard c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 else { return }
            i += 1
        }
    }

    private func matches(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard i + count <= bytes.count else { return false }
        let pointer = literal.utf8Start
        for k in 0..<count where bytes[i + k] != pointer[k] { return false }
        return true
    }

    /// Validates and skips one value of any type.
    private mutating func skipValue(depth: Int) throws(Failure) {
        guard depth <= Self.maximumDepth else { throw syntax("values are nested too deeply") }
        guard let c = peek else { throw syntax("a value is missing at the end of the file") }
        switch c {
        case 0x22: try skipString()
        case 0x7B:
            i += 1
            space()
            if peek == 0x7D { i += 1; return }
            while true {
                space()
                guard peek == 0x22 else { throw unexpected(at: i, "a key string") }
                try skipString()
                space()
                guard peek == 0x3A else { throw unexpected(at: i, "':'") }
                i += 1
                space()
                try skipValue(depth: depth + 1)
                space()
                guard let d = peek else { throw syntax("an object is not closed") }
                i += 1
                if d == 0x7D { return }
                guard d == 0x2C else { throw unexpected(at: i - 1, "',' or '}'") }
            }
        case 0x5B:
            i += 1
            space()
            if peek == 0x5D { i += 1; return }
            while true {
                space()
                try skipValue(depth: depth + 1)
                space()
                guard let d = peek else { throw syntax("an array is not closed") }
                i += 1
                if d == 0x5D { return }
                guard d == 0x2C else { throw unexpected(at: i - 1, "',' or ']'") }
            }
        case 0x74: guard matches("true") else { throw unexpected(at: i, "a value") }; i += 4
        case 0x66: guard matches("false") else { throw unexpected(at: i, "a value") }; i += 5
        case 0x6E: guard matches("null") else { throw unexpected(at: i, "a value") }; i += 4
        case 0x2D, 0x30...0x39: try skipNumber()
        default: throw unexpected(at: i, "a value")
        }
    }

    private mutating func skipNumber() throws(Failure) {
        let start = i
        if peek == 0x2D { i += 1 }
        func digits() -> Int {
            var n = 0
            while let c = peek, c >= 0x30 && c <= 0x39 { i += 1; n += 1 }
            return n
        }
        if peek == 0x30 { i += 1 } else if digits() == 0 { throw unexpected(at: start, "a number") }
        if peek == 0x2E {
            i += 1
            if digits() == 0 { throw unexpected(at: i, "a digit") }
        }
        if peek == 0x65 || peek == 0x45 {
            i += 1
            if peek == 0x2B || peek == 0x2D { i += 1 }
            if digits() == 0 { throw unexpected(at: i, "a digit") }
        }
    }

    /// Validates and skips a string (at its opening quote).
    private mutating func skipString() throws(Failure) {
        let open = i
        i += 1
        while i < bytes.count {
            let c = bytes[i]
            if c == 0x22 { i += 1; return }
            if c == 0x5C {
                guard i + 1 < bytes.count else { break }
                let e = bytes[i + 1]
                if e == 0x75 {
                    guard i + 5 < bytes.count, (2...5).allSatisfy({ Self.hex(bytes[i + $0]) != nil }) else {
                        throw unexpected(at: i, "four hex digits after \\u")
                    }
                    i += 6
                    continue
                }
                guard [0x22, 0x5C, 0x2F, 0x62, 0x66, 0x6E, 0x72, 0x74].contains(e) else {
                    throw unexpected(at: i, "an escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u)")
                }
                i += 2
                continue
            }
            if c < 0x20 { throw unexpected(at: i, "no control character inside a string") }
            i += 1
        }
        throw Failure(path: nil, message: "a string is not closed (it starts at \(position(open)))")
    }

    /// A string (at its opening quote), escapes decoded.
    private mutating func string() throws(Failure) -> String {
        let start = i + 1
        try skipString()
        let raw = UnsafeBufferPointer(rebasing: bytes[start..<(i - 1)])
        guard raw.contains(0x5C) else { return String(decoding: raw, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var k = 0
        while k < raw.count {
            let c = raw[k]
            guard c == 0x5C else { out.append(c); k += 1; continue }
            let e = raw[k + 1]
            k += 2
            switch e {
            case 0x62: out.append(0x08)
            case 0x66: out.append(0x0C)
            case 0x6E: out.append(0x0A)
            case 0x72: out.append(0x0D)
            case 0x74: out.append(0x09)
            case 0x75:
                var scalar = Self.hex4(raw, k)
                k += 4
                if (0xD800...0xDBFF).contains(scalar), k + 5 < raw.count + 0, raw[k] == 0x5C, raw[k + 1] == 0x75 {
                    let low = Self.hex4(raw, k + 2)
                    if (0xDC00...0xDFFF).contains(low) {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        k += 6
                    }
                }
                let value = Unicode.Scalar(scalar) ?? "\u{FFFD}"
                out.append(contentsOf: String(Character(value)).utf8)
            default: out.append(e)  // \" \\ \/
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func hex(_ b: UInt8) -> UInt32? {
        switch b {
        case 0x30...0x39: UInt32(b - 0x30)
        case 0x41...0x46: UInt32(b - 0x41 + 10)
        case 0x61...0x66: UInt32(b - 0x61 + 10)
        default: nil
        }
    }

    private static func hex4(_ raw: UnsafeBufferPointer<UInt8>, _ at: Int) -> UInt32 {
        (0..<4).reduce(0) { $0 << 4 | (hex(raw[at + $1]) ?? 0) }
    }

    // MARK: Errors

    /// `line L, column C` of a byte offset (counted only for an error).
    private func position(_ offset: Int) -> String {
        var line = 1, column = 1
        for k in 0..<min(offset, bytes.count) {
            if bytes[k] == 0x0A { line += 1; column = 1 } else if bytes[k] & 0xC0 != 0x80 { column += 1 }
        }
        return "line \(line), column \(column)"
    }

    private func syntax(_ message: String) -> Failure { Failure(path: nil, message: message) }

    private func unexpected(at offset: Int, _ expected: String) -> Failure {
        guard offset < bytes.count else {
            return Failure(path: nil, message: "the file ends where \(expected) should be")
        }
        let c = bytes[offset]
        let shown = c >= 0x20 && c < 0x7F ? "'\(Character(Unicode.Scalar(c)))'" : String(format: "byte 0x%02X", c)
        return Failure(path: nil, message: "\(shown) at \(position(offset)) where \(expected) should be")
    }
}
