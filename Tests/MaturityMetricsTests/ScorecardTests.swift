import Foundation
import MaturityTestSupport
import Testing
import MaturityCore
@testable import MaturityMetrics

/// |a − b| within 1e-9 (the hand computations are exact; the doubles are not always).
private func isClose(_ a: Double?, _ b: Double?, tolerance: Double = 1e-9) -> Bool {
    switch (a, b) {
    case (nil, nil): return true
    case let (x?, y?): return abs(x - y) <= tolerance * max(1, abs(y))
    default: return false
    }
}

private func values(_ pairs: [String: Double?]) -> [String: MetricValue] {
    pairs.mapValues { MetricValue($0, n: $0 == nil ? 0 : 10) }
}

@Suite("Scorecard")
struct ScorecardTests {
    @Test("points are linear from floor to target and clamped to 0...100")
    func pointsHigherIsBetter() {
        // within_one_workday: floor 0.50, target 0.95.
        #expect(Scorecard.points(value: 0.50, floor: 0.50, target: 0.95) == 0)
        #expect(Scorecard.points(value: 0.95, floor: 0.50, target: 0.95) == 100)
        // 100 × (0.725 − 0.5) / 0.45 = 50
        #expect(isClose(Scorecard.points(value: 0.725, floor: 0.50, target: 0.95), 50))
        // above the target: 100 × 0.49 / 0.45 = 108.9, clamped to 100; below the floor: negative, clamped to 0
        #expect(Scorecard.points(value: 0.99, floor: 0.50, target: 0.95) == 100)
        #expect(Scorecard.points(value: 0.30, floor: 0.50, target: 0.95) == 0)
    }

    @Test("points work when lower is better (floor above target)")
    func pointsLowerIsBetter() {
        // median meeting hours: floor 20, target 6. 13 h: 100 × (13 − 20) / (6 − 20) = 50.
        #expect(Scorecard.points(value: 13, floor: 20, target: 6) == 50)
        #expect(Scorecard.points(value: 20, floor: 20, target: 6) == 0)
        #expect(Scorecard.points(value: 6, floor: 20, target: 6) == 100)
        // 4 h is better than the target: 114.3 clamped to 100; 25 h is worse than the floor: −35.7 clamped to 0.
        #expect(Scorecard.points(value: 4, floor: 20, target: 6) == 100)
        #expect(Scorecard.points(value: 25, floor: 20, target: 6) == 0)
        // instant share: floor 0.60, target 0.20. 0.5: 100 × (−0.1) / (−0.4) = 25.
        #expect(isClose(Scorecard.points(value: 0.5, floor: 0.60, target: 0.20), 25))
    }

    @Test("a hand-computed scorecard with the default rubric")
    func handComputedDefaultRubric() throws {
        let rubric = try Rubric.defaultRubric()
        let metrics = values([
            // Responsiveness: 100 (weight 1), 0 (weight 1), 100 (weight 0.5) → 150 / 2.5 = 60
            // (an unweighted mean would be 66.7).
            "response_latency.within_one_workday": 0.95,
            "response_latency.answered_rate": 0.60,
            "response_latency.instant_share": 0.20,
            // Meetings: 13 h → 50, overloaded undefined (left out, not 0), status 0.40 → 0 → (50 + 0) / 2 = 25.
            "meeting_load.median_hours_per_week": 13,
            "meeting_load.overloaded_share": nil,
            "meeting_load.status_share": 0.40,
            // Focus: both undefined → the dimension is undefined.
            "focus_time.share": nil,
            // Documentation: only task_description_rate given (others missing): it would earn 100, but it carries
            // 1 of the dimension's 4 weights, less than half → the dimension is undefined (v2).
            "documentation.task_description_rate": 0.95,
            // Ownership: 0, 100, 50, 0 → 37.5.
            "ownership.single_owner_rate": 0.50,
            "ownership.reassigned_rate": 0.05,
            "ownership.due_date_rate": 0.40,
            "ownership.stale_rate": 0.60,
            // Not in the rubric: ignored.
            "time_zones.coverage_hours": 13.5,
        ])
        let score = Scorecard.score(metrics, rubric: rubric)
        #expect(score.dimensions.map(\.name) == ["Responsiveness", "Meetings", "Focus", "Documentation", "Ownership"])
        #expect(isClose(score.dimension("Responsiveness"), 60))
        #expect(isClose(score.dimension("Meetings"), 25))
        #expect(score.dimension("Focus") == nil)
        #expect(score.dimension("Documentation") == nil)
        #expect(isClose(score.dimension("Ownership"), 37.5))
        // Overall: mean of the three defined dimensions (60 + 25 + 37.5) / 3 = 40.833…, not / 5 = 24.5; three of
        // five is enough (at least half).
        #expect(isClose(score.overall, 122.5 / 3))
        #expect(score.level == 3)
        #expect(score.levelName == "Structured")
        // What would fill the undefined dimensions, for the reports.
        #expect(score.dimensions[2].needs == ["calendars (.ics exports, or meetings.csv with attendees.csv, for every person)"])
        #expect(score.dimensions[3].needs == [
            "work items created in the period (Jira, GitHub, Trello or work_items.csv)",
            "meetings (.ics exports or meetings.csv)", "messages (a Slack export, mbox or messages.csv)",
        ])
        #expect(score.dimensions[0].needs.isEmpty)
        let meetings = score.dimensions[1].metrics
        #expect(meetings.map(\.metric) == ["meeting_load.median_hours_per_week", "meeting_load.overloaded_share",
                                           "meeting_load.status_share"])
        #expect(meetings.map(\.points) == [50, nil, 0])
        #expect(score.dimensions[0].metrics[2].weight == 0.5)
    }

    @Test("the level comes from the unrounded overall score: 79.996 is level 4")
    func levelFromUnroundedScore() throws {
        let rubric = try Rubric(
            name: "one", version: "1",
            dimensions: [RubricDimension(name: "Only", metrics: [RubricMetric(name: "x", floor: 0, target: 100)])],
            levels: [LevelBand(name: "Low", from: 0), LevelBand(name: "Managed", from: 60),
                     LevelBand(name: "Async-first", from: 80)])
        let almost = Scorecard.score(["x": MetricValue(79.996, n: 1)], rubric: rubric)
        #expect(almost.overall == 79.996)
        #expect(almost.level == 2)
        #expect(almost.levelName == "Managed")
        let exactly = Scorecard.score(["x": MetricValue(80, n: 1)], rubric: rubric)
        #expect(exactly.level == 3)
        #expect(exactly.levelName == "Async-first")
        let defaultRubric = try Rubric.defaultRubric()
        #expect(defaultRubric.level(for: 79.996)?.number == 4)
    }

    @Test("with nothing defined there is no overall score and no level; NaN counts as undefined")
    func nothingDefined() throws {
        let rubric = try Rubric.defaultRubric()
        let score = Scorecard.score(["focus_time.share": MetricValue(.nan, n: 3)], rubric: rubric)
        #expect(score.dimensions.count == 5)
        #expect(score.dimensions.allSatisfy { $0.score == nil })
        #expect(score.overall == nil)
        #expect(score.level == nil)
        #expect(score.levelName == nil)
    }

    @Test("v2: a dimension needs defined metrics carrying at least half its weight, exactly half is enough")
    func halfTheWeight() throws {
        let rubric = try Rubric.defaultRubric()
        // Responsiveness weighs 1 + 1 + 0.5 = 2.5: instant_share alone (0.5) is not enough, within_one_workday
        // with instant_share (1.5) is.
        let instantOnly = Scorecard.score(values(["response_latency.instant_share": 0.20]), rubric: rubric)
        #expect(instantOnly.dimension("Responsiveness") == nil)
        let withWorkday = Scorecard.score(values(["response_latency.instant_share": 0.20,
                                                  "response_latency.within_one_workday": 0.50]), rubric: rubric)
        #expect(isClose(withWorkday.dimension("Responsiveness"), 50 / 1.5))
        // Documentation: two of four equal weights is exactly half.
        let half = Scorecard.score(values(["documentation.task_description_rate": 0.90,
                                           "documentation.open_channel_share": 0.30]), rubric: rubric)
        #expect(isClose(half.dimension("Documentation"), 50))
        // One dimension of five: no overall score and no level; two of five: none either; three: a score.
        #expect(half.overall == nil)
        #expect(half.level == nil)
        let two = Scorecard.score(values(["documentation.task_description_rate": 0.90,
                                          "documentation.open_channel_share": 0.30,
                                          "focus_time.share": 0.60]), rubric: rubric)
        #expect(two.overall == nil)
        let three = Scorecard.score(values(["documentation.task_description_rate": 0.90,
                                            "documentation.open_channel_share": 0.30,
                                            "focus_time.share": 0.60, "ownership.stale_rate": 0.10,
                                            "ownership.due_date_rate": 0.70]), rubric: rubric)
        #expect(isClose(three.overall, (50 + 100 + 100) / 3))
        #expect(three.level == 5)
    }

    @Test("v2: weights compare as the decimals the rubric writes: 0.1 + 0.2 of 0.6 is exactly half")
    func decimalWeights() throws {
        let rubric = try Rubric(
            name: "decimal", version: "1",
            dimensions: [RubricDimension(name: "D", metrics: [
                RubricMetric(name: "a", floor: 0, target: 1, weight: 0.1),
                RubricMetric(name: "b", floor: 0, target: 1, weight: 0.2),
                RubricMetric(name: "c", floor: 0, target: 1, weight: 0.3),
            ])],
            levels: [LevelBand(name: "Low", from: 0)])
        // As the rubric writes them, 0.1 + 0.2 = 0.3 is exactly half of 0.6 (binary doubles are off by an ulp
        // on both sides, 0.30000000000000004 and 0.6000000000000001, and would decide by rounding luck).
        let score = Scorecard.score(["a": MetricValue(1, n: 1), "b": MetricValue(1, n: 1)], rubric: rubric)
        #expect(isClose(score.dimension("D"), 100))
        let less = Scorecard.score(["a": MetricValue(1, n: 1)], rubric: rubric)
        #expect(less.dimension("D") == nil)
        #expect(Scorecard.exactWeight(0.1) + Scorecard.exactWeight(0.2) == Scorecard.exactWeight(0.3))
    }

    @Test("a small team is suppressed: no metrics, no score; the organisation is always shown")
    func suppression() throws {
        let rubric = try Rubric.defaultRubric()
        // Focus is fully defined (2 of 2), Meetings (2 of 3) and Ownership (2 of 4): three dimensions of five.
        let metrics = values(["focus_time.share": 0.6, "focus_time.meeting_free_day_share": 0.4,
                              "meeting_load.median_hours_per_week": 6, "meeting_load.status_share": 0.1,
                              "ownership.single_owner_rate": 0.95, "ownership.stale_rate": 0.1])
        let small = GroupAssessment.assessed(groupBy: .team, group: "design", members: 4, minGroupSize: 5,
                                             metrics: metrics, rubric: rubric)
        #expect(small.suppressed)
        #expect(small.metrics.isEmpty)
        #expect(small.score == nil)
        #expect(small.groupBy == "team")
        let enough = GroupAssessment.assessed(groupBy: .team, group: "data", members: 5, minGroupSize: 5,
                                              metrics: metrics, rubric: rubric)
        #expect(!enough.suppressed)
        #expect(enough.metrics == metrics)
        #expect(isClose(enough.score?.dimension("Focus"), 100))
        let org = GroupAssessment.assessed(groupBy: .org, group: "all", members: 2, minGroupSize: 5,
                                           metrics: metrics, rubric: rubric)
        #expect(!org.suppressed)
        #expect(org.groupBy == "org")
        #expect(org.score?.overall == 100)
    }

    @Test("a period's report view: label, first and last date, zone")
    func periodInfo() throws {
        let zone = try #require(TimeZone(identifier: "Europe/Berlin"))
        let info = PeriodInfo(try Period.quarter("2026Q1", zone: zone))
        #expect(info == PeriodInfo(label: "2026Q1", from: "2026-01-01", to: "2026-03-31", timezone: "Europe/Berlin"))
    }

    @Test("a group's comparison counterpart is matched by grouping and name")
    func comparisonGroup() throws {
        let rubric = try Rubric.defaultRubric()
        func group(_ by: GroupBy, _ name: String, _ members: Int) -> GroupAssessment {
            GroupAssessment.assessed(groupBy: by, group: name, members: members, minGroupSize: 5, metrics: [:],
                                     rubric: rubric)
        }
        let period = PeriodInfo(label: "2026Q1", from: "2026-01-01", to: "2026-03-31", timezone: "UTC")
        var a = Assessment(
            period: period, comparison: PeriodInfo(label: "2025Q4", from: "2025-10-01", to: "2025-12-31",
                                                   timezone: "UTC"),
            org: group(.org, "all", 9), groups: [group(.team, "data", 6), group(.team, "new", 6)],
            comparisonOrg: group(.org, "all", 8), comparisonGroups: [group(.team, "data", 5)],
            metricOrder: [], rubric: rubric, inputs: [], minGroupSize: 5)
        #expect(a.metricsVersion == 2)
        #expect(a.comparisonGroup(for: a.org)?.members == 8)
        #expect(a.comparisonGroup(for: a.groups[0])?.members == 5)
        #expect(a.comparisonGroup(for: a.groups[1]) == nil)
        a.comparison = nil
        #expect(a.comparisonGroup(for: a.org) == nil)
    }

    @Test("scores of the conformance data match the expected scores", arguments: ["basic", "edges", "time-off"])
    func conformanceScores(folder: String) throws {
        let root = try ConformanceData.folder(folder).appendingPathComponent("expected")
        // period,group_by,group,metric,value (no quoted cells in these files)
        var metrics: [String: [String: MetricValue]] = [:]
        for line in try String(contentsOf: root.appendingPathComponent("metrics.csv"), encoding: .utf8)
            .split(separator: "\n").dropFirst() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            try #require(cells.count == 5)
            metrics["\(cells[1])/\(cells[2])", default: [:]][cells[3]] = MetricValue(Double(cells[4]), n: 1)
        }
        let rubric = try Rubric.defaultRubric(knownMetrics: specMetricNames)
        var checked = 0
        for line in try String(contentsOf: root.appendingPathComponent("scores.csv"), encoding: .utf8)
            .split(separator: "\n").dropFirst() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            try #require(cells.count == 5)
            let group = "\(cells[1])/\(cells[2])"
            let score = Scorecard.score(try #require(metrics[group]), rubric: rubric)
            let expected = Double(cells[4])
            switch cells[3] {
            case "overall": #expect(isClose(score.overall, expected), "\(folder) \(group) overall")
            case "level": #expect(score.level.map(Double.init) == expected, "\(folder) \(group) level")
            default:
                let name = String(cells[3].dropFirst("dimension.".count))
                #expect(isClose(score.dimension(name), expected), "\(folder) \(group) \(name)")
            }
            checked += 1
        }
        #expect(checked == 42)
    }
}
