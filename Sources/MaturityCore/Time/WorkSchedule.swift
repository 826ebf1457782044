import Foundation

/// A malformed working-hours, workdays or time-zone value.
public struct ScheduleError: Error, Equatable, CustomStringConvertible {
    /// What is wrong and which form is expected.
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// A person's working hours and days in their time zone (metrics.md section 0, "Working hours and days").
public struct WorkSchedule: Sendable, Hashable {
    public var timeZone: TimeZone
    /// Minutes after local midnight, 0...1440.
    public var start: Int
    /// Minutes after local midnight, 0...1440; an end not later than the start runs past midnight into the next
    /// date (the hours belong to the workday on which they start); equal to the start means 24 hours.
    public var end: Int
    public var workdays: Set<Weekday>

    public static let mondayToFriday: Set<Weekday> = [.monday, .tuesday, .wednesday, .thursday, .friday]

    public init(timeZone: TimeZone, start: Int = 540, end: Int = 1020,
                workdays: Set<Weekday> = [.monday, .tuesday, .wednesday, .thursday, .friday]) {
        self.timeZone = timeZone; self.start = start; self.end = end; self.workdays = workdays
    }

    /// Whether the hours run past local midnight (end not later than start).
    public var crossesMidnight: Bool { end <= start }

    /// The clock length of the hours in minutes: end − start, plus 24 h when end ≤ start (equal values: 24 h).
    public var nominalMinutes: Int { end > start ? end - start : end - start + 1440 }

    /// The nominal workday length in seconds: end − start on the clock (8 h for 09:00-17:00 and for 22:00-06:00,
    /// 24 h when equal), whatever DST does to a given day.
    public var nominalSeconds: Int64 { Int64(nominalMinutes) * 60 }

    /// `HH:MM` from `00:00` to `24:00` as minutes after midnight (`09:00` is 540, `24:00` is 1440). Exactly two
    /// digits, a colon and two digits; nothing is trimmed.
    public static func parseClock(_ s: String) throws(ScheduleError) -> Int {
        let bytes = Array(s.utf8)
        func digit(_ index: Int) -> Int? {
            let value = Int(bytes[index]) - 48
            return (0...9).contains(value) ? value : nil
        }
        guard bytes.count == 5, bytes[2] == UInt8(ascii: ":"),
              let hourTens = digit(0), let hourUnits = digit(1), let minuteTens = digit(3), let minuteUnits = digit(4)
        else {
            throw ScheduleError("\"\(s)\" is not a time of day: expected HH:MM from 00:00 to 24:00")
        }
        let hour = hourTens * 10 + hourUnits, minute = minuteTens * 10 + minuteUnits
        guard minute <= 59, hour < 24 || (hour == 24 && minute == 0) else {
            throw ScheduleError("\"\(s)\" is out of range: expected HH:MM from 00:00 to 24:00")
        }
        return hour * 60 + minute
    }

    /// `09:00-17:00` as (start, end) minutes. Spaces around either time are ignored.
    public static func parseHours(_ s: String) throws(ScheduleError) -> (start: Int, end: Int) {
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2 else {
            throw ScheduleError("\"\(s)\" is not a range of working hours: expected HH:MM-HH:MM, such as 09:00-17:00")
        }
        return (try parseClock(trimmed(parts[0])), try parseClock(trimmed(parts[1])))
    }

    /// Working days: a comma-separated list of days and ranges. A day is its English name or first three letters,
    /// ignoring case (`Mon`, `monday`); a range `A-B` runs forward from A to B and may wrap past Sunday (`Sun-Thu`,
    /// `Sat-Mon`); `A-A` is the single day A. Spaces around items and around `-` are ignored.
    public static func parseWorkdays(_ s: String) throws(ScheduleError) -> Set<Weekday> {
        let expected = "expected days (Mon or Monday) and ranges separated by commas, such as Mon-Fri or Mon-Wed,Fri"
        var days = Set<Weekday>()
        for rawItem in s.split(separator: ",", omittingEmptySubsequences: false) {
            let item = trimmed(rawItem)
            guard !item.isEmpty else {
                throw ScheduleError("\"\(s)\" has an empty item: " + expected)
            }
            let bounds = item.split(separator: "-", omittingEmptySubsequences: false).map(trimmed)
            guard bounds.count <= 2 else {
                throw ScheduleError("\"\(item)\" in \"\(s)\" is not a day or a range: " + expected)
            }
            var resolved: [Weekday] = []
            for name in bounds {
                guard let day = Weekday(name: name) else {
                    throw ScheduleError("unknown day \"\(name)\" in \"\(s)\": " + expected)
                }
                resolved.append(day)
            }
            var day = resolved[0]
            days.insert(day)
            while day != resolved[resolved.count - 1] {
                day = day.next
                days.insert(day)
            }
        }
        return days
    }

    /// Minutes after midnight as `HH:MM` (540 is `09:00`, 1440 is `24:00`).
    public static func formatClock(_ minutes: Int) -> String {
        let hour = minutes / 60, minute = minutes % 60
        return (hour < 10 ? "0" : "") + String(hour) + ":" + (minute < 10 ? "0" : "") + String(minute)
    }

    /// The canonical short form: runs of three or more consecutive days as ranges (wrapping past Sunday), shorter
    /// runs as single days, ordered by the first day of each run from Monday: `Mon-Fri`, `Sun-Thu`, `Mon,Wed`,
    /// `Mon,Tue,Thu`, `Wed,Sat-Mon`; all seven days are `Mon-Sun`; no day is the empty string.
    public static func formatWorkdays(_ days: Set<Weekday>) -> String {
        if days.count == 7 { return "Mon-Sun" }
        // Runs start at a day whose previous day is not a working day.
        var runs: [(first: Weekday, length: Int)] = []
        for first in Weekday.allCases where days.contains(first) {
            let previous = Weekday(rawValue: (first.rawValue + 5) % 7 + 1) ?? .sunday
            if days.contains(previous) { continue }
            var length = 1
            var day = first.next
            while days.contains(day) { length += 1; day = day.next }
            runs.append((first, length))
        }
        var items: [String] = []
        for run in runs {
            if run.length >= 3 {
                var last = run.first
                for _ in 1..<run.length { last = last.next }
                items.append(run.first.shortName + "-" + last.shortName)
            } else {
                var day = run.first
                for _ in 0..<run.length { items.append(day.shortName); day = day.next }
            }
        }
        return items.joined(separator: ",")
    }

    /// A description such as `09:00-17:00 Mon-Fri Europe/Berlin`.
    public var summary: String {
        WorkSchedule.formatClock(start) + "-" + WorkSchedule.formatClock(end) + " "
            + WorkSchedule.formatWorkdays(workdays) + " " + timeZone.identifier
    }

    static func trimmed(_ s: Substring) -> String {
        String(s.drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" })
            .reversed())
    }
}
