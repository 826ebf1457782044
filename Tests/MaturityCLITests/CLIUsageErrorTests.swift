import Foundation
import MaturityTestSupport
import Testing

/// Usage errors: the executable exits 64 (EX_USAGE) before touching any store, prints nothing on stdout and
/// names the offending option or value on the first line of stderr.
@Suite struct CLIUsageErrorTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var arguments: [String]
        var naming: [String]
        var testDescription: String { arguments.joined(separator: " ") }
    }

    static let metric = "response_latency.median_hours"

    static let cases: [Case] = [
        Case(arguments: ["metric", metric, "--min-group-size", "0"], naming: ["--min-group-size", "0"]),
        Case(arguments: ["assess", "--min-group-size", "0"], naming: ["--min-group-size", "0"]),
        Case(arguments: ["init", "--min-group-size", "0"], naming: ["--min-group-size", "0"]),
        Case(arguments: ["assess", "--quarter", "2026Q5"], naming: ["--quarter", "2026Q5"]),
        Case(arguments: ["metric", metric, "--quarter", "Q1-2026"], naming: ["--quarter", "Q1-2026"]),
        Case(arguments: ["assess", "--compare", "2026Q0"], naming: ["--compare", "2026Q0"]),
        Case(arguments: ["assess", "--quarter", "2026Q1", "--from", "2026-01-01", "--to", "2026-01-31"],
             naming: ["--quarter", "--from/--to"]),
        Case(arguments: ["metric", metric, "--by", "person"], naming: ["--by person", "--allow-individuals"]),
        Case(arguments: ["metric", "ownership.unowned_rate", "--by", "week"],
             naming: ["--by week", "ownership.unowned_rate"]),
        Case(arguments: ["metric", "response_latency.median_hour"], naming: ["'response_latency.median_hour'"]),
        Case(arguments: ["metric", metric, "--from", "2026-01-01"], naming: ["--from", "--to"]),
        Case(arguments: ["metric", metric, "--to", "2026-01-31"], naming: ["--from", "--to"]),
        Case(arguments: ["metric", metric, "--from", "2026-02-01", "--to", "2026-01-31"], naming: ["--from/--to"]),
        Case(arguments: ["import", "slack-export", "a.csv"], naming: ["'slack-export'", "work-items"]),
        Case(arguments: ["import", "people"], naming: ["people"]),
        Case(arguments: ["import", "--timezone", "Nowhere/City", "people", "a.csv"],
             naming: ["--timezone", "Nowhere/City"]),
        Case(arguments: ["init", "--org-timezone", "Mars/Olympus_Mons"],
             naming: ["--org-timezone", "Mars/Olympus_Mons"]),
        // IANA names are case-sensitive.
        Case(arguments: ["settings", "--org-timezone", "europe/berlin"],
             naming: ["--org-timezone", "europe/berlin"]),
        Case(arguments: ["init", "--work-hours", "9-5"], naming: ["--work-hours", "'9-5'"]),
        Case(arguments: ["settings", "--work-hours", "09:00-25:00"], naming: ["--work-hours"]),
        Case(arguments: ["init", "--workdays", "Funday"], naming: ["--workdays"]),
        Case(arguments: ["status", "--format", "csv"], naming: ["--format"]),
        Case(arguments: ["sql", "SELECT 1", "--format", "xml"], naming: ["--format", "'xml'"]),
        Case(arguments: ["generate", "--people", "3", "--out", "unused"], naming: ["--people", "3"]),
        Case(arguments: ["generate", "--first-quarter", "2026Q7", "--out", "unused"],
             naming: ["--first-quarter", "2026Q7"]),
        Case(arguments: ["frobnicate"], naming: ["'frobnicate'"]),
    ]

    @Test(arguments: cases)
    func exitsWithUsageError(_ usage: Case) throws {
        let workspace = try Workspace("usage")
        defer { workspace.cleanUp() }
        // Run in the workspace, and commands that take a store get one there: a wrongly accepted command cannot
        // touch anything outside it.
        let takesStore = ["init", "settings", "import", "status", "assess", "metric", "sql"]
            .contains(usage.arguments.first ?? "")
        let result = RunBinary.run(takesStore
            ? Array(usage.arguments.prefix(1)) + ["--store", workspace.store] + usage.arguments.dropFirst()
            : usage.arguments, currentDirectory: workspace.url)
        expectUsageError(result, naming: usage.naming)
        // Validation happens before anything is opened or written: the workspace stays empty.
        #expect(try FileManager.default.contentsOfDirectory(atPath: workspace.url.path) == [])
    }

    @Test func noSubcommandPrintsTheUsage() {
        let result = RunBinary.run([])
        // ArgumentParser prints the help of the root command (which has no run()) on stdout and exits 0.
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.contains("USAGE: maturity <subcommand>"), "\(result)")
        for command in ["init", "settings", "import", "status", "assess", "metric", "sql", "generate", "demo"] {
            #expect(result.stdout.contains("\n  \(command) "), "subcommand \(command) missing from the help")
        }
    }

    @Test func versionIsPrinted() {
        let result = RunBinary.run(["--version"])
        #expect(result.status == 0)
        #expect(result.stdout == "0.1.0\n")
        #expect(result.stderr == "")
    }
}
