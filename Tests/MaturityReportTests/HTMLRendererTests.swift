import Foundation
import Testing
import MaturityMetrics
import MaturityReport

/// The HTML page and its SVG charts. Goldens are in Snapshots/ (`assessment.html`, `chart-*.svg`); after an
/// intended change, re-record them with `UPDATE_SNAPSHOTS=1 swift test --skip-build --filter HTMLRendererTests`
/// and review the diff (open Snapshots/assessment.html in a browser).
@Suite("HTML renderer")
struct HTMLRendererTests {
    @Test("golden page")
    func golden() throws {
        assertMatchesSnapshot(HTMLRenderer.render(try ReportFixture.assessmentWithDetails()), named: "assessment.html")
    }

    @Test("golden charts")
    func goldenCharts() throws {
        let a = try ReportFixture.assessmentWithDetails()
        let view = ReportView(a)
        assertMatchesSnapshot(SVGChart.bars(view.dimensionBars, levels: a.rubric.levels, period: "2026Q1",
                                            comparison: "2025Q4") + "\n", named: "chart-bars.svg")
        assertMatchesSnapshot(SVGChart.trend(view.trends[0]) + "\n", named: "chart-trend-rate.svg")
        assertMatchesSnapshot(SVGChart.trend(view.trends[1]) + "\n", named: "chart-trend-hours.svg")
        assertMatchesSnapshot(SVGChart.trend(view.trends[2]) + "\n", named: "chart-trend-none.svg")
        assertMatchesSnapshot(SVGChart.heatMap(try #require(view.heatMap)) + "\n", named: "chart-heatmap.svg")
        assertMatchesSnapshot(SVGChart.histogram(view.distributions[0]) + "\n", named: "chart-histogram.svg")
    }

    @Test("the page is self-contained: no script, no external resource")
    func selfContained() throws {
        let html = HTMLRenderer.render(try ReportFixture.assessmentWithDetails())
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">\n"))
        #expect(html.hasSuffix("</html>\n"))
        #expect(!html.lowercased().contains("<script"))
        #expect(!html.contains("src="))
        #expect(!html.contains("<link"))
        #expect(!html.contains("url("))
        // The only URL is the SVG namespace, which is a name, not a fetch.
        let urls = html.components(separatedBy: "http").count - 1
        let namespaces = html.components(separatedBy: "xmlns=\"http://www.w3.org/2000/svg\"").count - 1
        #expect(urls == namespaces)
        #expect(namespaces == 7)
        #expect(html.contains("@media (prefers-color-scheme: dark)"))
        #expect(html.contains("@page { size: A4;"))
        #expect(html.contains("@media print"))
        #expect(html.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"))
        for heading in HTMLRenderer.headings { #expect(html.contains("<h2>\(heading)</h2>"), "\(heading)") }
    }

    @Test("text from the data stays text: a team named <script> is escaped everywhere")
    func escaping() throws {
        var a = try ReportFixture.assessmentWithDetails()
        a.groups[0].group = "<script>alert('x')</script>"
        a.comparisonGroups[0].group = "<script>alert('x')</script>"
        a.inputs[0].file = "a&b\"<img src=x>.csv"
        a.rubric.name = "R <b>"
        let html = HTMLRenderer.render(a)
        #expect(!html.lowercased().contains("<script"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("<b>"))
        #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
        #expect(html.contains("a&amp;b&quot;&lt;img src=x&gt;.csv"))
        // In the heat map's column heads too (an SVG text).
        let heatMap = try #require(ReportView(a).heatMap)
        #expect(SVGChart.heatMap(heatMap).contains(
            "class=\"small strong\">&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</text>"))
        // Escape sequences for the terminal become U+FFFD here too.
        #expect(HTML.escape("a\u{1B}[31mb\u{202E}c\td") == "a\u{FFFD}[31mb\u{FFFD}c\td")
    }

    @Test("metrics and scores smuggled into suppressed groups never come out")
    func suppressedStaySuppressed() throws {
        var leaky = try ReportFixture.assessmentWithLeakyGroups()
        leaky.details = ReportFixture.details
        let clean = HTMLRenderer.render(try ReportFixture.assessmentWithDetails())
        #expect(HTMLRenderer.render(leaky) == clean)
        // The suppressed team is a heat map column of `suppressed` cells, named as the text report names it.
        let map = try #require(ReportView(leaky).heatMap)
        #expect(map.columns == ["organisation", "platform", "=HYPERLINK(\"x\")", "-cmd"])
        #expect(map.cells.map { $0[3] } == Array(repeating: ReportView.HeatCell(text: "suppressed", points: nil,
                                                                                suppressed: true), count: 4))
        #expect(map.cells.map(\.[0].text) == ["77.5%", "14.9%", "2.8 h", "0.0%"])
        #expect(map.cells.map(\.[1].points) == [100 * (0.8125 - 0.5) / (0.95 - 0.5), 100, 100,
                                                   100 * (0.45 - 0.3) / (0.9 - 0.3)])
        #expect(clean.contains("<td class=\"muted\" colspan=\"7\">suppressed (n &lt; 5)</td>"))
        #expect(!clean.contains("123.5"))
    }

    @Test("what costs the score most: each metric's loss of overall points, largest first")
    func drags() throws {
        let view = ReportView(try ReportFixture.assessment())
        // Overall (74.005 + 100 + 0) / 3. Documentation's one metric earns 0 points: 100 / 3 = 33.3 lost.
        // Within one workday earns 61.0 of 100 at weight 1 of 1.5 in Responsiveness: 39.0 / 1.5 / 3 = 8.7.
        // The instant share and the meeting hours are at their targets and cost nothing.
        #expect(view.drags.columns.map(\.title) == ["Metric", "Dimension", "Value", "Target", "Points", "Score lost"])
        #expect(view.drags.rows.map { $0.map(\.text) } == [
            ["documentation.task_description_rate", "Documentation", "0.0%", "90.0%", "0.0", "-33.3"],
            ["response_latency.within_one_workday", "Responsiveness", "77.5%", "95.0%", "61.0", "-8.7"],
        ])
    }

    @Test("the view model: overall, bars, trends and histograms as the page shows them")
    func viewModel() throws {
        let view = ReportView(try ReportFixture.assessmentWithDetails())
        #expect(view.overall.scoreText == "58.0")
        #expect(view.overall.level == "3 Structured")
        #expect(view.overall.comparison?.change == "↓ -7.4")
        #expect(view.overall.comparison?.level == "4 Managed")
        #expect(view.dimensionBars.map(\.label) == ["Responsiveness", "Meetings", "Documentation"])
        #expect(view.dimensionBars.map { $0.value.map { Formatting.displayScore($0) } } == ["74.0", "100.0", "0.0"])
        #expect(view.dimensionBars.map { $0.previous.map { Formatting.displayScore($0) } } == ["63.0", "100.0", "33.3"])
        #expect(view.trends.map(\.metric) == ["response_latency.within_one_workday",
                                              "meeting_load.median_hours_per_week", nil])
        #expect(view.trends[0].points.map(\.label) == ["W01", "W02", "W03", "W04"])
        #expect(view.trends[0].points.map(\.text) == ["70.0%", "80.0%", "-", "77.5%"])
        #expect(view.trends[0].target == 0.95)
        #expect(view.trends[1].target == 6)
        #expect(view.distributions[0].bins.map(\.label)
            == ["< 5 min", "5 min-1 h", "1-4 h", "4-8 h", "8 h-1 d", "1-2 d", "2-7 d", "≥ 7 d"])
        #expect(view.distributions[0].bins.map(\.count) == [2, 1, 3, 1, 0, 1, 0, 1])
        #expect(view.distributions[0].note == "n = 9, median 2.8 h (response_latency.median_hours)")
        #expect(view.distributions[1].bins.map(\.label)
            == ["< 2 h", "2-4 h", "4-6 h", "6-8 h", "8-10 h", "10-12 h", "12-14 h", "14-16 h", "16-18 h",
                "18-20 h", "≥ 20 h"])
        #expect(view.distributions[1].bins.map(\.count) == [2, 3, 0, 0, 1, 0, 0, 0, 0, 0, 2])
        // An axis rounded up to 1, 2 or 5 × 10^k: the hours trend peaks at 7 with a target of 6.
        #expect(SVGChart.axisMaximum(view.trends[1]) == 10)
        #expect(SVGChart.axisMaximum(view.trends[0]) == 1)
    }

    @Test("without details the page says so and still has every section")
    func withoutDetails() throws {
        let html = HTMLRenderer.render(try ReportFixture.assessment())
        #expect(html.contains("This assessment carries no weekly values."))
        #expect(html.contains("This assessment carries no distributions."))
        for heading in HTMLRenderer.headings { #expect(html.contains("<h2>\(heading)</h2>")) }
    }

    @Test("the same assessment gives the same bytes")
    func deterministic() throws {
        #expect(HTMLRenderer.render(try ReportFixture.assessmentWithDetails())
            == HTMLRenderer.render(try ReportFixture.assessmentWithDetails()))
    }
}
