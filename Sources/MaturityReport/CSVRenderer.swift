import Foundation
import MaturityMetrics

/// The assessment as CSV (RFC 4180, LF line ends, a final LF), one row per period × group × metric:
///
/// `period,group_by,group,metric,value,n,status`
///
/// - Periods: the assessed period, then the comparison period when present. Groups: the organisation
///   (`org,all`), then the teams in the assessment's order. Metrics: `metricOrder`, then the score rows
///   `score.dimension.<Name>` (rubric order), `score.overall` and `score.level` (an integer).
/// - `value` is the full-precision decimal (`Formatting.plainDecimal`: shortest round-trip, no exponent);
///   empty when undefined or suppressed. `n` is the metric's count; empty for score rows and suppressed groups.
/// - `status` is `ok`, `undefined` or `suppressed`; an undefined dimension score's status says what to import,
///   `no data: <what>` (metrics v2). A suppressed group's rows carry no value and no count.
/// - Text cells (period, group_by, group, metric, status) that start with `=`, `+`, `-`, `@`, tab or CR get a
///   leading `'` so spreadsheets do not run them as formulas; cells holding `,`, `"`, CR or LF are quoted.
///   Numeric cells are written as numbers, never prefixed.
public enum CSVRenderer {
    public static let header = "period,group_by,group,metric,value,n,status"

    public static func render(_ assessment: Assessment) -> String {
        let a = assessment
        var lines = [header]
        lines += rows(period: a.period, org: a.org, groups: a.groups, assessment: a)
        if let comparison = a.comparison {
            lines += rows(period: comparison, org: a.comparisonOrg, groups: a.comparisonGroups, assessment: a)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func rows(period: PeriodInfo, org: GroupAssessment?, groups: [GroupAssessment],
                             assessment a: Assessment) -> [String] {
        var lines: [String] = []
        for group in (org.map { [$0] } ?? []) + groups {
            func row(_ metric: String, _ value: String, _ n: String, _ status: String) {
                lines.append([textCell(period.label), textCell(group.groupBy), textCell(group.group),
                               textCell(metric), value, n, textCell(status)].joined(separator: ","))
            }
            for metric in a.metricOrder {
                if group.suppressed {
                    row(metric, "", "", "suppressed")
                } else {
                    let metricValue = group.metrics[metric] ?? .undefined
                    let text = metricValue.value.flatMap(Formatting.plainDecimal)
                    row(metric, text ?? "", String(metricValue.n), text == nil ? "undefined" : "ok")
                }
            }
            let score = group.suppressed ? nil : group.score
            func scoreRow(_ metric: String, _ value: String?) {
                row(metric, value ?? "", "", group.suppressed ? "suppressed" : value == nil ? "undefined" : "ok")
            }
            for dimension in a.rubric.dimensions {
                let value = score?.dimension(dimension.name).flatMap(Formatting.plainDecimal)
                let needs = score?.dimensions.first { $0.name == dimension.name }?.needs ?? []
                if value == nil, !needs.isEmpty {
                    row("score.dimension." + dimension.name, "", "", "no data: " + needs.joined(separator: "; "))
                } else {
                    scoreRow("score.dimension." + dimension.name, value)
                }
            }
            scoreRow("score.overall", score?.overall.flatMap(Formatting.plainDecimal))
            scoreRow("score.level", score?.level.map(String.init))
        }
        return lines
    }

    /// A text cell: formula triggers neutralised with a leading `'`, then quoted per RFC 4180 when it holds
    /// `,`, `"`, CR or LF.
    public static func textCell(_ text: String) -> String {
        var cell = text
        if let first = cell.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) {
            cell = "'" + cell
        }
        let needsQuotes = cell.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" }
        guard needsQuotes else { return cell }
        return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
