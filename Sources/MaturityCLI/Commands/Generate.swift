import ArgumentParser
import Foundation
import MaturityCore
import MaturitySample

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a deterministic fictional company as canonical CSV (the sample data, or benchmark data).",
        discussion: """
        Examples:
          maturity generate --seed 7 --people 40 --out sample-company
          maturity generate --seed 11 --people 60 --out another-company

        See datasets/sample/ and BENCHMARKS.md.
        """)

    @Option(name: .long, help: "Random seed: the same seed writes the same bytes.")
    var seed: UInt64 = 42

    @Option(name: .long, help: "Number of people.")
    var people: Int = 40

    @Option(name: .long, help: "Exact number of message rows (default: the natural volume).")
    var messages: Int?

    @Option(name: .customLong("meetings-scale"),
            help: "Multiplies the rate of ad-hoc meetings and focus blocks (recurring series keep their cadence).")
    var meetingsScale: Double = 1

    @Option(name: .customLong("work-items"), help: "Exact number of work items (default: the natural volume).")
    var workItems: Int?

    @Option(name: .customLong("first-quarter"), help: "First quarter of data, like 2026Q2.")
    var firstQuarter: String = "2026Q2"

    @Option(name: .long, help: "Number of consecutive quarters.")
    var quarters: Int = 2

    @Option(name: .long, help: ArgumentHelp("Output folder (created when missing).", valueName: "dir"))
    var out: String

    func validate() throws {
        guard (5...5_000).contains(people) else { throw ValidationError("--people must be between 5 and 5000, got \(people)") }
        guard (1...8).contains(quarters) else { throw ValidationError("--quarters must be between 1 and 8, got \(quarters)") }
        if let messages, messages < 0 || messages > 500_000_000 {
            throw ValidationError("--messages must be between 0 and 500000000, got \(messages)")
        }
        guard meetingsScale.isFinite, meetingsScale >= 0, meetingsScale <= 1_000 else {
            throw ValidationError("--meetings-scale must be a number between 0 and 1000, got \(meetingsScale)")
        }
        if let workItems, workItems < 0 || workItems > 50_000_000 {
            throw ValidationError("--work-items must be between 0 and 50000000, got \(workItems)")
        }
        do {
            let quarter = try Period.quarter(firstQuarter, zone: OrganisationSettings.utc)
            guard (1971...9998).contains(quarter.firstDate.year) else {
                throw ValidationError("--first-quarter: the year must be between 1971 and 9998, got \(firstQuarter)")
            }
        } catch let error as PeriodError {
            throw ValidationError("--first-quarter: \(error.message)")
        }
    }

    func run() throws {
        try reportingErrors {
            // validate() accepted the quarter; hand the generator its canonical label (`2026-Q2` → `2026Q2`).
            let label = (try? Period.quarter(firstQuarter, zone: OrganisationSettings.utc).label) ?? firstQuarter
            var configuration = SampleConfiguration(seed: seed, people: people, firstQuarter: label, quarters: quarters)
            configuration.messages = messages
            configuration.meetingsScale = meetingsScale
            configuration.workItems = workItems
            let directory = URL(fileURLWithPath: out, isDirectory: true)
            do { try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true) } catch {
                throw CLIError("cannot create the folder \(out): \(error.localizedDescription)",
                               fix: "name a folder you can write to with --out")
            }
            var files = try SampleGenerator.write(configuration, to: directory).files
            // Some teams' work items as their trackers export them (Jira CSV and JSON, GitHub).
            files.merge(try TrackerExports.write(in: directory)) { $1 }
            for (file, rows) in files.sorted(by: { $0.key < $1.key }) {
                printError("\(directory.appendingPathComponent(file).path): \(rows) rows")
            }
        }
    }
}
