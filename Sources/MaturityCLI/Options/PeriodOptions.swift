import ArgumentParser
import Foundation
import MaturityCore
import MaturityMetrics

struct PeriodOptions: ParsableArguments {
    @Option(name: [.customShort("q"), .long],
            help: ArgumentHelp("A quarter, like 2026Q3 (default: the latest full quarter of the data).", valueName: "quarter"))
    var quarter: String?

    @Option(name: .long, help: ArgumentHelp("First date of a date range (with --to).", valueName: "YYYY-MM-DD"))
    var from: String?

    @Option(name: .long, help: ArgumentHelp("Last date of a date range, inclusive (with --from).", valueName: "YYYY-MM-DD"))
    var to: String?

    func validate() throws {
        if quarter != nil && (from != nil || to != nil) {
            throw ValidationError("--quarter cannot be combined with --from/--to; choose one period")
        }
        if (from == nil) != (to == nil) { throw ValidationError("--from and --to go together; give both dates") }
        let zone = TimeZone(identifier: "UTC")!
        if let quarter {
            do { _ = try Period.quarter(quarter, zone: zone) } catch { throw ValidationError("--quarter: \(error.message)") }
        }
        if let from, let to {
            do { _ = try Period.range(from: from, to: to, zone: zone) } catch { throw ValidationError("--from/--to: \(error.message)") }
        }
    }

    /// The period in the organisation's zone; without options, the latest full quarter of the data.
    func period(zone: TimeZone, store: Store) throws -> Period {
        if let quarter { return try Period.quarter(quarter, zone: zone) }
        if let from, let to { return try Period.range(from: from, to: to, zone: zone) }
        return try Self.latestFullQuarter(store: store, zone: zone)
    }

    /// The quarter holding the data's last instant when the data reaches into its last week, else the quarter before.
    static func latestFullQuarter(store: Store, zone: TimeZone) throws -> Period {
        guard let last = try store.dataSpan()?.to else {
            throw CLIError("the store holds no data", fix: "import data first (maturity import FOLDER)")
        }
        let quarter = Period.quarter(containing: last, zone: zone)
        return quarter.end - last <= 7 * 86_400_000 ? quarter : quarter.previous()
    }
}

struct GroupSizeOptions: ParsableArguments {
    @Option(name: .customLong("min-group-size"), parsing: .unconditional,
            help: ArgumentHelp("Hide groups smaller than this (default: the store's setting, 5).", valueName: "n"))
    var minGroupSize: Int?

    func validate() throws {
        if let minGroupSize, minGroupSize < 1 {
            throw ValidationError("--min-group-size must be at least 1, got \(minGroupSize)")
        }
    }
}
