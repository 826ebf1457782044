import Foundation
import MaturityCore

/// A reporting period as reports show it.
public struct PeriodInfo: Sendable, Equatable {
    /// `2026Q1`, or the range's label.
    public var label: String
    /// First date of the period, `YYYY-MM-DD`.
    public var from: String
    /// Last date of the period (inclusive), `YYYY-MM-DD`.
    public var to: String
    /// IANA name of the organisation time zone the period is cut in.
    public var timezone: String

    public init(label: String, from: String, to: String, timezone: String) {
        self.label = label; self.from = from; self.to = to; self.timezone = timezone
    }

    /// The report view of a period.
    public init(_ period: Period) {
        self.init(label: period.label, from: period.firstDate.description, to: period.lastDate.description,
                  timezone: period.timeZone.identifier)
    }
}

/// The metrics and score of one group (the organisation or one team) in one period.
///
/// A suppressed group (fewer members than the minimum group size) carries no metrics and no score; renderers
/// never show a suppressed group's values, whatever the fields hold.
public struct GroupAssessment: Sendable, Equatable {
    /// `org` or `team`.
    public var groupBy: String
    /// `all` for the organisation, else the team name.
    public var group: String
    /// Non-bot people of the group, active in the period or not.
    public var members: Int
    public var suppressed: Bool
    /// Metric name → value. A metric missing here is undefined.
    public var metrics: [String: MetricValue]
    /// nil when suppressed (or not scored).
    public var score: Score?

    public init(groupBy: String, group: String, members: Int, suppressed: Bool, metrics: [String: MetricValue],
                score: Score?) {
        self.groupBy = groupBy; self.group = group; self.members = members; self.suppressed = suppressed
        self.metrics = metrics; self.score = score
    }

    /// A group with the privacy rule and the score applied: a team with fewer members than `minGroupSize` is
    /// suppressed (no metrics, no score); the organisation is always shown; a shown group is scored with
    /// `rubric`.
    public static func assessed(groupBy: GroupBy, group: String, members: Int, minGroupSize: Int,
                                metrics: [String: MetricValue], rubric: Rubric) -> GroupAssessment {
        let suppressed = groupBy != .org && members < minGroupSize
        return GroupAssessment(
            groupBy: groupBy.rawValue, group: group, members: members, suppressed: suppressed,
            metrics: suppressed ? [:] : metrics,
            score: suppressed ? nil : Scorecard.score(metrics, rubric: rubric))
    }
}

/// Everything a report shows: the one value the text, CSV and JSON renderers take. Renderers are pure
/// functions of it.
public struct Assessment: Sendable, Equatable {
    /// The version of the metric definitions (`metrics v2`).
    public var metricsVersion: Int
    public var period: PeriodInfo
    /// The period compared against, if any (usually the previous quarter).
    public var comparison: PeriodInfo?
    public var org: GroupAssessment
    /// Team groups, in the order reports list them.
    public var groups: [GroupAssessment]
    /// The organisation in the comparison period; nil without a comparison.
    public var comparisonOrg: GroupAssessment?
    /// The team groups in the comparison period, matched to `groups` by `groupBy` and `group`.
    public var comparisonGroups: [GroupAssessment]
    /// The metrics to show, in spec order: the order of every table. Metrics not listed are not shown.
    public var metricOrder: [String]
    /// Metric name → one-line summary (for renderers that explain metrics).
    public var metricSummaries: [String: String]
    public var rubric: Rubric
    /// Fingerprints of the imported files the report rests on.
    public var inputs: [InputFingerprint]
    public var minGroupSize: Int
    /// The organisation's weekly trends and distributions (what the HTML report charts); nil when not computed.
    /// The text, CSV and JSON reports do not show them.
    public var details: AssessmentDetails?
    /// How much of the period each kind of data reaches, and how many people are on the calendar (metrics v2:
    /// missing data is not good data; every report shows it).
    public var coverage: CoverageInfo?

    public init(metricsVersion: Int = 2, period: PeriodInfo, comparison: PeriodInfo? = nil, org: GroupAssessment,
                groups: [GroupAssessment], comparisonOrg: GroupAssessment? = nil,
                comparisonGroups: [GroupAssessment] = [], metricOrder: [String],
                metricSummaries: [String: String] = [:], rubric: Rubric, inputs: [InputFingerprint],
                minGroupSize: Int, details: AssessmentDetails? = nil, coverage: CoverageInfo? = nil) {
        self.coverage = coverage
        self.metricsVersion = metricsVersion; self.period = period; self.comparison = comparison; self.org = org
        self.groups = groups; self.comparisonOrg = comparisonOrg; self.comparisonGroups = comparisonGroups
        self.metricOrder = metricOrder; self.metricSummaries = metricSummaries; self.rubric = rubric
        self.inputs = inputs; self.minGroupSize = minGroupSize; self.details = details
    }

    /// The comparison-period counterpart of a group (the organisation or a team), if any.
    public func comparisonGroup(for group: GroupAssessment) -> GroupAssessment? {
        guard comparison != nil else { return nil }
        if group.groupBy == GroupBy.org.rawValue { return comparisonOrg }
        return comparisonGroups.first { $0.groupBy == group.groupBy && $0.group == group.group }
    }
}

/// The data coverage of the assessed period, as the reports show it.
public struct CoverageInfo: Sendable, Equatable {
    public struct Kind: Sendable, Equatable {
        /// `messages`, `meetings` or `work items`.
        public var kind: String
        public var coveredDays: Int
        public var periodDays: Int
        /// The first and last date of the data of this kind in the store (organisation zone).
        public var first: String
        public var last: String

        public init(kind: String, coveredDays: Int, periodDays: Int, first: String, last: String) {
            self.kind = kind; self.coveredDays = coveredDays; self.periodDays = periodDays; self.first = first
            self.last = last
        }
    }

    public var kinds: [Kind]
    /// Team members (non-bot people with a team, not `unassigned`) on the calendar in the period (organiser or invitee of a meeting
    /// row), of all team members: guests and people without a team are left out.
    public var peopleOnCalendar: Int
    public var people: Int

    public init(kinds: [Kind], peopleOnCalendar: Int, people: Int) {
        self.kinds = kinds; self.peopleOnCalendar = peopleOnCalendar; self.people = people
    }

    /// The coverage of `period` in `dataset`.
    public static func of(_ dataset: Dataset, period: Period) -> CoverageInfo {
        let zone = period.timeZone
        let kinds = DataCoverage.of(dataset, period: period).map {
            Kind(kind: $0.kind, coveredDays: $0.coveredDays, periodDays: $0.periodDays,
                 first: LocalDate.of($0.first, in: zone).description, last: LocalDate.of($0.last, in: zone).description)
        }
        let on = PersonWeeks.peopleOnTheCalendar(dataset, from: period.start, to: period.end)
        var onCalendar = 0, people = 0
        for (p, person) in dataset.people.enumerated() where !person.isBot && !person.team.isEmpty && person.team != "unassigned" {
            people += 1
            if p < on.count && on[p] { onCalendar += 1 }
        }
        return CoverageInfo(kinds: kinds, peopleOnCalendar: onCalendar, people: people)
    }
}
