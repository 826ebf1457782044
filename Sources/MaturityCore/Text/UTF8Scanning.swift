import Foundation

/// Byte-level building blocks of the text rules (metrics section 0, "Text"), working on the UTF-8 bytes of a
/// string. Every rule of the spec that names a character names an ASCII character or a white-space scalar,
/// and in UTF-8 an ASCII byte is always an ASCII scalar, so these scans are exact and allocate nothing.
enum UTF8Scanning {
    typealias Bytes = UnsafeBufferPointer<UInt8>

    /// Runs `body` over the UTF-8 bytes of `text`, copying only when the storage is not contiguous.
    @inline(__always)
    static func withBytes<S: StringProtocol, R>(of text: S, _ body: (Bytes) -> R) -> R {
        if let result = text.utf8.withContiguousStorageIfAvailable(body) { return result }
        let copy = Array(text.utf8)
        return copy.withUnsafeBufferPointer(body)
    }

    // MARK: ASCII classes

    @inline(__always) static func isASCIIDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }

    @inline(__always) static func isASCIILetter(_ byte: UInt8) -> Bool { (byte | 0x20) &- 0x61 < 26 }

    @inline(__always) static func isASCIILetterOrDigit(_ byte: UInt8) -> Bool {
        isASCIILetter(byte) || isASCIIDigit(byte)
    }

    /// An ASCII letter, an ASCII digit or `_`: the characters that break a word match.
    @inline(__always) static func isWordByte(_ byte: UInt8) -> Bool {
        isASCIILetterOrDigit(byte) || byte == UInt8(ascii: "_")
    }

    /// ASCII lower case of one byte (other bytes unchanged).
    @inline(__always) static func lowered(_ byte: UInt8) -> UInt8 {
        byte &- 0x41 < 26 ? byte | 0x20 : byte
    }

    // MARK: White space

    /// The length in bytes of the White_Space scalar that starts at `index`, or 0 when there is none.
    @inline(__always)
    static func whiteSpaceLength(_ bytes: Bytes, at index: Int) -> Int {
        let byte = bytes[index]
        if byte < 0x80 { return (byte &- 0x09 < 5 || byte == 0x20) ? 1 : 0 }
        return nonASCIIWhiteSpaceLength(bytes, at: index)
    }

    static func nonASCIIWhiteSpaceLength(_ bytes: Bytes, at index: Int) -> Int {
        let count = bytes.count
        switch bytes[index] {
        case 0xC2:  // U+0085, U+00A0
            guard index + 1 < count else { return 0 }
            let next = bytes[index + 1]
            return next == 0x85 || next == 0xA0 ? 2 : 0
        case 0xE1:  // U+1680
            guard index + 2 < count else { return 0 }
            return bytes[index + 1] == 0x9A && bytes[index + 2] == 0x80 ? 3 : 0
        case 0xE2:  // U+2000-U+200A, U+2028, U+2029, U+202F, U+205F
            guard index + 2 < count else { return 0 }
            let second = bytes[index + 1], third = bytes[index + 2]
            if second == 0x80 {
                return (third &- 0x80 <= 0x0A || third == 0xA8 || third == 0xA9 || third == 0xAF) ? 3 : 0
            }
            return second == 0x81 && third == 0x9F ? 3 : 0
        case 0xE3:  // U+3000
            guard index + 2 < count else { return 0 }
            return bytes[index + 1] == 0x80 && bytes[index + 2] == 0x80 ? 3 : 0
        default:
            return 0
        }
    }

    /// The length in bytes of the White_Space scalar that ends right before `end`, or 0 when there is none.
    static func whiteSpaceLength(_ bytes: Bytes, endingAt end: Int) -> Int {
        guard end > 0 else { return 0 }
        var start = end - 1
        while start > 0 && bytes[start] & 0xC0 == 0x80 && end - start < 4 { start -= 1 }
        let length = whiteSpaceLength(bytes, at: start)
        return length == end - start ? length : 0
    }

    /// The offset of the first byte after the white space that starts at `index`.
    @inline(__always)
    static func skippingWhiteSpace(_ bytes: Bytes, from index: Int) -> Int {
        var position = index
        while position < bytes.count {
            let length = whiteSpaceLength(bytes, at: position)
            if length == 0 { break }
            position += length
        }
        return position
    }

    /// `range` without white space at either end.
    static func trimmed(_ bytes: Bytes, _ range: Range<Int>) -> Range<Int> {
        var start = range.lowerBound, end = range.upperBound
        while start < end {
            let length = whiteSpaceLength(bytes, at: start)
            if length == 0 { break }
            start += length
        }
        while end > start {
            let length = whiteSpaceLength(bytes, endingAt: end)
            if length == 0 { break }
            end -= length
        }
        return start..<end
    }

    // MARK: URLs

    static func urlEndAfterH(_ bytes: Bytes, startingAt index: Int) -> Int? {
        let count = bytes.count
        guard index + 7 < count,
              bytes[index + 1] | 0x20 == UInt8(ascii: "t"),
              bytes[index + 2] | 0x20 == UInt8(ascii: "t"),
              bytes[index + 3] | 0x20 == UInt8(ascii: "p")
        else { return nil }
        var position = index + 4
        if bytes[position] | 0x20 == UInt8(ascii: "s") { position += 1 }
        guard position + 3 < count,
              bytes[position] == UInt8(ascii: ":"),
              bytes[position + 1] == UInt8(ascii: "/"),
              bytes[position + 2] == UInt8(ascii: "/")
        else { return nil }
        let bodyStart = position + 3
        var end = bodyStart
        while end < count {
            let byte = bytes[end]
            if byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">") { break }
            if byte < 0x80 {
                if byte &- 0x09 < 5 || byte == 0x20 { break }
            } else if nonASCIIWhiteSpaceLength(bytes, at: end) > 0 {
                break
            }
            end += 1
        }
        return end > bodyStart ? end : nil
    }

    /// The byte ranges of the URLs in `range`, left to right, not overlapping.
    static func urlRanges(_ bytes: Bytes, in range: Range<Int>) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var index = range.lowerBound
        while index < range.upperBound {
            if bytes[index] | 0x20 == UInt8(ascii: "h"), let end = urlEndAfterH(bytes, startingAt: index),
               end <= range.upperBound {
                result.append(index..<end)
                index = end
            } else {
                index += 1
            }
        }
        return result
    }

    /// Whether `range` holds a URL.
    static func containsURL(_ bytes: Bytes, in range: Range<Int>) -> Bool {
        var index = range.lowerBound
        while index < range.upperBound {
            if bytes[index] | 0x20 == UInt8(ascii: "h"), let end = urlEndAfterH(bytes, startingAt: index),
               end <= range.upperBound {
                return true
            }
            index += 1
        }
        return false
    }

    /// The bytes of `range` with its URLs removed, each with a `<` right before it and a `>` right after it.
    static func bytesRemovingURLs(_ bytes: Bytes, in range: Range<Int>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(range.count)
        var index = range.lowerBound
        while index < range.upperBound {
            let byte = bytes[index]
            if byte | 0x20 == UInt8(ascii: "h"), let end = urlEndAfterH(bytes, startingAt: index),
               end <= range.upperBound {
                // The '<' right before the URL was already copied (a URL never contains '<'): take it back.
                if index > range.lowerBound, bytes[index - 1] == UInt8(ascii: "<"),
                   output.last == UInt8(ascii: "<") {
                    output.removeLast()
                }
                index = end
                if index < range.upperBound, bytes[index] == UInt8(ascii: ">") { index += 1 }
            } else {
                output.append(byte)
                index += 1
            }
        }
        return output
    }

    // MARK: Lines

    /// The byte ranges of the lines of `bytes` (ends at LF, CR LF or CR; the terminators are not part of a line).
    /// A terminator ends a line; text after the last terminator is one more line; empty text has no lines.
    static func lineRanges(_ bytes: Bytes) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var start = 0
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            if byte == 0x0A {
                result.append(start..<index)
                index += 1
                start = index
            } else if byte == 0x0D {
                result.append(start..<index)
                index += 1
                if index < count && bytes[index] == 0x0A { index += 1 }
                start = index
            } else {
                index += 1
            }
        }
        if start < count { result.append(start..<count) }
        return result
    }

    // MARK: Keywords

    /// Whether the ASCII-lower-case `keyword` occurs at `index`, ignoring ASCII case.
    @inline(__always)
    static func matches(_ keyword: [UInt8], _ bytes: Bytes, at index: Int) -> Bool {
        guard index + keyword.count <= bytes.count else { return false }
        for offset in 0..<keyword.count where lowered(bytes[index + offset]) != keyword[offset] {
            return false
        }
        return true
    }

    /// The first offset at or after `start` where the ASCII-lower-case `keyword` occurs ignoring ASCII case
    /// (as a word when `asWord`), within `range`.
    static func firstMatch(of keyword: [UInt8], in bytes: Bytes, range: Range<Int>, from start: Int,
                           asWord: Bool) -> Int? {
        guard let first = keyword.first else { return nil }
        var index = start
        let last = range.upperBound - keyword.count
        while index <= last {
            if lowered(bytes[index]) == first, matches(keyword, bytes, at: index) {
                if !asWord { return index }
                let end = index + keyword.count
                let before = index > range.lowerBound ? isWordByte(bytes[index - 1]) : false
                let after = end < range.upperBound ? isWordByte(bytes[end]) : false
                if !before && !after { return index }
            }
            index += 1
        }
        return nil
    }

    /// The ASCII-lower-case UTF-8 bytes of `keyword`.
    static func loweredBytes(_ keyword: String) -> [UInt8] { keyword.utf8.map(lowered) }
}
