import Foundation
import MaturityTestSupport
import Testing

/// `metric` and `assess` run as a user runs them, on the conformance company `basic` (initialised and imported
/// once, as its ABOUT.md says: Europe/Berlin, 09:00-17:00, Mon-Fri, minimum group size 5). Values are checked
/// against `expected/metrics.csv` and `expected/scores.csv` (tolerance 1e-9). Teams: data 6, design 4,
/// platform 8, product 9, unassigned 4 members; design and unassigned are below the default minimum of 5.
@Suite(.basicConformanceStore)
struct CLIConformanceTests {
    static let teams = ["data", "design", "platform", "product", "unassigned"]
    static let members = ["data": 6, "design": 4, "platform": 8, "product": 9, "unassigned": 4]

    static func expected(_ metric: String, group: String) throws -> Double? {
        let row = try ConformanceData.expectedMetrics("basic").first { $0.metric == metric && $0.group == group }
        return try #require(row, "no expected value of \(metric) for \(group)").value
    }

    /// The data rows of `metric ... --format csv`, split into fields (no field of these outputs is quoted).
    static func csvRows(_ result: RunBinary.Result) -> [[String]] {
        lines(result.stdout).dropFirst().map { $0.components(separatedBy: ",") }
    }

    // MARK: status

    @Test func statusCountsTheImportedCompany() throws {
        let workspace = try sharedWorkspace()
        // Counted from the CSV files: people.csv has 31 rows (3 bots) whose aliases and e-mails merge every
        // identity into its person; 3 more people appear only as references (ext:contractor1,
        // guest@partner.example, slack:U0NEWCOMER): 34 persons, 31 of them members of a team. meetings.csv
        // has 889 occurrences (descriptions span several lines), messages.csv 113 distinct channels.
        #expect(try workspace.counts() == [
            "people": 34, "work_items": 156, "work_item_events": 315, "meetings": 889, "attendees": 3919,
            "messages": 1320, "channels": 113, "time_off": 0, "holidays": 0,
        ])
        let settings = try #require(try workspace.status()["settings"] as? [String: Any])
        #expect(settings["org_timezone"] as? String == "Europe/Berlin")
    }

    // MARK: metric

    @Test func metricByTeamSuppressesSmallTeams() throws {
        let workspace = try sharedWorkspace()
        let metric = "response_latency.median_hours"
        let result = workspace.run("metric", [metric, "--by", "team", "--quarter", "2026Q1", "--format", "csv"])
        #expect(result.status == 0, "\(result)")
        #expect(result.stderr == "")
        #expect(lines(result.stdout).first == "period,group_by,group,metric,value,n,status")
        let rows = Self.csvRows(result)
        #expect(rows.map { $0[2] } == Self.teams)
        for row in rows {
            #expect(row.count == 7)
            #expect(Array(row.prefix(2)) == ["2026Q1", "team"])
            #expect(row[3] == metric)
            if row[2] == "design" || row[2] == "unassigned" {
                #expect(Array(row[4...]) == ["", "", "suppressed"], "\(row)")
            } else {
                #expect(row[6] == "ok", "\(row)")
                #expect(Tolerance.matches(Double(row[4]), try Self.expected(metric, group: row[2])), "\(row)")
            }
        }
    }

    @Test(arguments: [(7, ["data", "design", "unassigned"]), (1, [])])
    func minGroupSizeDecidesWhatIsSuppressed(_ size: Int, _ suppressed: [String]) throws {
        let workspace = try sharedWorkspace()
        let metric = "response_latency.answered_rate"
        let result = workspace.run("metric", [metric, "--by", "team", "--quarter", "2026Q1", "--format", "csv",
                                              "--min-group-size", String(size)])
        #expect(result.status == 0, "\(result)")
        let rows = Self.csvRows(result)
        #expect(rows.filter { $0.last == "suppressed" }.map { $0[2] } == suppressed)
        for row in rows where row.last != "suppressed" {
            #expect(row.last == "ok")
            #expect(Tolerance.matches(Double(row[4]), try Self.expected(metric, group: row[2])), "\(row)")
        }
    }

    @Test func metricDefaultsToTheLatestFullQuarterAndTheOrganisation() throws {
        let workspace = try sharedWorkspace()
        // The data ends on 2026-04-02, too early in 2026Q2 for that quarter to count: 2026Q1 is the latest.
        let result = workspace.run("metric", ["focus_time.share", "--format", "csv"])
        #expect(result.status == 0, "\(result)")
        let rows = Self.csvRows(result)
        #expect(rows.count == 1)
        let row = try #require(rows.first)
        #expect(Array(row.prefix(4)) == ["2026Q1", "org", "all", "focus_time.share"])
        #expect(Tolerance.matches(Double(row[4]), try Self.expected("focus_time.share", group: "all")))
        #expect(row[6] == "ok")
        // The same period as an explicit date range.
        let range = workspace.run("metric", ["focus_time.share", "--from", "2026-01-01", "--to", "2026-03-31",
                                             "--format", "csv"])
        #expect(Self.csvRows(range).map { Array($0.dropFirst()) } == rows.map { Array($0.dropFirst()) })
    }

    @Test func metricByPersonNeedsConsentAndPartitionsTheRequests() throws {
        let workspace = try sharedWorkspace()
        let metric = "response_latency.answered_rate"
        let org = Self.csvRows(workspace.run("metric", [metric, "--quarter", "2026Q1", "--format", "csv"]))
        let orgRequests = try #require(org.first.flatMap { Int($0[5]) })
        #expect(orgRequests == 377)

        let result = workspace.run("metric", [metric, "--by", "person", "--allow-individuals", "--quarter",
                                              "2026Q1", "--format", "csv"])
        #expect(result.status == 0, "\(result)")
        #expect(lines(result.stdout).first == "period,group_by,group,metric,value,n,status")
        let rows = Self.csvRows(result)
        #expect(rows.allSatisfy { $0[1] == "person" && $0[3] == metric })
        #expect(Set(rows.map { $0[2] }).count == rows.count)
        #expect(rows.map { $0[2] }.contains("p01"))
        // Every request of the period belongs to exactly one person.
        #expect(rows.compactMap { Int($0[5]) }.reduce(0, +) == orgRequests)
    }

    @Test func metricByKindAndByChannel() throws {
        let workspace = try sharedWorkspace()
        let metric = "response_latency.answered_rate"
        // From expected/requests.csv: the period's requests that are not censored, and those answered within
        // 168 hours: direct 163 of 202, mention 65 of 82, thread 88 of 93.
        let byKind = Self.csvRows(workspace.run("metric", [metric, "--by", "kind", "--quarter", "2026Q1",
                                                           "--format", "csv"]))
        #expect(byKind.map { [$0[2], $0[5], $0[6]] } == [
            ["direct", "202", "ok"], ["mention", "82", "ok"], ["thread", "93", "ok"],
        ])
        for (row, expected) in zip(byKind, [163.0 / 202, 65.0 / 82, 88.0 / 93]) {
            #expect(Tolerance.matches(Double(row[4]), expected), "\(row)")
        }

        // Channels with fewer than 5 authors in the period are suppressed like teams (every direct conversation
        // is), and (v2) not named: they are one last row, with no value. Only these eight channels of basic have
        // five authors or more in 2026Q1 (counted from messages.csv and people.csv).
        let byChannel = Self.csvRows(workspace.run("metric", [metric, "--by", "channel", "--quarter", "2026Q1",
                                                              "--format", "csv"]))
        let large: Set = ["general", "random", "team-platform", "team-product", "product-private", "data-private",
                          "team-data", "platform-private"]
        let shown = byChannel.dropLast()
        #expect(!shown.isEmpty)
        #expect(shown.allSatisfy { large.contains($0[2]) && $0[6] != "suppressed" }, "\(shown)")
        let hidden = try #require(byChannel.last)
        #expect(Array(hidden[4...]) == ["", "", "suppressed"])
        let count = try #require(Int(hidden[2].dropFirst().prefix { $0 != " " }))
        #expect(count > 10)
        #expect(hidden[2] == "(\(count) channels below the minimum group size)")
        #expect(!byChannel.contains { $0[2].contains("dm-") })
        // The text output does not name them either.
        let text = workspace.run("metric", [metric, "--by", "channel", "--quarter", "2026Q1"])
        #expect(text.status == 0, "\(text)")
        #expect(!text.stdout.contains("dm-"))
        #expect(text.stdout.contains("(\(count) channels below the minimum group size)"))
    }

    @Test func metricByWeekAsJSON() throws {
        let workspace = try sharedWorkspace()
        let result = workspace.run("metric", ["response_latency.answered_rate", "--by", "week", "--quarter", "2026Q1",
                                              "--format", "json"])
        #expect(result.status == 0, "\(result)")
        let rows = try jsonRows(result.stdout)
        #expect(rows.allSatisfy {
            Set($0.keys) == ["period", "group_by", "group", "metric", "value", "n", "status"]
        })
        // 2026Q1 runs from Thursday 2026-01-01 (ISO week 1) to Tuesday 2026-03-31 (week 14).
        #expect(rows.compactMap { $0["group"] as? String } == (1...14).map { String(format: "2026-W%02d", $0) })
        #expect(rows.compactMap { ($0["n"] as? NSNumber)?.intValue }.reduce(0, +) == 377)
    }

    // MARK: assess

    @Test func assessJSONSuppressesSmallTeams() throws {
        let workspace = try sharedWorkspace()
        let result = workspace.run("assess", ["--quarter", "2026Q1", "--format", "json"])
        #expect(result.status == 0, "\(result)")
        #expect(result.stderr == "")
        #expect(result.stdout.hasPrefix("{\n  \"metrics_version\": 2,\n"))
        let report = try jsonObject(result.stdout)
        #expect((report["metrics_version"] as? NSNumber)?.intValue == 2)
        #expect((report["min_group_size"] as? NSNumber)?.intValue == 5)
        let period = try #require(report["period"] as? [String: Any])
        #expect(period["label"] as? String == "2026Q1")
        #expect(period["from"] as? String == "2026-01-01")
        #expect(period["to"] as? String == "2026-03-31")
        #expect(period["timezone"] as? String == "Europe/Berlin")
        #expect(report["comparison"] is NSNull)

        let groups = try #require(report["groups"] as? [[String: Any]])
        #expect(groups.compactMap { $0["group"] as? String } == Self.teams)
        for group in groups {
            let name = try #require(group["group"] as? String)
            let suppressed = name == "design" || name == "unassigned"
            #expect(group["suppressed"] as? Bool == suppressed, "\(name)")
            #expect((group["members"] as? NSNumber)?.intValue == Self.members[name], "\(name)")
            let metrics = try #require(group["metrics"] as? [String: Any])
            #expect(metrics.count == 34)
            if suppressed {
                #expect(metrics.values.allSatisfy { $0 is NSNull }, "\(name) shows values")
                #expect(group["score"] is NSNull, "\(name) shows a score")
            } else {
                for (metric, value) in metrics {
                    let expected = try Self.expected(metric, group: name)
                    #expect(Tolerance.matches((value as? NSNumber)?.doubleValue, expected), "\(name) \(metric)")
                }
            }
        }

        // The organisation: every metric and score.
        let org = try #require(report["org"] as? [String: Any])
        #expect((org["members"] as? NSNumber)?.intValue == 31)
        let orgMetrics = try #require(org["metrics"] as? [String: Any])
        #expect(Set(orgMetrics.keys) == Set(CLIMetricListTests.specOrder))
        for (metric, value) in orgMetrics {
            #expect(Tolerance.matches((value as? NSNumber)?.doubleValue, try Self.expected(metric, group: "all")),
                    "org \(metric)")
        }
        let score = try #require(org["score"] as? [String: Any])
        let dimensions = try #require(score["dimensions"] as? [String: Any])
        for expected in try ConformanceData.expectedScores("basic") where expected.group == "all" {
            let actual: Double? = switch expected.score {
            case "overall": (score["overall"] as? NSNumber)?.doubleValue
            case "level": (score["level"] as? NSNumber)?.doubleValue
            default: (dimensions[String(expected.score.dropFirst("dimension.".count))] as? NSNumber)?.doubleValue
            }
            #expect(Tolerance.matches(actual, expected.value), "\(expected)")
        }
    }

    @Test func assessOutputWritesTheFourFormats() throws {
        let workspace = try sharedWorkspace()
        let scratch = try Workspace("assess-output")
        defer { scratch.cleanUp() }
        let folder = scratch.path("reports/2026Q1")
        let result = workspace.run("assess", ["--quarter", "2026Q1", "--output", folder])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout == "")
        #expect(result.stderr == "wrote \(folder)/assessment.txt, \(folder)/assessment.csv, \(folder)/assessment.json, "
            + "\(folder)/assessment.html\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
            == ["assessment.csv", "assessment.html", "assessment.json", "assessment.txt"])
        // Each file holds exactly what --format prints; without --quarter the period is the same 2026Q1.
        for format in ["txt", "csv", "json", "html"] {
            let printed = workspace.run("assess", ["--format", format == "txt" ? "text" : format])
            #expect(printed.status == 0, "\(printed)")
            let written = try String(contentsOfFile: "\(folder)/assessment.\(format)", encoding: .utf8)
            #expect(written == printed.stdout, "assessment.\(format) differs from --format output")
        }
        #expect(lines(try String(contentsOfFile: "\(folder)/assessment.csv", encoding: .utf8)).first
            == "period,group_by,group,metric,value,n,status")
        #expect(lines(try String(contentsOfFile: "\(folder)/assessment.html", encoding: .utf8)).first
            == "<!DOCTYPE html>")

        // A file in the way of the folder: a run-time error.
        let blocked = workspace.run("assess", ["--quarter", "2026Q1", "--output", "\(folder)/assessment.txt"])
        expectRuntimeError(blocked, mentioning: ["\(folder)/assessment.txt", "--output"])
    }

    @Test func assessCompareAddsTheEarlierQuarter() throws {
        let workspace = try sharedWorkspace()
        let result = workspace.run("assess", ["--quarter", "2026Q1", "--compare", "2025Q4", "--format", "json"])
        #expect(result.status == 0, "\(result)")
        let report = try jsonObject(result.stdout)
        let comparison = try #require(report["comparison"] as? [String: Any])
        #expect(comparison["label"] as? String == "2025Q4")
        #expect(comparison["from"] as? String == "2025-10-01")
        #expect(comparison["to"] as? String == "2025-12-31")
        #expect((report["comparison_groups"] as? [Any])?.count == 5)
    }

    @Test func assessWithAMinimumGroupSizeOfOneShowsEveryTeam() throws {
        let workspace = try sharedWorkspace()
        let result = workspace.run("assess", ["--quarter", "2026Q1", "--format", "json", "--min-group-size", "1"])
        let groups = try #require(try jsonObject(result.stdout)["groups"] as? [[String: Any]])
        #expect(groups.allSatisfy { $0["suppressed"] as? Bool == false })
        for group in groups {
            let name = try #require(group["group"] as? String)
            let score = try #require(group["score"] as? [String: Any], "\(name) has no score")
            let expected = try ConformanceData.expectedScores("basic")
                .first { $0.group == name && $0.score == "overall" }
            #expect(Tolerance.matches((score["overall"] as? NSNumber)?.doubleValue, expected?.value), "\(name)")
        }
    }

    // MARK: rubric

    @Test func aCustomRubricScores() throws {
        let workspace = try sharedWorkspace()
        let scratch = try Workspace("rubric")
        defer { scratch.cleanUp() }
        let rubric = try scratch.writeFolder("rubrics", ["answers.toml": """
            name = "Answers only"
            version = 2
            levels = [{ name = "Low", from = 0 }, { name = "High", from = 50 }]

            [[dimensions]]
            name = "Answers"
            metrics = [{ name = "response_latency.answered_rate", floor = 0.5, target = 1.0 }]

            """]) + "/answers.toml"
        let result = workspace.run("assess", ["--quarter", "2026Q1", "--format", "json", "--rubric", rubric])
        #expect(result.status == 0, "\(result)")
        let report = try jsonObject(result.stdout)
        #expect((report["rubric"] as? [String: Any])?["name"] as? String == "Answers only")
        let score = try #require((report["org"] as? [String: Any])?["score"] as? [String: Any])
        // points = 100 × (answered_rate − 0.5) / (1.0 − 0.5); one dimension, so that is the overall score.
        let answered = try #require(try Self.expected("response_latency.answered_rate", group: "all"))
        #expect(Tolerance.matches((score["overall"] as? NSNumber)?.doubleValue, 100 * (answered - 0.5) / 0.5))
        #expect((score["level"] as? NSNumber)?.intValue == 2)
        #expect(score["level_name"] as? String == "High")
    }

    @Test func aBadRubricIsReportedWithItsPath() throws {
        let workspace = try sharedWorkspace()
        let scratch = try Workspace("bad-rubric")
        defer { scratch.cleanUp() }
        let folder = try scratch.writeFolder("rubrics", [
            "syntax.toml": "name = \"Broken\nversion = 1\n",
            "unknown.toml": """
                name = "Unknown metric"
                version = 1
                levels = [{ name = "Only", from = 0 }]
                [[dimensions]]
                name = "D"
                metrics = [{ name = "response_latency.fastest", floor = 0, target = 1 }]

                """,
        ])
        for file in ["syntax.toml", "unknown.toml", "missing.toml"] {
            let path = "\(folder)/\(file)"
            let result = workspace.run("assess", ["--quarter", "2026Q1", "--rubric", path])
            expectRuntimeError(result, mentioning: ["rubric \(path)", "--rubric"])
        }
        let unknown = workspace.run("assess", ["--quarter", "2026Q1", "--rubric", "\(folder)/unknown.toml"])
        #expect(unknown.stderr.contains("response_latency.fastest"))
    }
}
