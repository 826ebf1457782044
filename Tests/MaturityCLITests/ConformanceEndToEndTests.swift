import Foundation
@testable import MaturityCLI
import MaturityCore
import MaturityMetrics
import MaturityTestSupport
import Testing

/// The whole path on the three conformance companies (metrics v2): `maturity init`, `maturity import FOLDER`, the dataset
/// loader, every metric family and the scorecard, against the expected values (tolerance 1e-9).
@Suite(.serialized)
struct ConformanceEndToEndTests {
    static func assessment(_ name: String) throws -> Assessment {
        let folder = try TemporaryFolder("conformance-\(name)")
        defer { folder.cleanUp() }
        let store = folder.file("store.sqlite").path
        var arguments = [
            "init", "--store", store, "--org-timezone", "Europe/Berlin", "--work-hours", "09:00-17:00",
            "--workdays", "Mon-Fri", "--min-group-size", "5",
        ]
        if let calendar = ConformanceData.holidayCalendar(name) { arguments += ["--holiday-calendar", calendar] }
        var initCommand = try MaturityCommand.parseAsRoot(arguments)
        try initCommand.run()
        var importCommand = try MaturityCommand.parseAsRoot(["import", "--store", store,
                                                             try ConformanceData.folder(name).path])
        try importCommand.run()
        // Parsed, as the command line gives it (a property-wrapped option group built with init() is not).
        let options = try PeriodOptions.parse(["--quarter", "2026Q1"])
        return try Assess.assessment(store: Store(path: store, readOnly: true), periodOptions: options, compare: nil,
                                     rubricPath: nil, minGroupSize: 1)
    }

    static func mismatches(_ name: String) throws -> [String] {
        let assessment = try assessment(name)
        var problems: [String] = []
        let metrics = try ConformanceData.expectedMetrics(name)
        let scores = try ConformanceData.expectedScores(name)
        // 34 metrics for the org and 5 teams; 7 scores each.
        if metrics.count != 34 * 6 { problems.append("expected.metrics.csv has \(metrics.count) rows") }
        if scores.count != 7 * 6 { problems.append("expected/scores.csv has \(scores.count) rows") }
        for expected in metrics {
            let group = expected.groupBy == "org" ? assessment.org
                : assessment.groups.first { $0.group == expected.group }
            guard let group else {
                problems.append("\(expected.groupBy) \(expected.group): missing group")
                continue
            }
            let actual = group.metrics[expected.metric]?.value
            if !Tolerance.matches(actual, expected.value) {
                problems.append("\(expected.group) \(expected.metric): expected \(expected.value.map { "\($0)" } ?? "undefined"), "
                    + "got \(actual.map { "\($0)" } ?? "undefined")")
            }
        }
        for expected in scores {
            let group = expected.groupBy == "org" ? assessment.org
                : assessment.groups.first { $0.group == expected.group }
            guard let score = group?.score else {
                problems.append("\(expected.group) \(expected.score): no score")
                continue
            }
            let actual: Double?
            switch expected.score {
            case "overall": actual = score.overall
            case "level": actual = score.level.map(Double.init)
            default: actual = score.dimension(String(expected.score.dropFirst("dimension.".count)))
            }
            if !Tolerance.matches(actual, expected.value) {
                problems.append("\(expected.group) \(expected.score): expected \(expected.value.map { "\($0)" } ?? "undefined"), "
                    + "got \(actual.map { "\($0)" } ?? "undefined")")
            }
        }
        return problems
    }

    @Test func basic() throws {
        #expect(try Self.mismatches("basic") == [])
    }

    @Test func edges() throws {
        #expect(try Self.mismatches("edges") == [])
    }

    /// Days off: time_off.csv, holidays.csv, the directory's holiday_calendar and `init --holiday-calendar de`.
    @Test func timeOff() throws {
        #expect(try Self.mismatches("time-off") == [])
    }
}
