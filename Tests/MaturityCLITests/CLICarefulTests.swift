import Foundation
import MaturityTestSupport
import Testing

/// Usage errors that say what was meant, and reports that are not overwritten by accident.
@Suite struct CLICarefulTests {
    @Test func usageErrorsSuggestWhatWasMeant() throws {
        let workspace = try Workspace("did-you-mean")
        defer { workspace.cleanUp() }
        expectUsageError(workspace.run("metric", ["response_latency.median_hour"]),
                         naming: ["unknown metric 'response_latency.median_hour'",
                                  "did you mean 'response_latency.median_hours'?"])
        expectUsageError(workspace.run("import", ["message", "a.csv"]),
                         naming: ["'message' is neither a format", "did you mean 'messages'?"])
        expectUsageError(workspace.run("init", ["--org-timezone", "europe/berlin"]),
                         naming: ["unknown time zone 'europe/berlin'", "did you mean 'Europe/Berlin'?"])
        expectUsageError(workspace.run("init", ["--org-timezone", "Mars/Olympus_Mons"]),
                         naming: ["unknown time zone 'Mars/Olympus_Mons'", "use an IANA name"])
        for command in ["init", "assess", "metric"] {
            let result = workspace.run(command, ["--min-group-size", "-1"])
            expectUsageError(result, naming: ["--min-group-size must be at least 1, got -1"])
        }
    }

    @Test func outputRefusesToReplaceReportsWithoutForceAndSaysWhatItWrote() throws {
        let workspace = try Workspace("output-force")
        defer { workspace.cleanUp() }
        try workspace.initialiseAndImport(try workspace.writeFolder("export", SmallCompany.files))
        let folder = workspace.path("reports")
        let first = workspace.run("assess", ["--quarter", "2026Q1", "-o", folder])
        #expect(first.status == 0, "\(first)")
        // The small company's data covers only a few days of the quarter: each kind is said (metrics v2).
        #expect(first.stderr == """
            warning: messages cover 2 of 90 days of 2026Q1 (2026-01-05 to 2026-01-06): values of the rest of the \
            period rest on no data of that kind
            warning: meetings cover 8 of 90 days of 2026Q1 (2026-01-07 to 2026-01-14): values of the rest of the \
            period rest on no data of that kind
            warning: work items cover 3 of 90 days of 2026Q1 (2026-01-05 to 2026-01-07): values of the rest of the \
            period rest on no data of that kind
            wrote \(folder)/assessment.txt, \(folder)/assessment.csv, \(folder)/assessment.json, \
            \(folder)/assessment.html

            """)
        try Data("mine\n".utf8).write(to: URL(fileURLWithPath: folder + "/assessment.csv"))
        let again = workspace.run("assess", ["--quarter", "2026Q1", "--output", folder])
        expectRuntimeError(again, mentioning: ["\(folder) already holds assessment.txt, assessment.csv, assessment.json, assessment.html",
                                               "nothing was written", "--force"])
        #expect(try String(contentsOfFile: folder + "/assessment.csv", encoding: .utf8) == "mine\n")
        let forced = workspace.run("assess", ["--quarter", "2026Q1", "--output", folder, "--force"])
        #expect(forced.status == 0, "\(forced)")
        #expect(forced.stderr.hasSuffix("(replacing 4)\n"))
        #expect(try String(contentsOfFile: folder + "/assessment.csv", encoding: .utf8) != "mine\n")
    }
}
