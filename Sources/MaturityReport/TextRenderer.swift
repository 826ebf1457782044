import Foundation
import MaturityMetrics

/// The terminal report: title, periods, overall score and level, dimension scores, every metric of the
/// organisation with its change since the comparison period, the team breakdown, the rubric and the input
/// fingerprints. Values are rounded for display (`Formatting`) in the unit of their `MetricDefinition`, and a
/// change says `better` or `worse` when the definition says which direction is better; suppressed groups
/// never show a value. What to show is decided by `ReportView`; this renderer only lays it out as terminal text,
/// every text from the data made safe for a terminal (`Formatting.terminalSafe`).
/// Pure: the same assessment gives the same text, lines joined by LF, ending with LF.
public enum TextRenderer {
    public static func render(_ assessment: Assessment) -> String {
        render(ReportView(assessment))
    }

    /// The view laid out as text. The text report shows neither the charts (bars, heat map, trends,
    /// distributions), nor what costs the score most, nor the metric catalogue: those are the HTML report's.
    public static func render(_ view: ReportView) -> String {
        var out: [String] = []
        out += header(view)
        out.append("")
        out += overall(view.overall)
        out.append("")
        out += lines(view.dimensions)
        let missing = missingData(view.missingData)
        if !missing.isEmpty {
            out.append("")
            out += missing
        }
        out.append("")
        out += lines(view.metrics)
        if let teams = view.teams {
            out.append("")
            out += lines(teams)
            if let teamMetrics = view.teamMetrics {
                out.append("")
                out += lines(teamMetrics)
            }
        }
        if let coverage = view.coverage {
            out.append("")
            out += lines(coverage)
        }
        out.append("")
        out += rubricSection(view.rubric)
        out.append("")
        out += view.inputs.map(lines) ?? ["Inputs: none recorded"]
        return out.joined(separator: "\n") + "\n"
    }

    private static func safe(_ text: String) -> String { Formatting.terminalSafe(text) }

    private static func header(_ view: ReportView) -> [String] {
        // Labels padded to the widest, `Compared to:`, plus two spaces.
        [safe(view.title), ""] + view.facts.map { fact in
            let label = fact.label + ":"
            return label + String(repeating: " ", count: max(1, 14 - label.count)) + safe(fact.value)
        }
    }

    private static func overall(_ overall: ReportView.Overall) -> [String] {
        guard !overall.suppressed else { return ["Overall score: suppressed"] }
        var line: String
        if let level = overall.level {
            line = "Overall score: \(overall.scoreText), level \(safe(level))"
        } else {
            line = "Overall score: -, no level (\(safe(overall.undefinedReason ?? "")))"
        }
        if let comparison = overall.comparison {
            if comparison.score != nil {
                line += "  (\(safe(comparison.label)): \(comparison.scoreText), level "
                    + "\(safe(comparison.level)); \(comparison.change))"
            } else {
                line += "  (\(safe(comparison.label)): -)"
            }
        }
        return [line]
    }

    private static func missingData(_ missing: [ReportView.MissingData]) -> [String] {
        guard !missing.isEmpty else { return [] }
        return ["Dimensions without enough data (a dimension needs metrics carrying half its weight):"]
            + missing.map { "  " + safe($0.dimension) + ": import " + safe($0.needs.joined(separator: "; ")) }
    }

    /// The table's title line (if any), then its aligned columns.
    private static func lines(_ table: ReportTable) -> [String] {
        var text = TextTable(table.columns.map { column -> (String, TextTable.Alignment) in
            (safe(column.title), column.alignment == .left ? TextTable.Alignment.left : .right)
        })
        for row in table.rows { text.add(row.map { safe($0.text) }) }
        return (table.title.map { [safe($0)] } ?? []) + text.lines()
    }

    private static func rubricSection(_ rubric: ReportView.RubricView) -> [String] {
        ["Rubric: " + safe(rubric.description), "Levels: " + rubric.levels.map(safe).joined(separator: ", ")]
            + lines(rubric.table)
    }
}
