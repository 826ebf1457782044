import Foundation
import MaturityMetrics

/// The report's charts as inline SVG, drawn by hand: pure and deterministic (coordinates rounded to one
/// decimal, no randomness, no clock), every text from the data escaped (`HTML.escape`). Colours come from CSS
/// classes (`bar-now`, `bar-before`, `line`, `target`, ...) the page styles, so the charts follow dark mode;
/// only the heat map's cells carry their colour inline (from the rubric points). Each chart is an `<svg>` with
/// a `viewBox` (it scales to its container), `role="img"` and a `<title>`.
public enum SVGChart {
    /// Coordinates and sizes with one decimal, without a trailing `.0`.
    static func n(_ x: Double) -> String {
        let text = Formatting.fixed(x, decimals: 1)
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }

    static func text(_ x: Double, _ y: Double, _ content: String, anchor: String = "start",
                     cls: String = "label") -> String {
        "<text x=\"\(n(x))\" y=\"\(n(y))\" text-anchor=\"\(anchor)\" class=\"\(cls)\">\(HTML.escape(content))</text>"
    }

    /// The opening tag and title of a chart; `maxWidth` (the natural width) keeps its text from growing past the
    /// page's body text on a wide screen.
    static func open(width: Double, height: Double, title: String, kind: String, maxWidth: Bool = false) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(n(width)) \(n(height))\" role=\"img\" "
            + "class=\"chart \(kind)\"" + (maxWidth ? " style=\"max-width: \(n(width * 1.25))px\"" : "")
            + "><title>\(HTML.escape(title))</title>"
    }

    /// Dimension scores (0-100) as horizontal bars: a thick bar for the period, a thin one under it for the
    /// comparison period when there is one, the score written after the bar, `no data` for an undefined score,
    /// and a light grid line at each level's start, numbered under the bars.
    public static func bars(_ bars: [ReportView.Bar], levels: [LevelBand], period: String, comparison: String?)
        -> String
    {
        let labelWidth = 150.0, plot = 400.0, rowHeight = comparison == nil ? 30.0 : 40.0, top = 28.0
        let width = labelWidth + plot + 60, height = top + rowHeight * Double(bars.count) + 22
        var out = open(width: width, height: height, title: "Dimension scores, \(period)"
            + (comparison.map { " against \($0)" } ?? ""), kind: "bars", maxWidth: true)
        // Legend.
        out += "<rect x=\"\(n(labelWidth))\" y=\"6\" width=\"12\" height=\"10\" class=\"bar-now\"/>"
        out += text(labelWidth + 16, 15, period)
        if let comparison {
            out += "<rect x=\"\(n(labelWidth + 90))\" y=\"8\" width=\"12\" height=\"6\" class=\"bar-before\"/>"
            out += text(labelWidth + 106, 15, comparison)
        }
        // A grid line at each level's start, its number under the axis; 0 and 100 close the scale.
        out += text(labelWidth, height - 4, "0", anchor: "middle", cls: "small muted")
        out += text(labelWidth + plot, height - 4, "100", anchor: "middle", cls: "small muted")
        for band in levels where band.from > 0 && band.from < 100 {
            let x = labelWidth + plot * band.from / 100
            out += "<line x1=\"\(n(x))\" y1=\"\(n(top - 4))\" x2=\"\(n(x))\" y2=\"\(n(height - 16))\" class=\"grid\"/>"
            out += text(x, height - 4, Formatting.compact(band.from), anchor: "middle", cls: "small muted")
        }
        for (i, bar) in bars.enumerated() {
            let y = top + rowHeight * Double(i)
            out += text(labelWidth - 8, y + 14, bar.label, anchor: "end")
            if let value = bar.value {
                out += "<rect x=\"\(n(labelWidth))\" y=\"\(n(y + 4))\" width=\"\(n(plot * clamp(value) / 100))\" "
                    + "height=\"14\" class=\"bar-now\"/>"
                out += text(labelWidth + plot * clamp(value) / 100 + 6, y + 15, Formatting.displayScore(value),
                            cls: "value")
            } else {
                out += text(labelWidth + 4, y + 15, "no data", cls: "value muted")
            }
            if comparison != nil {
                if let previous = bar.previous {
                    out += "<rect x=\"\(n(labelWidth))\" y=\"\(n(y + 21))\" "
                        + "width=\"\(n(plot * clamp(previous) / 100))\" height=\"7\" class=\"bar-before\"/>"
                    out += text(labelWidth + plot * clamp(previous) / 100 + 6, y + 29,
                                Formatting.displayScore(previous), cls: "small muted")
                } else {
                    out += text(labelWidth + 4, y + 29, "no data", cls: "small muted")
                }
            }
        }
        return out + "</svg>"
    }

    static func clamp(_ score: Double) -> Double { min(100, max(0, score)) }

    /// The upper end of a trend's axis: 100% for rates, else the largest value or target rounded up to a
    /// step of 1, 2, 5 × 10^k (at least 1).
    public static func axisMaximum(_ trend: ReportView.Trend) -> Double {
        if trend.unit == .rate { return 1 }
        let largest = (trend.points.compactMap(\.value) + (trend.target.map { [$0] } ?? [])).max() ?? 1
        guard largest > 0 else { return 1 }
        var step = 1.0
        while step * 10 < largest { step *= 10 }
        for factor in [1.0, 2, 5, 10] where step * factor >= largest { return step * factor }
        return step * 10
    }

    /// A dimension's headline metric week by week: a line through the defined weeks (broken where a week is
    /// undefined), a dot per week, the rubric's target as a dashed line, the axis from 0 to `axisMaximum`.
    public static func trend(_ trend: ReportView.Trend) -> String {
        let width = 320.0, height = 176.0, left = 46.0, right = 10.0, top = 38.0, bottom = 24.0
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        var out = open(width: width, height: height, title: "\(trend.dimension): "
            + (trend.metric.map { "\($0) by week" } ?? "no weekly values"), kind: "trend")
        out += text(0, 14, trend.dimension, cls: "chart-title")
        guard let metric = trend.metric else {
            out += text(0, 44, "No metric of this dimension is computed", cls: "small muted")
            out += text(0, 58, "per week.", cls: "small muted")
            return out + "</svg>"
        }
        out += text(0, 28, metric, cls: "muted small")
        let maximum = axisMaximum(trend)
        let count = trend.points.count
        func x(_ i: Int) -> Double { left + (count > 1 ? plotWidth * Double(i) / Double(count - 1) : plotWidth / 2) }
        func y(_ value: Double) -> Double { top + plotHeight * (1 - min(max(value / maximum, 0), 1)) }
        let axisText = { (value: Double) in Formatting.displayValue(value, unit: trend.unit) }
        out += "<line x1=\"\(n(left))\" y1=\"\(n(top + plotHeight))\" x2=\"\(n(left + plotWidth))\" "
            + "y2=\"\(n(top + plotHeight))\" class=\"axis\"/>"
        out += "<line x1=\"\(n(left))\" y1=\"\(n(top))\" x2=\"\(n(left + plotWidth))\" y2=\"\(n(top))\" class=\"grid\"/>"
        out += text(left - 4, top + plotHeight + 3, axisText(0), anchor: "end", cls: "small")
        out += text(left - 4, top + 3, axisText(maximum), anchor: "end", cls: "small")
        if let target = trend.target {
            out += "<line x1=\"\(n(left))\" y1=\"\(n(y(target)))\" x2=\"\(n(left + plotWidth))\" "
                + "y2=\"\(n(y(target)))\" class=\"target\"/>"
            out += text(left + plotWidth, y(target) - 3, "target " + axisText(target), anchor: "end",
                        cls: "small target-label")
        }
        // Runs of consecutive defined weeks, each one polyline.
        var runs: [[Int]] = []
        for (i, point) in trend.points.enumerated() where point.value != nil {
            if let last = runs.last?.last, last == i - 1 { runs[runs.count - 1].append(i) } else { runs.append([i]) }
        }
        for run in runs where run.count > 1 {
            let points = run.map { "\(n(x($0))),\(n(y(trend.points[$0].value!)))" }.joined(separator: " ")
            out += "<polyline points=\"\(points)\" class=\"line\"/>"
        }
        for (i, point) in trend.points.enumerated() {
            if let value = point.value {
                out += "<circle cx=\"\(n(x(i)))\" cy=\"\(n(y(value)))\" r=\"2.5\" class=\"dot\">"
                    + "<title>\(HTML.escape(point.label + ": " + point.text))</title></circle>"
            }
        }
        if let first = trend.points.first, let last = trend.points.last {
            out += text(x(0), height - 6, first.label, anchor: "start", cls: "small")
            if count > 1 { out += text(x(count - 1), height - 6, last.label, anchor: "end", cls: "small") }
        }
        if trend.points.allSatisfy({ $0.value == nil }) {
            out += text(left + plotWidth / 2, top + plotHeight / 2, "no data in any week", anchor: "middle",
                        cls: "small muted")
        }
        return out + "</svg>"
    }

    /// A histogram: one bar per bin, its count above it, its label under it.
    public static func histogram(_ histogram: ReportView.Histogram) -> String {
        // At least 46 units per bin, so that labels such as `10-12 h` do not run into each other.
        let left = 8.0, top = 50.0, bottom = 24.0
        let width = max(420, 2 * left + 46 * Double(histogram.bins.count)), height = 210.0
        let plotHeight = height - top - bottom
        let slot = (width - 2 * left) / Double(max(histogram.bins.count, 1))
        var out = open(width: width, height: height, title: histogram.title, kind: "histogram")
        out += text(0, 14, histogram.title, cls: "chart-title")
        out += text(0, 27, histogram.note, cls: "muted small")
        let largest = histogram.bins.map(\.count).max() ?? 0
        out += "<line x1=\"\(n(left))\" y1=\"\(n(top + plotHeight))\" x2=\"\(n(width - left))\" "
            + "y2=\"\(n(top + plotHeight))\" class=\"axis\"/>"
        for (i, bin) in histogram.bins.enumerated() {
            let barHeight = largest == 0 ? 0 : plotHeight * Double(bin.count) / Double(largest)
            let x = left + slot * Double(i)
            out += "<rect x=\"\(n(x + 3))\" y=\"\(n(top + plotHeight - barHeight))\" width=\"\(n(slot - 6))\" "
                + "height=\"\(n(barHeight))\" class=\"bar-now\"><title>\(HTML.escape("\(bin.label): \(bin.count)"))"
                + "</title></rect>"
            out += text(x + slot / 2, top + plotHeight - barHeight - 3, String(bin.count), anchor: "middle",
                        cls: "small")
            out += text(x + slot / 2, top + plotHeight + 14, bin.label, anchor: "middle", cls: "small")
        }
        return out + "</svg>"
    }

    /// The heat map's cell colour: red (0 points) through amber to green (100 points).
    static func heatColour(_ points: Double) -> String {
        "hsl(\(Int((min(max(points, 0), 100) * 1.2).rounded())) 62% 42%)"
    }

    /// Metric values by group: one row per rubric metric, one column per group; a cell coloured by its points
    /// with the value written in it; a suppressed group's cells say `suppressed` and carry no value, an
    /// undefined value is `-` on no colour.
    public static func heatMap(_ map: ReportView.HeatMap) -> String {
        let labelWidth = 250.0, cellWidth = 92.0, cellHeight = 24.0, top = 40.0
        let width = labelWidth + cellWidth * Double(map.columns.count) + 4
        let height = top + cellHeight * Double(map.rows.count) + 4
        var out = open(width: width, height: height, title: "Rubric metrics by team, coloured by points",
                       kind: "heat-map")
        for (j, column) in map.columns.enumerated() {
            let x = labelWidth + cellWidth * Double(j) + cellWidth / 2
            out += text(x, top - 8, column, anchor: "middle", cls: "small strong")
        }
        for (i, row) in map.rows.enumerated() {
            let y = top + cellHeight * Double(i)
            out += text(labelWidth - 8, y + 16, row, anchor: "end", cls: "small")
            for (j, cell) in map.cells[i].enumerated() {
                let x = labelWidth + cellWidth * Double(j)
                let rect = "<rect x=\"\(n(x + 1))\" y=\"\(n(y + 1))\" width=\"\(n(cellWidth - 2))\" "
                    + "height=\"\(n(cellHeight - 2))\" rx=\"3\""
                if cell.suppressed {
                    out += rect + " class=\"cell-suppressed\"/>"
                    out += text(x + cellWidth / 2, y + 16, "suppressed", anchor: "middle", cls: "small muted")
                } else if let points = cell.points {
                    out += rect + " fill=\"\(heatColour(points))\"><title>"
                        + HTML.escape("\(row), \(column(map, j)): \(cell.text), \(Formatting.displayScore(points)) points")
                        + "</title></rect>"
                    out += text(x + cellWidth / 2, y + 16, cell.text, anchor: "middle", cls: "small on-colour")
                } else {
                    out += rect + " class=\"cell-empty\"/>"
                    out += text(x + cellWidth / 2, y + 16, cell.text, anchor: "middle", cls: "small muted")
                }
            }
        }
        return out + "</svg>"
    }

    private static func column(_ map: ReportView.HeatMap, _ j: Int) -> String { map.columns[j] }
}

/// HTML escaping for text and attribute values.
public enum HTML {
    /// `&`, `<`, `>`, `"` and `'` as entities; control characters other than tab and line feed (which HTML
    /// does not show) and bidirectional overrides as U+FFFD, as in the terminal.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n": out.unicodeScalars.append(scalar)
            default:
                let v = scalar.value
                let isControl = v < 0x20 || (0x7F...0x9F).contains(v)
                let isBidi = (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
                out.unicodeScalars.append(isControl || isBidi ? "\u{FFFD}" : scalar)
            }
        }
        return out
    }
}
