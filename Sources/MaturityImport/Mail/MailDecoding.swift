import Foundation
import MaturityCore
#if canImport(Glibc)
import Glibc
#endif

/// The pieces of RFC 5322 / RFC 2047 / RFC 2045 an mbox importer needs, each small and tested
/// (`MailDecodingTests`): Foundation has none of them (it has base64, used here, but no quoted-printable, no
/// encoded words and no mail dates), and `String(bytes:encoding:)` knows few charsets, so others go through
/// iconv.
enum MailDecoding {
    // MARK: Charsets

    /// Bytes in a named charset as a string; undecodable bytes become U+FFFD (never a failure).
    static func string(_ bytes: [UInt8], charset: String?) -> String {
        let name = (charset ?? "utf-8").trimmingCharacters(in: .whitespaces).lowercased()
        switch name {
        case "utf-8", "utf8", "us-ascii", "ascii", "":
            return String(decoding: bytes, as: UTF8.self)
        case "iso-8859-1", "latin1", "iso8859-1", "latin-1":
            return String(bytes.map { Character(Unicode.Scalar($0)) })
        default:
            if let converted = iconv(bytes, from: name) { return converted }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    /// Converts with iconv (Glibc), nil when the charset is unknown or the bytes are invalid in it.
    static func iconv(_ bytes: [UInt8], from charset: String) -> String? {
        #if canImport(Glibc)
        let descriptor = iconv_open("UTF-8", charset)
        guard descriptor != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(descriptor) }
        var input = bytes
        var output = [UInt8](repeating: 0, count: bytes.count * 4 + 16)
        let converted: Int = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBuffer.baseAddress)?
                    .assumingMemoryBound(to: CChar.self)
                var inLeft = inBuffer.count
                var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuffer.baseAddress)?
                    .assumingMemoryBound(to: CChar.self)
                var outLeft = outBuffer.count
                let result = Glibc.iconv(descriptor, &inPointer, &inLeft, &outPointer, &outLeft)
                return result == -1 ? -1 : outBuffer.count - outLeft
            }
        }
        guard converted >= 0 else { return nil }
        return String(decoding: output[..<converted], as: UTF8.self)
        #else
        return nil
        #endif
    }

    // MARK: Transfer encodings

    /// Quoted-printable (RFC 2045 6.7): `=XX` bytes, `=` at the end of a line joins it to the next; in an encoded
    /// word (`header: true`) `_` is a space.
    static func quotedPrintable(_ text: some Collection<UInt8>, header: Bool = false) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.count)
        var bytes = Array(text)[...]
        func hex(_ b: UInt8) -> UInt8? {
            switch b {
            case 0x30...0x39: b - 0x30
            case 0x41...0x46: b - 0x41 + 10
            case 0x61...0x66: b - 0x61 + 10
            default: nil
            }
        }
        while let b = bytes.first {
            bytes = bytes.dropFirst()
            if b == 0x3D {  // =
                if bytes.first == 0x0A { bytes = bytes.dropFirst(); continue }
                if bytes.first == 0x0D && bytes.dropFirst().first == 0x0A { bytes = bytes.dropFirst(2); continue }
                if bytes.count >= 2, let h = hex(bytes[bytes.startIndex]), let l = hex(bytes[bytes.startIndex + 1]) {
                    out.append(h << 4 | l)
                    bytes = bytes.dropFirst(2)
                    continue
                }
                out.append(b)
            } else if header && b == 0x5F {
                out.append(0x20)
            } else {
                out.append(b)
            }
        }
        return out
    }

    /// Base64, ignoring line breaks and other characters outside the alphabet; nil when it cannot be decoded.
    static func base64(_ text: some Collection<UInt8>) -> [UInt8]? {
        var clean = text.filter { ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39)
            || $0 == 0x2B || $0 == 0x2F }
        while clean.count % 4 != 0 { clean.append(0x3D) }
        return Data(base64Encoded: Data(clean)).map { [UInt8]($0) }
    }

    // MARK: Headers

    /// Decodes RFC 2047 encoded words (`=?utf-8?q?Toftg=C3=A5rd?=`, `=?ISO-8859-1?B?…?=`); white space between
    /// two adjacent encoded words is dropped, as the RFC says. Text that is not an encoded word is kept.
    static func decodeWords(_ value: String) -> String {
        guard value.contains("=?") else { return value }
        var out = ""
        var rest = Substring(value)
        var pendingSpace = ""
        var lastWasEncoded = false
        while !rest.isEmpty {
            if rest.hasPrefix("=?"), let (decoded, after) = encodedWord(rest) {
                if !lastWasEncoded { out += pendingSpace }
                pendingSpace = ""
                out += decoded
                rest = after
                lastWasEncoded = true
                continue
            }
            let c = rest.first!
            rest = rest.dropFirst()
            if c == " " || c == "\t" {
                pendingSpace.append(c)
            } else {
                out += pendingSpace
                pendingSpace = ""
                out.append(c)
                lastWasEncoded = false
            }
        }
        return out + pendingSpace
    }

    private static func encodedWord(_ s: Substring) -> (String, Substring)? {
        // =?charset?encoding?text?=
        let body = s.dropFirst(2)
        guard let q1 = body.firstIndex(of: "?") else { return nil }
        let charset = body[..<q1]
        let afterCharset = body[body.index(after: q1)...]
        guard let q2 = afterCharset.firstIndex(of: "?") else { return nil }
        let encoding = afterCharset[..<q2].lowercased()
        let textStart = afterCharset.index(after: q2)
        guard let end = afterCharset[textStart...].range(of: "?=") else { return nil }
        let text = afterCharset[textStart..<end.lowerBound]
        guard !text.contains(" ") else { return nil }
        // RFC 2231 language suffix: utf-8*en
        let name = String(charset.split(separator: "*").first ?? charset)
        let bytes: [UInt8]
        switch encoding {
        case "q": bytes = quotedPrintable(Array(text.utf8), header: true)
        case "b": guard let decoded = base64(Array(text.utf8)) else { return nil }; bytes = decoded
        default: return nil
        }
        return (string(bytes, charset: name), afterCharset[end.upperBound...])
    }

    /// A header's value with its parameters: `text/plain; charset="utf-8"` gives `text/plain` and
    /// `["charset": "utf-8"]` (names lower-cased; the first of a repeated name wins).
    static func parameters(_ value: String) -> (value: String, parameters: [String: String]) {
        var parts = splitOutsideQuotes(value, separator: ";")
        let main = parts.isEmpty ? "" : parts.removeFirst().trimmingCharacters(in: .whitespaces).lowercased()
        var parameters: [String: String] = [:]
        for part in parts {
            guard let eq = part.firstIndex(of: "=") else { continue }
            let name = part[..<eq].trimmingCharacters(in: .whitespaces).lowercased()
            var v = part[part.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            if v.hasPrefix("\"") && v.hasSuffix("\"") && v.count >= 2 { v = String(v.dropFirst().dropLast()) }
            if parameters[name] == nil { parameters[name] = v }
        }
        return (main, parameters)
    }

    /// Splits at `separator` outside double quotes, angle brackets and parentheses.
    static func splitOutsideQuotes(_ value: String, separator: Character) -> [String] {
        var parts: [String] = []
        var current = ""
        var quoted = false, angle = 0, paren = 0
        var escaped = false
        for c in value {
            if escaped { current.append(c); escaped = false; continue }
            switch c {
            case "\\" where quoted: escaped = true
            case "\"": quoted.toggle()
            case "<" where !quoted: angle += 1
            case ">" where !quoted: angle = max(0, angle - 1)
            case "(" where !quoted: paren += 1
            case ")" where !quoted: paren = max(0, paren - 1)
            default: break
            }
            if c == separator && !quoted && angle == 0 && paren == 0 {
                parts.append(current)
                current = ""
            } else {
                current.append(c)
            }
        }
        parts.append(current)
        return parts
    }

    // MARK: Addresses

    struct Address: Equatable {
        /// Lower-cased.
        var email: String
        var name: String?
    }

    /// The addresses of an address-list header (`From`, `To`, `Cc`): `Name <a@b>`, `"Last, First" <a@b>`,
    /// `a@b (Name)`, bare `a@b`, LISTSERV's `"Name"   a@b`, Pipermail's `a at b (Name)`; groups
    /// (`list: a@b, c@d;`) give their members, and an empty group nothing.
    static func addresses(_ value: String) -> [Address] {
        var out: [Address] = []
        for part in splitOutsideQuotes(value, separator: ",") {
            var text = part.trimmingCharacters(in: .whitespacesAndNewlines)
            // A group's display name: `IETF-Announce: ;` or `team: a@b`.
            if let colon = groupColon(text) { text = String(text[text.index(after: colon)...]) }
            text = text.trimmingCharacters(in: CharacterSet(charactersIn: " \t;"))
            if text.isEmpty { continue }
            if let address = address(text) { out.append(address) }
        }
        return out
    }

    private static func groupColon(_ text: String) -> String.Index? {
        var quoted = false
        for index in text.indices {
            let c = text[index]
            if c == "\"" { quoted.toggle() }
            if quoted { continue }
            if c == "<" || c == "@" || c == "(" { return nil }
            if c == ":" { return index }
        }
        return nil
    }

    static func address(_ raw: String) -> Address? {
        var text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        var name: String?
        if let open = text.lastIndex(of: "<"), let close = text[open...].firstIndex(of: ">") {
            let inner = text[text.index(after: open)..<close].trimmingCharacters(in: .whitespaces)
            let display = text[..<open].trimmingCharacters(in: .whitespaces)
            name = cleanName(display)
            text = inner
        } else {
            // a@b (Name)
            if let open = text.firstIndex(of: "("), let close = text.lastIndex(of: ")"), open < close {
                name = cleanName(String(text[text.index(after: open)..<close]))
                text = (text[..<open] + text[text.index(after: close)...]).trimmingCharacters(in: .whitespaces)
            }
            // Pipermail: `user at host`.
            let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" })
            if !text.contains("@"), words.count == 3, words[1] == "at" {
                text = words[0] + "@" + words[2]
            } else if words.count > 1, let last = words.last, last.contains("@") {
                // LISTSERV: `"Name"              address@host`.
                if name == nil { name = cleanName(words.dropLast().joined(separator: " ")) }
                text = String(last)
            }
        }
        if text.hasPrefix("mailto:") { text = String(text.dropFirst(7)) }
        guard text.contains("@"), !text.contains(" "), !text.contains(":") else { return nil }
        let lowered = String(String.UnicodeScalarView(text.unicodeScalars.map {
            $0.value >= 65 && $0.value <= 90 ? Unicode.Scalar($0.value + 32)! : $0 }))
        return Address(email: lowered, name: name)
    }

    private static func cleanName(_ raw: String) -> String? {
        var name = decodeWords(raw).trimmingCharacters(in: .whitespaces)
        if name.hasPrefix("\"") && name.hasSuffix("\"") && name.count >= 2 { name = String(name.dropFirst().dropLast()) }
        name = name.replacingOccurrences(of: "\\\"", with: "\"").trimmingCharacters(in: .whitespaces)
        if name.hasPrefix("'") && name.hasSuffix("'") && name.count >= 2 { name = String(name.dropFirst().dropLast()) }
        return name.isEmpty ? nil : name
    }

    /// Message ids in a header (`<a@b> <c@d>`; also bare ids without brackets, as LISTSERV writes them), in order.
    static func messageIds(_ value: String) -> [String] {
        var ids: [String] = []
        var rest = Substring(value)
        if !rest.contains("<") {
            return value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," })
                .map(String.init).filter { $0.contains("@") || $0.count > 3 }
        }
        while let open = rest.firstIndex(of: "<"), let close = rest[open...].firstIndex(of: ">") {
            let id = rest[rest.index(after: open)..<close].trimmingCharacters(in: .whitespaces)
            if !id.isEmpty { ids.append(id) }
            rest = rest[rest.index(after: close)...]
        }
        return ids
    }

    // MARK: Dates

    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    private static let zones: [String: Int] = [
        "ut": 0, "utc": 0, "gmt": 0, "z": 0, "est": -300, "edt": -240, "cst": -360, "cdt": -300, "mst": -420,
        "mdt": -360, "pst": -480, "pdt": -420, "cet": 60, "cest": 120, "met": 60, "mest": 120, "bst": 60, "jst": 540,
    ]

    /// An RFC 5322 date (`Thu, 20 Feb 2020 17:40:30 +0000`; obsolete forms too: two-digit years, zone names,
    /// a comment after the zone, no seconds) as epoch milliseconds; nil when it is not one, or has no zone.
    static func rfc5322Date(_ raw: String) -> Instant? {
        var text = raw
        if let paren = text.firstIndex(of: "(") { text = String(text[..<paren]) }
        var tokens = text.replacingOccurrences(of: ",", with: " ").split(whereSeparator: { $0 == " " || $0 == "\t" })
            .map { $0.lowercased() }
        if let first = tokens.first, first.count >= 3, first.allSatisfy(\.isLetter) { tokens.removeFirst() }
        guard tokens.count >= 4, let day = Int(tokens[0]), let month = monthNumber(tokens[1]), var year = Int(tokens[2])
        else { return nil }
        if tokens[2].count <= 2 { year += year < 50 ? 2000 : 1900 } else if tokens[2].count == 3 { year += 1900 }
        guard let time = clock(tokens[3]) else { return nil }
        guard tokens.count >= 5, let offset = zoneMinutes(tokens[4]) else { return nil }
        return instant(year: year, month: month, day: day, seconds: time, offsetMinutes: offset)
    }

    /// The date of an mbox `From ` line (`From a@b  Thu Nov  1 11:19:12 2001`, asctime form, UTC by RFC 4155;
    /// a zone after the time or year is honoured).
    static func fromLineDate(_ line: String) -> Instant? {
        let tokens = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map { $0.lowercased() }
        // Find `mon dd hh:mm[:ss] [zone] yyyy` from the right.
        for index in stride(from: tokens.count - 1, through: 0, by: -1) {
            guard let time = clock(tokens[index]), index >= 2, let month = monthNumber(tokens[index - 2]),
                  let day = Int(tokens[index - 1]) else { continue }
            var offset = 0
            var yearIndex = index + 1
            if yearIndex < tokens.count, let zone = zoneMinutes(tokens[yearIndex]) {
                offset = zone
                yearIndex += 1
            }
            guard yearIndex < tokens.count, tokens[yearIndex].count == 4,
                  tokens[yearIndex].allSatisfy({ $0.isASCII && $0.isNumber }), let year = Int(tokens[yearIndex])
            else { continue }
            if yearIndex + 1 < tokens.count, let zone = zoneMinutes(tokens[yearIndex + 1]) { offset = zone }
            return instant(year: year, month: month, day: day, seconds: time, offsetMinutes: offset)
        }
        return nil
    }

    private static func monthNumber(_ token: String) -> Int? {
        guard token.count >= 3 else { return nil }
        return months.firstIndex(of: String(token.prefix(3))).map { $0 + 1 }
    }

    private static func clock(_ token: String) -> Int? {
        let parts = token.split(separator: ":")
        guard parts.count == 2 || parts.count == 3, parts.allSatisfy({ $0.count <= 2 && Int($0) != nil }),
              let h = Int(parts[0]), let m = Int(parts[1]), h < 24, m < 60 else { return nil }
        let s = parts.count == 3 ? Int(parts[2])! : 0
        guard s <= 60 else { return nil }
        return h * 3600 + m * 60 + min(s, 59)
    }

    private static func zoneMinutes(_ token: String) -> Int? {
        if let first = token.first, first == "+" || first == "-" {
            let digits = token.dropFirst()
            guard digits.count == 4, let value = Int(digits) else { return nil }
            let minutes = (value / 100) * 60 + value % 100
            return first == "-" ? -minutes : minutes
        }
        return zones[token]
    }

    private static func instant(year: Int, month: Int, day: Int, seconds: Int, offsetMinutes: Int) -> Instant? {
        guard (1...12).contains(month), (1...31).contains(day), (1900...9999).contains(year) else { return nil }
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        return (Int64(days) * 86_400 + Int64(seconds) - Int64(offsetMinutes) * 60) * 1000
    }

    // MARK: Subjects

    /// A subject for threading: `Re:`, `Fwd:`, `Fw:`, `AW:`, `WG:`, `SV:`, `VS:`, `Antw:` and `[list]` prefixes
    /// removed (repeatedly, any case, `Re[2]:` too), white space collapsed, lower-cased.
    static func threadSubject(_ subject: String) -> String {
        var s = Substring(subject.trimmingCharacters(in: .whitespaces))
        let prefixes = ["re", "fwd", "fw", "aw", "wg", "sv", "vs", "antw", "tr", "rif", "ref"]
        var changed = true
        while changed {
            changed = false
            s = s.drop(while: { $0 == " " || $0 == "\t" || $0 == "'" })
            if s.hasPrefix("["), let close = s.firstIndex(of: "]") {
                s = s[s.index(after: close)...]
                changed = true
                continue
            }
            let lower = s.prefix(8).lowercased()
            for prefix in prefixes where lower.hasPrefix(prefix) {
                var rest = s.dropFirst(prefix.count)
                if rest.hasPrefix("["), let close = rest.firstIndex(of: "]") { rest = rest[rest.index(after: close)...] }
                rest = rest.drop(while: { $0 == " " })
                if rest.hasPrefix(":") {
                    s = rest.dropFirst()
                    changed = true
                    break
                }
            }
        }
        let collapsed = s.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
        var trimmed = collapsed
        if trimmed.hasSuffix("'") { trimmed = String(trimmed.dropLast()) }
        return trimmed.lowercased()
    }
}
