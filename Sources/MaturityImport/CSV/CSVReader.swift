import CCSV
import Foundation
import MaturityCore

/// One parsed CSV record: its fields (nil for an empty unquoted field, "" for a quoted empty one) and the
/// line it starts on (1-based, counting the header as line 1).
public struct CSVRecord {
    public var fields: [String?]
    public var line: Int
}

/// A streaming RFC 4180 reader over libcsv. Reads the file in blocks, hashes the bytes as it reads them
/// (SHA-256, for the import run), strips a leading UTF-8 BOM, validates UTF-8 per field and counts lines
/// itself (libcsv does not), so every error can name its line and column.
public final class CSVReader {
    public let url: URL
    public private(set) var sha256: String = ""
    public private(set) var bytesRead: Int = 0
    public let fileSize: Int

    public init(url: URL) throws {
        self.url = url
        guard FileManager.default.isReadableFile(atPath: url.path) else {
            throw ImportError(file: url.path, line: nil, column: nil,
                              message: "cannot read the file", fix: "check that the path exists and is readable")
        }
        let attributes = try? FileManager.default.attributesOfItem(atPath: url.path)
        fileSize = (attributes?[.size] as? NSNumber)?.intValue ?? 0
    }

    /// Parses the whole file, calling `body` for each record in order. `progress` is called about every
    /// 4 MB with the bytes read so far.
    public func read(_ body: (CSVRecord) throws -> Void, progress: ((Int) -> Void)? = nil) throws {
        guard let handle = FileHandle(forReadingAtPath: url.path) else {
            throw ImportError(file: url.path, line: nil, column: nil,
                              message: "cannot open the file", fix: "check that the path exists and is readable")
        }
        defer { try? handle.close() }
        try withoutActuallyEscaping(body) { body in
            try parse(handle: handle, body: body, progress: progress)
        }
    }

    private func parse(handle: FileHandle, body: @escaping (CSVRecord) throws -> Void, progress: ((Int) -> Void)?) throws {
        let state = ParserState(file: url.path, body: body)
        var parser = csv_parser()
        guard csv_init(&parser, UInt8(CSV_STRICT | CSV_STRICT_FINI | CSV_EMPTY_IS_NULL)) == 0 else {
            throw ImportError(file: url.path, line: nil, column: nil, message: "cannot initialise the CSV parser",
                              fix: "this is a bug; please report it")
        }
        defer { csv_free(&parser) }
        csv_set_space_func(&parser) { _ in 0 }
        var hasher = SHA256Hasher()
        var first = true
        var lastProgress = 0
        let unmanaged = Unmanaged.passUnretained(state)
        let context = unmanaged.toOpaque()
        var pendingCR = false
        while true {
            let chunk: Data
            do { chunk = try handle.read(upToCount: 1 << 20) ?? Data() } catch {
                throw ImportError(file: url.path, line: state.line, column: nil,
                                  message: "cannot read the file: \(error.localizedDescription)", fix: "check the file")
            }
            if chunk.isEmpty { break }
            hasher.update(chunk)
            bytesRead += chunk.count
            try chunk.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
                var bytes = raw.bindMemory(to: UInt8.self)[...]
                if first {
                    first = false
                    if bytes.count >= 3, bytes[bytes.startIndex] == 0xEF, bytes[bytes.startIndex + 1] == 0xBB,
                       bytes[bytes.startIndex + 2] == 0xBF {
                        bytes = bytes.dropFirst(3)
                    }
                }
                // Feed line by line so the callbacks know which line they are on.
                guard let base = bytes.base.baseAddress else { return }
                var start = bytes.startIndex
                var i = start
                let end = bytes.endIndex
                while i < end {
                    let b = base[i]
                    if b == 0x0A {
                        if pendingCR && i == start {
                            // The LF of a CR LF split across blocks: already counted.
                        } else {
                            state.pendingLineEnd = true
                        }
                        pendingCR = false
                        try feed(&parser, base + start, i + 1 - start, context, state)
                        start = i + 1
                    } else if b == 0x0D {
                        if i + 1 < end {
                            if base[i + 1] != 0x0A {
                                state.pendingLineEnd = true
                                try feed(&parser, base + start, i + 1 - start, context, state)
                                start = i + 1
                            }
                        } else {
                            state.pendingLineEnd = true
                            pendingCR = true
                            try feed(&parser, base + start, i + 1 - start, context, state)
                            start = i + 1
                        }
                    } else if pendingCR {
                        pendingCR = false
                    }
                    i += 1
                }
                if start < end { try feed(&parser, base + start, end - start, context, state) }
            }
            if let progress, bytesRead - lastProgress >= 4 << 20 {
                lastProgress = bytesRead
                progress(bytesRead)
            }
        }
        if csv_fini(&parser, fieldCallback, rowCallback, context) != 0 {
            throw ImportError(file: url.path, line: state.rowStartLine, column: nil,
                              message: "a quoted field is not closed before the end of the file",
                              fix: "close the quote (a literal quote inside a quoted field is written \"\")")
        }
        if let error = state.error { throw error }
        sha256 = hasher.finalizeHex()
    }

    private func feed(_ parser: inout csv_parser, _ pointer: UnsafePointer<UInt8>, _ count: Int,
                      _ context: UnsafeMutableRawPointer, _ state: ParserState) throws {
        let parsed = csv_parse(&parser, pointer, count, fieldCallback, rowCallback, context)
        if let error = state.error { throw error }
        if parsed != count {
            throw ImportError(file: url.path, line: state.line, column: state.fields.count + 1,
                              message: "malformed CSV: a quote inside an unquoted field, or text after a closing quote",
                              fix: "quote the whole field and double the quotes inside it (RFC 4180)")
        }
        if state.pendingLineEnd {
            state.pendingLineEnd = false
            state.line += 1
            // pstate 0 (ROW_NOT_BEGUN): no record in progress, so the next one starts on the next line.
            if parser.pstate == 0 { state.rowStartLine = state.line }
        }
    }
}

final class ParserState {
    let file: String
    let body: (CSVRecord) throws -> Void
    var fields: [String?] = []
    var line = 1
    var rowStartLine = 1
    var pendingLineEnd = false
    var error: Error?

    init(file: String, body: @escaping (CSVRecord) throws -> Void) {
        self.file = file
        self.body = body
    }
}

private func fieldCallback(_ data: UnsafeMutableRawPointer?, _ length: Int, _ context: UnsafeMutableRawPointer?) {
    guard let context else { return }
    let state = Unmanaged<ParserState>.fromOpaque(context).takeUnretainedValue()
    if state.error != nil { return }
    guard let data else {
        state.fields.append(nil)
        return
    }
    let buffer = UnsafeRawBufferPointer(start: data, count: length).bindMemory(to: UInt8.self)
    guard let value = String(validating: buffer, as: UTF8.self) else {
        state.error = ImportError(file: state.file, line: state.rowStartLine, column: state.fields.count + 1,
                                  message: "the field is not valid UTF-8",
                                  fix: "save the file as UTF-8 (for example with iconv -f LATIN1 -t UTF-8)")
        return
    }
    state.fields.append(value)
}

private func rowCallback(_ terminator: Int32, _ context: UnsafeMutableRawPointer?) {
    guard let context else { return }
    let state = Unmanaged<ParserState>.fromOpaque(context).takeUnretainedValue()
    if state.error != nil { return }
    let record = CSVRecord(fields: state.fields, line: state.rowStartLine)
    state.fields.removeAll(keepingCapacity: true)
    // The next record starts on the line after the one this record ends on.
    state.rowStartLine = state.line + (state.pendingLineEnd ? 1 : 0)
    do { try state.body(record) } catch { state.error = error }
}
