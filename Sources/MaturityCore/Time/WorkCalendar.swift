import Foundation

/// The working hours [start, end) of one workday.
public struct Workday: Sendable, Equatable {
    /// The local date on which the hours start (in the schedule's zone).
    public var date: LocalDate
    public var start: Instant
    public var end: Instant

    public init(date: LocalDate, start: Instant, end: Instant) { self.date = date; self.start = start; self.end = end }

    /// The length of the working hours in milliseconds.
    public var length: Int64 { end - start }
}

/// A person's working time W(p) (metrics.md section 0, "Working time" and "Days off"), precomputed as UTC
/// intervals over a span and answered by binary search.
public final class WorkCalendar: Sendable {
    public let schedule: WorkSchedule
    /// The person's days off as day numbers (`LocalDate.daysSinceEpoch`) of local dates in the schedule's zone.
    public let daysOff: Set<Int>
    /// Every workday whose working hours intersect the span, sorted by start: scheduled working days that are not
    /// days off and whose hours are not empty (a day whose hours fall in a DST gap counts nowhere, metrics v2).
    /// Consecutive workdays may touch (24-hour days) and, around a DST gap, even overlap; `work`, `contains` and
    /// `intervals` use their union.
    public let workdays: [Workday]
    /// The scheduled working days of the span that are days off (non-empty hours), sorted by start: what the
    /// week-away rule looks at besides `workdays`.
    public let workdaysOff: [Workday]
    /// The union of the workdays' hours as sorted, disjoint, non-touching, non-empty intervals.
    private let unionStarts: [Instant]
    private let unionEnds: [Instant]
    /// `unionLengthBefore[i]` is the total length of the union intervals before interval i.
    private let unionLengthBefore: [Int64]

    /// Precomputes every workday whose working hours intersect [from, to); answers outside that span see no
    /// working time. The calendar holds one entry per workday of the span: pass the data's span, not an open range.
    public init(schedule: WorkSchedule, daysOff: Set<Int> = [], from: Instant, to: Instant) {
        self.schedule = schedule
        self.daysOff = daysOff
        var days: [Workday] = [], off: [Workday] = []
        if from < to && !schedule.workdays.isEmpty {
            // Working hours lie within two local dates of the date they start on, and local dates are within
            // a day of UTC dates: a margin of two dates on each side catches every intersecting workday.
            let firstDate = LocalDate.of(from, in: schedule.timeZone).adding(days: -2)
            let lastDate = LocalDate.of(to, in: schedule.timeZone).adding(days: 1)
            var dayNumber = firstDate.daysSinceEpoch
            let lastDayNumber = lastDate.daysSinceEpoch
            while dayNumber <= lastDayNumber {
                defer { dayNumber += 1 }
                guard let weekday = Weekday(rawValue: Civil.isoWeekday(days: dayNumber)),
                      schedule.workdays.contains(weekday) else { continue }
                let workday = WorkCalendar.workday(on: LocalDate(daysSinceEpoch: dayNumber), schedule: schedule)
                // v2: a day whose hours are empty (they fall in a DST gap) counts nowhere.
                guard workday.start < workday.end, workday.start < to && workday.end > from else { continue }
                if daysOff.contains(dayNumber) { off.append(workday) } else { days.append(workday) }
            }
        }
        days.sort { $0.start < $1.start }
        off.sort { $0.start < $1.start }
        workdays = days
        workdaysOff = off

        var starts: [Instant] = [], ends: [Instant] = [], lengthBefore: [Int64] = []
        starts.reserveCapacity(days.count); ends.reserveCapacity(days.count); lengthBefore.reserveCapacity(days.count)
        var total: Int64 = 0
        for day in days {
            if let lastEnd = ends.last, day.start <= lastEnd {
                if day.end > lastEnd {
                    total += day.end - lastEnd
                    ends[ends.count - 1] = day.end
                }
            } else {
                lengthBefore.append(total)
                starts.append(day.start)
                ends.append(day.end)
                total += day.end - day.start
            }
        }
        unionStarts = starts
        unionEnds = ends
        unionLengthBefore = lengthBefore
    }

    /// The working hours of `date` under `schedule` (whether or not `date` is a working day). The hours start at
    /// the local start time on `date` and end at the local end time, on the next date when the end is not later
    /// than the start. Should DST make the end instant precede the start (hours inside a gap), the hours are empty.
    public static func workday(on date: LocalDate, schedule: WorkSchedule) -> Workday {
        let start = LocalTime.instant(date, minute: schedule.start, in: schedule.timeZone)
        let endDate = schedule.crossesMidnight ? date.adding(days: 1) : date
        let end = LocalTime.instant(endDate, minute: schedule.end, in: schedule.timeZone)
        return Workday(date: date, start: start, end: max(start, end))
    }

    /// Total union length before instant `t`: the measure of W ∩ (−∞, t).
    @inline(__always)
    private func lengthBefore(_ t: Instant) -> Int64 {
        // The last union interval whose start is ≤ t.
        let index = WorkCalendar.upperBound(unionStarts, t) - 1
        guard index >= 0 else { return 0 }
        return unionLengthBefore[index] + min(t, unionEnds[index]) - unionStarts[index]
    }

    /// The milliseconds of [a, b) ∩ W(p); 0 when b ≤ a.
    public func work(_ a: Instant, _ b: Instant) -> Int64 {
        guard b > a else { return 0 }
        return lengthBefore(b) - lengthBefore(a)
    }

    /// Whether t is in W(p): inside some workday's hours, start ≤ t < end.
    public func contains(_ t: Instant) -> Bool {
        let index = WorkCalendar.upperBound(unionStarts, t) - 1
        return index >= 0 && t < unionEnds[index]
    }

    /// The workdays whose start lies in [a, b) (a workday belongs to the week and period in which its hours start).
    public func workdays(startingIn a: Instant, _ b: Instant) -> ArraySlice<Workday> {
        WorkCalendar.days(workdays, startingIn: a, b)
    }

    /// The week-away rule (metrics section 0, "Active person-week"): at least one scheduled working day (with
    /// hours) starts in [a, b), and every such day is a day off.
    public func isAway(_ a: Instant, _ b: Instant) -> Bool {
        !WorkCalendar.days(workdaysOff, startingIn: a, b).isEmpty && workdays(startingIn: a, b).isEmpty
    }

    private static func days(_ days: [Workday], startingIn a: Instant, _ b: Instant) -> ArraySlice<Workday> {
        guard b > a else { return days[days.startIndex..<days.startIndex] }
        return days[lowerBoundStart(days, a)..<lowerBoundStart(days, b)]
    }

    /// W(p) ∩ [a, b) as sorted, disjoint intervals (touching workdays merged).
    public func intervals(overlapping a: Instant, _ b: Instant) -> [(start: Instant, end: Instant)] {
        guard b > a else { return [] }
        var index = max(0, WorkCalendar.upperBound(unionStarts, a) - 1)
        var result: [(start: Instant, end: Instant)] = []
        while index < unionStarts.count && unionStarts[index] < b {
            let start = max(a, unionStarts[index]), end = min(b, unionEnds[index])
            if start < end { result.append((start, end)) }
            index += 1
        }
        return result
    }

    /// The first index of `days` whose start is ≥ t.
    private static func lowerBoundStart(_ days: [Workday], _ t: Instant) -> Int {
        var low = 0, high = days.count
        while low < high {
            let middle = (low + high) / 2
            if days[middle].start < t { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The first index whose value is > t.
    @inline(__always)
    private static func upperBound(_ values: [Instant], _ t: Instant) -> Int {
        var low = 0, high = values.count
        while low < high {
            let middle = (low + high) / 2
            if values[middle] <= t { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
