import CCSV
import Foundation
import MaturityCore

/// One parsed CSV record: its fields (nil for an empty unquoted field, "" for a quoted empty one) and the
/// line it starts on (1-based, counting the header as line 1).
public struct CSVRecord {
    public var fields: [String?]
    public var line: Int
}

/// One parsed CSV record as bytes, valid only inside the callback that receives it: the fields point into
/// the reader's buffer (already checked to be valid UTF-8).
public struct RawCSVRecord {
    /// The line the record starts on (1-based, counting the header as line 1).
    public let line: Int
    let base: UnsafePointer<UInt8>
    let spans: UnsafeBufferPointer<FieldSpan>

    /// The number of fields.
    public var count: Int { spans.count }

    /// The bytes of field `index`: nil for an empty unquoted field, empty for a quoted empty one.
    @inline(__always)
    public func field(_ index: Int) -> UnsafeBufferPointer<UInt8>? {
        let span = spans[index]
        return span.count < 0 ? nil : UnsafeBufferPointer(start: base + span.offset, count: span.count)
    }

    /// The record with its fields as strings.
    public func materialized() -> CSVRecord {
        CSVRecord(fields: (0..<count).map { field($0).map { String(decoding: $0, as: UTF8.self) } }, line: line)
    }
}

/// Where a field is in the reader's buffer; a negative count is an empty unquoted field.
struct FieldSpan {
    var offset: Int
    var count: Int
}

/// A streaming RFC 4180 reader over libcsv. Reads the input in blocks (the session's `InputFile` hashes them
/// as they pass), strips a leading UTF-8 BOM, validates UTF-8 per field and counts lines itself (libcsv does
/// not), so every error can name its line and column.
public final class CSVReader {
    public let url: URL
    private let source: InputFile

    /// A reader of the session's input.
    public init(input: InputFile) {
        self.url = input.url
        self.source = input
    }

    /// A reader of a file of its own (reading a file again, outside any session).
    public convenience init(url: URL) throws {
        self.init(input: try InputFile(url: url))
    }

    /// The size of the file, in bytes.
    public var fileSize: Int { source.size }

    /// Parses the whole file, calling `body` for each record in order.
    public func read(_ body: (CSVRecord) throws -> Void) throws {
        try readRaw({ try body($0.materialized()) })
    }

    /// Parses the whole file like `read`, handing each record as bytes (no `String` per field).
    public func readRaw(_ body: (RawCSVRecord) throws -> Void) throws {
        try withoutActuallyEscaping(body) { body in
            try parse(body: body)
        }
    }

    private func parse(body: @escaping (RawCSVRecord) throws -> Void) throws {
        let state = ParserState(file: url.path, body: body)
        var parser = csv_parser()
        guard csv_init(&parser, UInt8(CSV_STRICT | CSV_STRICT_FINI | CSV_EMPTY_IS_NULL)) == 0 else {
            throw ImportError(file: url.path, line: nil, column: nil, message: "cannot initialise the CSV parser",
                              fix: "this is a bug; please report it")
        }
        defer { csv_free(&parser) }
        csv_set_space_func(&parser) { _ in 0 }
        var first = true
        let hot = state.hot
        var pendingCR = false
        while true {
            let chunk = try source.read(upToCount: 1 << 20)
            if chunk.isEmpty { break }
            try chunk.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
                guard var base = raw.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
                var end = raw.count
                if first {
                    first = false
                    if end >= 3, base[0] == 0xEF, base[1] == 0xBB, base[2] == 0xBF {
                        base += 3
                        end -= 3
                    }
                }
                // Feed line by line so the callbacks know which line they are on.
                if !pendingCR && memchr(base, 0x0D, end) == nil {
                    // No CR in the block: every LF ends a line.
                    var start = 0
                    while start < end {
                        guard let found = memchr(base + start, 0x0A, end - start) else {
                            try feed(&parser, base + start, end - start, hot)
                            break
                        }
                        let lineEnd = UnsafeRawPointer(found) - UnsafeRawPointer(base)
                        hot.pointee.pendingLineEnd = true
                        try feed(&parser, base + start, lineEnd + 1 - start, hot)
                        start = lineEnd + 1
                    }
                    return
                }
                var start = 0
                var i = 0
                while i < end {
                    let b = base[i]
                    if b == 0x0A {
                        if pendingCR && i == start {
                            // The LF of a CR LF split across blocks: already counted.
                        } else {
                            hot.pointee.pendingLineEnd = true
                        }
                        pendingCR = false
                        try feed(&parser, base + start, i + 1 - start, hot)
                        start = i + 1
                    } else if b == 0x0D {
                        if i + 1 < end {
                            if base[i + 1] != 0x0A {
                                hot.pointee.pendingLineEnd = true
                                try feed(&parser, base + start, i + 1 - start, hot)
                                start = i + 1
                            }
                        } else {
                            hot.pointee.pendingLineEnd = true
                            pendingCR = true
                            try feed(&parser, base + start, i + 1 - start, hot)
                            start = i + 1
                        }
                    } else if pendingCR {
                        pendingCR = false
                    }
                    i += 1
                }
                if start < end { try feed(&parser, base + start, end - start, hot) }
            }
        }
        if csv_fini(&parser, fieldCallback, rowCallback, UnsafeMutableRawPointer(hot)) != 0 {
            // Only a quoted field still open at the end fails here: name where its quote opened.
            let start = hot.pointee.fieldInProgressStart
            throw ImportError(file: url.path, line: start.line, column: start.column,
                              message: "a quoted field is not closed before the end of the file",
                              fix: "close the quote (a literal quote inside a quoted field is written \"\")")
        }
        if let error = state.error { throw error }
    }

    private func feed(_ parser: inout csv_parser, _ pointer: UnsafePointer<UInt8>, _ count: Int,
                      _ hot: UnsafeMutablePointer<ParserHot>) throws {
        let parsed = csv_parse(&parser, pointer, count, fieldCallback, rowCallback, UnsafeMutableRawPointer(hot))
        if hot.pointee.failed, let error = hot.pointee.state.error { throw error }
        if parsed != count {
            // The field that failed may be a quoted one that opened lines ago: name where it started.
            let start = hot.pointee.fieldInProgressStart
            throw ImportError(file: url.path, line: start.line, column: start.column,
                              message: "malformed CSV: a quote inside an unquoted field, or text after a closing quote",
                              fix: "quote the whole field and double the quotes inside it (RFC 4180)")
        }
        if hot.pointee.pendingLineEnd {
            hot.pointee.pendingLineEnd = false
            if parser.pstate == 0 {
                // pstate 0 (ROW_NOT_BEGUN): no record in progress, so the next one starts on the next line.
                hot.pointee.line += 1
                hot.pointee.rowStartLine = hot.pointee.line
            } else {
                // A line end inside a record is inside a quoted field (an unquoted one ends the record):
                // remember the line it opened on before counting the line end. Once per line, not per field.
                hot.pointee.noteFieldContinuesOnNextLine()
                hot.pointee.line += 1
            }
        }
    }
}

/// The parser's state between callbacks. The fields of the record in progress are copied into one buffer;
/// everything the callbacks touch for every field lives in `hot`, plain memory (no class property accesses
/// on the hot path).
final class ParserState {
    let file: String
    let body: (RawCSVRecord) throws -> Void
    let hot: UnsafeMutablePointer<ParserHot>
    var error: Error?

    init(file: String, body: @escaping (RawCSVRecord) throws -> Void) {
        self.file = file
        self.body = body
        hot = UnsafeMutablePointer<ParserHot>.allocate(capacity: 1)
        hot.initialize(to: ParserHot(state: Unmanaged.passUnretained(self)))
    }

    deinit {
        hot.pointee.release()
        hot.deinitialize(count: 1)
        hot.deallocate()
    }
}

struct ParserHot {
    /// The bytes of the record's fields, and where each field is.
    var buffer: UnsafeMutablePointer<UInt8>
    var capacity = 1 << 16
    var count = 0
    var spans: UnsafeMutablePointer<FieldSpan>
    var spanCapacity = 64
    var spanCount = 0
    /// The line being fed (1-based), and the line the record in progress starts on.
    var line = 1
    var rowStartLine = 1
    /// The bytes being fed end a line.
    var pendingLineEnd = false
    /// The quoted field last seen open at a line end: its record (by the line the record starts on), its index in
    /// the record, and the line it opened on. `openFieldRecordLine` 0: none yet. A field is identified by its
    /// record and index: a record ends at a line end, so no two records start on the same line.
    var openFieldRecordLine = 0
    var openFieldIndex = 0
    var openFieldLine = 0
    /// An error was recorded in `state.error`: the callbacks do nothing more.
    var failed = false
    private let stateReference: Unmanaged<ParserState>

    init(state: Unmanaged<ParserState>) {
        stateReference = state
        buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        spans = UnsafeMutablePointer<FieldSpan>.allocate(capacity: spanCapacity)
    }

    var state: ParserState { stateReference.takeUnretainedValue() }

    /// Whether the field in progress (index `spanCount` of the record starting on `rowStartLine`) was open at
    /// an earlier line end.
    @inline(__always)
    private var fieldInProgressWasOpenAtALineEnd: Bool {
        openFieldRecordLine == rowStartLine && openFieldIndex == spanCount
    }

    /// Called at the end of `line` while a quoted field is open: the first time for a field, it opened on `line`.
    @inline(__always)
    mutating func noteFieldContinuesOnNextLine() {
        if !fieldInProgressWasOpenAtALineEnd {
            openFieldRecordLine = rowStartLine
            openFieldIndex = spanCount
            openFieldLine = line
        }
    }

    /// Where the field in progress started: its line (the line it opened on, for a quoted field spanning
    /// lines) and its 1-based column.
    var fieldInProgressStart: (line: Int, column: Int) {
        (fieldInProgressWasOpenAtALineEnd ? openFieldLine : line, spanCount + 1)
    }

    func release() {
        buffer.deallocate()
        spans.deallocate()
    }

    mutating func fail(_ error: Error) {
        state.error = error
        failed = true
    }

    @inline(__always)
    mutating func appendNull() {
        if spanCount == spanCapacity { growSpans() }
        spans[spanCount] = FieldSpan(offset: count, count: -1)
        spanCount += 1
    }

    @inline(__always)
    mutating func append(_ data: UnsafePointer<UInt8>, _ length: Int) {
        if count + length > capacity { growBuffer(to: count + length) }
        if spanCount == spanCapacity { growSpans() }
        (buffer + count).update(from: data, count: length)
        spans[spanCount] = FieldSpan(offset: count, count: length)
        spanCount += 1
        count += length
    }

    private mutating func growBuffer(to needed: Int) {
        var larger = capacity * 2
        while larger < needed { larger *= 2 }
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
        grown.update(from: buffer, count: count)
        buffer.deallocate()
        buffer = grown
        capacity = larger
    }

    private mutating func growSpans() {
        let grown = UnsafeMutablePointer<FieldSpan>.allocate(capacity: spanCapacity * 2)
        grown.update(from: spans, count: spanCount)
        spans.deallocate()
        spans = grown
        spanCapacity *= 2
    }
}

private func fieldCallback(_ data: UnsafeMutableRawPointer?, _ length: Int, _ context: UnsafeMutableRawPointer?) {
    guard let hot = context?.assumingMemoryBound(to: ParserHot.self), !hot.pointee.failed else { return }
    guard let data else {
        hot.pointee.appendNull()
        return
    }
    let bytes = UnsafePointer(data.assumingMemoryBound(to: UInt8.self))
    guard isValidUTF8(bytes, length) else {
        hot.pointee.fail(ImportError(file: hot.pointee.state.file, line: hot.pointee.rowStartLine,
                                     column: hot.pointee.spanCount + 1, message: "the field is not valid UTF-8",
                                     fix: "save the file as UTF-8 (for example with iconv -f LATIN1 -t UTF-8)"))
        return
    }
    hot.pointee.append(bytes, length)
}

private func rowCallback(_ terminator: Int32, _ context: UnsafeMutableRawPointer?) {
    guard let hot = context?.assumingMemoryBound(to: ParserHot.self), !hot.pointee.failed else { return }
    let line = hot.pointee.rowStartLine
    // The next record starts on the line after the one this record ends on.
    hot.pointee.rowStartLine = hot.pointee.line + (hot.pointee.pendingLineEnd ? 1 : 0)
    let record = RawCSVRecord(line: line, base: UnsafePointer(hot.pointee.buffer),
                              spans: UnsafeBufferPointer(start: hot.pointee.spans, count: hot.pointee.spanCount))
    do {
        try hot.pointee.state.body(record)
    } catch {
        hot.pointee.fail(error)
    }
    hot.pointee.spanCount = 0
    hot.pointee.count = 0
}

/// Whether `count` bytes at `bytes` are well-formed UTF-8 (no overlong forms, no surrogates, at most U+10FFFF).
func isValidUTF8(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> Bool {
    var index = 0
    // ASCII runs, eight bytes at a time.
    while index + 8 <= count {
        let word = UnsafeRawPointer(bytes + index).loadUnaligned(as: UInt64.self)
        if word & 0x8080_8080_8080_8080 != 0 { break }
        index += 8
    }
    while index < count {
        let lead = bytes[index]
        if lead < 0x80 {
            index += 1
            continue
        }
        let length: Int
        var lower: UInt8 = 0x80, upper: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; lower = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; upper = 0x9F
        case 0xF0: length = 4; lower = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; upper = 0x8F
        default: return false
        }
        guard index + length <= count else { return false }
        let second = bytes[index + 1]
        guard second >= lower && second <= upper else { return false }
        for offset in 2..<max(length, 2) where bytes[index + offset] & 0xC0 != 0x80 { return false }
        index += length
    }
    return true
}
