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
                         groupings: [.week, .person]),
        MetricDefinition(name: "meeting_load.p90_hours_per_week",
                         summary: "90th percentile of meeting hours per active person-week",
                         groupings: [.week, .person]),
        MetricDefinition(name: "meeting_load.mean_share",
                         summary: "Mean share of working hours spent in meetings, over active person-weeks",
                         groupings: [.week, .person]),
        MetricDefinition(name: "meeting_load.overloaded_share",
                         summary: "Share of active person-weeks with more than 40% of working hours in meetings",
                         groupings: [.week, .person]),
        MetricDefinition(name: "meeting_load.conflict_hours_per_week",
                         summary: "Mean hours of overlapping (double-booked) meetings per active person-week",
                         groupings: [.week, .person]),
        MetricDefinition(name: "meeting_load.after_hours_share",
                         summary: "Share of meeting hours outside the attendee's working hours",
                         groupings: [.week, .person]),
        MetricDefinition(name: "meeting_load.large_share",
                         summary: "Share of attended meeting hours in meetings with 9 or more invitees",
                         groupings: [.week, .person]),
        MetricDefinition(name: "meeting_load.recurring_share",
                         summary: "Share of attended meeting hours in recurring series",
                         groupings: [.week, .person]),
        MetricDefinition(name: "meeting_load.status_share",
                         summary: "Share of attended meeting hours in status meetings (standup, sync, ...)",
                         groupings: [.week, .person]),
    ]

    public static func compute(_ dataset: Dataset, period: Period, groupBy: GroupBy) -> GroupedValues {
        let rows = PersonWeeks.compute(dataset, period: period)
        return PersonWeeks.grouped(rows, dataset: dataset, groupBy: groupBy).mapValues(values)
    }

    /// The nine values of one group of person-weeks (active and inactive; inactive ones are skipped).
    public static func values(_ rows: [PersonWeek]) -> [String: MetricValue] {
        let active = rows.filter(\.active)
        let hours = active.map(\.meetingHours).sorted()
        let shares = active.compactMap(\.share)
        let overloaded = shares.filter { $0 > overloadedShare }.count
        let withMeetings = rows.filter { $0.meetingHours > 0 }
        let withAttended = rows.filter { $0.attendedHours > 0 }
        let meetingHours = sum(withMeetings, \.meetingHours)
        let attendedHours = sum(withAttended, \.attendedHours)
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
                MetricValue(Statistics.rate(sum(withMeetings, \.afterHours), meetingHours), n: withMeetings.count),
            "meeting_load.large_share":
                MetricValue(Statistics.rate(sum(withAttended, \.largeHours), attendedHours), n: withAttended.count),
            "meeting_load.recurring_share":
                MetricValue(Statistics.rate(sum(withAttended, \.recurringHours), attendedHours),
                            n: withAttended.count),
            "meeting_load.status_share":
                MetricValue(Statistics.rate(sum(withAttended, \.statusHours), attendedHours), n: withAttended.count),
        ]
    }

    static func sum(_ rows: [PersonWeek], _ column: KeyPath<PersonWeek, Double>) -> Double {
        rows.reduce(0) { $0 + $1[keyPath: column] }
    }
}

extension PersonWeeks {
    /// Person-weeks grouped for a metric family: `org` → `all`; `team` → the person's team; `week` → the week
    /// label; `person` → the person's `displayId`. Other groupings give no groups. The organisation is always
    /// a group, even without rows (its values are then undefined).
    public static func grouped(_ rows: [PersonWeek], dataset: Dataset, groupBy: GroupBy) -> [String: [PersonWeek]] {
        switch groupBy {
        case .org: return ["all": rows]
        case .team: return Dictionary(grouping: rows, by: \.team)
        case .week: return Dictionary(grouping: rows, by: \.week)
        case .person:
            return Dictionary(grouping: rows) { row in
                let i = Int(row.person)
                return i >= 0 && i < dataset.people.count ? dataset.people[i].displayId : String(row.person)
            }
        case .channel, .kind: return [:]
        }
    }
}
