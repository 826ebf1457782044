import Foundation
import MaturityCore

/// How rows are grouped. `org` is one group named `all`.
public enum GroupBy: String, Sendable, CaseIterable, Codable {
    case org, team, week, channel, kind, person
}

/// A metric's value in one group: `value` is nil when undefined (empty or zero denominator, no values);
/// `n` is the denominator count (requests, person-weeks, items, ...).
public struct MetricValue: Sendable, Equatable, Codable {
    public var value: Double?
    public var n: Int
    public init(_ value: Double?, n: Int) { self.value = value; self.n = n }
    public static let undefined = MetricValue(nil, n: 0)
}

/// How a metric's value reads: what renderers show it in.
public enum MetricUnit: String, Sendable, Equatable, CaseIterable {
    /// Elapsed hours, shown with one decimal and `h`.
    case hours
    /// A fraction in [0, 1] (a rate or share), shown as a percentage with one decimal; changes in percentage
    /// points.
    case rate
    /// Anything else, shown with one decimal.
    case number
}

/// Which way a metric is better, as the metric definitions say: for a scored metric the direction the default
/// rubric scores it in (spec section 7: where lower is better the floor is above the target), for another
/// metric the direction the spec names; `neither` where the spec names none.
public enum MetricDirection: String, Sendable, Equatable, CaseIterable {
    case higher, lower, neither

    /// true for `higher`, false for `lower`, nil for `neither`.
    public var higherIsBetter: Bool? {
        switch self {
        case .higher: true
        case .lower: false
        case .neither: nil
        }
    }
}

public struct MetricDefinition: Sendable, Equatable {
    /// The spec's name, e.g. `response_latency.median_hours`.
    public var name: String
    /// One line for `maturity metric` without arguments.
    public var summary: String
    /// What the value is in: hours, a rate (fraction) or a plain number.
    public var unit: MetricUnit
    /// Which direction of change is an improvement.
    public var better: MetricDirection
    /// Groupings the metric supports besides `org` (and `team`, which every metric supports).
    public var groupings: Set<GroupBy>
    public init(name: String, summary: String, unit: MetricUnit, better: MetricDirection, groupings: Set<GroupBy>) {
        self.name = name; self.summary = summary; self.unit = unit; self.better = better; self.groupings = groupings
    }
}

/// A group's name, compared exactly (metrics v2, section 0 "Text"): teams `Café` spelt with U+00E9 and with
/// `e` + U+0301 are two groups.
public typealias GroupName = ExactString

/// Group name → metric name → value. The org grouping uses the single group `all`.
public typealias GroupedValues = [GroupName: [String: MetricValue]]

/// One family of metrics (one file each). Families are pure: same dataset and period, same values.
/// They see every group, including small ones: suppression is the caller's job.
public protocol MetricFamily: Sendable {
    static var definitions: [MetricDefinition] { get }
    /// Values of every metric of the family for every group of `groupBy`. Groups with no rows may be left out.
    /// For `.person`, groups are named by `DatasetPerson.displayId`; for `.team`, by team name; for `.week`, by
    /// ISO week label (`2026-W01`); for `.channel`, by channel name; for `.kind`, by request kind.
    static func compute(_ dataset: Dataset, period: Period, groupBy: GroupBy) -> GroupedValues
}

/// Statistics of section 0.
public enum Statistics {
    /// Linear-interpolation percentile of already sorted values; nil when empty.
    public static func percentile(sorted x: [Double], _ q: Double) -> Double? {
        guard !x.isEmpty else { return nil }
        let h = Double(x.count - 1) * q
        let lo = Int(h.rounded(.down))
        let frac = h - Double(lo)
        if frac == 0 || lo + 1 >= x.count { return x[lo] }
        return x[lo] + frac * (x[lo + 1] - x[lo])
    }

    public static func percentile(_ values: [Double], _ q: Double) -> Double? {
        percentile(sorted: values.sorted(), q)
    }

    public static func median(_ values: [Double]) -> Double? { percentile(values, 0.5) }

    public static func mean(_ values: [Double]) -> Double? {
        values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }

    /// numerator / denominator, undefined when the denominator is zero.
    public static func rate(_ numerator: Double, _ denominator: Double) -> Double? {
        denominator == 0 ? nil : numerator / denominator
    }
}
