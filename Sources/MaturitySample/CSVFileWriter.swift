import Foundation
import MaturityCore

/// Streams one CSV file: fields are appended to a byte buffer that is written out in 1 MiB chunks, so memory
/// stays flat however many rows are written. Fields are quoted as RFC 4180 requires (a field holding a comma,
/// a double quote, CR or LF is enclosed in double quotes, and its double quotes are doubled).
///
/// A struct, not a class: its owner mutates it in place, which spares the dynamic exclusivity checks a class
/// property would pay on every appended byte.
struct CSVFileWriter {
    private let handle: FileHandle
    private let path: String
    private let lineEnding: [UInt8]
    private var buffer: [UInt8] = []
    private var fieldsInRow = 0
    /// Data rows finished so far (the header not counted).
    private(set) var rows = 0

    private static let flushThreshold = 1 << 20

    /// Creates (or truncates) the file and writes the header row.
    init(url: URL, header: [String], byteOrderMark: Bool = false, crlf: Bool = false) throws(SampleError) {
        path = url.path
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw SampleError("cannot create \(url.path): check that the folder exists and is writable")
        }
        do {
            handle = try FileHandle(forWritingTo: url)
        } catch {
            throw SampleError("cannot open \(url.path) for writing: \(error)")
        }
        lineEnding = crlf ? [13, 10] : [10]
        buffer.reserveCapacity(Self.flushThreshold + 65_536)
        if byteOrderMark { buffer.append(contentsOf: [0xEF, 0xBB, 0xBF]) }
        for name in header { field(name) }
        buffer.append(contentsOf: lineEnding)
        fieldsInRow = 0
    }

    private mutating func separate() {
        if fieldsInRow > 0 { buffer.append(44) }
        fieldsInRow += 1
    }

    /// Appends a text field, quoted when it needs to be.
    mutating func field(_ text: String) {
        separate()
        var text = text
        text.withUTF8 { bytes in
            var needsQuotes = false
            for byte in bytes where byte == 44 || byte == 34 || byte == 10 || byte == 13 {
                needsQuotes = true
                break
            }
            guard needsQuotes else {
                buffer.append(contentsOf: bytes)
                return
            }
            buffer.append(34)
            var runStart = 0
            for (index, byte) in bytes.enumerated() where byte == 34 {
                buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...index]))
                runStart = index
            }
            buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
            buffer.append(34)
        }
    }

    /// Appends an empty field.
    mutating func empty() { separate() }

    /// Appends a non-negative integer field.
    mutating func integer(_ value: Int) {
        separate()
        appendDigits(value, minimumWidth: 1)
    }

    /// Appends a timestamp: `2026-07-01T09:30:00+02:00` with the given offset, or `2026-07-01T07:30:00Z` when
    /// `offsetSeconds` is nil; `millis` adds `.mmm`; `space` writes a space instead of `T`.
    mutating func timestamp(_ t: Int64, offsetSeconds: Int?, millis: Bool = false, space: Bool = false) {
        separate()
        let local = t + Int64(offsetSeconds ?? 0) * Millis.second
        let day = local.floorDivided(by: Millis.day)
        let milliOfDay = Int(local - day * Millis.day)
        appendDate(dayNumber: Int(day))
        buffer.append(space ? 32 : UInt8(ascii: "T"))
        appendDigits(milliOfDay / 3_600_000, minimumWidth: 2)
        buffer.append(58)
        appendDigits(milliOfDay / 60_000 % 60, minimumWidth: 2)
        buffer.append(58)
        appendDigits(milliOfDay / 1_000 % 60, minimumWidth: 2)
        if millis {
            buffer.append(46)
            appendDigits(milliOfDay % 1_000, minimumWidth: 3)
        }
        guard let offsetSeconds else {
            buffer.append(UInt8(ascii: "Z"))
            return
        }
        buffer.append(offsetSeconds < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
        let minutes = abs(offsetSeconds) / 60
        appendDigits(minutes / 60, minimumWidth: 2)
        buffer.append(58)
        appendDigits(minutes % 60, minimumWidth: 2)
    }

    /// Appends a bare date `YYYY-MM-DD` of a day number.
    mutating func date(dayNumber: Int) {
        separate()
        appendDate(dayNumber: dayNumber)
    }

    private mutating func appendDate(dayNumber: Int) {
        let date = LocalDate(daysSinceEpoch: dayNumber)
        appendDigits(date.year, minimumWidth: 4)
        buffer.append(45)
        appendDigits(date.month, minimumWidth: 2)
        buffer.append(45)
        appendDigits(date.day, minimumWidth: 2)
    }

    private mutating func appendDigits(_ value: Int, minimumWidth: Int) {
        let start = buffer.count
        var rest = value < 0 ? 0 : value
        repeat {
            buffer.append(UInt8(truncatingIfNeeded: 48 + rest % 10))
            rest /= 10
        } while rest > 0
        while buffer.count - start < minimumWidth { buffer.append(48) }
        var low = start
        var high = buffer.count - 1
        while low < high {
            buffer.swapAt(low, high)
            low += 1
            high -= 1
        }
    }

    /// Appends a Slack-style message id `seconds.sequence` (sequence at least six digits).
    mutating func messageId(seconds: Int64, sequence: Int) {
        separate()
        appendDigits(Int(seconds), minimumWidth: 1)
        buffer.append(46)
        appendDigits(sequence, minimumWidth: 6)
    }

    /// Ends the current row and writes the buffer out when it is large.
    mutating func endRow() throws(SampleError) {
        buffer.append(contentsOf: lineEnding)
        fieldsInRow = 0
        rows += 1
        if buffer.count >= Self.flushThreshold { try flush() }
    }

    private mutating func flush() throws(SampleError) {
        guard !buffer.isEmpty else { return }
        do {
            try handle.write(contentsOf: Data(buffer))
        } catch {
            throw SampleError("cannot write \(path): \(error)")
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes what is buffered and closes the file.
    mutating func close() throws(SampleError) {
        try flush()
        do {
            try handle.close()
        } catch {
            throw SampleError("cannot close \(path): \(error)")
        }
    }
}
