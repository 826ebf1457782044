import Foundation
import Testing
import MaturityMetrics
import MaturityReport

@Suite("Text renderer")
struct TextRendererTests {
    @Test("golden file")
    func golden() throws {
        assertMatchesSnapshot(TextRenderer.render(try ReportFixture.assessment()), named: "assessment.txt")
    }

    @Test("the report states the score, the rounded values, the changes, the suppression, the rubric and inputs")
    func content() throws {
        let a = try ReportFixture.assessment()
        let text = TextRenderer.render(a)
        let lines = text.split(separator: "\n").map(String.init)
        func line(starting prefix: String) -> String? { lines.first { $0.hasPrefix(prefix) } }
        #expect(line(starting: "Period:") == "Period:       2026Q1, 2026-01-01 to 2026-03-31 (Europe/Berlin)")
        #expect(line(starting: "Compared to:") == "Compared to:  2025Q4, 2025-10-01 to 2025-12-31 (Europe/Berlin)")
        let overall = try #require(line(starting: "Overall score:"))
        // (74.005 + 100 + 0) / 3 = 58.0018: level 3.
        #expect(overall.hasPrefix("Overall score: 58.0, level 3 Structured  (2025Q4: 65.4, level 4 Managed; ↓ -7.4)"))
        // 2.849 h now, 3.1 h before: lower latency is better (Documentation/Metrics.md).
        let latency = try #require(line(starting: "response_latency.median_hours "))
        #expect(latency.hasSuffix("2.8 h  377   3.1 h  ↓ -0.3 h better"))
        // Within one workday 77.5% against 70.0%: higher is better.
        #expect(try #require(line(starting: "response_latency.within_one_workday ")).hasSuffix("↑ +7.5 pp better"))
        // Instant share fell: lower is better.
        #expect(try #require(line(starting: "response_latency.instant_share ")).hasSuffix("↓ -5.1 pp better"))
        // No change is neither better nor worse.
        #expect(try #require(line(starting: "meeting_load.after_hours_share ")).hasSuffix("→ 0.0 pp"))
        #expect(try #require(line(starting: "documentation.task_link_rate ")).contains(" - "))
        #expect(try #require(line(starting: "-cmd ")).hasSuffix("suppressed (n < 5)"))
        #expect(lines.contains("Rubric: Fixture rubric, version 2, fingerprint \(a.rubric.fingerprint)"))
        #expect(lines.contains("Levels: 1 Reactive (< 20), 2 Emerging (< 40), 3 Structured (< 60), "
            + "4 Managed (< 80), 5 Async-first (≥ 80)"))
        #expect(lines.contains("people.csv    3f2a9c0d1e2b"))
        #expect(text.hasSuffix("\n"))
    }

    @Test("the data coverage of the period is a table in the text, HTML and JSON reports")
    func coverage() throws {
        var a = try ReportFixture.assessment()
        a.coverage = CoverageInfo(kinds: [
            .init(kind: "messages", coveredDays: 90, periodDays: 90, first: "2025-11-03", last: "2026-03-31"),
            .init(kind: "meetings", coveredDays: 31, periodDays: 90, first: "2026-01-01", last: "2026-01-31"),
        ], peopleOnCalendar: 3, people: 7)
        let text = TextRenderer.render(a)
        #expect(text.contains("""

            Data coverage of 2026Q1
            Data                                Covered  First       Last
            messages                      90 of 90 days  2025-11-03  2026-03-31
            meetings                      31 of 90 days  2026-01-01  2026-01-31
            team members on the calendar         3 of 7

            Rubric: Fixture rubric
            """))
        let html = HTMLRenderer.render(a)
        #expect(html.contains("Data coverage of 2026Q1"))
        #expect(html.contains("31 of 90 days"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(JSONRenderer.render(a).utf8)) as? [String: Any])
        let coverage = try #require(json["coverage"] as? [String: Any])
        #expect(coverage["people_on_calendar"] as? Int == 3 && coverage["people"] as? Int == 7)
        let data = try #require(coverage["data"] as? [[String: Any]])
        #expect(data.map { "\($0["kind"]!) \($0["covered_days"]!)/\($0["period_days"]!) \($0["first"]!) \($0["last"]!)" }
            == ["messages 90/90 2025-11-03 2026-03-31", "meetings 31/90 2026-01-01 2026-01-31"])
        // Without coverage (an assessment built by hand) there is no table.
        a.coverage = nil
        #expect(!TextRenderer.render(a).contains("Data coverage"))
    }

    @Test("better and worse follow the metric's definition, not the rubric in use")
    func verdictsFollowTheDefinitions() throws {
        var a = try ReportFixture.assessment()
        // A rubric that scores the instant share the other way round, and scores the median latency.
        a.rubric = try Rubric(toml: """
            name = "Reversed"
            version = "1"
            levels = [ { name = "Low", from = 0 }, { name = "High", from = 50 } ]

            [[dimensions]]
            name = "Responsiveness"
            metrics = [
                { name = "response_latency.instant_share", floor = 0.20, target = 0.60 },
                { name = "response_latency.median_hours", floor = 24, target = 1 },
            ]
            """, source: "reversed.toml")
        let lines = TextRenderer.render(a).split(separator: "\n").map(String.init)
        func line(starting prefix: String) -> String? { lines.first { $0.hasPrefix(prefix) } }
        #expect(try #require(line(starting: "response_latency.instant_share ")).hasSuffix("↓ -5.1 pp better"))
        #expect(try #require(line(starting: "response_latency.median_hours ")).hasSuffix("↓ -0.3 h better"))
        #expect(try #require(line(starting: "documentation.task_description_rate ")).hasSuffix("↓ -50.0 pp worse"))
    }

    @Test("metrics and scores smuggled into suppressed groups never come out")
    func suppressedStaySuppressed() throws {
        let clean = TextRenderer.render(try ReportFixture.assessment())
        #expect(TextRenderer.render(try ReportFixture.assessmentWithLeakyGroups()) == clean)
    }

    @Test("without a comparison there are no comparison columns")
    func noComparison() throws {
        var a = try ReportFixture.assessment()
        a.comparison = nil
        let text = TextRenderer.render(a)
        #expect(!text.contains("2025Q4"))
        #expect(!text.contains("Change"))
        #expect(!text.contains("better"))
    }

    @Test("names from the data cannot drive the terminal")
    func terminalEscapes() throws {
        var a = try ReportFixture.assessment()
        a.groups[0].group = "evil\u{1B}]0;title\u{07}"
        let text = TextRenderer.render(a)
        #expect(!text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 })
        #expect(text.contains("evil\u{FFFD}]0;title\u{FFFD}"))
    }

    @Test("the same assessment gives the same bytes")
    func deterministic() throws {
        let a = try ReportFixture.assessment()
        #expect(TextRenderer.render(a) == TextRenderer.render(try ReportFixture.assessment()))
    }
}
