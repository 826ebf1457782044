import Foundation
import MaturityCore
import MaturityMetrics

/// One row of a conformance set's `expected/metrics.csv`.
public struct ExpectedMetric: Sendable, Equatable, CustomStringConvertible {
    public var period: String
    /// `org` or `team`.
    public var groupBy: String
    /// `all` for `org`, else the team name.
    public var group: String
    public var metric: String
    /// nil when the metric is undefined (empty cell).
    public var value: Double?

    public init(period: String, groupBy: String, group: String, metric: String, value: Double?) {
        self.period = period; self.groupBy = groupBy; self.group = group; self.metric = metric; self.value = value
    }

    public var description: String {
        "\(period) \(groupBy)=\(group) \(metric) = \(value.map { "\($0)" } ?? "undefined")"
    }
}

/// One row of a conformance set's `expected/scores.csv` (`dimension.<Name>`, `overall`, `level`).
public struct ExpectedScore: Sendable, Equatable, CustomStringConvertible {
    public var period: String
    public var groupBy: String
    public var group: String
    public var score: String
    /// nil when the score is undefined (empty cell).
    public var value: Double?

    public init(period: String, groupBy: String, group: String, score: String, value: Double?) {
        self.period = period; self.groupBy = groupBy; self.group = group; self.score = score; self.value = value
    }

    public var description: String {
        "\(period) \(groupBy)=\(group) \(score) = \(value.map { "\($0)" } ?? "undefined")"
    }
}

/// Comparison of computed and expected values.
public enum Tolerance {
    /// True when both are undefined, or both are defined and differ by at most `tolerance` absolutely or
    /// relative to the larger magnitude (`|a − b| ≤ tolerance · max(|a|, |b|)`).
    public static func matches(_ a: Double?, _ b: Double?, tolerance: Double = 1e-9) -> Bool {
        switch (a, b) {
        case (nil, nil): return true
        case let (x?, y?):
            if x == y { return true }
            if x.isNaN || y.isNaN || x.isInfinite || y.isInfinite { return false }
            let difference = abs(x - y)
            return difference <= tolerance || difference <= tolerance * max(abs(x), abs(y))
        default: return false
        }
    }
}

extension ConformanceData {
    /// Every row of `expected/metrics.csv` of a data set, in file order.
    public static func expectedMetrics(_ name: String) throws -> [ExpectedMetric] {
        let table = try ConformanceData.table(name, file: "expected/metrics.csv")
        return try keyedValues(table, nameColumn: "metric").map {
            ExpectedMetric(period: $0.period, groupBy: $0.groupBy, group: $0.group, metric: $0.name, value: $0.value)
        }
    }

    /// Every row of `expected/scores.csv` of a data set, in file order.
    public static func expectedScores(_ name: String) throws -> [ExpectedScore] {
        let table = try ConformanceData.table(name, file: "expected/scores.csv")
        return try keyedValues(table, nameColumn: "score").map {
            ExpectedScore(period: $0.period, groupBy: $0.groupBy, group: $0.group, score: $0.name, value: $0.value)
        }
    }

    /// The rows of any expected file (`requests`, `person_weeks`, `occurrences`, `work_items`, with or
    /// without `.csv`) as header → value dictionaries, in file order.
    public static func expectedRows(_ name: String, file: String) throws -> [[String: String]] {
        let path = file.hasPrefix("expected/") ? file : "expected/" + file
        return try ConformanceData.table(name, file: path).dictionaries
    }

    /// The period both data sets are assessed for: 2026Q1 in the organisation zone (Europe/Berlin).
    public static func period() throws -> Period {
        try Period.quarter("2026Q1", zone: organisation.timeZone)
    }

    /// Compares what `family` computes on data set `name` for 2026Q1, grouped by `org` and by `team`, with the
    /// rows of `expected/metrics.csv` that name one of the family's metrics. A group the family leaves out
    /// counts as undefined. Returns one readable line per difference (empty when everything matches), e.g.
    /// `basic team=data response_latency.median_hours: computed 2.5, expected 2.75`.
    public static func mismatches<Family: MetricFamily>(_ family: Family.Type, dataset name: String,
                                                        tolerance: Double = 1e-9) throws -> [String] {
        let dataset = try ConformanceData.dataset(name)
        let period = try period()
        let names = Set(family.definitions.map(\.name))
        var computed: [String: GroupedValues] = [:]
        for groupBy in [GroupBy.org, .team] {
            computed[groupBy.rawValue] = family.compute(dataset, period: period, groupBy: groupBy)
        }
        var differences: [String] = []
        for expected in try expectedMetrics(name) where names.contains(expected.metric) {
            let value = computed[expected.groupBy]?[GroupName(expected.group)]?[expected.metric]?.value
            if !Tolerance.matches(value, expected.value, tolerance: tolerance) {
                let shown = { (v: Double?) in v.map { "\($0)" } ?? "undefined" }
                differences.append("\(name) \(expected.groupBy)=\(expected.group) \(expected.metric): "
                    + "computed \(shown(value)), expected \(shown(expected.value))")
            }
        }
        return differences
    }

    private static func keyedValues(_ table: CSVTable, nameColumn: String) throws
        -> [(period: String, groupBy: String, group: String, name: String, value: Double?)]
    {
        let period = try table.requiredColumn("period"), groupBy = try table.requiredColumn("group_by")
        let group = try table.requiredColumn("group"), name = try table.requiredColumn(nameColumn)
        let value = try table.requiredColumn("value")
        return try table.records.map { record in
            let raw = CSVTable.trimWhiteSpace(table.value(record, value))
            var number: Double?
            if !raw.isEmpty {
                guard let parsed = Double(raw) else {
                    throw ConformanceDataError(file: table.file, line: record.line, "`\(raw)` is not a number")
                }
                number = parsed
            }
            return (table.value(record, period), table.value(record, groupBy), table.value(record, group),
                    table.value(record, name), number)
        }
    }
}
