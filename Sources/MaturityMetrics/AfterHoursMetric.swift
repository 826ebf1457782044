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
        var tallies: [GroupName: (outside: Int, total: Int)] = [:]
        for message in dataset.messages where !message.isSystem && period.contains(message.sentAt) {
            let index = Int(message.author)
            guard dataset.people.indices.contains(index), !dataset.people[index].isBot else { continue }
            let author = dataset.people[index]
            let group: GroupName
            switch groupBy {
            case .org, .kind: group = "all"
            case .team: group = GroupName(author.team)
            case .week: group = GroupName(Period.weekLabel(of: message.sentAt, zone: period.timeZone))
            case .channel:
                let channel = Int(message.channel)
                guard dataset.channels.indices.contains(channel) else { continue }
                group = GroupName(dataset.channels[channel].name)
            case .person: group = GroupName(author.displayId)
            }
            let outside = !dataset.calendar(message.author).contains(message.sentAt)
            var tally = tallies[group] ?? (0, 0)
            tally.total += 1
            if outside { tally.outside += 1 }
            tallies[group] = tally
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
