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
    /// Non-bot members per team, active in the period or not (section 0, Privacy).
    public static func teamSizes(_ dataset: Dataset) -> [String: Int] {
        var sizes: [String: Int] = [:]
        for person in dataset.people where !person.isBot { sizes[person.team, default: 0] += 1 }
        return sizes
    }

    /// A channel's audience: the distinct authors of its messages in the period (people, not system messages).
    public static func channelAudiences(_ dataset: Dataset, period: Period) -> [String: Int] {
        var authors: [Int32: Set<PersonIndex>] = [:]
        for message in dataset.messages where period.contains(message.sentAt) && !message.isSystem
            && !dataset.people[Int(message.author)].isBot {
            authors[message.channel, default: []].insert(message.author)
        }
        var out: [String: Int] = [:]
        for (channel, set) in authors { out[dataset.channels[Int(channel)].name, default: 0] += set.count }
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

    /// The quarterly assessment: the organisation and every team, scored with `rubric`.
    public static func assess(_ dataset: Dataset, period: Period, comparison: Period?, rubric: Rubric,
                              minGroupSize: Int) -> Assessment {
        let sizes = teamSizes(dataset)
        func groups(for period: Period) -> (GroupAssessment, [GroupAssessment]) {
            let org = values(dataset, period: period, groupBy: .org)["all"] ?? [:]
            let teams = values(dataset, period: period, groupBy: .team)
            let orgGroup = GroupAssessment.assessed(groupBy: .org, group: "all",
                                                    members: dataset.people.filter { !$0.isBot }.count,
                                                    minGroupSize: minGroupSize, metrics: complete(org), rubric: rubric)
            let teamGroups = sizes.keys.sorted().map { team in
                GroupAssessment.assessed(groupBy: .team, group: team, members: sizes[team] ?? 0,
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
            rubric: rubric, inputs: dataset.inputs, minGroupSize: minGroupSize)
    }

    /// Every metric named, undefined where a family gave no value.
    static func complete(_ metrics: [String: MetricValue]) -> [String: MetricValue] {
        var out = metrics
        for name in MetricCatalog.names where out[name] == nil { out[name] = .undefined }
        return out
    }

    /// One metric, grouped, with the privacy rule applied. Person groups are exempt from the minimum group
    /// size (the caller has required `--allow-individuals`). Groups are sorted by name; the org is `all`.
    public static func query(_ dataset: Dataset, metric: String, period: Period, groupBy: GroupBy,
                             minGroupSize: Int) -> [GroupValue] {
        guard let family = MetricCatalog.family(of: metric) else { return [] }
        let computed = family.compute(dataset, period: period, groupBy: groupBy)
        var names = Set(computed.keys)
        let sizes: [String: Int]
        switch groupBy {
        case .team:
            sizes = teamSizes(dataset)
            names.formUnion(sizes.keys)
        case .channel:
            sizes = channelAudiences(dataset, period: period)
        case .week:
            names.formUnion(period.weeks.map(\.label))
            sizes = [:]
        case .org:
            names.insert("all")
            sizes = [:]
        default:
            sizes = [:]
        }
        return names.sorted().map { group in
            let value = computed[group]?[metric] ?? .undefined
            let members = sizes[group]
            let suppressible = groupBy == .team || groupBy == .channel
            if suppressible, (members ?? 0) < minGroupSize {
                return GroupValue(group: group, value: .undefined, status: .suppressed, members: members)
            }
            return GroupValue(group: group, value: value, status: value.value == nil ? .undefined : .ok, members: members)
        }
    }
}
