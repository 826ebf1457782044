import ArgumentParser
import Foundation
import MaturityCore
import MaturityMetrics

struct Assess: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The quarterly assessment: every metric, the maturity score and level, per team.")

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var periodOptions: PeriodOptions
    @OptionGroup var groupSizeOptions: GroupSizeOptions

    @Option(name: .long, help: ArgumentHelp("Compare with this quarter (e.g. the previous one).", valueName: "quarter"))
    var compare: String?

    @Option(name: .long, help: ArgumentHelp("A rubric TOML file replacing the default (see Documentation/Metrics.md).", valueName: "file"))
    var rubric: String?

    @Option(name: .long, help: "Output format: text, csv or json.")
    var format: OutputFormat = .text

    @Option(name: .long, help: ArgumentHelp("Write every format into this folder (assessment.txt, .csv, .json).", valueName: "dir"))
    var output: String?

    func validate() throws {
        if let compare {
            do { _ = try Period.quarter(compare, zone: TimeZone(identifier: "UTC")!) } catch {
                throw ValidationError("--compare: \(error.message)")
            }
        }
    }

    func run() throws {
        try reportingErrors {
            let assessment = try Self.assessment(store: try storeOptions.open(readOnly: true), periodOptions: periodOptions,
                                                 compare: compare, rubricPath: rubric,
                                                 minGroupSize: groupSizeOptions.minGroupSize)
            if let output {
                do { try Self.write(assessment, to: URL(fileURLWithPath: output, isDirectory: true)) } catch {
                    throw CLIError("cannot write the reports into \(output): \(error.localizedDescription)",
                                   fix: "name a folder you can write to (or a new one) with --output")
                }
                printError("wrote assessment.txt, assessment.csv and assessment.json to \(output)")
            } else {
                print(format.render(assessment), terminator: "")
            }
        }
    }

    static func assessment(store: Store, periodOptions: PeriodOptions, compare: String?, rubricPath: String?,
                           minGroupSize: Int?) throws -> Assessment {
        let settings = try store.settings()
        let period = try periodOptions.period(zone: settings.timeZone, store: store)
        let comparison = try compare.map { try Period.quarter($0, zone: settings.timeZone) }
        let rubric = try rubricPath.map { try Self.loadRubric($0) }
            ?? Rubric.defaultRubric(knownMetrics: MetricCatalog.names)
        let dataset = try DatasetLoader.load(store, periods: [period] + (comparison.map { [$0] } ?? []))
        return Assessor.assess(dataset, period: period, comparison: comparison, rubric: rubric,
                               minGroupSize: minGroupSize ?? settings.minGroupSize)
    }

    /// The rubric of `--rubric`; its problems become a `CLIError` naming the file.
    static func loadRubric(_ path: String) throws -> Rubric {
        do {
            return try Rubric.load(contentsOf: URL(fileURLWithPath: path), knownMetrics: MetricCatalog.names)
        } catch {
            throw CLIError("\(error)", fix: "correct \(path) (the format is in Documentation/Metrics.md), "
                + "or leave out --rubric to use the default rubric")
        }
    }

    /// Writes the assessment in every format into `directory`: `assessment.txt`, `assessment.csv`,
    /// `assessment.json`.
    static func write(_ assessment: Assessment, to directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for format in OutputFormat.allCases {
            try Data(format.render(assessment).utf8)
                .write(to: directory.appendingPathComponent("assessment." + format.fileExtension))
        }
    }
}
