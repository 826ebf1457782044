import ArgumentParser
import Foundation
import MaturityCore
import MaturityReport

struct Runs: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the import runs: when, what, which format, the input's SHA-256, counts per entity, warnings.",
        discussion: """
        Text shows the first 12 hex digits of each SHA-256; CSV and JSON carry all of them, and JSON also the
        warnings each run kept (the first 100).

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
            let runs = try storeOptions.open(readOnly: true).importRuns()
            // JSON carries more than the table (the warnings); text and CSV are the table.
            if format == .json {
                print(StoreReport.runsJSON(runs), terminator: "")
            } else {
                print(format.render(StoreReport.runsTable(runs, fullHashes: format == .csv)), terminator: "")
            }
        }
    }
}
