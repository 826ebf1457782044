import Foundation
import MaturityCore

/// Section 5 of the metric definitions: how much of the work is written down where others can find it.
///
/// Rows in scope: work items created in the period (team of the first non-bot current assignee, else of the
/// non-bot reporter, else `unassigned`); meeting occurrences (section 2, `Occurrences.all(in:)`) that start in
/// the period (team of the organiser, `unassigned` without one or for a bot); messages sent in the period
/// (team of the author). Weeks are those of the creation, start or sending instant. For `.person`, a work
/// item belongs to the person its team comes from, an occurrence to its organiser and a message to its
/// author; rows without such a person are left out. Only `open_channel_share` is grouped by channel. The
/// organisation group `all` is always present (undefined values when nothing is in scope).
public enum DocumentationMetric: MetricFamily {
    /// `documentation.task_description_rate`.
    public static let taskDescriptionRate = "documentation.task_description_rate"
    /// `documentation.task_acceptance_rate`.
    public static let taskAcceptanceRate = "documentation.task_acceptance_rate"
    /// `documentation.task_link_rate`.
    public static let taskLinkRate = "documentation.task_link_rate"
    /// `documentation.meeting_agenda_rate`.
    public static let meetingAgendaRate = "documentation.meeting_agenda_rate"
    /// `documentation.meeting_notes_rate`.
    public static let meetingNotesRate = "documentation.meeting_notes_rate"
    /// `documentation.open_channel_share`.
    public static let openChannelShare = "documentation.open_channel_share"

    /// A work item has a description when its trimmed description has at least this many Unicode scalars.
    public static let minimumDescriptionLength = 80
    /// An occurrence has an agenda when its agenda text has at least this many Unicode scalars.
    public static let minimumAgendaLength = 40

    public static var definitions: [MetricDefinition] {
        [
            MetricDefinition(
                name: taskDescriptionRate,
                summary: "work items created in the period with a description of at least 80 characters",
                unit: .rate, better: .higher,
                groupings: [.week, .person]),
            MetricDefinition(
                name: taskAcceptanceRate,
                summary: "work items created in the period with acceptance criteria",
                unit: .rate, better: .higher,
                groupings: [.week, .person]),
            MetricDefinition(
                name: taskLinkRate,
                summary: "work items created in the period whose description or links hold a URL",
                unit: .rate, better: .higher,
                groupings: [.week, .person]),
            MetricDefinition(
                name: meetingAgendaRate,
                summary: "meeting occurrences with an agenda of at least 40 characters besides boilerplate",
                unit: .rate, better: .higher,
                groupings: [.week, .person]),
            MetricDefinition(
                name: meetingNotesRate,
                summary: "meeting occurrences with a link to notes or a recording",
                unit: .rate, better: .higher,
                groupings: [.week, .person]),
            MetricDefinition(
                name: openChannelShare,
                summary: "messages sent in public channels, over all messages",
                unit: .rate, better: .higher,
                groupings: [.week, .channel, .person]),
        ]
    }

    private static let taskMetrics = [taskDescriptionRate, taskAcceptanceRate, taskLinkRate]
    private static let meetingMetrics = [meetingAgendaRate, meetingNotesRate]

    public static func compute(_ dataset: Dataset, period: Period, groupBy: GroupBy) -> GroupedValues {
        if groupBy == .kind { return [:] }
        var tallies: [GroupName: [String: (hits: Int, total: Int)]] = [:]
        func count(_ group: GroupName, _ metric: String, _ hit: Bool) {
            var tally = tallies[group, default: [:]][metric] ?? (0, 0)
            tally.total += 1
            if hit { tally.hits += 1 }
            tallies[group, default: [:]][metric] = tally
        }
        func group(person: PersonIndex?, team: String, at instant: Instant) -> GroupName? {
            switch groupBy {
            case .org, .kind, .channel: return "all"
            case .team: return GroupName(team)
            case .week: return GroupName(Period.weekLabel(of: instant, zone: period.timeZone))
            case .person: return person.map { GroupName(dataset.people[Int($0)].displayId) }
            }
        }

        if groupBy != .channel {
            for item in dataset.workItems where period.contains(item.createdAt) {
                let person = TeamAttribution.person(of: item, in: dataset)
                let team = person.map { dataset.people[Int($0)].team } ?? TeamAttribution.unassigned
                guard let key = group(person: person, team: team, at: item.createdAt) else { continue }
                count(key, taskDescriptionRate, item.descriptionLength >= minimumDescriptionLength)
                count(key, taskAcceptanceRate, item.hasAcceptanceCriteria)
                count(key, taskLinkRate, item.hasURL)
            }
            for occurrence in Occurrences.all(in: dataset) where period.contains(occurrence.start) {
                let meeting = dataset.meetings[occurrence.meeting]
                let organiser = meeting.organizer.flatMap { TeamAttribution.human($0, in: dataset) }
                let team = organiser.map { dataset.people[Int($0)].team } ?? TeamAttribution.unassigned
                guard let key = group(person: organiser, team: team, at: meeting.start) else { continue }
                count(key, meetingAgendaRate, meeting.agendaLength >= minimumAgendaLength)
                count(key, meetingNotesRate, meeting.hasNotes)
            }
        }
        // Messages: the counts of one pass over them (`MessagePass`), by author, channel and week.
        let counts = dataset.messageTallies(period)
        func countMessages(_ key: GroupName, _ tally: PeriodMessageTallies.Tally) {
            guard tally.inChannel > 0 else { return }
            var known = tallies[key, default: [:]][openChannelShare] ?? (0, 0)
            known.total += tally.inChannel
            known.hits += tally.inPublicChannel
            tallies[key, default: [:]][openChannelShare] = known
        }
        switch groupBy {
        case .channel:
            for (index, tally) in counts.byChannel.enumerated() {
                countMessages(GroupName(dataset.channels[index].name), tally)
            }
        case .week:
            for (index, tally) in counts.byWeek.enumerated() { countMessages(GroupName(period.weeks[index].label), tally) }
            for (label, tally) in counts.byOtherWeek { countMessages(GroupName(label), tally) }
        case .org, .kind, .team, .person:
            for (index, tally) in counts.byPerson.enumerated() {
                let person = dataset.people[index]
                let key: GroupName
                switch groupBy {
                case .team: key = GroupName(person.team)
                case .person: key = GroupName(person.displayId)
                default: key = "all"
                }
                countMessages(key, tally)
            }
        }

        if groupBy == .org, tallies["all"] == nil { tallies["all"] = [:] }
        var result: GroupedValues = [:]
        for (key, metrics) in tallies {
            var values: [String: MetricValue] = [:]
            var names = [openChannelShare]
            if groupBy != .channel { names += taskMetrics + meetingMetrics }
            for name in names {
                let tally = metrics[name] ?? (0, 0)
                values[name] = MetricValue(Statistics.rate(Double(tally.hits), Double(tally.total)), n: tally.total)
            }
            result[key] = values
        }
        return result
    }
}
