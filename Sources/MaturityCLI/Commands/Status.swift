import ArgumentParser
import Foundation
import MaturityCore
import MaturityReport

struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show what is in the store: counts, time span, import runs.",
        discussion: """
        Examples:
          maturity status
          maturity status --format json

        See Documentation/Schema.md.
        """)

    @OptionGroup var storeOptions: StoreOptions

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Option(name: [.customShort("f"), .long], help: "Output format: text or json.")
    var format: Format = .text

    func run() throws {
        try reportingErrors {
            let store = try storeOptions.open(readOnly: true)
            let settings = try store.settings()
            let counts = try store.counts()
            let span = try store.dataSpan()
            let runs = try store.importRuns()
            switch format {
            case .json:
                print(StoreReport.statusJSON(path: storeOptions.path, settings: settings, counts: counts, span: span,
                                             runs: runs), terminator: "")
            case .text:
                print(StoreReport.statusText(path: storeOptions.path, settings: SettingsCommand.describe(settings),
                                             counts: counts, span: span, runs: runs), terminator: "")
            }
        }
    }
}
