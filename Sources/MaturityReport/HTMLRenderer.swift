import Foundation
import MaturityMetrics

/// The assessment as one self-contained HTML page: inline CSS and SVG (`SVGChart`), no script, no network, no
/// font or image to fetch. Readable on a laptop and a phone (the layout reflows below 700 px, wide tables and
/// charts scroll sideways), printable to A4 (`@media print`, `@page { size: A4 }`), dark through
/// `prefers-color-scheme`.
///
/// It lays out a `ReportView`, the value `TextRenderer` lays out too: the overall level and score with the change
/// from the comparison period, the dimension scores as bars against the comparison period, the weekly trend of
/// each dimension's headline metric, the heat map of the rubric's metrics by team and the team tables, the
/// distributions, what costs the score most, every metric with its definition, `n` and status, the rubric and
/// the inputs. Every text from the data is escaped (`HTML.escape`): a team named `<script>` stays text.
/// Pure: the same assessment gives the same bytes, LF line ends, a final LF.
public enum HTMLRenderer {
    public static func render(_ assessment: Assessment) -> String {
        render(ReportView(assessment), assessment: assessment)
    }

    /// The section headings, in page order (`h2`); the browser test checks the page shows them.
    public static let headings = [
        "Dimensions", "Weekly trends", "Teams", "Distributions", "What costs the score most", "Every metric",
        "Rubric", "Inputs",
    ]

    static func render(_ view: ReportView, assessment a: Assessment) -> String {
        let e = HTML.escape
        var body: [String] = []
        body.append("<header>")
        body.append("<h1>\(e(view.title))</h1>")
        body.append("<dl class=\"facts\">" + view.facts.map { "<dt>\(e($0.label))</dt><dd>\(e($0.value))</dd>" }
            .joined() + "</dl>")
        body.append("</header>")
        body.append(overall(view.overall))

        body.append(section(HTMLRenderer.headings[0], [
            "<div class=\"scroll\">" + SVGChart.bars(view.dimensionBars, levels: a.rubric.levels,
                                                     period: a.period.label, comparison: a.comparison?.label)
                + "</div>",
            table(view.dimensions),
            view.missingData.isEmpty ? "" : "<p>Dimensions without enough data (a dimension needs metrics carrying "
                + "half its weight):</p><ul>" + view.missingData.map {
                    "<li><strong>\(e($0.dimension))</strong>: import \(e($0.needs.joined(separator: "; ")))</li>"
                }.joined() + "</ul>",
        ]))

        body.append(section(HTMLRenderer.headings[1], view.trends.isEmpty
            ? ["<p class=\"muted\">This assessment carries no weekly values.</p>"]
            : ["<p class=\"muted\">The organisation's headline metric of each dimension (its first metric in the "
                + "rubric computed per week), week by week; the dashed line is the rubric's target.</p>",
               "<div class=\"grid\">" + view.trends.map { "<figure>" + SVGChart.trend($0) + "</figure>" }.joined()
                + "</div>"]))

        var teams: [String] = []
        if let map = view.heatMap {
            teams.append("<p class=\"muted\">The rubric's metrics by team, coloured by the points they earn (red 0, "
                + "green 100). Teams with fewer than \(a.minGroupSize) members are suppressed: no value is "
                + "shown for them.</p>")
            teams.append("<div class=\"scroll\">" + SVGChart.heatMap(map) + "</div>")
        }
        if let table = view.teams { teams.append(self.table(table)) }
        if let table = view.teamMetrics { teams.append(self.table(table)) }
        if teams.isEmpty { teams.append("<p class=\"muted\">No teams.</p>") }
        body.append(section(HTMLRenderer.headings[2], teams))

        body.append(section(HTMLRenderer.headings[3], view.distributions.isEmpty
            ? ["<p class=\"muted\">This assessment carries no distributions.</p>"]
            : ["<div class=\"grid\">" + view.distributions.map { "<figure>" + SVGChart.histogram($0) + "</figure>" }
                .joined() + "</div>"]))

        body.append(section(HTMLRenderer.headings[4], [
            "<p class=\"muted\">The points of the overall score each metric costs: its weight × (100 − its points), "
                + "over the weight of its dimension's defined metrics, over the number of defined dimensions.</p>",
            view.drags.rows.isEmpty ? "<p>Nothing: every scored metric is at its target, or there is no score.</p>"
                : table(view.drags, titled: false),
        ]))

        body.append(section(HTMLRenderer.headings[5], [table(view.metricCatalog, titled: false)]))

        body.append(section(HTMLRenderer.headings[6], [
            "<p>\(e(view.rubric.description))</p>",
            "<p>Levels: " + view.rubric.levels.map(e).joined(separator: ", ") + "</p>",
            table(view.rubric.table),
        ]))

        body.append(section(HTMLRenderer.headings[7], [
            view.coverage.map { table($0) } ?? "",
            view.inputs.map { table($0, titled: false) } ?? "<p>None recorded.</p>",
        ]))

        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="color-scheme" content="light dark">
            <title>\(e(view.title + ", " + a.period.label))</title>
            <style>
            \(style)</style>
            </head>
            <body>
            <main>
            \(body.joined(separator: "\n"))
            </main>
            </body>
            </html>

            """
    }

    static func overall(_ overall: ReportView.Overall) -> String {
        let e = HTML.escape
        var out = "<section class=\"overall\" aria-label=\"Overall score\">"
        guard !overall.suppressed else { return out + "<p class=\"big\">suppressed</p></section>" }
        out += "<div><div class=\"kicker\">Overall score</div><div class=\"big\">\(e(overall.scoreText))</div></div>"
        out += "<div><div class=\"kicker\">Level</div><div class=\"big\">\(e(overall.level ?? "none"))</div></div>"
        if let comparison = overall.comparison {
            out += "<div><div class=\"kicker\">Change since \(e(comparison.label))</div>"
                + "<div class=\"big\">\(e(comparison.change))</div>"
                + "<div class=\"muted\">\(e(comparison.label)): \(e(comparison.scoreText)), level "
                + "\(e(comparison.level))</div></div>"
        }
        if let reason = overall.undefinedReason { out += "<p class=\"muted\">No level: \(e(reason)).</p>" }
        return out + "</section>"
    }

    static func section(_ heading: String, _ parts: [String]) -> String {
        "<section>\n<h2>\(HTML.escape(heading))</h2>\n" + parts.filter { !$0.isEmpty }.joined(separator: "\n")
            + "\n</section>"
    }

    /// A table: its title as a caption (unless `titled` is false, where the section heading says it), a header
    /// row, right-aligned numeric columns, a short row's last cell spanning the remaining columns.
    static func table(_ table: ReportTable, titled: Bool = true) -> String {
        let e = HTML.escape
        func align(_ alignment: ReportTable.Alignment) -> String { alignment == .right ? " class=\"num\"" : "" }
        var out = "<div class=\"scroll\"><table>"
        if titled, let title = table.title { out += "<caption>\(e(title))</caption>" }
        out += "<thead><tr>" + table.columns.map { "<th scope=\"col\"\(align($0.alignment))>\(e($0.title))</th>" }
            .joined() + "</tr></thead><tbody>"
        for row in table.rows {
            out += "<tr>"
            for (i, cell) in row.enumerated() where i < table.columns.count {
                var classes: [String] = []
                if table.columns[i].alignment == .right && !(row.count < table.columns.count && i == row.count - 1) {
                    classes.append("num")
                }
                switch cell.tone {
                case .plain: break
                case .better: classes.append("better")
                case .worse: classes.append("worse")
                case .muted: classes.append("muted")
                }
                let span = row.count < table.columns.count && i == row.count - 1
                    ? " colspan=\"\(table.columns.count - i)\"" : ""
                let cls = classes.isEmpty ? "" : " class=\"\(classes.joined(separator: " "))\""
                out += i == 0 ? "<th scope=\"row\"\(cls)\(span)>\(e(cell.text))</th>" : "<td\(cls)\(span)>\(e(cell.text))</td>"
            }
            out += "</tr>"
        }
        return out + "</tbody></table></div>"
    }

    static let style = """
        :root { --bg: #ffffff; --fg: #1d2330; --muted: #5d6675; --line: #d5d9e0; --panel: #f4f6f9;
          --accent: #2f6fd6; --accent-2: #a9bfe6; --good: #1d7a3a; --bad: #b3261e; --target: #b36b00; }
        @media (prefers-color-scheme: dark) {
          :root { --bg: #14171c; --fg: #e4e7ec; --muted: #9aa3b2; --line: #333a45; --panel: #1d2128;
            --accent: #6ea0ff; --accent-2: #3c5688; --good: #5fcf80; --bad: #ff8a80; --target: #f0b35a; }
        }
        * { box-sizing: border-box; }
        body { margin: 0; background: var(--bg); color: var(--fg);
          font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
        main { max-width: 1100px; margin: 0 auto; padding: 24px 20px 48px; }
        h1 { font-size: 1.6rem; margin: 0 0 8px; }
        h2 { font-size: 1.2rem; margin: 32px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
        .facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 0; color: var(--muted); }
        .facts dt { font-weight: 600; }
        .facts dd { margin: 0; }
        .overall { display: flex; flex-wrap: wrap; gap: 16px 40px; margin-top: 20px; padding: 16px 20px;
          background: var(--panel); border-radius: 8px; }
        .kicker { font-size: 0.8rem; text-transform: uppercase; letter-spacing: 0.04em; color: var(--muted); }
        .big { font-size: 1.9rem; font-weight: 700; }
        .muted { color: var(--muted); }
        .better { color: var(--good); }
        .worse { color: var(--bad); }
        .scroll { overflow-x: auto; margin: 8px 0 16px; }
        table { border-collapse: collapse; font-size: 0.88rem; min-width: 50%; }
        caption { text-align: left; font-weight: 600; padding: 4px 0; }
        th, td { padding: 4px 10px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
        thead th { border-bottom: 2px solid var(--line); white-space: nowrap; }
        tbody th { font-weight: 500; white-space: nowrap; }
        .num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
        .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); gap: 12px 24px; }
        figure { margin: 0; }
        svg.chart { width: 100%; height: auto; display: block; font-family: inherit; }
        .scroll svg.chart { min-width: 640px; }
        .scroll svg.chart.bars { min-width: 460px; }
        svg .label, svg .value { font-size: 12px; fill: var(--fg); }
        svg .small { font-size: 10px; fill: var(--fg); }
        svg .muted { fill: var(--muted); }
        svg .strong { font-weight: 600; }
        svg .chart-title { font-size: 13px; font-weight: 600; fill: var(--fg); }
        svg .bar-now { fill: var(--accent); }
        svg .bar-before { fill: var(--accent-2); }
        svg .grid { stroke: var(--line); stroke-width: 1; }
        svg .axis { stroke: var(--muted); stroke-width: 1; }
        svg .line { fill: none; stroke: var(--accent); stroke-width: 2; }
        svg .dot { fill: var(--accent); }
        svg .target { stroke: var(--target); stroke-width: 1.2; stroke-dasharray: 4 3; }
        svg .target-label { fill: var(--target); }
        svg .on-colour { fill: #ffffff; }
        svg .cell-suppressed { fill: var(--panel); stroke: var(--line); stroke-dasharray: 3 2; }
        svg .cell-empty { fill: var(--panel); }
        @media (max-width: 700px) {
          main { padding: 16px 12px 32px; }
          .big { font-size: 1.5rem; }
          .facts { grid-template-columns: 1fr; }
          .facts dd { margin-bottom: 4px; }
        }
        @page { size: A4; margin: 14mm 12mm; }
        @media print {
          :root { --bg: #ffffff; --fg: #000000; --muted: #444444; --line: #bbbbbb; --panel: #f2f2f2; }
          body { font-size: 10pt; }
          main { max-width: none; padding: 0; }
          h2 { break-after: avoid; }
          .scroll { overflow: visible; }
          .scroll svg.chart { min-width: 0; }
          table { font-size: 8pt; }
          tr, figure { break-inside: avoid; }
        }

        """
}
