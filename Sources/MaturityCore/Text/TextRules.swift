import Foundation

/// The text conventions of metrics section 0 ("Text"): white space, trimming, collapsing, lines, URLs and
/// keyword matching. Characters are Unicode scalar values; keywords ignore ASCII case only.
public enum TextRules {
    /// Whether `scalar` is in the Unicode White_Space set the spec lists: U+0009-U+000D, U+0020, U+0085, U+00A0,
    /// U+1680, U+2000-U+200A, U+2028, U+2029, U+202F, U+205F and U+3000.
    public static func isWhiteSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            return true
        default:
            return false
        }
    }

    /// Whether `scalar` is a letter or number: Unicode general category L or N.
    public static func isLetterOrNumber(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return false
        }
    }

    /// `text` without white space at either end.
    public static func trim(_ text: Substring) -> Substring {
        let range = UTF8Scanning.withBytes(of: text) { UTF8Scanning.trimmed($0, 0..<$0.count) }
        return slice(text, range)
    }

    /// `text` without white space at either end.
    public static func trim(_ text: String) -> String {
        String(trim(text[...]))
    }

    /// `text` with every run of white space turned into one space, then trimmed.
    public static func collapse(_ text: String) -> String {
        UTF8Scanning.withBytes(of: text) { bytes in
            var output: [UInt8] = []
            output.reserveCapacity(bytes.count)
            var pendingSpace = false
            var index = 0
            while index < bytes.count {
                let length = UTF8Scanning.whiteSpaceLength(bytes, at: index)
                if length > 0 {
                    pendingSpace = !output.isEmpty
                    index += length
                } else {
                    if pendingSpace { output.append(0x20); pendingSpace = false }
                    output.append(bytes[index])
                    index += 1
                }
            }
            return String(decoding: output, as: UTF8.self)
        }
    }

    /// The lines of `text`: each ends at LF, CR LF or CR (terminators excluded). Text after the last terminator
    /// is the last line; a text that ends with a terminator has no empty line after it; `""` has no lines.
    public static func lines(_ text: String) -> [Substring] {
        let ranges = UTF8Scanning.withBytes(of: text) { UTF8Scanning.lineRanges($0) }
        return ranges.map { slice(text[...], $0) }
    }

    /// The URLs in `text`, left to right: `http://` or `https://` (any ASCII case) and the one or more characters
    /// after it up to, not including, the next white space, `<`, `>` or the end (trailing punctuation included).
    public static func urls(in text: String) -> [Substring] {
        urls(in: text[...])
    }

    /// The URLs in `text` (see `urls(in:)` for the rule).
    public static func urls(in text: Substring) -> [Substring] {
        let ranges = UTF8Scanning.withBytes(of: text) { UTF8Scanning.urlRanges($0, in: 0..<$0.count) }
        return ranges.map { slice(text, $0) }
    }

    /// `text` with its URLs removed, together with a `<` right before and a `>` right after each of them.
    /// Nothing replaces a removed URL.
    public static func removingURLs(_ text: String) -> String {
        removingURLs(text[...])
    }

    /// `text` with its URLs removed (see `removingURLs(_:)` for the rule).
    public static func removingURLs(_ text: Substring) -> String {
        UTF8Scanning.withBytes(of: text) { bytes in
            guard UTF8Scanning.containsURL(bytes, in: 0..<bytes.count) else {
                return String(decoding: bytes, as: UTF8.self)
            }
            return String(decoding: UTF8Scanning.bytesRemovingURLs(bytes, in: 0..<bytes.count), as: UTF8.self)
        }
    }

    /// The number of Unicode scalars of `text` (not grapheme clusters, not UTF-16 units).
    public static func scalarCount(_ text: String) -> Int {
        scalarCount(text[...])
    }

    /// The number of Unicode scalars of `text`.
    public static func scalarCount(_ text: Substring) -> Int {
        UTF8Scanning.withBytes(of: text) { bytes in
            var count = 0
            for byte in bytes where byte & 0xC0 != 0x80 { count += 1 }
            return count
        }
    }

    /// Whether `keyword` occurs in `text` ignoring ASCII case, neither preceded nor followed by an ASCII letter,
    /// an ASCII digit or `_`.
    public static func matchesAsWord(_ keyword: String, in text: String) -> Bool {
        let pattern = UTF8Scanning.loweredBytes(keyword)
        return UTF8Scanning.withBytes(of: text) { bytes in
            UTF8Scanning.firstMatch(of: pattern, in: bytes, range: 0..<bytes.count, from: 0, asWord: true) != nil
        }
    }

    /// `text` with ASCII upper-case letters turned to lower case; other characters unchanged.
    public static func asciiLowercased(_ text: String) -> String {
        String(decoding: text.utf8.map(UTF8Scanning.lowered), as: UTF8.self)
    }

    /// The part of `text` at the UTF-8 offsets `range` (offsets that lie on scalar boundaries).
    static func slice(_ text: Substring, _ range: Range<Int>) -> Substring {
        let utf8 = text.utf8
        let lower = utf8.index(utf8.startIndex, offsetBy: range.lowerBound)
        let upper = utf8.index(lower, offsetBy: range.count)
        return Substring(text.unicodeScalars[lower..<upper])
    }
}

extension String {
    /// The text without one final full stop (an ellipsis kept): messages are joined into sentences that end
    /// with their own, so none ends twice (`… exists already.. Fix`).
    public var withoutFinalFullStop: String {
        hasSuffix(".") && !hasSuffix("...") ? String(dropLast()) : self
    }
}
