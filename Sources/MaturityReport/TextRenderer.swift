import Foundation
import MaturityMetrics

/// The terminal report: title, periods, overall score and level, dimension scores, every metric of the
/// organisation with its change since the comparison period, the team breakdown, the rubric and the input
/// fingerprints. Values are rounded for display (`Formatting`) in the unit of their `MetricDefinition`, and a
/// change says `better` or `worse` when the definition says which direction is better; suppressed groups
/// never show a value.
/// Pure: the same assessment gives the same text, lines joined by LF, ending with LF.
public enum TextRenderer {
    public static func render(_ assessment: Assessment) -> String {
        let a = assessment
        var out: [String] = []
        out += header(a)
        out.append("")
        out += overall(a)
        out.append("")
        out += dimensionTable(a)
        let missing = missingData(a)
        if !missing.isEmpty {
            out.append("")
            out += missing
        }
        out.append("")
        out += metricTable(a)
        if !a.groups.isEmpty {
            out.append("")
            out += teamTable(a)
            let teamMetrics = teamMetricTable(a)
            if !teamMetrics.isEmpty {
                out.append("")
                out += teamMetrics
            }
        }
        out.append("")
        out += rubricSection(a.rubric)
        out.append("")
        out += inputSection(a)
        return out.joined(separator: "\n") + "\n"
    }

    private static func safe(_ text: String) -> String { Formatting.terminalSafe(text) }

    private static func describe(_ period: PeriodInfo) -> String {
        safe("\(period.label), \(period.from) to \(period.to) (\(period.timezone))")
    }

    private static func header(_ a: Assessment) -> [String] {
        var lines = ["AsyncMaturity assessment (metrics v\(a.metricsVersion))", ""]
        lines.append("Period:       " + describe(a.period))
        if let comparison = a.comparison { lines.append("Compared to:  " + describe(comparison)) }
        lines.append("Rubric:       " + safe("\(a.rubric.name), version \(a.rubric.version)")
            + " (fingerprint \(a.rubric.fingerprint))")
        lines.append("Privacy:      teams with fewer than \(a.minGroupSize) members are suppressed")
        return lines
    }

    private static func levelText(_ score: Score?) -> String {
        guard let score, let level = score.level else { return "-" }
        return safe("\(level) \(score.levelName ?? "")").trimmingCharacters(in: .whitespaces)
    }

    private static func overall(_ a: Assessment) -> [String] {
        guard !a.org.suppressed else { return ["Overall score: suppressed"] }
        var line: String
        if let score = a.org.score, let overall = score.overall {
            line = "Overall score: \(Formatting.displayScore(overall)), level \(levelText(score))"
        } else {
            let defined = a.org.score?.dimensions.filter { $0.score != nil }.count ?? 0
            line = "Overall score: -, no level (\(defined) of \(a.rubric.dimensions.count) dimensions have data; "
                + "the score needs at least half)"
        }
        if let comparison = a.comparison {
            let previous = a.comparisonGroup(for: a.org)
            if let previous, !previous.suppressed, let old = previous.score?.overall {
                let change = Formatting.change(from: old, to: a.org.score?.overall, unit: .number)
                line += "  (\(safe(comparison.label)): \(Formatting.displayScore(old)), level "
                    + "\(levelText(previous.score)); \(change))"
            } else {
                line += "  (\(safe(comparison.label)): -)"
            }
        }
        return [line]
    }

    private static func dimensionTable(_ a: Assessment) -> [String] {
        let previous = a.comparisonGroup(for: a.org)
        var columns: [(String, TextTable.Alignment)] = [("Dimension", .left), ("Score", .right)]
        if let comparison = a.comparison { columns += [(safe(comparison.label), .right), ("Change", .left)] }
        var table = TextTable(columns)
        for dimension in a.rubric.dimensions {
            let now = a.org.suppressed ? nil : a.org.score?.dimension(dimension.name)
            var row = [safe(dimension.name), Formatting.displayScore(now)]
            if a.comparison != nil {
                let old = shown(previous)?.score?.dimension(dimension.name)
                row += [Formatting.displayScore(old), Formatting.change(from: old, to: now, unit: .number)]
            }
            table.add(row)
        }
        return table.lines()
    }

    /// The organisation's dimensions without enough data, and what to import to fill them (metrics v2).
    private static func missingData(_ a: Assessment) -> [String] {
        guard let score = shown(a.org)?.score else { return [] }
        let lines = score.dimensions.filter { $0.score == nil }.map { dimension in
            "  " + safe(dimension.name) + ": import " + safe(dimension.needs.joined(separator: "; "))
        }
        return lines.isEmpty ? [] : ["Dimensions without enough data (a dimension needs metrics carrying half its weight):"]
            + lines
    }

    /// The group when it exists and is not suppressed.
    private static func shown(_ group: GroupAssessment?) -> GroupAssessment? {
        guard let group, !group.suppressed else { return nil }
        return group
    }

    private static func value(_ group: GroupAssessment?, _ metric: String) -> Double? {
        shown(group)?.metrics[metric]?.value
    }

    private static func metricTable(_ a: Assessment) -> [String] {
        let previous = a.comparisonGroup(for: a.org)
        var columns: [(String, TextTable.Alignment)] = [
            ("Metric", .left), (safe(a.period.label), .right), ("n", .right),
        ]
        if let comparison = a.comparison { columns += [(safe(comparison.label), .right), ("Change", .left)] }
        var table = TextTable(columns)
        for metric in a.metricOrder {
            let definition = MetricCatalog.definition(metric)
            let unit = definition?.unit ?? .number
            let now = value(a.org, metric)
            let count = shown(a.org).map { String($0.metrics[metric]?.n ?? 0) } ?? "-"
            var row = [safe(metric), Formatting.displayValue(now, unit: unit), count]
            if a.comparison != nil {
                let old = value(previous, metric)
                row += [Formatting.displayValue(old, unit: unit),
                        Formatting.change(from: old, to: now, unit: unit,
                                          higherIsBetter: definition?.better.higherIsBetter)]
            }
            table.add(row)
        }
        return ["Metrics (organisation)"] + table.lines()
    }

    private static func teamTable(_ a: Assessment) -> [String] {
        var columns: [(String, TextTable.Alignment)] = [
            ("Team", .left), ("Members", .right), ("Score", .right), ("Level", .left),
        ]
        if a.comparison != nil { columns.append(("Change", .left)) }
        columns += a.rubric.dimensions.map { (safe($0.name), .right) }
        var table = TextTable(columns)
        for group in a.groups {
            guard !group.suppressed else {
                table.add([safe(group.group), "suppressed (n < \(a.minGroupSize))"])
                continue
            }
            let overall = group.score?.overall
            var row = [safe(group.group), String(group.members), Formatting.displayScore(overall),
                       levelText(group.score)]
            if a.comparison != nil {
                let old = shown(a.comparisonGroup(for: group))?.score?.overall
                row.append(Formatting.change(from: old, to: overall, unit: .number))
            }
            row += a.rubric.dimensions.map { Formatting.displayScore(group.score?.dimension($0.name)) }
            table.add(row)
        }
        return ["Teams"] + table.lines()
    }

    private static func teamMetricTable(_ a: Assessment) -> [String] {
        let teams = a.groups.filter { !$0.suppressed }
        guard !teams.isEmpty else { return [] }
        var columns: [(String, TextTable.Alignment)] = [("Metric", .left), ("organisation", .right)]
        columns += teams.map { (safe($0.group), .right) }
        var table = TextTable(columns)
        for metric in a.metricOrder {
            let unit = MetricCatalog.definition(metric)?.unit ?? .number
            table.add([safe(metric), Formatting.displayValue(value(a.org, metric), unit: unit)]
                + teams.map { Formatting.displayValue(value($0, metric), unit: unit) })
        }
        return ["Team metrics (\(safe(a.period.label)))"] + table.lines()
    }

    private static func rubricSection(_ rubric: Rubric) -> [String] {
        var bands: [String] = []
        for (i, band) in rubric.levels.enumerated() {
            let bound = i + 1 < rubric.levels.count
                ? "< " + Formatting.compact(rubric.levels[i + 1].from)
                : "≥ " + Formatting.compact(band.from)
            bands.append("\(i + 1) \(safe(band.name)) (\(bound))")
        }
        var table = TextTable([
            ("Dimension", .left), ("Metric", .left), ("Floor", .right), ("Target", .right), ("Weight", .right),
            ("Better", .left),
        ])
        for dimension in rubric.dimensions {
            for (i, metric) in dimension.metrics.enumerated() {
                table.add([i == 0 ? safe(dimension.name) : "", safe(metric.name),
                           Formatting.compact(metric.floor), Formatting.compact(metric.target),
                           Formatting.compact(metric.weight), metric.higherIsBetter ? "higher" : "lower"])
            }
        }
        return ["Rubric: " + safe("\(rubric.name), version \(rubric.version)")
                + ", fingerprint \(rubric.fingerprint)",
                "Levels: " + bands.joined(separator: ", ")] + table.lines()
    }

    private static func inputSection(_ a: Assessment) -> [String] {
        guard !a.inputs.isEmpty else { return ["Inputs: none recorded"] }
        var table = TextTable([("File", .left), ("SHA-256", .left)])
        for input in a.inputs { table.add([safe(input.file), safe(String(input.sha256.prefix(12)))]) }
        return ["Inputs"] + table.lines()
    }
}
