import ArgumentParser
import Foundation
import MaturitySample

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a deterministic fictional company as canonical CSV (the sample data, or benchmark data).")

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
        guard people >= 5 else { throw ValidationError("--people must be at least 5, got \(people)") }
        guard quarters >= 1 else { throw ValidationError("--quarters must be at least 1, got \(quarters)") }
        if let messages, messages < 0 { throw ValidationError("--messages must not be negative") }
        guard meetingsScale.isFinite, meetingsScale >= 0 else {
            throw ValidationError("--meetings-scale must be a number of at least 0, got \(meetingsScale)")
        }
        if let workItems, workItems < 0 { throw ValidationError("--work-items must not be negative") }
    }

    func run() throws {
        try reportingErrors {
            var configuration = SampleConfiguration(seed: seed, people: people, firstQuarter: firstQuarter, quarters: quarters)
            configuration.messages = messages
            configuration.meetingsScale = meetingsScale
            configuration.workItems = workItems
            let directory = URL(fileURLWithPath: out, isDirectory: true)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let summary = try SampleGenerator.write(configuration, to: directory)
            for (file, rows) in summary.files.sorted(by: { $0.key < $1.key }) {
                printError("\(directory.appendingPathComponent(file).path): \(rows) rows")
            }
        }
    }
}
