import ArgumentParser
import Foundation
import MaturityCore
import MaturityReport

struct Runs: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the import runs: when, what, which format, the input's SHA-256, counts per entity, warnings.",
        discussion: """
        Text shows the first 12 hex digits of each SHA-256; CSV and JSON carry all of them, and JSON also the
        warnings each run kept (the first 100). Text then lists the people overrides (people merge, split and
        set), which every import applies again (CSV and JSON stay one list of runs: people overrides --format json
        gives the overrides).

        Examples:
          maturity runs
          maturity runs --format json

        See Documentation/Importers.md.
        """)

    @OptionGroup var storeOptions: StoreOptions

    @Option(name: [.customShort("f"), .long], help: "Output format: text, csv or json.")
    var format: OutputFormat = .text

    func run() throws {
        try reportingErrors {
            let store = try storeOptions.open(readOnly: true)
            let runs = try store.importRuns()
            let overrides = try store.peopleOverrides()
            // JSON carries more than the table (the warnings); text and CSV are the table.
            if format == .json {
                print(StoreReport.runsJSON(runs), terminator: "")
            } else {
                print(format.render(StoreReport.runsTable(runs, fullHashes: format == .csv)), terminator: "")
                // The directory's overrides belong to the store's history too: text shows them after the runs
                // (CSV stays one table; `people overrides --format csv` has them).
                if format == .text && !overrides.isEmpty {
                    print("\npeople overrides (applied again after every import)")
                    print(format.render(PeopleReport.overridesTable(overrides)), terminator: "")
                }
            }
        }
    }
}
