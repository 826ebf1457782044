import Foundation
import Testing
import MaturityMetrics
import MaturityReport

/// Compares `actual` byte for byte with the golden file `Snapshots/<name>` next to this file. With the
/// environment variable `UPDATE_SNAPSHOTS=1` it records the golden instead (and the test passes).
/// Goldens are read from the source folder (#filePath), or from the test bundle's `Snapshots` resources when
/// the sources are not where they were compiled.
func assertMatchesSnapshot(_ actual: String, named name: String, filePath: String = #filePath,
                           sourceLocation: SourceLocation = #_sourceLocation) {
    let folder = URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")
    let file = folder.appendingPathComponent(name)
    if ProcessInfo.processInfo.environment["UPDATE_SNAPSHOTS"] == "1" {
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(actual.utf8).write(to: file)
        } catch {
            Issue.record("cannot record snapshot \(file.path): \(error)", sourceLocation: sourceLocation)
        }
        return
    }
    let stored = (try? Data(contentsOf: file))
        ?? Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Snapshots")
            .flatMap { try? Data(contentsOf: $0) }
    guard let expected = stored else {
        Issue.record("no snapshot \(name); run the tests with UPDATE_SNAPSHOTS=1 to record it",
                     sourceLocation: sourceLocation)
        return
    }
    guard Data(actual.utf8) != expected else { return }
    let expectedLines = String(decoding: expected, as: UTF8.self)
        .split(separator: "\n", omittingEmptySubsequences: false)
    let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
    let index = zip(expectedLines, actualLines).enumerated().first { $0.element.0 != $0.element.1 }?.offset
        ?? min(expectedLines.count, actualLines.count)
    let expectedLine = index < expectedLines.count ? String(expectedLines[index]) : "<end>"
    let actualLine = index < actualLines.count ? String(actualLines[index]) : "<end>"
    Issue.record("""
        snapshot \(name) differs at line \(index + 1):
          expected: \(expectedLine)
          actual:   \(actualLine)
        (run with UPDATE_SNAPSHOTS=1 to record the new output if the change is intended)
        """, sourceLocation: sourceLocation)
}

/// A hand-built assessment: the organisation and three teams (`platform`, `=HYPERLINK("x")`, and `-cmd`, which is
/// suppressed), with a comparison period in which `=HYPERLINK("x")` was suppressed too.
enum ReportFixture {
    static let metricOrder = [
        "response_latency.median_hours", "response_latency.within_one_workday", "response_latency.instant_share",
        "meeting_load.median_hours_per_week", "meeting_load.after_hours_share",
        "documentation.task_description_rate", "documentation.task_link_rate", "time_zones.team_overlap_hours",
    ]

    static let rubricText = """
        name = "Fixture rubric"
        version = "2"
        levels = [
            { name = "Reactive", from = 0 }, { name = "Emerging", from = 20 }, { name = "Structured", from = 40 },
            { name = "Managed", from = 60 }, { name = "Async-first", from = 80 },
        ]

        [[dimensions]]
        name = "Responsiveness"
        metrics = [
            { name = "response_latency.within_one_workday", floor = 0.50, target = 0.95 },
            { name = "response_latency.instant_share", floor = 0.60, target = 0.20, weight = 0.5 },
        ]

        [[dimensions]]
        name = "Meetings"
        metrics = [ { name = "meeting_load.median_hours_per_week", floor = 20, target = 6 } ]

        [[dimensions]]
        name = "Documentation"
        metrics = [ { name = "documentation.task_description_rate", floor = 0.30, target = 0.90 } ]
        """

    static func rubric() throws -> Rubric { try Rubric(toml: rubricText, source: "fixture.toml") }

    /// Values in `metricOrder`, with their counts.
    static func metrics(_ values: [Double?], n: [Int]) -> [String: MetricValue] {
        var result: [String: MetricValue] = [:]
        for (i, name) in metricOrder.enumerated() { result[name] = MetricValue(values[i], n: n[i]) }
        return result
    }

    static func team(_ name: String, members: Int, _ values: [Double?], n: [Int], rubric: Rubric)
        -> GroupAssessment
    {
        GroupAssessment.assessed(groupBy: .team, group: name, members: members, minGroupSize: 5,
                                 metrics: metrics(values, n: n), rubric: rubric)
    }

    static func assessment() throws -> Assessment {
        let rubric = try rubric()
        let counts = [377, 377, 282, 387, 387, 120, 0, 6]
        let org = GroupAssessment.assessed(
            groupBy: .org, group: "all", members: 21, minGroupSize: 5,
            metrics: metrics([2.8494444444444444, 0.7745358090185677, 0.14893617021276595, 2.75, 0.26467220154594906,
                              0.00001, nil, 2.5], n: counts),
            rubric: rubric)
        let previousOrg = GroupAssessment.assessed(
            groupBy: .org, group: "all", members: 20, minGroupSize: 5,
            metrics: metrics([3.1, 0.7, 0.2, 4, 0.26467220154594906, 0.5, 0.4, 2.5],
                             n: [300, 300, 250, 380, 380, 100, 100, 6]),
            rubric: rubric)
        let groups = [
            team("platform", members: 12,
                 [2.0999999999999996, 0.8125, 0.1, 5.25, 0.3, 0.45, nil, 7.25], n: [160, 160, 130, 200, 200, 64, 0, 1],
                 rubric: rubric),
            team("=HYPERLINK(\"x\")", members: 6,
                 [3.0, 0.5, 0.75, 22, nil, 0.3, nil, 1e-7], n: [40, 40, 20, 70, 0, 30, 0, 1], rubric: rubric),
            team("-cmd", members: 3, [1, 1, 0, 0, 0, 1, 1, 9], n: [5, 5, 5, 5, 5, 5, 5, 1], rubric: rubric),
        ]
        let previousGroups = [
            team("platform", members: 11,
                 [2.5, 0.75, 0.15, 6, 0.25, 0.5, 0.4, 7.25], n: [150, 150, 120, 190, 190, 60, 60, 1],
                 rubric: rubric),
            team("=HYPERLINK(\"x\")", members: 4, [1, 1, 0, 0, 0, 1, 1, 9], n: [5, 5, 5, 5, 5, 5, 5, 1],
                 rubric: rubric),
            team("-cmd", members: 3, [1, 1, 0, 0, 0, 1, 1, 9], n: [5, 5, 5, 5, 5, 5, 5, 1], rubric: rubric),
        ]
        return Assessment(
            period: PeriodInfo(label: "2026Q1", from: "2026-01-01", to: "2026-03-31", timezone: "Europe/Berlin"),
            comparison: PeriodInfo(label: "2025Q4", from: "2025-10-01", to: "2025-12-31", timezone: "Europe/Berlin"),
            org: org, groups: groups, comparisonOrg: previousOrg, comparisonGroups: previousGroups,
            metricOrder: metricOrder,
            metricSummaries: Dictionary(uniqueKeysWithValues: metricOrder.map { ($0, "summary of \($0)") }),
            rubric: rubric,
            inputs: [
                InputFingerprint(file: "people.csv",
                                 sha256: "3f2a9c0d1e2b4a5968778695a4b3c2d1e0f1a2b3c4d5e6f708192a3b4c5d6e7f"),
                InputFingerprint(file: "messages.csv",
                                 sha256: "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"),
            ],
            minGroupSize: 5)
    }

    /// The same assessment with metrics and scores smuggled into its suppressed groups: the renderers must
    /// ignore them and give the same bytes.
    static func assessmentWithLeakyGroups() throws -> Assessment {
        var a = try assessment()
        let rubric = a.rubric
        let leak = metrics([123.456, 0.123456, 0.654321, 98.7, 0.111, 0.222, 0.333, 44.4],
                           n: [99, 99, 99, 99, 99, 99, 99, 99])
        func leaky(_ g: GroupAssessment) -> GroupAssessment {
            guard g.suppressed else { return g }
            var copy = g
            copy.metrics = leak
            copy.score = Scorecard.score(leak, rubric: rubric)
            return copy
        }
        a.groups = a.groups.map(leaky)
        a.comparisonGroups = a.comparisonGroups.map(leaky)
        return a
    }
}

extension ReportFixture {
    /// Weekly series and distributions for the fixture's rubric: Responsiveness over four weeks with an undefined
    /// third week, Meetings over four, Documentation with no weekly metric.
    static let details = AssessmentDetails(
        weekly: [
            WeeklySeries(dimension: "Responsiveness", metric: "response_latency.within_one_workday", weeks: [
                WeekValue(label: "2026-W01", value: MetricValue(0.7, n: 90)),
                WeekValue(label: "2026-W02", value: MetricValue(0.8, n: 95)),
                WeekValue(label: "2026-W03", value: .undefined),
                WeekValue(label: "2026-W04", value: MetricValue(0.775, n: 92)),
            ]),
            WeeklySeries(dimension: "Meetings", metric: "meeting_load.median_hours_per_week", weeks: [
                WeekValue(label: "2026-W01", value: MetricValue(3.5, n: 20)),
                WeekValue(label: "2026-W02", value: MetricValue(2.25, n: 21)),
                WeekValue(label: "2026-W03", value: MetricValue(7, n: 21)),
                WeekValue(label: "2026-W04", value: MetricValue(2.75, n: 21)),
            ]),
            WeeklySeries(dimension: "Documentation", metric: nil, weeks: []),
        ],
        distributions: [
            Distribution(title: "Response latency (wall-clock hours, answered requests)",
                         metric: "response_latency.median_hours", unit: .hours,
                         bins: Distribution.binned([0.01, 0.05, 0.5, 2, 2.5, 3, 6, 30, 200],
                                                   edges: AssessmentDetails.latencyEdges)),
            Distribution(title: "Meeting hours per person-week (active weeks)",
                         metric: "meeting_load.median_hours_per_week", unit: .hours,
                         bins: Distribution.binned([0, 1.5, 2, 2.75, 3, 9.5, 21, 40],
                                                   edges: AssessmentDetails.meetingHourEdges)),
        ])

    /// `assessment()` with `details`.
    static func assessmentWithDetails() throws -> Assessment {
        var a = try assessment()
        a.details = details
        return a
    }
}
