import Foundation
import MaturityCore

/// Section 4 of the metric definitions: the share of messages sent outside their author's working hours.
///
/// A row is a message of the period (not a system message, not by a bot). It belongs to its author's team,
/// to the ISO week of its instant, to its channel and to its author. The organisation group `all` is always
/// present (undefined when the period has no message).
public enum AfterHoursMetric: MetricFamily {
    /// `after_hours.message_share`.
    public static let messageShare = "after_hours.message_share"

    public static var definitions: [MetricDefinition] {
        [
            MetricDefinition(
                name: messageShare,
                summary: "messages sent outside their author's working hours, over all messages",
                unit: .rate, better: .lower,
                groupings: [.week, .channel, .person])
        ]
    }

    public static func compute(_ dataset: Dataset, period: Period, groupBy: GroupBy) -> GroupedValues {
        if groupBy == .kind { return [:] }
        // The counts of one pass over the messages (`MessagePass`): by author, channel and week.
        let counts = dataset.messageTallies(period)
        var tallies: [GroupName: (outside: Int, total: Int)] = [:]
        func add(_ group: GroupName, _ tally: PeriodMessageTallies.Tally) {
            guard tally.total > 0 else { return }
            var known = tallies[group] ?? (0, 0)
            known.total += tally.total
            known.outside += tally.outside
            tallies[group] = known
        }
        switch groupBy {
        case .org, .kind, .team, .person:
            for (index, tally) in counts.byPerson.enumerated() {
                let author = dataset.people[index]
                let group: GroupName
                switch groupBy {
                case .team: group = GroupName(author.team)
                case .person: group = GroupName(author.displayId)
                default: group = "all"
                }
                add(group, tally)
            }
        case .week:
            for (index, tally) in counts.byWeek.enumerated() { add(GroupName(period.weeks[index].label), tally) }
            for (label, tally) in counts.byOtherWeek { add(GroupName(label), tally) }
        case .channel:
            for (index, tally) in counts.byChannel.enumerated() { add(GroupName(dataset.channels[index].name), tally) }
        }
        var result: GroupedValues = [:]
        for (group, tally) in tallies {
            let value = Statistics.rate(Double(tally.outside), Double(tally.total))
            result[group] = [messageShare: MetricValue(value, n: tally.total)]
        }
        if groupBy == .org, result["all"] == nil { result["all"] = [messageShare: .undefined] }
        return result
    }
}
