import Foundation

/// One message of a mailbox as the parser found it: where it starts, its `From ` line, its unfolded header
/// fields and its raw body (capped: the features of a body need no more than its first megabyte).
struct RawMail {
    /// 1-based line of the message's first line (its `From ` line, MMDF marker or first header).
    var line: Int
    var fromLine: String?
    /// Header fields in order: lower-cased name, unfolded value (bytes read as UTF-8, else Latin-1).
    var headers: [(name: String, value: String)] = []
    var body: [UInt8] = []

    func header(_ name: String) -> String? { headers.first { $0.name == name }?.value }
    func allHeaders(_ name: String) -> [String] { headers.filter { $0.name == name }.map(\.value) }
}

/// Splits a mailbox into messages, reading it line by line. The layout is taken from the first line that is
/// not blank: `From ` lines (RFC 4155 mbox, the `>From ` quoting of body lines undone), MMDF `^A^A^A^A`
/// markers, or neither (messages concatenated, each starting at its header block: after a blank line, a run of
/// header fields holding `From:` and one of `Date:`, `Subject:` or `Message-ID:`).
final class MboxParser {
    enum Layout: Equatable { case mbox, mmdf, concatenated }

    static let bodyLimit = 1 << 20
    private let next: () throws -> Data
    private var buffer: [UInt8] = []
    private var position = 0
    private var atEnd = false
    private(set) var lineNumber = 0
    private(set) var layout: Layout?
    private var pendingMail: RawMail?

    /// `next` gives the following block of the file, empty at its end.
    init(next: @escaping () throws -> Data) { self.next = next }

    private func readLine() throws -> ArraySlice<UInt8>? {
        while true {
            if let newline = buffer[position...].firstIndex(of: 0x0A) {
                var line = buffer[position..<newline]
                position = newline + 1
                if line.last == 0x0D { line = line.dropLast() }
                lineNumber += 1
                return line
            }
            if atEnd {
                guard position < buffer.count else { return nil }
                var line = buffer[position...]
                position = buffer.count
                if line.last == 0x0D { line = line.dropLast() }
                lineNumber += 1
                return line
            }
            let block = try next()
            if block.isEmpty { atEnd = true; continue }
            buffer.removeFirst(position)
            position = 0
            buffer.append(contentsOf: block)
        }
    }

    static func text(_ bytes: some Collection<UInt8>) -> String {
        if let s = String(validating: bytes, as: UTF8.self) { return s }
        return String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
    }

    private static let fromPrefix: [UInt8] = Array("From ".utf8)
    private static let mmdfMarker: [UInt8] = [1, 1, 1, 1]

    /// A `From ` separator line: `From <sender> <date>` with a time of day and a year.
    static func isFromLine(_ line: ArraySlice<UInt8>) -> Bool {
        line.starts(with: fromPrefix) && MailDecoding.fromLineDate(text(line)) != nil
    }

    /// A header field's first line: a name of printable ASCII without `:` or space, then `:`.
    static func isHeaderLine(_ line: some Collection<UInt8>) -> Bool {
        var count = 0
        for b in line {
            if b == 0x3A { return count > 0 }
            if b <= 0x20 || b >= 0x7F { return false }
            count += 1
        }
        return false
    }

    private static func headerName(_ line: some Collection<UInt8>) -> String {
        String(decoding: line.prefix { $0 != 0x3A }, as: UTF8.self).lowercased()
    }

    /// Whether a run of header lines starts a message of a file without separators.
    private static func startsMessage(_ lines: [ArraySlice<UInt8>]) -> Bool {
        let names = Set(lines.filter { isHeaderLine($0) }.map { headerName($0) })
        return names.contains("from") && (names.contains("date") || names.contains("subject") || names.contains("message-id"))
    }

    /// The next message, nil at the end of the file.
    func nextMail() throws -> RawMail? {
        var mail: RawMail? = pendingMail
        pendingMail = nil
        // A message handed on by the previous call: after its `From ` line (headers next), or after its header
        // block (concatenated layout: body next).
        var inHeaders = mail?.headers.isEmpty ?? true
        var previousBlank = true
        var candidate: [ArraySlice<UInt8>] = []
        var candidateLine = 0
        func addHeaderLine(_ line: ArraySlice<UInt8>, to mail: inout RawMail) {
            if (line.first == 0x20 || line.first == 0x09), !mail.headers.isEmpty {
                mail.headers[mail.headers.count - 1].value += " " + Self.text(line).trimmingCharacters(in: .whitespaces)
            } else if let colon = line.firstIndex(of: 0x3A) {
                let name = Self.text(line[..<colon]).trimmingCharacters(in: .whitespaces).lowercased()
                let value = Self.text(line[(colon + 1)...]).trimmingCharacters(in: .whitespaces)
                mail.headers.append((name, value))
            }
        }
        func addBody(_ line: ArraySlice<UInt8>, to mail: inout RawMail) {
            guard mail.body.count < Self.bodyLimit else { return }
            var line = line
            if layout == .mbox, line.first == 0x3E {
                let rest = line.drop { $0 == 0x3E }
                if rest.starts(with: Self.fromPrefix) { line = line.dropFirst() }
            }
            mail.body.append(contentsOf: line)
            mail.body.append(0x0A)
        }
        while let line = try readLine() {
            let blank = line.isEmpty || line.allSatisfy { $0 == 0x20 || $0 == 0x09 }
            if layout == nil {
                if blank { continue }
                layout = line.starts(with: Self.mmdfMarker) ? .mmdf : line.starts(with: Self.fromPrefix) ? .mbox
                    : .concatenated
            }
            switch layout! {
            case .mbox:
                if previousBlank || mail == nil, Self.isFromLine(line) {
                    let next = RawMail(line: lineNumber, fromLine: Self.text(line))
                    if let current = mail { pendingMail = next; return current }
                    mail = next
                    inHeaders = true
                    previousBlank = false
                    continue
                }
            case .mmdf:
                if line.starts(with: Self.mmdfMarker) {
                    if let current = mail, !current.headers.isEmpty { return current }
                    mail = nil
                    inHeaders = true
                    previousBlank = true
                    continue
                }
            case .concatenated:
                if !candidate.isEmpty {
                    if blank {
                        if Self.startsMessage(candidate) {
                            var next = RawMail(line: candidateLine)
                            for header in candidate { addHeaderLine(header, to: &next) }
                            // Its header block ended at this blank line: its body follows, in the next call.
                            pendingMail = next
                            return mail!
                        }
                        for held in candidate { addBody(held, to: &mail!) }
                        candidate = []
                    } else if Self.isHeaderLine(line) || line.first == 0x20 || line.first == 0x09 {
                        candidate.append(line)
                        continue
                    } else {
                        for held in candidate { addBody(held, to: &mail!) }
                        candidate = []
                    }
                } else if mail != nil, !inHeaders, previousBlank, Self.isHeaderLine(line) {
                    candidate = [line]
                    candidateLine = lineNumber
                    continue
                }
            }
            if mail == nil {
                if blank { previousBlank = true; continue }
                mail = RawMail(line: lineNumber)
                inHeaders = true
            }
            if inHeaders {
                if blank {
                    inHeaders = false
                } else if Self.isHeaderLine(line) || line.first == 0x20 || line.first == 0x09 {
                    addHeaderLine(line, to: &mail!)
                } else {
                    // Not a header field: the header block ended without its blank line.
                    inHeaders = false
                    addBody(line, to: &mail!)
                }
            } else {
                addBody(line, to: &mail!)
            }
            previousBlank = blank
        }
        if !candidate.isEmpty, mail != nil {
            if Self.startsMessage(candidate) {
                var next = RawMail(line: candidateLine)
                for header in candidate { addHeaderLine(header, to: &next) }
                pendingMail = next
            } else {
                for held in candidate { addBody(held, to: &mail!) }
            }
        }
        if let mail, !(mail.headers.isEmpty && mail.body.allSatisfy({ $0 == 0x0A || $0 == 0x20 })) { return mail }
        if let pending = pendingMail { pendingMail = nil; return pending }
        return nil
    }
}
