import Foundation

/// A malformed period.
public struct PeriodError: Error, Equatable, CustomStringConvertible {
    /// What is wrong and which form is expected.
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// One ISO week of a period, clipped to the period.
public struct Week: Sendable, Hashable {
    /// The ISO year and week of the unclipped week, `2026-W01`.
    public var label: String
    public var start: Instant
    /// Exclusive; clipped to the period.
    public var end: Instant

    public init(label: String, start: Instant, end: Instant) { self.label = label; self.start = start; self.end = end }

    public func contains(_ t: Instant) -> Bool { start <= t && t < end }
}

/// A reporting period in the organisation zone: a quarter (`--quarter 2026Q3`) or a date range
/// (`--from D1 --to D2`), metrics.md section 0, "Periods and weeks".
public struct Period: Sendable, Hashable {
    /// `2026Q3`, or `2026-01-05..2026-02-01` for a range.
    public let label: String
    /// Inclusive.
    public let firstDate: LocalDate
    /// Inclusive.
    public let lastDate: LocalDate
    /// [start, end): firstDate 00:00 to the day after lastDate 00:00, in the zone.
    public let start: Instant
    public let end: Instant
    public let timeZone: TimeZone
    /// Whether the period is a calendar quarter made by `quarter(_:zone:)` or `quarter(containing:zone:)`.
    public let isQuarter: Bool
    /// ISO weeks (Monday 00:00 to the next Monday 00:00 in the zone) clipped to the period, in order; each keeps the
    /// ISO year and week of its unclipped week (1-3 January 2027 is `2026-W53`).
    public let weeks: [Week]

    private init(label: String, firstDate: LocalDate, lastDate: LocalDate, zone: TimeZone, isQuarter: Bool) {
        self.label = label
        self.firstDate = firstDate
        self.lastDate = lastDate
        self.timeZone = zone
        self.isQuarter = isQuarter
        let start = LocalTime.instant(firstDate, minute: 0, in: zone)
        let end = LocalTime.instant(lastDate.adding(days: 1), minute: 0, in: zone)
        self.start = start
        self.end = end
        var weeks: [Week] = []
        var monday = firstDate.mondayOfWeek
        while monday <= lastDate {
            let weekStart = LocalTime.instant(monday, minute: 0, in: zone)
            let weekEnd = LocalTime.instant(monday.adding(days: 7), minute: 0, in: zone)
            weeks.append(Week(label: monday.isoWeekLabel, start: max(start, weekStart), end: min(end, weekEnd)))
            monday = monday.adding(days: 7)
        }
        self.weeks = weeks
    }

    /// The quarter `2026Q3` (also `2026-Q3`, `2026q3`): [2026-07-01 00:00, 2026-10-01 00:00) in `zone`.
    /// Surrounding spaces are ignored.
    public static func quarter(_ s: String, zone: TimeZone) throws(PeriodError) -> Period {
        let bytes = Array(WorkSchedule.trimmed(Substring(s)).utf8)
        let digits = bytes.map { Int($0) - 48 }
        func isDigit(_ index: Int) -> Bool { (0...9).contains(digits[index]) }
        let hasDash = bytes.count == 7
        guard bytes.count == 6 || bytes.count == 7, (0..<4).allSatisfy(isDigit),
              !hasDash || bytes[4] == UInt8(ascii: "-"),
              bytes[bytes.count - 2] == UInt8(ascii: "Q") || bytes[bytes.count - 2] == UInt8(ascii: "q"),
              (1...4).contains(digits[bytes.count - 1])
        else {
            throw PeriodError("\"\(s)\" is not a quarter: expected YYYYQn with n from 1 to 4, such as 2026Q3")
        }
        let year = digits[0] * 1000 + digits[1] * 100 + digits[2] * 10 + digits[3]
        return quarter(year: year, number: digits[bytes.count - 1], zone: zone)
    }

    /// Quarter `number` of `year` (a number outside 1...4 is clamped into it).
    public static func quarter(year: Int, number: Int, zone: TimeZone) -> Period {
        let number = min(max(number, 1), 4)
        let firstMonth = (number - 1) * 3 + 1
        let first = LocalDate(year: year, month: firstMonth, day: 1)
        let last = LocalDate(year: year, month: firstMonth + 2,
                             day: Civil.daysInMonth(year: year, month: firstMonth + 2))
        return Period(label: String(year) + "Q" + String(number), firstDate: first, lastDate: last, zone: zone,
                      isQuarter: true)
    }

    /// `--from D1 --to D2`: [D1 00:00, D2+1 00:00) in `zone`; dates are `YYYY-MM-DD` (surrounding spaces ignored).
    /// An error when a date is malformed or `to` is before `from`.
    public static func range(from: String, to: String, zone: TimeZone) throws(PeriodError) -> Period {
        guard let first = LocalDate.parse(WorkSchedule.trimmed(Substring(from))) else {
            throw PeriodError("--from \"\(from)\" is not a date: expected YYYY-MM-DD")
        }
        guard let last = LocalDate.parse(WorkSchedule.trimmed(Substring(to))) else {
            throw PeriodError("--to \"\(to)\" is not a date: expected YYYY-MM-DD")
        }
        return try range(from: first, to: last, zone: zone)
    }

    /// The dates `from` through `to` (inclusive) in `zone`; an error when `to` is before `from`.
    public static func range(from first: LocalDate, to last: LocalDate, zone: TimeZone) throws(PeriodError) -> Period {
        guard first.isValid, last.isValid else {
            throw PeriodError("\(first)..\(last) is not a range of valid dates")
        }
        guard first <= last else {
            throw PeriodError("--to \(last) is before --from \(first)")
        }
        return Period(label: first.description + ".." + last.description, firstDate: first, lastDate: last, zone: zone,
                      isQuarter: false)
    }

    /// The quarter that contains instant `t` in `zone`.
    public static func quarter(containing t: Instant, zone: TimeZone) -> Period {
        let date = LocalDate.of(t, in: zone)
        return quarter(year: date.year, number: (date.month - 1) / 3 + 1, zone: zone)
    }

    /// The previous quarter for a quarter (2026Q1 → 2025Q4); for a range, the range of equal length (in dates)
    /// that ends the day before this one starts.
    public func previous() -> Period {
        if isQuarter {
            let number = (firstDate.month - 1) / 3 + 1
            return number == 1
                ? Period.quarter(year: firstDate.year - 1, number: 4, zone: timeZone)
                : Period.quarter(year: firstDate.year, number: number - 1, zone: timeZone)
        }
        let newLast = firstDate.adding(days: -1)
        let newFirst = firstDate.adding(days: -dayCount)
        return Period(label: newFirst.description + ".." + newLast.description, firstDate: newFirst, lastDate: newLast,
                      zone: timeZone, isQuarter: false)
    }

    /// The number of dates in the period.
    public var dayCount: Int { firstDate.days(to: lastDate) + 1 }

    /// The ISO week label (`2026-W01`) of the local date of `t` in `zone`.
    public static func weekLabel(of t: Instant, zone: TimeZone) -> String {
        LocalDate.of(t, in: zone).isoWeekLabel
    }

    /// The (clipped) week of the period that contains `t`; nil outside the period.
    public func week(containing t: Instant) -> Week? {
        guard contains(t) else { return nil }
        var low = 0, high = weeks.count
        while low < high {
            let middle = (low + high) / 2
            if weeks[middle].end <= t { low = middle + 1 } else { high = middle }
        }
        return low < weeks.count && weeks[low].contains(t) ? weeks[low] : nil
    }

    /// metrics.md section 4: the UTC day (00:00Z to 24:00Z) of the Wednesday of the ISO week that contains the
    /// middle date, firstDate + ⌊days / 2⌋.
    public var referenceDay: (start: Instant, end: Instant) {
        let middle = firstDate.adding(days: dayCount / 2)
        let wednesday = middle.mondayOfWeek.adding(days: 2)
        let start = Int64(wednesday.daysSinceEpoch) * Civil.millisecondsPerDay
        return (start, start + Civil.millisecondsPerDay)
    }

    /// Whether start ≤ t < end.
    public func contains(_ t: Instant) -> Bool { start <= t && t < end }

    public static func == (lhs: Period, rhs: Period) -> Bool {
        lhs.label == rhs.label && lhs.firstDate == rhs.firstDate && lhs.lastDate == rhs.lastDate
            && lhs.timeZone == rhs.timeZone && lhs.isQuarter == rhs.isQuarter
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(label); hasher.combine(firstDate); hasher.combine(timeZone)
    }
}
