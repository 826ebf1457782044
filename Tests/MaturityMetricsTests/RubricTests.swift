import Foundation
import MaturityTestSupport
import Testing
@testable import MaturityMetrics

/// The problems of a rubric text that must be rejected (empty when it is accepted).
private func rubricProblems(_ text: String, known: [String]? = specMetricNames) -> [String] {
    do {
        _ = try Rubric(toml: text, source: "team.toml", knownMetrics: known)
        return []
    } catch {
        #expect(error.source == "team.toml")
        return error.problems
    }
}

/// A valid rubric text with one dimension whose metric entry is `metric`, and the default levels.
private func rubricText(metric: String = #"{ name = "focus_time.share", floor = 0.2, target = 0.6 }"#,
                levels: String = "[{ name = \"Low\", from = 0 }, { name = \"High\", from = 50 }]") -> String {
    """
    name = "Team rubric"
    version = "3"
    levels = \(levels)

    [[dimensions]]
    name = "Focus"
    metrics = [ \(metric) ]
    """
}

@Suite("Rubric")
struct RubricTests {
    @Test("the default rubric is the table of spec section 7, weights 1 unless given")
    func defaultRubricIsTheSpecTable() throws {
        let rubric = try Rubric.defaultRubric(knownMetrics: specMetricNames)
        func m(_ name: String, _ floor: Double, _ target: Double, _ weight: Double = 1) -> RubricMetric {
            RubricMetric(name: name, floor: floor, target: target, weight: weight)
        }
        let expected = try Rubric(
            name: "AsyncMaturity default", version: "2",
            dimensions: [
                RubricDimension(name: "Responsiveness", metrics: [
                    m("response_latency.within_one_workday", 0.50, 0.95),
                    m("response_latency.answered_rate", 0.60, 0.98),
                    m("response_latency.instant_share", 0.60, 0.20, 0.5),
                ]),
                RubricDimension(name: "Meetings", metrics: [
                    m("meeting_load.median_hours_per_week", 20, 6),
                    m("meeting_load.overloaded_share", 0.40, 0.05),
                    m("meeting_load.status_share", 0.40, 0.10),
                ]),
                RubricDimension(name: "Focus", metrics: [
                    m("focus_time.share", 0.20, 0.60),
                    m("focus_time.meeting_free_day_share", 0.00, 0.40),
                ]),
                RubricDimension(name: "Documentation", metrics: [
                    m("documentation.task_description_rate", 0.30, 0.90),
                    m("documentation.task_acceptance_rate", 0.05, 0.60),
                    m("documentation.meeting_agenda_rate", 0.20, 0.90),
                    m("documentation.open_channel_share", 0.30, 0.80),
                ]),
                RubricDimension(name: "Ownership", metrics: [
                    m("ownership.single_owner_rate", 0.50, 0.95),
                    m("ownership.reassigned_rate", 0.30, 0.05),
                    m("ownership.due_date_rate", 0.10, 0.70),
                    m("ownership.stale_rate", 0.50, 0.10),
                ]),
            ],
            levels: [
                LevelBand(name: "Reactive", from: 0), LevelBand(name: "Emerging", from: 20),
                LevelBand(name: "Structured", from: 40), LevelBand(name: "Managed", from: 60),
                LevelBand(name: "Async-first", from: 80),
            ])
        #expect(rubric == expected)
        #expect(rubric.metric(named: "meeting_load.median_hours_per_week")?.dimension == "Meetings")
        #expect(rubric.metric(named: "meeting_load.median_hours_per_week")?.metric.higherIsBetter == false)
        #expect(rubric.metric(named: "focus_time.share")?.metric.higherIsBetter == true)
        #expect(rubric.metric(named: "time_zones.coverage_hours") == nil)
    }

    @Test("levels come from the unrounded score: 79.996 is level 4")
    func levels() throws {
        let rubric = try Rubric.defaultRubric()
        let cases: [(Double, Int, String)] = [
            (0, 1, "Reactive"), (19.999, 1, "Reactive"), (20, 2, "Emerging"),
            (39.99, 2, "Emerging"), (40, 3, "Structured"), (59.5, 3, "Structured"), (60, 4, "Managed"),
            (79.996, 4, "Managed"), (80, 5, "Async-first"), (100, 5, "Async-first"),
        ]
        for (score, number, name) in cases {
            let level = rubric.level(for: score)
            #expect(level?.number == number, "score \(score)")
            #expect(level?.band.name == name, "score \(score)")
        }
        #expect(rubric.level(for: .nan) == nil)
    }

    @Test("the canonical TOML has one fixed layout and parses back to the same rubric")
    func canonicalTOML() throws {
        let rubric = try Rubric(toml: """
            # comment
            version = 3
            name = "Team \\"A\\""
            levels = [{ from = 0, name = "Low" }, { name = "High", from = 50.0 }]
            [[dimensions]]
            name = "Focus"
            [[dimensions.metrics]]
            target = 0.60
            floor = 0.2
            name = "focus_time.share"
            [[dimensions.metrics]]
            name = "focus_time.meeting_free_day_share"
            floor = 0
            target = 0.4
            weight = 2
            """, source: "a.toml", knownMetrics: specMetricNames)
        #expect(rubric.canonicalTOML == """
            name = "Team \\"A\\""
            version = "3"
            levels = [
                { name = "Low", from = 0.0 },
                { name = "High", from = 50.0 },
            ]

            [[dimensions]]
            name = "Focus"
            metrics = [
                { name = "focus_time.share", floor = 0.2, target = 0.6, weight = 1.0 },
                { name = "focus_time.meeting_free_day_share", floor = 0.0, target = 0.4, weight = 2.0 },
            ]

            """)
        #expect(try Rubric(toml: rubric.canonicalTOML, source: "canonical") == rubric)
        let defaultRubric = try Rubric.defaultRubric()
        #expect(try Rubric(toml: defaultRubric.canonicalTOML, source: "canonical") == defaultRubric)
    }

    @Test("FNV-1a 64 matches the reference vectors")
    func fnvVectors() {
        #expect(Rubric.fnv1a64Hex([]) == "cbf29ce484222325")
        #expect(Rubric.fnv1a64Hex(Array("a".utf8)) == "af63dc4c8601ec8c")
        #expect(Rubric.fnv1a64Hex(Array("foobar".utf8)) == "85944171f73967e8")
    }

    @Test("the fingerprint ignores comments and spelling and follows every value")
    func fingerprint() throws {
        let base = try Rubric(toml: rubricText(), source: "a")
        #expect(base.fingerprint == Rubric.fnv1a64Hex(Array(base.canonicalTOML.utf8)))
        #expect(base.fingerprint.count == 16)
        let respelled = try Rubric(toml: "# our rubric\n" + rubricText(
            metric: #"{ target = 0.60, name = "focus_time.share", floor = 0.20, weight = 1 }"#), source: "b")
        #expect(respelled.fingerprint == base.fingerprint)
        let reweighted = try Rubric(toml: rubricText(
            metric: #"{ name = "focus_time.share", floor = 0.2, target = 0.6, weight = 2 }"#), source: "c")
        #expect(reweighted.fingerprint != base.fingerprint)
        var renamed = base
        renamed.version = "4"
        #expect(renamed.fingerprint != base.fingerprint)
    }

    @Test("floor equal to target is rejected, naming the dimension and metric")
    func floorEqualsTarget() {
        #expect(rubricProblems(rubricText(metric: #"{ name = "focus_time.share", floor = 0.4, target = 0.40 }"#))
            == ["dimension \"Focus\", metric \"focus_time.share\": floor and target are both 0.4; set the target "
                + "above the floor when higher is better, below it when lower is better"])
    }

    @Test("a weight of zero or below is rejected")
    func weightNotPositive() {
        for (weight, shown) in [("0", "0.0"), ("-1.5", "-1.5")] {
            let text = rubricText(
                metric: "{ name = \"focus_time.share\", floor = 0.2, target = 0.6, weight = \(weight) }")
            #expect(rubricProblems(text) == [
                "dimension \"Focus\", metric \"focus_time.share\": weight \(shown) must be greater than 0; give a "
                + "positive weight (1 when left out), or remove the metric to leave it out of the score",
            ])
        }
    }

    @Test("a dimension without metrics is rejected, with or without the metrics key")
    func dimensionWithoutMetrics() {
        let expected = ["dimension \"Focus\" has no metrics; add at least one metric to it or remove the dimension"]
        #expect(rubricProblems(rubricText(metric: "")) == expected)
        #expect(rubricProblems(rubricText().replacingOccurrences(
            of: #"metrics = [ { name = "focus_time.share", floor = 0.2, target = 0.6 } ]"#, with: "")) == expected)
    }

    @Test("an unknown metric name is rejected with the nearest known name")
    func unknownMetric() {
        #expect(rubricProblems(rubricText(metric: #"{ name = "focus_time.shares", floor = 0.2, target = 0.6 }"#))
            == ["dimension \"Focus\", metric \"focus_time.shares\": unknown metric; did you mean "
                + "\"focus_time.share\"? (`maturity metric` lists the metric names)"])
        #expect(rubricProblems(rubricText(metric: #"{ name = "happiness.index", floor = 0.2, target = 0.6 }"#))
            == ["dimension \"Focus\", metric \"happiness.index\": unknown metric; "
                + "`maturity metric` lists the metric names"])
        // Without a list of known names, any name is accepted.
        #expect(rubricProblems(rubricText(metric: #"{ name = "happiness.index", floor = 0.2, target = 0.6 }"#),
                               known: nil) == [])
    }

    @Test("bad TOML is rejected with its line")
    func badTOML() {
        let problems = rubricProblems("name = \"x\"\nversion = \"1\"\nlevels = [ { name = \"Low\", from = = 0 } ]\n")
        #expect(problems.count == 1)
        #expect(problems.first?.hasPrefix("line 3, column ") == true, "\(problems)")
        #expect(problems.first?.hasSuffix("; fix the TOML syntax there") == true, "\(problems)")
    }

    @Test("level starts that do not increase are rejected")
    func bandsNotIncreasing() {
        let levels = #"[{ name = "Low", from = 0 }, { name = "Mid", from = 40 }, { name = "High", from = 30 }]"#
        #expect(rubricProblems(rubricText(levels: levels)) == [
            "level 3 (\"High\") starts at 30.0, not above level 2 (\"Mid\") at 40.0; level starts must increase",
        ])
        let equal = #"[{ name = "Low", from = 0 }, { name = "Mid", from = 0 }]"#
        #expect(rubricProblems(rubricText(levels: equal)) == [
            "level 2 (\"Mid\") starts at 0.0, not above level 1 (\"Low\") at 0.0; level starts must increase",
        ])
        let notFromZero = #"[{ name = "Low", from = 10 }, { name = "High", from = 120 }]"#
        #expect(rubricProblems(rubricText(levels: notFromZero)) == [
            "level 1 (\"Low\") starts at 10.0; the first level must start at 0 so that every score has a level",
            "level 2 (\"High\") starts at 120.0; level starts must be between 0 and 100",
        ])
    }

    @Test("typos, wrong types and missing keys are rejected, every problem listed")
    func keysAndTypes() {
        let text = """
            name = "Team rubric"
            levels = [{ name = "Low", from = 0 }]
            [[dimensions]]
            name = "Focus"
            metrics = [ { name = "focus_time.share", floor = "0.2", target = 0.6, wieght = 2 } ]
            """
        #expect(rubricProblems(text) == [
            "dimension \"Focus\", metric \"focus_time.share\": unknown key \"wieght\"; the keys here are "
                + "\"name\", \"floor\", \"target\", \"weight\"",
            "dimension \"Focus\", metric \"focus_time.share\": floor must be a number, found string; "
                + "write floor = 0.5 (no quotes)",
        ])
        #expect(rubricProblems(rubricText().replacingOccurrences(of: "version = \"3\"", with: "")) == [
            "the rubric has no version; add a line such as version = \"1\" at the top",
        ])
        #expect(rubricProblems(rubricText(metric: #"{ name = "focus_time.share", target = 0.6 }"#)) == [
            "dimension \"Focus\", metric \"focus_time.share\": floor is missing; add floor = <number>",
        ])
    }

    @Test("a metric scored twice is rejected")
    func duplicateMetric() {
        let text = rubricText() + """

            [[dimensions]]
            name = "Focus again"
            metrics = [ { name = "focus_time.share", floor = 0.2, target = 0.6 } ]
            """
        #expect(rubricProblems(text) == [
            "dimension \"Focus again\", metric \"focus_time.share\": already scored in dimension \"Focus\"; "
                + "score each metric in one dimension",
        ])
    }

    @Test("the error description names the file and lists every problem")
    func errorDescription() {
        let one = RubricError(source: "team.toml", problems: ["a problem"])
        #expect(one.description == "rubric team.toml: a problem")
        let two = RubricError(source: "team.toml", problems: ["first", "second"])
        #expect(two.description == "rubric team.toml has 2 problems:\n  - first\n  - second")
    }

    @Test("a rubric file is read from disk; a missing file names its path")
    func loadFromFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rubric-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("team.toml")
        try rubricText().write(to: file, atomically: true, encoding: .utf8)
        let rubric = try Rubric.load(contentsOf: file, knownMetrics: specMetricNames)
        #expect(rubric.name == "Team rubric")
        #expect(rubric.version == "3")
        #expect(rubric.dimensions.map(\.name) == ["Focus"])
        let missing = folder.appendingPathComponent("missing.toml")
        #expect(throws: RubricError.self) { try Rubric.load(contentsOf: missing) }
        do {
            _ = try Rubric.load(contentsOf: missing)
        } catch {
            #expect(error.source == missing.path)
            #expect(error.problems.first?.hasPrefix("cannot read the file as UTF-8 text") == true)
        }
    }

    @Test("edit distance")
    func editDistance() {
        #expect(Rubric.editDistance("kitten", "sitting") == 3)
        #expect(Rubric.editDistance("", "abc") == 3)
        #expect(Rubric.editDistance("same", "same") == 0)
    }
}
