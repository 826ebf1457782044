import Foundation
import MaturityCore

/// Every metric family, in the order of the spec.
public enum MetricCatalog {
    public static let families: [any MetricFamily.Type] = [
        ResponseLatencyMetric.self, MeetingLoadMetric.self, FocusTimeMetric.self, AfterHoursMetric.self,
        TimeZonesMetric.self, DocumentationMetric.self, OwnershipMetric.self,
    ]

    /// Every metric definition, in spec order.
    public static var definitions: [MetricDefinition] { families.flatMap { $0.definitions } }

    public static var names: [String] { definitions.map(\.name) }

    /// The definition of the metric `name`: its summary, unit, better direction and groupings; nil for a name
    /// that is not a metric (such as the score rows `score.overall`).
    public static func definition(_ name: String) -> MetricDefinition? { definitionsByName[name] }

    private static let definitionsByName: [String: MetricDefinition] =
        Dictionary(uniqueKeysWithValues: definitions.map { ($0.name, $0) })

    /// The kind of data a metric is computed from, and what to import for it: what reports say when a
    /// dimension lacks data (metrics v2, section 7).
    public static func dataNeeded(for metric: String) -> String {
        switch metric {
        case let name where name.hasPrefix("meeting_load.") || name.hasPrefix("focus_time."):
            "calendars (.ics exports, or meetings.csv with attendees.csv, for every person)"
        case "documentation.meeting_agenda_rate", "documentation.meeting_notes_rate":
            "meetings (.ics exports or meetings.csv)"
        case let name where name.hasPrefix("ownership."):
            "work items with activity in the period (Jira, GitHub, Trello or work_items.csv)"
        case let name where name.hasPrefix("documentation.task_"):
            "work items created in the period (Jira, GitHub, Trello or work_items.csv)"
        default:
            "messages (a Slack export, mbox or messages.csv)"
        }
    }

    static func family(of name: String) -> (any MetricFamily.Type)? {
        families.first { family in family.definitions.contains { $0.name == name } }
    }
}

/// One group's value of one metric, after the privacy rule.
public struct GroupValue: Sendable, Equatable {
    public enum Status: String, Sendable { case ok, undefined, suppressed }
    public var group: String
    public var value: MetricValue
    public var status: Status
    public var members: Int?
}

/// Builds assessments and metric queries from a dataset: computes the families, applies the minimum group
/// size and the rubric. Pure: same dataset, same result.
public enum Assessor {
    /// Non-bot members per team, active in the period or not (section 0, Privacy). Team names compare exactly:
    /// two spellings of `Café` are two teams, each with its own size.
    public static func teamSizes(_ dataset: Dataset) -> [GroupName: Int] {
        var sizes: [GroupName: Int] = [:]
        for person in dataset.people where !person.isBot { sizes[GroupName(person.team), default: 0] += 1 }
        return sizes
    }

    /// A channel's audience: the distinct authors of its messages in the period (people, not system messages).
    public static func channelAudiences(_ dataset: Dataset, period: Period) -> [GroupName: Int] {
        var out: [GroupName: Int] = [:]
        for (channel, audience) in dataset.messageTallies(period).audience.enumerated() where audience > 0 {
            out[GroupName(dataset.channels[channel].name), default: 0] += audience
        }
        return out
    }

    /// Every metric of every family for one grouping.
    public static func values(_ dataset: Dataset, period: Period, groupBy: GroupBy) -> GroupedValues {
        var merged: GroupedValues = [:]
        for family in MetricCatalog.families {
            let supports = groupBy == .org || groupBy == .team
                || family.definitions.contains { $0.groupings.contains(groupBy) }
            guard supports else { continue }
            for (group, metrics) in family.compute(dataset, period: period, groupBy: groupBy) {
                merged[group, default: [:]].merge(metrics) { _, new in new }
            }
        }
        return merged
    }

    /// The quarterly assessment: the organisation and every team, scored with `rubric`, with the organisation's
    /// weekly trends and distributions (`AssessmentDetails`) unless `details` is false (the reports that do not
    /// show them need not pay for them).
    public static func assess(_ dataset: Dataset, period: Period, comparison: Period?, rubric: Rubric,
                              minGroupSize: Int, details: Bool = true) -> Assessment {
        let sizes = teamSizes(dataset)
        func groups(for period: Period) -> (GroupAssessment, [GroupAssessment]) {
            let org = values(dataset, period: period, groupBy: .org)["all"] ?? [:]
            let teams = values(dataset, period: period, groupBy: .team)
            let orgGroup = GroupAssessment.assessed(groupBy: .org, group: "all",
                                                    members: dataset.people.filter { !$0.isBot }.count,
                                                    minGroupSize: minGroupSize, metrics: complete(org), rubric: rubric)
            let teamGroups = sizes.keys.sorted().map { team in
                GroupAssessment.assessed(groupBy: .team, group: team.value, members: sizes[team] ?? 0,
                                         minGroupSize: minGroupSize, metrics: complete(teams[team] ?? [:]),
                                         rubric: rubric)
            }
            return (orgGroup, teamGroups)
        }
        let (org, teams) = groups(for: period)
        var comparisonOrg: GroupAssessment?
        var comparisonTeams: [GroupAssessment] = []
        if let comparison { (comparisonOrg, comparisonTeams) = groups(for: comparison) }
        let definitions = MetricCatalog.definitions
        return Assessment(
            period: PeriodInfo(period), comparison: comparison.map(PeriodInfo.init), org: org, groups: teams,
            comparisonOrg: comparisonOrg, comparisonGroups: comparisonTeams, metricOrder: definitions.map(\.name),
            metricSummaries: Dictionary(uniqueKeysWithValues: definitions.map { ($0.name, $0.summary) }),
            rubric: rubric, inputs: dataset.inputs, minGroupSize: minGroupSize,
            details: details ? AssessmentDetails.compute(dataset, period: period, rubric: rubric) : nil,
            coverage: CoverageInfo.of(dataset, period: period))
    }

    /// Every metric named, undefined where a family gave no value.
    static func complete(_ metrics: [String: MetricValue]) -> [String: MetricValue] {
        var out = metrics
        for name in MetricCatalog.names where out[name] == nil { out[name] = .undefined }
        return out
    }

    /// One metric, grouped, with the privacy rule applied. Person groups are exempt from the minimum group
    /// size (the caller has required `--allow-individuals`). Groups are sorted by name (code point order); the
    /// org is `all`. Suppressed teams are named; suppressed channels are not (metrics v2: the name of a direct or
    /// group conversation often lists its members): they are one last row, `(N channels below the minimum group
    /// size)`, with no value and no member count.
    public static func query(_ dataset: Dataset, metric: String, period: Period, groupBy: GroupBy,
                             minGroupSize: Int) -> [GroupValue] {
        guard let family = MetricCatalog.family(of: metric) else { return [] }
        let computed = family.compute(dataset, period: period, groupBy: groupBy)
        var names = Set(computed.keys)
        let sizes: [GroupName: Int]
        switch groupBy {
        case .team:
            sizes = teamSizes(dataset)
            names.formUnion(sizes.keys)
        case .channel:
            sizes = channelAudiences(dataset, period: period)
        case .week:
            names.formUnion(period.weeks.map { GroupName($0.label) })
            sizes = [:]
        case .org:
            names.insert("all")
            sizes = [:]
        default:
            sizes = [:]
        }
        var rows: [GroupValue] = []
        var hiddenChannels = 0
        for group in names.sorted() {
            let value = computed[group]?[metric] ?? .undefined
            let members = sizes[group]
            let suppressible = groupBy == .team || groupBy == .channel
            if suppressible, (members ?? 0) < minGroupSize {
                if groupBy == .channel {
                    hiddenChannels += 1
                } else {
                    rows.append(GroupValue(group: group.value, value: .undefined, status: .suppressed, members: members))
                }
                continue
            }
            rows.append(GroupValue(group: group.value, value: value, status: value.value == nil ? .undefined : .ok,
                                   members: members))
        }
        if hiddenChannels > 0 {
            rows.append(GroupValue(group: suppressedChannelsLabel(hiddenChannels), value: .undefined,
                                   status: .suppressed, members: nil))
        }
        return rows
    }

    /// The one row that stands for every suppressed channel of a grouping, worded as the spec writes it (also
    /// for one channel).
    public static func suppressedChannelsLabel(_ count: Int) -> String {
        "(\(count) channels below the minimum group size)"
    }
}
