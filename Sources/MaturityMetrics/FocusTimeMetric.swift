import Foundation
import MaturityCore

/// Focus time (metrics section 3), from the workdays of the active person-weeks of the period.
///
/// `n` of each value is the count behind its denominator: the active person-weeks for the median; the active
/// person-weeks with at least one workday for `share` and `fragmented_share` (those whose working hours make
/// up the denominator); the workdays of the active person-weeks for `meeting_free_day_share`.
public struct FocusTimeMetric: MetricFamily {
    public static let definitions: [MetricDefinition] = [
        MetricDefinition(name: "focus_time.median_hours_per_week",
                         summary: "Median focus hours (free blocks of 2 h or more) per active person-week",
                         unit: .hours, better: .higher,
                         groupings: PersonWeeks.groupings),
        MetricDefinition(name: "focus_time.share",
                         summary: "Share of working hours in free blocks of 2 h or more",
                         unit: .rate, better: .higher,
                         groupings: PersonWeeks.groupings),
        MetricDefinition(name: "focus_time.fragmented_share",
                         summary: "Share of working hours in free blocks shorter than 2 h",
                         unit: .rate, better: .lower,
                         groupings: PersonWeeks.groupings),
        MetricDefinition(name: "focus_time.meeting_free_day_share",
                         summary: "Share of workdays without any attended meeting in working hours",
                         unit: .rate, better: .higher,
                         groupings: PersonWeeks.groupings),
    ]

    public static func compute(_ dataset: Dataset, period: Period, groupBy: GroupBy) -> GroupedValues {
        PersonWeeks.groupedValues(dataset, period: period, groupBy: groupBy, values: values)
    }

    /// The four values of one group of person-weeks (active and inactive; inactive ones are skipped).
    public static func values(_ rows: [PersonWeek]) -> [String: MetricValue] {
        let active = rows.filter(\.active)
        let withWorkdays = active.filter { $0.focusWorkingHours > 0 }
        let working = PersonWeeks.sum(withWorkdays, \.focusWorkingHours)
        let focus = PersonWeeks.sum(withWorkdays, \.focusHours)
        let fragmented = PersonWeeks.sum(withWorkdays, \.fragmentedHours)
        let workdays = PersonWeeks.sum(active, \.workdays)
        let meetingFree = PersonWeeks.sum(active, \.meetingFreeDays)
        return [
            "focus_time.median_hours_per_week":
                MetricValue(Statistics.median(active.map(\.focusHours)), n: active.count),
            "focus_time.share": MetricValue(Statistics.rate(focus, working), n: withWorkdays.count),
            "focus_time.fragmented_share": MetricValue(Statistics.rate(fragmented, working), n: withWorkdays.count),
            "focus_time.meeting_free_day_share":
                MetricValue(Statistics.rate(Double(meetingFree), Double(workdays)), n: workdays),
        ]
    }
}
