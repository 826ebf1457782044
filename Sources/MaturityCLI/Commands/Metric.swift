import ArgumentParser
import Foundation
import MaturityCore
import MaturityMetrics
import MaturityReport

struct Metric: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "One metric for a period, grouped; without a name, list every metric.",
        discussion: """
        Without a period, the latest full quarter of the data; without --by, the organisation as one group.

        Examples:
          maturity metric
          maturity metric response_latency.median_hours --quarter 2026Q3 --by team
          maturity metric focus_time.share -q 2026Q3 --by week -f csv

        See Documentation/Metrics.md.
        """)

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var periodOptions: PeriodOptions
    @OptionGroup var groupSizeOptions: GroupSizeOptions

    @Argument(help: "The metric's name, e.g. response_latency.median_hours.")
    var name: String?

    @Option(name: .long, help: "Group by org, team, week, channel, kind or person.")
    var by: GroupBy = .org

    @Flag(name: .customLong("allow-individuals"), help: "Allow --by person (per-person output).")
    var allowIndividuals = false

    @Option(name: [.customShort("f"), .long], help: "Output format: text, csv or json.")
    var format: OutputFormat = .text

    func validate() throws {
        guard let name else { return }
        guard let definition = MetricCatalog.definition(name) else {
            throw ValidationError("unknown metric '\(name)'"
                + Suggestions.hint(name, among: MetricCatalog.definitions.map(\.name))
                + " ('maturity metric' lists them all)")
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
                print(format.render(table), terminator: "")
                return
            }
            let store = try storeOptions.open(readOnly: true)
            let settings = try store.settings()
            let period = try periodOptions.period(zone: settings.timeZone, store: store)
            let dataset = try DatasetLoader.load(store, periods: [period], streamingMessages: true)
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
            print(format.render(table), terminator: "")
        }
    }
}

extension GroupBy: ExpressibleByArgument {}
