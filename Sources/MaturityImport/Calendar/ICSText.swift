import Foundation
import MaturityCore

/// The first pass over an iCalendar file, on bytes: lines unfolded (a fold may split anything, even a parameter
/// value or a UTF-8 sequence), each logical line with the physical line it starts on, split into its
/// VCALENDARs, with the line of every VEVENT and whether it has a DTSTART. libical then parses each calendar's
/// unfolded text; this pass is what lets errors name lines.
struct ICSText {
    struct Event {
        var line: Int
        var hasStart: Bool
        var uid: String?
        var summary: String?
    }

    struct Calendar {
        /// The unfolded text, one logical line per `\n`.
        var text: [UInt8] = []
        var line: Int
        var events: [Event] = []
        var wrTimeZone: String?
        var name: String?
    }

    var calendars: [Calendar] = []
    /// Lines whose stray quote was repaired (`TZID="W. Europe Standard Time:20200609T090000"`).
    var repairedQuotes = 0

    /// Whether `head` looks like iCalendar: its first line (after a BOM and blank lines) is `BEGIN:VCALENDAR`.
    static func looksLikeICS(_ head: Data) -> Bool {
        var bytes = head[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        while let first = bytes.first, first == 0x0A || first == 0x0D || first == 0x20 || first == 0x09 {
            bytes = bytes.dropFirst()
        }
        let begin = Array("BEGIN:VCALENDAR".utf8)
        guard bytes.count >= begin.count else { return false }
        return zip(bytes.prefix(begin.count), begin).allSatisfy { upper($0) == $1 }
    }

    @inline(__always) static func upper(_ byte: UInt8) -> UInt8 { byte >= 0x61 && byte <= 0x7A ? byte - 32 : byte }

    /// Reads `bytes` (a whole file); `place` names it in errors.
    init(_ bytes: [UInt8], place: InputLocation) throws {
        var logical: [(line: Int, bytes: ArraySlice<UInt8>)] = []
        var start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var physical = 0
        var current: [UInt8] = []
        var currentLine = 0
        var haveCurrent = false
        var pieces: [ArraySlice<UInt8>] = []
        func flush() {
            guard haveCurrent else { return }
            if pieces.count == 1 {
                logical.append((currentLine, pieces[0]))
            } else {
                current.removeAll(keepingCapacity: true)
                for piece in pieces { current.append(contentsOf: piece) }
                logical.append((currentLine, current[...]))
            }
            pieces.removeAll(keepingCapacity: true)
            haveCurrent = false
        }
        while start < bytes.count {
            physical += 1
            var end = start
            while end < bytes.count && bytes[end] != 0x0A { end += 1 }
            var lineEnd = end
            if lineEnd > start && bytes[lineEnd - 1] == 0x0D { lineEnd -= 1 }
            if lineEnd > start && (bytes[start] == 0x20 || bytes[start] == 0x09) && haveCurrent {
                pieces.append(bytes[(start + 1)..<lineEnd])
            } else if lineEnd > start {
                flush()
                haveCurrent = true
                currentLine = physical
                pieces.append(bytes[start..<lineEnd])
            }
            start = end + 1
        }
        flush()

        guard let first = logical.first, Self.isLine(first.bytes, "BEGIN:VCALENDAR") else {
            throw ImportError(at: place.atLine(logical.first?.line ?? 1),
                              message: "this is not an iCalendar file: it does not begin with BEGIN:VCALENDAR",
                              fix: "export the calendar as iCalendar (.ics), or import the file with the command of its format")
        }
        var calendar: Calendar?
        var depth = 0  // components open inside the calendar
        var inEvent = false
        for (line, raw) in logical {
            var content = raw
            if Self.isLine(content, "BEGIN:VCALENDAR") && calendar == nil {
                calendar = Calendar(line: line)
                depth = 0
                inEvent = false
            }
            guard calendar != nil else { continue }
            if let repaired = Self.repairingStrayQuote(content) {
                content = repaired[...]
                repairedQuotes += 1
            }
            let name = Self.propertyName(content)
            if name == "BEGIN" {
                depth += 1
                if depth == 2 && Self.isLine(content, "BEGIN:VEVENT") {
                    inEvent = true
                    calendar!.events.append(Event(line: line, hasStart: false))
                }
            } else if name == "END" {
                if depth == 2 && inEvent { inEvent = false }
                depth -= 1
            } else if inEvent && depth == 2 {
                if name == "DTSTART" { calendar!.events[calendar!.events.count - 1].hasStart = true }
                if name == "UID" { calendar!.events[calendar!.events.count - 1].uid = Self.value(content) }
                if name == "SUMMARY" { calendar!.events[calendar!.events.count - 1].summary = Self.value(content) }
            } else if depth == 1 {
                if name == "X-WR-TIMEZONE" { calendar!.wrTimeZone = Self.value(content) }
                if name == "X-WR-CALNAME" { calendar!.name = Self.value(content) }
            }
            calendar!.text.append(contentsOf: content)
            calendar!.text.append(0x0A)
            if depth == 0 {  // END:VCALENDAR
                calendars.append(calendar!)
                calendar = nil
            }
        }
        if let open = calendar { calendars.append(open) }  // no END:VCALENDAR: what was read counts
    }

    static func isLine(_ bytes: ArraySlice<UInt8>, _ text: String) -> Bool {
        let expected = Array(text.utf8)
        var trimmed = bytes
        while let last = trimmed.last, last == 0x20 || last == 0x09 { trimmed = trimmed.dropLast() }
        guard trimmed.count == expected.count else { return false }
        return zip(trimmed, expected).allSatisfy { upper($0) == $1 }
    }

    /// The upper-cased name of a content line: up to the first `;` or `:`.
    static func propertyName(_ bytes: ArraySlice<UInt8>) -> String {
        var name: [UInt8] = []
        for byte in bytes {
            if byte == 0x3B || byte == 0x3A { break }
            name.append(upper(byte))
        }
        return String(decoding: name, as: UTF8.self)
    }

    /// The value of a content line: after the first `:` outside quotes.
    static func value(_ bytes: ArraySlice<UInt8>) -> String {
        var quoted = false
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == 0x22 { quoted.toggle() } else if byte == 0x3A && !quoted { break }
            index += 1
        }
        guard index < bytes.endIndex else { return "" }
        return String(decoding: bytes[(index + 1)...], as: UTF8.self)
    }

    /// A line whose only `:` lies inside an unclosed or misplaced quote (Exchange's
    /// `DTSTART;TZID="W. Europe Standard Time:20200609T090000"`), with those quotes removed; nil for others.
    static func repairingStrayQuote(_ bytes: ArraySlice<UInt8>) -> [UInt8]? {
        var quoted = false
        var quotes: [Int] = []
        for index in bytes.indices {
            let byte = bytes[index]
            if byte == 0x22 {
                quoted.toggle()
                quotes.append(index)
            } else if byte == 0x3A && !quoted {
                return nil
            }
        }
        guard !quotes.isEmpty, bytes.contains(0x3A) else { return nil }
        return bytes.enumerated().compactMap { quotes.contains(bytes.startIndex + $0.offset) ? nil : $0.element }
    }
}
