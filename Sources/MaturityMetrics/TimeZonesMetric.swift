import Foundation
import MaturityCore

/// Section 4 of the metric definitions: how many hours of the period's reference day a group shares
/// (`team_overlap_hours`: every member inside their working hours) and covers (`coverage_hours`: at least one).
///
/// A team's members are its non-bot people, active in the period or not. The organisation's members are every
/// person of the store except bots (bots are excluded everywhere, section 0). Both metrics are informative and
/// exist only for the organisation and for teams; a team without members is left out, and an organisation
/// without members has undefined values.
public enum TimeZonesMetric: MetricFamily {
    /// `time_zones.team_overlap_hours`.
    public static let teamOverlapHours = "time_zones.team_overlap_hours"
    /// `time_zones.coverage_hours`.
    public static let coverageHours = "time_zones.coverage_hours"

    public static var definitions: [MetricDefinition] {
        [
            MetricDefinition(
                name: teamOverlapHours,
                summary: "hours of the reference day in which every member is inside their working hours",
                unit: .hours, better: .neither,
                groupings: []),
            MetricDefinition(
                name: coverageHours,
                summary: "hours of the reference day in which at least one member is inside their working hours",
                unit: .hours, better: .neither,
                groupings: []),
        ]
    }

    public static func compute(_ dataset: Dataset, period: Period, groupBy: GroupBy) -> GroupedValues {
        var members: [GroupName: [WorkSchedule]] = [:]
        for person in dataset.people where !person.isBot {
            switch groupBy {
            case .org: members["all", default: []].append(person.schedule)
            case .team: members[GroupName(person.team), default: []].append(person.schedule)
            case .week, .channel, .kind, .person: return [:]
            }
        }
        let day = period.referenceDay
        var result: GroupedValues = [:]
        if groupBy == .org, members.isEmpty {
            result["all"] = [teamOverlapHours: .undefined, coverageHours: .undefined]
        }
        for (group, schedules) in members {
            guard let hours = hours(of: schedules, from: day.start, to: day.end) else { continue }
            result[group] = [
                teamOverlapHours: MetricValue(hours.overlap, n: schedules.count),
                coverageHours: MetricValue(hours.coverage, n: schedules.count),
            ]
        }
        return result
    }

    /// The hours of [from, to) in which every schedule is inside its working hours (`overlap`) and in which at
    /// least one is (`coverage`); nil without schedules.
    public static func hours(of schedules: [WorkSchedule], from: Instant, to: Instant)
        -> (overlap: Double, coverage: Double)?
    {
        guard !schedules.isEmpty, from < to else { return nil }
        // A calendar of its own for each member, two days either side of the span, so that the answer does
        // not depend on the span the dataset's calendars were built for.
        let pad: Instant = 2 * 86_400_000
        let workingTimes = schedules.map { schedule -> [WorkingSpan] in
            let calendar = WorkCalendar(schedule: schedule, from: from - pad, to: to + pad)
            let raw = calendar.intervals(overlapping: from, to).map { WorkingSpan(start: $0.start, end: $0.end) }
            return WorkingSpan.normalised(raw, clippedTo: WorkingSpan(start: from, end: to))
        }
        var overlap = workingTimes[0]
        for other in workingTimes.dropFirst() { overlap = WorkingSpan.intersection(overlap, other) }
        let coverage = WorkingSpan.normalised(workingTimes.flatMap { $0 }, clippedTo: WorkingSpan(start: from, end: to))
        return (overlap: hoursOf(overlap), coverage: hoursOf(coverage))
    }

    private static func hoursOf(_ intervals: [WorkingSpan]) -> Double {
        Double(intervals.reduce(Int64(0)) { $0 + ($1.end - $1.start) }) / 3_600_000
    }
}

/// A half-open interval [start, end) of instants.
private struct WorkingSpan: Equatable {
    var start: Instant
    var end: Instant

    /// Clips every interval to `bounds`, drops empty ones, sorts and merges those that overlap or touch.
    static func normalised(_ intervals: [WorkingSpan], clippedTo bounds: WorkingSpan) -> [WorkingSpan] {
        let clipped = intervals
            .map { WorkingSpan(start: max($0.start, bounds.start), end: min($0.end, bounds.end)) }
            .filter { $0.start < $0.end }
            .sorted { ($0.start, $0.end) < ($1.start, $1.end) }
        var merged: [WorkingSpan] = []
        for interval in clipped {
            if let last = merged.last, interval.start <= last.end {
                merged[merged.count - 1].end = max(last.end, interval.end)
            } else {
                merged.append(interval)
            }
        }
        return merged
    }

    /// The intersection of two sorted, disjoint lists of intervals.
    static func intersection(_ a: [WorkingSpan], _ b: [WorkingSpan]) -> [WorkingSpan] {
        var result: [WorkingSpan] = []
        var i = 0, j = 0
        while i < a.count && j < b.count {
            let start = max(a[i].start, b[j].start)
            let end = min(a[i].end, b[j].end)
            if start < end { result.append(WorkingSpan(start: start, end: end)) }
            if a[i].end < b[j].end { i += 1 } else { j += 1 }
        }
        return result
    }
}
