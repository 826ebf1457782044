import ArgumentParser
import Foundation
import MaturityCore
import MaturityMetrics
import MaturityReport

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
                switch format {
                case .text: print(TextRenderer.render(assessment), terminator: "")
                case .csv: print(CSVRenderer.render(assessment), terminator: "")
                case .json: print(JSONRenderer.render(assessment), terminator: "")
                }
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

    static func write(_ assessment: Assessment, to directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data(TextRenderer.render(assessment).utf8).write(to: directory.appendingPathComponent("assessment.txt"))
        try Data(CSVRenderer.render(assessment).utf8).write(to: directory.appendingPathComponent("assessment.csv"))
        try Data(JSONRenderer.render(assessment).utf8).write(to: directory.appendingPathComponent("assessment.json"))
    }
}

struct Metric: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "One metric for a period, grouped; without a name, list every metric.")

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var periodOptions: PeriodOptions
    @OptionGroup var groupSizeOptions: GroupSizeOptions

    @Argument(help: "The metric's name, e.g. response_latency.median_hours.")
    var name: String?

    @Option(name: .long, help: "Group by org, team, week, channel, kind or person.")
    var by: GroupBy = .org

    @Flag(name: .customLong("allow-individuals"), help: "Allow --by person (per-person output).")
    var allowIndividuals = false

    @Option(name: .long, help: "Output format: text, csv or json.")
    var format: OutputFormat = .text

    func validate() throws {
        guard let name else { return }
        guard let definition = MetricCatalog.definition(name) else {
            throw ValidationError("unknown metric '\(name)'; run 'maturity metric' to list them")
        }
        if by == .person && !allowIndividuals {
            throw ValidationError("--by person shows individuals: add --allow-individuals to confirm")
        }
        if by != .org && by != .team && !definition.groupings.contains(by) {
            let allowed = (["org", "team"] + definition.groupings.map(\.rawValue).sorted()).joined(separator: ", ")
            throw ValidationError("--by \(by.rawValue): \(name) can be grouped by \(allowed)")
        }
    }

    func run() throws {
        try reportingErrors {
            guard let name else {
                let table = DataTable(columns: ["metric", "definition"],
                                  rows: MetricCatalog.definitions.map { [.text($0.name), .text($0.summary)] })
                switch format {
                case .text: print(TableRenderer.text(table), terminator: "")
                case .csv: print(TableRenderer.csv(table), terminator: "")
                case .json: print(TableRenderer.json(table), terminator: "")
                }
                return
            }
            let store = try storeOptions.open(readOnly: true)
            let settings = try store.settings()
            let period = try periodOptions.period(zone: settings.timeZone, store: store)
            let dataset = try DatasetLoader.load(store, periods: [period])
            let values = Assessor.query(dataset, metric: name, period: period, groupBy: by,
                                        minGroupSize: groupSizeOptions.minGroupSize ?? settings.minGroupSize)
            // Text rounds for display (like the assessment); CSV and JSON carry full precision.
            let unit = MetricCatalog.definition(name)?.unit ?? .number
            let table = DataTable(columns: ["period", "group_by", "group", "metric", "value", "n", "status"],
                              rows: values.map { v in
                [.text(period.label), .text(by.rawValue), .text(v.group), .text(name),
                 v.value.value.map { format == .text ? .text(Formatting.displayValue($0, unit: unit)) : .number($0) }
                    ?? .null,
                 v.status == .suppressed ? .null : .integer(Int64(v.value.n)), .text(v.status.rawValue)]
            })
            switch format {
            case .text: print(TableRenderer.text(table), terminator: "")
            case .csv: print(TableRenderer.csv(table), terminator: "")
            case .json: print(TableRenderer.json(table), terminator: "")
            }
        }
    }
}

extension GroupBy: ExpressibleByArgument {}
