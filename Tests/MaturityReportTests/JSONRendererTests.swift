import Foundation
import Testing
import MaturityMetrics
import MaturityReport

@Suite("JSON renderer")
struct JSONRendererTests {
    @Test("golden file")
    func golden() throws {
        assertMatchesSnapshot(JSONRenderer.render(try ReportFixture.assessment()), named: "assessment.json")
    }

    func parsed(_ a: Assessment) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(JSONRenderer.render(a).utf8))
        return try #require(object as? [String: Any])
    }

    @Test("valid JSON with the documented structure and full-precision numbers")
    func structure() throws {
        let a = try ReportFixture.assessment()
        let root = try parsed(a)
        #expect(root["metrics_version"] as? Int == 2)
        #expect(root["min_group_size"] as? Int == 5)
        let period = try #require(root["period"] as? [String: Any])
        #expect(period["label"] as? String == "2026Q1")
        #expect(period["from"] as? String == "2026-01-01")
        #expect(period["to"] as? String == "2026-03-31")
        #expect(period["timezone"] as? String == "Europe/Berlin")
        let org = try #require(root["org"] as? [String: Any])
        let metrics = try #require(org["metrics"] as? [String: Any])
        #expect(metrics.count == 8)
        #expect(metrics["meeting_load.median_hours_per_week"] as? Double == 2.75)
        #expect(metrics["documentation.task_link_rate"] is NSNull)
        let score = try #require(org["score"] as? [String: Any])
        #expect(score["overall"] is Double)
        #expect(score["level"] as? Int == 3)
        #expect(score["level_name"] as? String == "Structured")
        let groups = try #require(root["groups"] as? [[String: Any]])
        #expect(groups.map { $0["group"] as? String } == ["platform", "=HYPERLINK(\"x\")", "-cmd"])
        #expect(groups.map { $0["suppressed"] as? Bool } == [false, false, true])
        let rubric = try #require(root["rubric"] as? [String: Any])
        #expect(rubric["fingerprint"] as? String == a.rubric.fingerprint)
        let inputs = try #require(root["inputs"] as? [[String: Any]])
        #expect(inputs.first?["file"] as? String == "people.csv")
        #expect(try #require(root["comparison_groups"] as? [Any]).count == 3)
    }

    @Test("numbers are written at full precision, without exponent")
    func numbers() throws {
        // Checked on the text: Foundation's JSONSerialization on Linux does not parse every double exactly.
        let a = try ReportFixture.assessment()
        let json = JSONRenderer.render(a)
        #expect(json.contains("\n      \"response_latency.median_hours\": 2.8494444444444444,\n"))
        #expect(json.contains("\n      \"documentation.task_description_rate\": 0.00001,\n"))
        #expect(json.contains("\"time_zones.team_overlap_hours\": 0.0000001\n"))
        let overall = try #require(a.org.score?.overall.flatMap(Formatting.plainDecimal))
        #expect(json.contains("\n      \"overall\": \(overall),\n"))
        #expect(!json.contains("e-"))
    }

    @Test("a suppressed group has null metrics, null counts and a null score")
    func suppressed() throws {
        let root = try parsed(try ReportFixture.assessment())
        let groups = try #require(root["groups"] as? [[String: Any]])
        let cmd = try #require(groups.last)
        #expect(cmd["members"] as? Int == 3)
        let metrics = try #require(cmd["metrics"] as? [String: Any])
        let counts = try #require(cmd["n"] as? [String: Any])
        #expect(metrics.count == 8 && metrics.values.allSatisfy { $0 is NSNull })
        #expect(counts.count == 8 && counts.values.allSatisfy { $0 is NSNull })
        #expect(cmd["score"] is NSNull)
    }

    @Test("metrics and scores smuggled into suppressed groups never come out")
    func suppressedStaySuppressed() throws {
        let clean = JSONRenderer.render(try ReportFixture.assessment())
        #expect(JSONRenderer.render(try ReportFixture.assessmentWithLeakyGroups()) == clean)
    }

    @Test("keys come in a fixed order, metrics in spec order")
    func keyOrder() throws {
        let json = JSONRenderer.render(try ReportFixture.assessment())
        let topKeys = json.split(separator: "\n").filter { $0.hasPrefix("  \"") }.map { $0.split(separator: "\"")[1] }
        #expect(topKeys == ["metrics_version", "period", "comparison", "min_group_size", "org", "groups",
                            "comparison_org", "comparison_groups", "rubric", "inputs", "coverage"])
        let lines = json.split(separator: "\n")
        let start = try #require(lines.firstIndex { $0.hasSuffix("\"metrics\": {") })
        let orgMetricKeys = lines[(start + 1)...].prefix { !$0.hasSuffix("}") && !$0.hasSuffix("},") }
            .map { $0.split(separator: "\"")[1] }
        #expect(orgMetricKeys.map(String.init) == ReportFixture.metricOrder)
    }

    @Test("without a comparison the comparison fields are null and empty")
    func noComparison() throws {
        var a = try ReportFixture.assessment()
        a.comparison = nil
        let root = try parsed(a)
        #expect(root["comparison"] is NSNull)
        #expect(root["comparison_org"] is NSNull)
        #expect(try #require(root["comparison_groups"] as? [Any]).isEmpty)
    }

    @Test("strings are escaped")
    func escaping() {
        #expect(JSONRenderer.quoted("a\"b\\c\nd\u{01}\u{2028}é") == "\"a\\\"b\\\\c\\nd\\u0001\\u2028é\"")
    }
}
