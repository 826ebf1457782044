import Foundation

/// A calendar date without a time zone, on the proleptic Gregorian calendar.
public struct LocalDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    /// A date from its fields; the caller guarantees a valid date (use `parse` or `isValid` for input data).
    @inlinable
    public init(year: Int, month: Int, day: Int) {
        self.year = year; self.month = month; self.day = day
    }

    /// The date `days` days after 1970-01-01 (the inverse of `daysSinceEpoch`).
    @inlinable
    public init(daysSinceEpoch days: Int) {
        let fields = Civil.date(days: days)
        self.init(year: fields.year, month: fields.month, day: fields.day)
    }

    /// Days since 1970-01-01 (negative before): the day number `LocalDate(daysSinceEpoch:)` reads back.
    @inlinable
    public var daysSinceEpoch: Int { Civil.days(year: year, month: month, day: day) }

    /// Whether the fields name a real date (month 1-12, day within the month).
    public var isValid: Bool {
        (1...12).contains(month) && day >= 1 && day <= Civil.daysInMonth(year: year, month: month)
    }

    /// Parses exactly `YYYY-MM-DD` (four-digit year, valid month and day); nil otherwise. Trims nothing.
    public static func parse(_ s: String) -> LocalDate? {
        let utf8 = Array(s.utf8)
        guard utf8.count == 10 else { return nil }
        return utf8.withUnsafeBufferPointer { TimestampScanner.scanDate($0, at: 0) }
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        let yearText = String(year)
        let paddedYear = (0..<10_000).contains(year)
            ? String(repeating: "0", count: 4 - yearText.count) + yearText : yearText
        return paddedYear + "-" + (month < 10 ? "0" : "") + String(month) + "-" + (day < 10 ? "0" : "") + String(day)
    }

    /// The date `days` days later (earlier when negative).
    public func adding(days: Int) -> LocalDate {
        LocalDate(daysSinceEpoch: daysSinceEpoch + days)
    }

    /// The number of days from `self` to `other` (positive when `other` is later).
    public func days(to other: LocalDate) -> Int {
        other.daysSinceEpoch - daysSinceEpoch
    }

    /// The day of the week.
    public var weekday: Weekday { Weekday(daysSinceEpoch: daysSinceEpoch) }

    /// The Monday of this date's ISO week.
    public var mondayOfWeek: LocalDate {
        adding(days: 1 - weekday.rawValue)
    }

    /// The ISO 8601 week-numbering year and week number (1-53) of this date.
    public var isoWeek: (year: Int, week: Int) {
        let days = daysSinceEpoch
        // The ISO year is the year of the Thursday of the week.
        let thursday = LocalDate(daysSinceEpoch: days - Civil.isoWeekday(days: days) + 4)
        let ordinal = days - Civil.isoWeekday(days: days) + 4 - Civil.days(year: thursday.year, month: 1, day: 1)
        return (thursday.year, ordinal / 7 + 1)
    }

    /// The ISO week label, `2026-W01`.
    public var isoWeekLabel: String {
        let (weekYear, week) = isoWeek
        return String(weekYear) + "-W" + (week < 10 ? "0" : "") + String(week)
    }

    /// The local date of an instant in a zone.
    public static func of(_ t: Instant, in zone: TimeZone) -> LocalDate {
        let t = Civil.clamped(t)
        let offsetSeconds = zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(t) / 1000))
        let localMilliseconds = t + Int64(offsetSeconds) * 1000
        return LocalDate(daysSinceEpoch: Int(localMilliseconds.floorDivided(by: Civil.millisecondsPerDay)))
    }

    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }
}
