import Foundation

/// A malformed timestamp, or one that needs a zone nobody named.
public struct TimestampError: Error, Equatable, CustomStringConvertible {
    /// What is wrong and which form is expected; names the value (shortened when long).
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Canonical CSV timestamps (canonical-csv.md, "Timestamps").
public enum Timestamp {
    /// The accepted forms, for error messages.
    public static let expectedForm =
        "expected YYYY-MM-DD[T ]HH:MM[:SS[.fff]] with an offset (Z, +02:00, +0200, +02), or a date YYYY-MM-DD"

    /// Parses a canonical CSV timestamp: `YYYY-MM-DD`, `T` or a space, `HH:MM`, optionally `:SS` and a fraction
    /// (`.` or `,` and one or more digits, truncated to the millisecond), then `Z`, `±HH:MM`, `±HHMM` or `±HH`.
    /// A bare date `YYYY-MM-DD` is its midnight. A value without an offset (and a bare date) is read in `zone`
    /// (gap times move forward by the gap, repeated times take the earlier instant); with `zone` nil it is an
    /// error whose message says to pass `--timezone`. Trims nothing. Rejects week dates, the basic format,
    /// out-of-range fields (month 13, day 31 of a 30-day month, hour 24 or more, minute or second 60 or more,
    /// offsets beyond ±23:59) and anything after the offset.
    public static func parse(_ s: String, zone: TimeZone?) throws(TimestampError) -> Instant {
        try parse(Substring(s), zone: zone)
    }

    /// The same as `parse(_:zone:)` for a substring (the import hot path: no allocation, no Foundation on the
    /// offset path).
    public static func parse(_ s: Substring, zone: TimeZone?) throws(TimestampError) -> Instant {
        let scanned = s.utf8.withContiguousStorageIfAvailable { TimestampScanner.scan($0) }
            ?? Array(s.utf8).withUnsafeBufferPointer { TimestampScanner.scan($0) }
        return try resolve(scanned, zone: zone) { String(s) }
    }

    /// The same as `parse(_:zone:)` for UTF-8 bytes (for example a CSV parser's field buffer).
    public static func parse(utf8 bytes: UnsafeBufferPointer<UInt8>,
                             zone: TimeZone?) throws(TimestampError) -> Instant {
        try resolve(TimestampScanner.scan(bytes), zone: zone) { String(decoding: bytes, as: UTF8.self) }
    }

    /// Whether `s` is exactly a valid date `YYYY-MM-DD`.
    public static func isDate(_ s: String) -> Bool {
        let scanned = scan(s)
        return scanned.failure == nil && scanned.isDateOnly
    }

    /// Whether `s` is a well-formed timestamp that carries its own offset (so it needs no `--timezone`).
    public static func hasOffset(_ s: String) -> Bool {
        let scanned = scan(s)
        return scanned.failure == nil && scanned.hasOffset
    }

    /// `2026-02-20T07:00:00.000Z`: the instant in UTC with milliseconds.
    public static func format(_ t: Instant) -> String {
        let t = Civil.clamped(t)
        let days = t.floorDivided(by: Civil.millisecondsPerDay)
        let millisecondOfDay = Int(t - days * Civil.millisecondsPerDay)
        let date = LocalDate(daysSinceEpoch: Int(days))
        let hour = millisecondOfDay / 3_600_000
        let minute = millisecondOfDay / 60_000 % 60
        let second = millisecondOfDay / 1000 % 60
        let millisecond = millisecondOfDay % 1000
        return date.description + "T" + pad2(hour) + ":" + pad2(minute) + ":" + pad2(second) + "."
            + (millisecond < 100 ? "0" : "") + pad2(millisecond) + "Z"
    }

    private static func pad2(_ value: Int) -> String {
        value < 10 ? "0" + String(value) : String(value)
    }

    private static func scan(_ s: String) -> ScannedTimestamp {
        var copy = s
        return copy.withUTF8 { TimestampScanner.scan($0) }
    }

    @inline(__always)
    private static func resolve(_ scanned: ScannedTimestamp, zone: TimeZone?,
                                text: () -> String) throws(TimestampError) -> Instant {
        if let failure = scanned.failure {
            throw TimestampError(message(for: failure, text: text()))
        }
        let localSeconds = Int64(scanned.days) * 86_400 + Int64(scanned.secondOfDay)
        if scanned.hasOffset {
            return (localSeconds - Int64(scanned.offsetSeconds)) * 1000 + Int64(scanned.millisecond)
        }
        guard let zone else {
            throw TimestampError(message(for: .noZone, text: text()))
        }
        return LocalTime.utcSeconds(ofLocalSeconds: localSeconds, in: zone) * 1000 + Int64(scanned.millisecond)
    }

    private static func message(for failure: TimestampFailure, text: String) -> String {
        let shown = text.unicodeScalars.count > 60 ? String(String.UnicodeScalarView(text.unicodeScalars.prefix(57)))
            + "..." : text
        let quoted = "\"" + shown + "\""
        switch failure {
        case .noZone:
            return quoted + " has no UTC offset: pass --timezone to name the zone it is written in"
                + " (or write the offset, such as Z or +02:00)"
        case .empty:
            return "empty timestamp; " + expectedForm
        case .weekDate:
            return quoted + " is a week date, which is not accepted; " + expectedForm
        case .basicFormat:
            return quoted + " is in the basic format (without '-' and ':'), which is not accepted; " + expectedForm
        case .malformed(let position):
            return quoted + " is not a timestamp (unexpected " + describe(text, at: position) + "); " + expectedForm
        case .outOfRange(let field, let value, let range):
            return quoted + " has " + field.description + " " + String(value) + " out of range (" + range.description
                + "); " + expectedForm
        case .trailing(let position):
            return quoted + " has unexpected text after the timestamp at position " + String(position + 1)
                + "; " + expectedForm
        }
    }

    private static func describe(_ text: String, at position: Int) -> String {
        let utf8 = Array(text.utf8)
        guard position < utf8.count else { return "end of text" }
        // The scanner stops only at ASCII bytes or at the first byte of a character, so this is a boundary.
        let rest = String(decoding: utf8[position...], as: UTF8.self)
        let character = rest.unicodeScalars.first.map { String(Character($0)) } ?? "?"
        return "'" + character + "' at position " + String(position + 1)
    }
}

/// Why a timestamp did not scan.
enum TimestampFailure {
    case empty
    case noZone
    case weekDate
    case basicFormat
    /// Byte position (0-based) of the first unexpected byte (or the length, when the text ends early).
    case malformed(Int)
    case outOfRange(field: StaticString, value: Int, range: StaticString)
    /// Byte position of the first byte after a complete timestamp.
    case trailing(Int)
}

/// The fields of a scanned timestamp.
struct ScannedTimestamp {
    /// Days since 1970-01-01 of the written date.
    var days = 0
    var secondOfDay = 0
    var millisecond = 0
    /// East of UTC, in seconds; meaningful when `hasOffset`.
    var offsetSeconds = 0
    var hasOffset = false
    var isDateOnly = false
    var failure: TimestampFailure?
}

/// A byte scanner for canonical timestamps: integer arithmetic only.
enum TimestampScanner {
    private static let zero = UInt8(ascii: "0")
    private static let dash = UInt8(ascii: "-")
    private static let colon = UInt8(ascii: ":")

    @inline(__always)
    private static func digit(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> Int {
        guard index < bytes.count else { return -1 }
        let value = Int(bytes[index]) - Int(zero)
        return value >= 0 && value <= 9 ? value : -1
    }

    /// Two digits at `index` as a number, or -1.
    @inline(__always)
    private static func twoDigits(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> Int {
        let tens = digit(bytes, index), units = digit(bytes, index + 1)
        return tens < 0 || units < 0 ? -1 : tens * 10 + units
    }

    /// The position of the first byte that is not a digit, from `index`.
    @inline(__always)
    private static func firstNonDigit(_ bytes: UnsafeBufferPointer<UInt8>, from index: Int) -> Int {
        var position = index
        while digit(bytes, position) >= 0 { position += 1 }
        return position
    }

    /// Scans a valid `YYYY-MM-DD` at `index` (nothing is checked after it).
    static func scanDate(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> LocalDate? {
        var scanned = ScannedTimestamp()
        guard scanDate(bytes, at: index, into: &scanned) else { return nil }
        return LocalDate(daysSinceEpoch: scanned.days)
    }

    private static func scanDate(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int,
                                 into scanned: inout ScannedTimestamp) -> Bool {
        let century = twoDigits(bytes, index), yearOfCentury = twoDigits(bytes, index + 2)
        guard century >= 0, yearOfCentury >= 0 else {
            scanned.failure = .malformed(firstNonDigit(bytes, from: index))
            return false
        }
        let year = century * 100 + yearOfCentury
        guard index + 4 < bytes.count, bytes[index + 4] == dash else {
            let digitsEnd = firstNonDigit(bytes, from: index)
            let basic = digitsEnd - index == 8
                && (digitsEnd == bytes.count || bytes[digitsEnd] == UInt8(ascii: "T"))
            scanned.failure = basic ? .basicFormat : .malformed(digitsEnd)
            return false
        }
        if index + 5 < bytes.count, bytes[index + 5] == UInt8(ascii: "W") || bytes[index + 5] == UInt8(ascii: "w") {
            scanned.failure = .weekDate
            return false
        }
        let month = twoDigits(bytes, index + 5)
        guard month >= 0 else {
            scanned.failure = .malformed(firstNonDigit(bytes, from: index + 5))
            return false
        }
        guard index + 7 < bytes.count, bytes[index + 7] == dash else {
            scanned.failure = .malformed(index + 7)
            return false
        }
        let day = twoDigits(bytes, index + 8)
        guard day >= 0 else {
            scanned.failure = .malformed(firstNonDigit(bytes, from: index + 8))
            return false
        }
        guard month >= 1 && month <= 12 else {
            scanned.failure = .outOfRange(field: "month", value: month, range: "01-12")
            return false
        }
        let monthLength = Civil.daysInMonth(year: year, month: month)
        guard day >= 1 && day <= monthLength else {
            let range: StaticString = monthLength == 31 ? "01-31" : monthLength == 30 ? "01-30"
                : monthLength == 29 ? "01-29" : "01-28"
            scanned.failure = .outOfRange(field: "day", value: day, range: range)
            return false
        }
        scanned.days = Civil.days(year: year, month: month, day: day)
        return true
    }

    /// Scans a whole timestamp.
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> ScannedTimestamp {
        var scanned = ScannedTimestamp()
        let count = bytes.count
        guard count > 0 else {
            scanned.failure = .empty
            return scanned
        }
        guard scanDate(bytes, at: 0, into: &scanned) else { return scanned }
        if count == 10 {
            scanned.isDateOnly = true
            return scanned
        }
        guard bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: " ") else {
            scanned.failure = .malformed(10)
            return scanned
        }
        let hour = twoDigits(bytes, 11)
        guard hour >= 0 else {
            scanned.failure = .malformed(firstNonDigit(bytes, from: 11))
            return scanned
        }
        guard 13 < count, bytes[13] == colon else {
            let digitsEnd = firstNonDigit(bytes, from: 11)
            scanned.failure = digitsEnd - 11 >= 4 ? .basicFormat : .malformed(13)
            return scanned
        }
        let minute = twoDigits(bytes, 14)
        guard minute >= 0 else {
            scanned.failure = .malformed(firstNonDigit(bytes, from: 14))
            return scanned
        }
        guard hour <= 23 else {
            scanned.failure = .outOfRange(field: "hour", value: hour, range: "00-23")
            return scanned
        }
        guard minute <= 59 else {
            scanned.failure = .outOfRange(field: "minute", value: minute, range: "00-59")
            return scanned
        }
        var position = 16
        var second = 0
        if position < count && bytes[position] == colon {
            second = twoDigits(bytes, position + 1)
            guard second >= 0 else {
                scanned.failure = .malformed(firstNonDigit(bytes, from: position + 1))
                return scanned
            }
            guard second <= 59 else {
                scanned.failure = .outOfRange(field: "second", value: second, range: "00-59")
                return scanned
            }
            position += 3
            if position < count && (bytes[position] == UInt8(ascii: ".") || bytes[position] == UInt8(ascii: ",")) {
                position += 1
                let fractionStart = position
                var millisecond = 0
                while position < count {
                    let value = digit(bytes, position)
                    if value < 0 { break }
                    if position - fractionStart < 3 { millisecond = millisecond * 10 + value }
                    position += 1
                }
                let fractionDigits = position - fractionStart
                guard fractionDigits > 0 else {
                    scanned.failure = .malformed(position)
                    return scanned
                }
                if fractionDigits == 1 { millisecond *= 100 } else if fractionDigits == 2 { millisecond *= 10 }
                scanned.millisecond = millisecond
            }
        }
        scanned.secondOfDay = hour * 3600 + minute * 60 + second
        guard position < count else { return scanned }
        switch bytes[position] {
        case UInt8(ascii: "Z"):
            position += 1
        case UInt8(ascii: "+"), dash:
            let sign = bytes[position] == dash ? -1 : 1
            let offsetHours = twoDigits(bytes, position + 1)
            guard offsetHours >= 0 else {
                scanned.failure = .malformed(firstNonDigit(bytes, from: position + 1))
                return scanned
            }
            position += 3
            var offsetMinutes = 0
            if position < count && bytes[position] == colon {
                offsetMinutes = twoDigits(bytes, position + 1)
                guard offsetMinutes >= 0 else {
                    scanned.failure = .malformed(firstNonDigit(bytes, from: position + 1))
                    return scanned
                }
                position += 3
            } else if digit(bytes, position) >= 0 {
                offsetMinutes = twoDigits(bytes, position)
                guard offsetMinutes >= 0 else {
                    scanned.failure = .malformed(position + 1)
                    return scanned
                }
                position += 2
            }
            guard offsetHours <= 23 else {
                scanned.failure = .outOfRange(field: "offset hour", value: offsetHours, range: "00-23")
                return scanned
            }
            guard offsetMinutes <= 59 else {
                scanned.failure = .outOfRange(field: "offset minute", value: offsetMinutes, range: "00-59")
                return scanned
            }
            scanned.offsetSeconds = sign * (offsetHours * 3600 + offsetMinutes * 60)
        default:
            scanned.failure = .malformed(position)
            return scanned
        }
        guard position == count else {
            scanned.failure = .trailing(position)
            return scanned
        }
        scanned.hasOffset = true
        return scanned
    }
}
