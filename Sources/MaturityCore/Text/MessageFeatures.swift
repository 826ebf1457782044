import Foundation

/// The derived features of a message (metrics section 0, "Derived features", and section 1). Each is one pass
/// over the UTF-8 bytes of the text, without regular expressions, and allocates nothing for a text without
/// `@` or URL.
public enum MessageFeatures {
    /// Whether `text` asks a question: once its URLs are removed it contains `?` or `？` (U+FF1F).
    /// A `?` inside `https://grafana.example/d/x1?orgId=1` does not count.
    public static func asksQuestion(_ text: String) -> Bool {
        UTF8Scanning.withBytes(of: text) { bytes in
            var index = 0
            let count = bytes.count
            while index < count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "?") { return true }
                // U+FF1F is EF BC 9F in UTF-8.
                if byte == 0xEF, index + 2 < count, bytes[index + 1] == 0xBC, bytes[index + 2] == 0x9F {
                    return true
                }
                if byte | 0x20 == UInt8(ascii: "h"), let end = UTF8Scanning.urlEndAfterH(bytes, startingAt: index) {
                    index = end
                } else {
                    index += 1
                }
            }
            return false
        }
    }

    /// The references of the `@` tokens of `text`, in order of appearance, duplicates (exact) removed.
    ///
    /// A token is `@` at the start of the text or after a character that is not an ASCII letter, ASCII digit,
    /// `_`, `@`, `.`, `/`, `:`, `+` or `-`, followed by a reference: an ASCII letter or digit, then any ASCII
    /// letters, digits, `.`, `_`, `:`, `+`, `-`, optionally followed by `@` and a domain (two or more labels of
    /// ASCII letters, digits and `-`, joined by `.`), each part as long as possible; trailing `.`, `:`, `-` and
    /// `_` are then dropped. `@here` and unknown names are returned too: resolution happens when metrics run.
    public static func mentionTokens(_ text: String) -> [String] {
        UTF8Scanning.withBytes(of: text) { bytes in
            var tokens: [String] = []
            let count = bytes.count
            var index = 0
            while index < count {
                guard bytes[index] == UInt8(ascii: "@") else { index += 1; continue }
                if index > 0 && blocksToken(bytes[index - 1]) { index += 1; continue }
                guard let end = referenceEnd(bytes, from: index + 1) else { index += 1; continue }
                var tokenEnd = end
                while tokenEnd > index + 2 && isDroppedTrailer(bytes[tokenEnd - 1]) { tokenEnd -= 1 }
                let token = String(decoding: UnsafeBufferPointer(rebasing: bytes[(index + 1)..<tokenEnd]),
                                   as: UTF8.self)
                if !tokens.contains(token) { tokens.append(token) }
                index = end
            }
            return tokens
        }
    }

    /// The number of URLs in `text` (metrics section 0, "Text").
    public static func urlCount(_ text: String) -> Int {
        UTF8Scanning.withBytes(of: text) { bytes in
            var urls = 0
            var index = 0
            while index < bytes.count {
                if bytes[index] | 0x20 == UInt8(ascii: "h"),
                   let end = UTF8Scanning.urlEndAfterH(bytes, startingAt: index) {
                    urls += 1
                    index = end
                } else {
                    index += 1
                }
            }
            return urls
        }
    }

    /// The length of `text` in Unicode scalars.
    public static func length(_ text: String) -> Int {
        TextRules.scalarCount(text)
    }

    // MARK: Token grammar

    /// A character before `@` that keeps it from starting a token.
    @inline(__always)
    private static func blocksToken(_ byte: UInt8) -> Bool {
        if UTF8Scanning.isWordByte(byte) { return true }
        switch byte {
        case UInt8(ascii: "@"), UInt8(ascii: "."), UInt8(ascii: "/"), UInt8(ascii: ":"), UInt8(ascii: "+"),
             UInt8(ascii: "-"):
            return true
        default:
            return false
        }
    }

    /// A character of the reference after its first one (before any `@` domain).
    @inline(__always)
    private static func isReferenceByte(_ byte: UInt8) -> Bool {
        if UTF8Scanning.isASCIILetterOrDigit(byte) { return true }
        switch byte {
        case UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: ":"), UInt8(ascii: "+"), UInt8(ascii: "-"):
            return true
        default:
            return false
        }
    }

    @inline(__always)
    private static func isDomainLabelByte(_ byte: UInt8) -> Bool {
        UTF8Scanning.isASCIILetterOrDigit(byte) || byte == UInt8(ascii: "-")
    }

    @inline(__always)
    private static func isDroppedTrailer(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: ".") || byte == UInt8(ascii: ":") || byte == UInt8(ascii: "-")
            || byte == UInt8(ascii: "_")
    }

    /// The end of the reference that starts at `start` (before dropping trailing characters), or nil when no
    /// reference starts there.
    private static func referenceEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        let count = bytes.count
        guard start < count, UTF8Scanning.isASCIILetterOrDigit(bytes[start]) else { return nil }
        var end = start + 1
        while end < count && isReferenceByte(bytes[end]) { end += 1 }
        guard end < count, bytes[end] == UInt8(ascii: "@") else { return end }
        // Optional `@` and a domain of two or more labels, as long as possible.
        var position = end + 1
        var labels = 0
        var domainEnd = end
        while true {
            let labelStart = position
            while position < count && isDomainLabelByte(bytes[position]) { position += 1 }
            guard position > labelStart else { break }
            labels += 1
            domainEnd = position
            guard position + 1 < count, bytes[position] == UInt8(ascii: "."),
                  isDomainLabelByte(bytes[position + 1])
            else { break }
            position += 1
        }
        return labels >= 2 ? domainEnd : end
    }
}
