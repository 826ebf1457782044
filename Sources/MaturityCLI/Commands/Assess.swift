import ArgumentParser
import Foundation
import MaturityCore
import MaturityMetrics

struct Assess: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The quarterly assessment: every metric, the maturity score and level, per team.",
        discussion: """
        Without a period, the latest full quarter of the data. Teams smaller than the minimum group size (the
        store's setting, or --min-group-size) are shown only as suppressed.

        Examples:
          maturity assess --quarter 2026Q3 --compare 2026Q2
          maturity assess -q 2026Q3 --compare 2026Q2 --format html > assessment.html
          maturity assess --from 2026-07-01 --to 2026-07-31 --format json

        See Documentation/Metrics.md and Documentation/Reports.md.
        """)

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var periodOptions: PeriodOptions
    @OptionGroup var groupSizeOptions: GroupSizeOptions

    @Option(name: .long, help: ArgumentHelp("Compare with this quarter (e.g. the previous one).", valueName: "quarter"))
    var compare: String?

    @Option(name: .long, help: ArgumentHelp("A rubric TOML file replacing the default (see Documentation/Metrics.md).", valueName: "file"))
    var rubric: String?

    @Option(name: [.customShort("f"), .long], help: "Output format: text, csv, json or html (one self-contained page).")
    var format: ReportFormat = .text

    @Option(name: [.customShort("o"), .long],
            help: ArgumentHelp("Write every format into this folder (assessment.txt, .csv, .json, .html).", valueName: "dir"))
    var output: String?

    @Flag(name: .long, help: "With --output: replace reports already in the folder.")
    var force = false

    @Flag(name: .customLong("allow-empty"),
          help: "Show the report of a period that lies outside the data (every value undefined) instead of refusing it.")
    var allowEmpty = false

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
                                                 minGroupSize: groupSizeOptions.minGroupSize,
                                                 allowEmpty: allowEmpty, details: output != nil || format == .html,
                                                 warn: { printError("warning: " + $0) },
                                                 pointer: format == .text && output == nil ? { printError($0) } : nil)
            if let output {
                let folder = URL(fileURLWithPath: output, isDirectory: true)
                let existing = Self.reportNames.filter {
                    FileManager.default.fileExists(atPath: folder.appendingPathComponent($0).path)
                }
                if !existing.isEmpty && !force {
                    throw CLIError("\(output) already holds \(existing.joined(separator: ", ")); nothing was written",
                                   fix: "add --force to replace them, or name another folder with --output")
                }
                do { try Self.write(assessment, to: folder) } catch {
                    throw CLIError("cannot write the reports into \(output): \(error.localizedDescription)",
                                   fix: "name a folder you can write to (or a new one) with --output")
                }
                printError("wrote " + Self.reportNames.map { folder.appendingPathComponent($0).path }
                    .joined(separator: ", ") + (existing.isEmpty ? "" : " (replacing \(existing.count))"))
            } else {
                print(format.render(assessment), terminator: "")
            }
        }
    }

    /// The assessment of the period. Metrics v2: a period that lies entirely outside the data is refused (unless
    /// `allowEmpty`), one only partly covered is warned about (`warn`), and so are holiday calendars that people
    /// use but no holiday file holds. `details`: with the weekly trends and distributions only the HTML report
    /// shows.
    static func assessment(store: Store, periodOptions: PeriodOptions, compare: String?, rubricPath: String?,
                           minGroupSize: Int?, allowEmpty: Bool = false, details: Bool = true,
                           warn: (String) -> Void = { _ in },
                           pointer: ((String) -> Void)? = nil) throws -> Assessment {
        let settings = try store.settings()
        let period = try periodOptions.period(zone: settings.timeZone, store: store)
        let comparison = try compare.map { try Period.quarter($0, zone: settings.timeZone) }
        let rubric = try rubricPath.map { try Self.loadRubric($0) }
            ?? Rubric.defaultRubric(knownMetrics: MetricCatalog.names)
        // The data check's pointer gathers what it needs of the messages in the same pass (the messages are
        // not kept).
        let tally = pointer == nil ? nil : DoctorMessageTally(period: period)
        let dataset = try DatasetLoader.load(store, periods: [period] + (comparison.map { [$0] } ?? []),
                                             streamingMessages: true, observe: tally.map { tally in { tally.add($0) } })
        try checkCoverage(dataset, period: period, allowEmpty: allowEmpty, warn: warn)
        for calendar in dataset.holidayCalendarsWithoutDates {
            warn("the holiday calendar '\(calendar)' is used but no imported holidays.csv holds it: its people have "
                + "no public holidays (import its holidays.csv, or correct the name)")
        }
        if let pointer {
            // One line when the data check would find something, beside the text report on stdout only (CSV, JSON
            // and --output go to scripts and files).
            let findings = try Doctor.findings(store: store, period: period, settings: settings, dataset: dataset,
                                               tally: tally)
            if !findings.isEmpty { pointer(Doctor.pointer(findings, period: period)) }
        }
        return Assessor.assess(dataset, period: period, comparison: comparison, rubric: rubric,
                               minGroupSize: minGroupSize ?? settings.minGroupSize, details: details)
    }

    /// Refuses a period no data reaches; warns for each kind of data that covers only part of it.
    static func checkCoverage(_ dataset: Dataset, period: Period, allowEmpty: Bool,
                              warn: (String) -> Void) throws {
        let coverage = DataCoverage.of(dataset, period: period)
        let zone = period.timeZone
        func day(_ t: Instant) -> String { LocalDate.of(t, in: zone).description }
        if !allowEmpty, coverage.allSatisfy({ $0.coveredDays == 0 }) {
            guard let first = coverage.map(\.first).min(), let last = coverage.map(\.last).max() else {
                throw CLIError("the store holds no data to assess \(period.label) with",
                               fix: "import data first (maturity import FOLDER), or add --allow-empty")
            }
            throw CLIError("\(period.label) lies outside the data, which spans \(day(first)) to \(day(last))",
                           fix: "choose a period within the data (or leave out the period for the latest full "
                            + "quarter), or add --allow-empty to see the report with every value undefined")
        }
        for kind in coverage where kind.coveredDays > 0 && kind.coveredDays < kind.periodDays {
            warn("\(kind.kind) cover \(kind.coveredDays) of \(kind.periodDays) days of \(period.label) (\(day(kind.first)) "
                + "to \(day(kind.last))): values of the rest of the period rest on no data of that kind")
        }
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

    /// The files `--output` writes.
    static let reportNames = ReportFormat.allCases.map { "assessment.\($0.fileExtension)" }

    /// Writes the assessment in every format into `directory`: `assessment.txt`, `assessment.csv`,
    /// `assessment.json`, `assessment.html`.
    static func write(_ assessment: Assessment, to directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for format in ReportFormat.allCases {
            try Data(format.render(assessment).utf8)
                .write(to: directory.appendingPathComponent("assessment." + format.fileExtension))
        }
    }
}
