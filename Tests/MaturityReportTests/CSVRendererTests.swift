import Foundation
import Testing
import MaturityMetrics
import MaturityReport

@Suite("CSV renderer")
struct CSVRendererTests {
    @Test("golden file")
    func golden() throws {
        assertMatchesSnapshot(CSVRenderer.render(try ReportFixture.assessment()), named: "assessment.csv")
    }

    @Test("one row per period × group × metric, then the score rows; suppressed rows carry nothing")
    func shape() throws {
        let csv = CSVRenderer.render(try ReportFixture.assessment())
        #expect(csv.hasSuffix("\n"))
        #expect(!csv.contains("\r"))
        let lines = csv.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        #expect(lines.first == "period,group_by,group,metric,value,n,status")
        // 2 periods × 4 groups × (8 metrics + 3 dimensions + overall + level)
        #expect(lines.count == 1 + 2 * 4 * 13)
        #expect(lines.contains("2026Q1,org,all,documentation.task_description_rate,0.00001,120,ok"))
        #expect(lines.contains("2026Q1,org,all,documentation.task_link_rate,,0,undefined"))
        #expect(lines.contains("2026Q1,team,platform,response_latency.median_hours,2.0999999999999996,160,ok"))
        #expect(lines.contains("2026Q1,team,'-cmd,response_latency.median_hours,,,suppressed"))
        #expect(lines.contains("2026Q1,team,'-cmd,score.level,,,suppressed"))
        #expect(lines.contains("2025Q4,team,\"'=HYPERLINK(\"\"x\"\")\",score.overall,,,suppressed"))
        #expect(lines.contains("2026Q1,team,\"'=HYPERLINK(\"\"x\"\")\",score.level,1,,ok"))
        #expect(lines.contains("2026Q1,org,all,score.level,3,,ok"))
        // No line of a group ever starts a cell with a formula trigger.
        for line in lines {
            for cell in line.split(separator: ",") {
                #expect(!["=", "+", "-", "@"].contains(cell.first), "\(line)")
            }
        }
    }

    @Test("the score rows follow the rubric's dimensions at full precision")
    func scoreRows() throws {
        let a = try ReportFixture.assessment()
        let csv = CSVRenderer.render(a)
        let overall = try #require(a.org.score?.overall)
        #expect(csv.contains("2026Q1,org,all,score.overall,\(try #require(Formatting.plainDecimal(overall))),,ok\n"))
        // Meetings: 2.75 h is better than the 6 h target: 100 points. Documentation: 0.00001 is below the floor.
        #expect(csv.contains("2026Q1,org,all,score.dimension.Meetings,100.0,,ok\n"))
        #expect(csv.contains("2026Q1,org,all,score.dimension.Documentation,0.0,,ok\n"))
    }

    @Test("metrics and scores smuggled into suppressed groups never come out")
    func suppressedStaySuppressed() throws {
        let clean = CSVRenderer.render(try ReportFixture.assessment())
        #expect(CSVRenderer.render(try ReportFixture.assessmentWithLeakyGroups()) == clean)
    }

    @Test("without a comparison only the assessed period's rows are written")
    func noComparison() throws {
        var a = try ReportFixture.assessment()
        a.comparison = nil
        let lines = CSVRenderer.render(a).split(separator: "\n")
        #expect(lines.count == 1 + 4 * 13)
        #expect(!lines.contains { $0.hasPrefix("2025Q4") })
    }

    @Test("text cells are neutralised and quoted", arguments: [
        ("platform", "platform"), ("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\""), ("-cmd", "'-cmd"),
        ("+1", "'+1"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\rx", "\"'\rx\""), ("a,b", "\"a,b\""),
        ("line\nbreak", "\"line\nbreak\""), ("say \"hi\"", "\"say \"\"hi\"\"\""), ("", ""), ("x=1", "x=1"),
    ])
    func textCells(text: String, expected: String) {
        #expect(CSVRenderer.textCell(text) == expected)
    }
}
