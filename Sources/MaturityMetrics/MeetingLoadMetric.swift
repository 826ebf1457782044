import Foundation
import MaturityCore

/// Meeting load (metrics section 2), from the person-weeks of the period.
///
/// `n` of each value is the count behind its denominator:
/// - medians, percentiles and means of hours: the active person-weeks of the group;
/// - `mean_share` and `overloaded_share`: the active person-weeks whose share is defined;
/// - the hour ratios (`after_hours_share`, `large_share`, `recurring_share`, `status_share`): the person-weeks
///   whose hours make up the denominator (meeting hours > 0, respectively attended hours > 0).
public struct MeetingLoadMetric: MetricFamily {
    /// A meeting share above this (> 0.4) makes a person-week overloaded.
    public static let overloadedShare = 0.4

    public static let definitions: [MetricDefinition] = [
        MetricDefinition(name: "meeting_load.median_hours_per_week",
                         summary: "Median meeting hours (union of attended meetings) per active person-week",
                         unit: .hours, better: .lower,
                         groupings: PersonWeeks.groupings),
        MetricDefinition(name: "meeting_load.p90_hours_per_week",
                         summary: "90th percentile of meeting hours per active person-week",
                         unit: .hours, better: .lower,
                         groupings: PersonWeeks.groupings),
        MetricDefinition(name: "meeting_load.mean_share",
                         summary: "Mean share of working hours spent in meetings, over active person-weeks",
                         unit: .rate, better: .lower,
                         groupings: PersonWeeks.groupings),
        MetricDefinition(name: "meeting_load.overloaded_share",
                         summary: "Share of active person-weeks with more than 40% of working hours in meetings",
                         unit: .rate, better: .lower,
                         groupings: PersonWeeks.groupings),
        MetricDefinition(name: "meeting_load.conflict_hours_per_week",
                         summary: "Mean hours of overlapping (double-booked) meetings per active person-week",
                         unit: .hours, better: .lower,
                         groupings: PersonWeeks.groupings),
        MetricDefinition(name: "meeting_load.after_hours_share",
                         summary: "Share of meeting hours outside the attendee's working hours",
                         unit: .rate, better: .lower,
                         groupings: PersonWeeks.groupings),
        MetricDefinition(name: "meeting_load.large_share",
                         summary: "Share of attended meeting hours in meetings with 9 or more invitees",
                         unit: .rate, better: .lower,
                         groupings: PersonWeeks.groupings),
        MetricDefinition(name: "meeting_load.recurring_share",
                         summary: "Share of attended meeting hours in recurring series",
                         unit: .rate, better: .neither,
                         groupings: PersonWeeks.groupings),
        MetricDefinition(name: "meeting_load.status_share",
                         summary: "Share of attended meeting hours in status meetings (standup, sync, ...)",
                         unit: .rate, better: .lower,
                         groupings: PersonWeeks.groupings),
    ]

    public static func compute(_ dataset: Dataset, period: Period, groupBy: GroupBy) -> GroupedValues {
        PersonWeeks.groupedValues(dataset, period: period, groupBy: groupBy, values: values)
    }

    /// The nine values of one group of person-weeks (active and inactive; inactive ones are skipped).
    public static func values(_ rows: [PersonWeek]) -> [String: MetricValue] {
        let active = rows.filter(\.active)
        let hours = active.map(\.meetingHours).sorted()
        let shares = active.compactMap(\.share)
        let overloaded = shares.filter { $0 > overloadedShare }.count
        let withMeetings = rows.filter { $0.meetingHours > 0 }
        let withAttended = rows.filter { $0.attendedHours > 0 }
        let meetingHours = PersonWeeks.sum(withMeetings, \.meetingHours)
        let attendedHours = PersonWeeks.sum(withAttended, \.attendedHours)
        // The share of the attended hours spent in one kind of meeting.
        func attendedShare(_ column: KeyPath<PersonWeek, Double>) -> MetricValue {
            MetricValue(Statistics.rate(PersonWeeks.sum(withAttended, column), attendedHours), n: withAttended.count)
        }
        return [
            "meeting_load.median_hours_per_week":
                MetricValue(Statistics.percentile(sorted: hours, 0.5), n: hours.count),
            "meeting_load.p90_hours_per_week":
                MetricValue(Statistics.percentile(sorted: hours, 0.9), n: hours.count),
            "meeting_load.mean_share": MetricValue(Statistics.mean(shares), n: shares.count),
            "meeting_load.overloaded_share":
                MetricValue(Statistics.rate(Double(overloaded), Double(shares.count)), n: shares.count),
            "meeting_load.conflict_hours_per_week":
                MetricValue(Statistics.mean(active.map(\.conflictHours)), n: active.count),
            "meeting_load.after_hours_share":
                MetricValue(Statistics.rate(PersonWeeks.sum(withMeetings, \.afterHours), meetingHours),
                            n: withMeetings.count),
            "meeting_load.large_share": attendedShare(\.largeHours),
            "meeting_load.recurring_share": attendedShare(\.recurringHours),
            "meeting_load.status_share": attendedShare(\.statusHours),
        ]
    }

}
