import ArgumentParser
import Foundation
import MaturityCore
import MaturityMetrics
import MaturityReport

/// `maturity doctor`: what in the data could mislead an assessment, before anyone trusts one.
struct Doctor: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the data before trusting an assessment: what could mislead it, and the command that fixes it.",
        discussion: """
        Checks: people without a time zone or team, people who look like one person but are not merged,
        accounts that behave like bots but are not flagged, weeks with unusually little activity, sources that
        cover only part of the period, a Slack export of public channels only, calendars exported for only some
        people, timestamps in the future, teams below the minimum group size (counted, never named). Each
        finding says which metrics it affects, how large it is, and how to fix it.

        Exits 0 when nothing is found, 1 with findings (--exit-zero: 0 either way, for scripts that read the
        report). assess prints a one-line pointer to stderr when doctor would find something.

        Examples:
          maturity doctor --quarter 2026Q2 --exit-zero
          maturity doctor --format json --exit-zero

        See Documentation/People.md.
        """)

    @OptionGroup var storeOptions: StoreOptions

    @Option(name: [.customShort("q"), .long],
            help: ArgumentHelp("A quarter, like 2026Q3 (default: the latest full quarter of the data).", valueName: "quarter"))
    var quarter: String?

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Option(name: [.customShort("f"), .long], help: "Output format: text or json.")
    var format: Format = .text

    @Flag(name: .customLong("exit-zero"), help: "Exit 0 even with findings.")
    var exitZero = false

    func validate() throws {
        if let quarter {
            do { _ = try Period.quarter(quarter, zone: TimeZone(identifier: "UTC")!) } catch {
                throw ValidationError("--quarter: \(error.message)")
            }
        }
    }

    func run() throws {
        let findings: [DoctorFinding] = try reportingErrors {
            let store = try storeOptions.open(readOnly: true)
            let settings = try store.settings()
            let period = try quarter.map { try Period.quarter($0, zone: settings.timeZone) }
                ?? PeriodOptions.latestFullQuarter(store: store, zone: settings.timeZone)
            let findings = try Self.findings(store: store, period: period, settings: settings)
            print(format == .json ? DoctorReport.json(findings, period: period.label)
                  : DoctorReport.text(findings, period: period.label), terminator: "")
            return findings
        }
        if !findings.isEmpty && !exitZero { throw ExitCode(1) }
    }

    /// What `assess` prints when the data check would find something: one line.
    static func pointer(_ findings: [DoctorFinding], period: Period) -> String {
        let checks = findings.map(\.check).joined(separator: ", ")
        return "note: the data check finds \(findings.count) thing\(findings.count == 1 ? "" : "s") that could "
            + "mislead this assessment (\(checks)): run 'maturity doctor"
            + (period.isQuarter ? " --quarter \(period.label)'" : "'")
    }

    /// The findings of `period`, now being the clock's time.
    static func findings(store: Store, period: Period, settings: OrganisationSettings,
                         dataset loaded: Dataset? = nil, tally: DoctorMessageTally? = nil) throws -> [DoctorFinding] {
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let (dataset, facts): (Dataset, DoctorFacts)
        if let loaded {
            (dataset, facts) = (loaded, try store.doctorFacts(now: now))
        } else {
            // One snapshot: the people of the dataset and of the facts are the same rows.
            (dataset, facts) = try store.read { db in
                (try DatasetLoader.load(db, organisation: settings, periods: [period]), try Store.doctorFacts(db, now: now))
            }
        }
        return MaturityMetrics.Doctor.check(dataset, facts: facts, period: period, now: now,
                                            minGroupSize: settings.minGroupSize, tally: tally)
    }
}
