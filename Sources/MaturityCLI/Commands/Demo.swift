import ArgumentParser
import Foundation
import MaturityCore
import MaturityImport
import MaturityMetrics
import MaturityReport

struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import datasets/sample into a fresh store under .demo/, assess its latest full quarter against "
            + "the one before, write the reports to reports/sample/ and print the text report.",
        discussion: """
        Before it assesses, the demo fixes the problems planted in the sample's directory the way the README's
        tour does, with the people commands maturity doctor proposes (people merge, people set --bot).

        Examples:
          maturity demo
          maturity demo --workdir demo-store --output demo-reports

        See README.md (the tour).
        """)

    @Option(name: .long, help: ArgumentHelp("The sample folder.", valueName: "dir"))
    var dataset: String = "datasets/sample"

    @Option(name: .long, help: ArgumentHelp("Where the demo store goes (git-ignored).", valueName: "dir"))
    var workdir: String = ".demo"

    @Option(name: .long, help: ArgumentHelp("Where the reports go.", valueName: "dir"))
    var output: String = "reports/sample"

    /// The sample company's settings (datasets/sample/README.md).
    static let organisation: OrganisationSettings = {
        var settings = OrganisationSettings()
        settings.timeZone = TimeZone(identifier: "Europe/Berlin")!
        settings.schedule.timeZone = settings.timeZone
        settings.holidayCalendar = "de"
        return settings
    }()

    /// The sample's last day: its calendar series are expanded up to it (`--until`), so the demo does not depend
    /// on today's date.
    static let calendarUntil = LocalDate(year: 2026, month: 9, day: 30)

    func run() throws {
        try reportingErrors {
            let assessment = try Self.assessSample(dataset: dataset, workdir: workdir, log: printError)
            try Assess.write(assessment, to: URL(fileURLWithPath: output, isDirectory: true))
            printError("reports written to \(output)/ (assessment.txt, assessment.csv, assessment.json, assessment.html)\n")
            print(TextRenderer.render(assessment), terminator: "")
        }
    }

    /// Imports the sample into a fresh store in `workdir` and assesses its latest full quarter against the
    /// quarter before. Deterministic: the same sample gives the same assessment (the reports test relies on it).
    static func assessSample(dataset: String, workdir: String, log: (String) -> Void) throws -> Assessment {
        let folder = URL(fileURLWithPath: dataset, isDirectory: true)
        guard FileManager.default.fileExists(atPath: folder.path) else {
            throw CLIError("there is no sample data at \(dataset)", fix: "run the demo from the repository's top folder")
        }
        try FileManager.default.createDirectory(atPath: workdir, withIntermediateDirectories: true)
        let path = (workdir as NSString).appendingPathComponent("sample.sqlite")
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        let store = try Store(path: path)
        try store.save(organisation)
        let session = ImportSession(store: store)
        // The sample's Jira CSV writes dates in the company's zone, without an offset, as Jira does; its
        // calendars hold open-ended series.
        let plan = try ImportFormats.plan(folder: folder, options: ImportOptions(timeZone: organisation.timeZone,
                                                                                 until: calendarUntil))
        for input in plan.inputs {
            log(try session.run(input.importer, path: input.url).line)
        }
        let counts = try store.counts().all.map { "\($0.name) \($0.count)" }
        log("store \(path): " + counts.joined(separator: ", "))
        // The sample's planted problems, fixed as the README's tour fixes them: with the people commands the data
        // check proposes (merges and bot flags; its other findings need new data, not a command).
        let checked = try PeriodOptions.latestFullQuarter(store: store, zone: organisation.timeZone)
        for finding in try Doctor.findings(store: store, period: checked, settings: organisation) {
            for fix in finding.peopleFixes {
                switch fix {
                case let .merge(keep, other): _ = try store.merge(keep, [other])
                case let .flagBot(reference): _ = try store.set(reference, PersonChanges(isBot: true))
                }
                log("data check fix: \(fix.command)")
            }
        }
        let period = try PeriodOptions.latestFullQuarter(store: store, zone: organisation.timeZone)
        let left = try Doctor.findings(store: store, period: period, settings: organisation)
        if !left.isEmpty { log(Doctor.pointer(left, period: period)) }
        let comparison = period.previous()
        log("assessing \(period.label) against \(comparison.label)\n")
        let dataset = try DatasetLoader.load(store, periods: [period, comparison], streamingMessages: true)
        return Assessor.assess(dataset, period: period, comparison: comparison,
                               rubric: try Rubric.defaultRubric(knownMetrics: MetricCatalog.names),
                               minGroupSize: organisation.minGroupSize)
    }
}
