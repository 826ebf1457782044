import Foundation
import MaturityCore

/// What `maturity status` and `maturity runs` print: pure functions of what the store answered.
public enum StoreReport {
    // MARK: Status

    /// `status` as text: the store, its settings (as `settings` prints them), counts, span and import runs.
    public static func statusText(path: String, settings: String, counts: StoreCounts, span: DataSpan?,
                                  runs: [ImportRun]) -> String {
        var out = "store \(path)\n" + settings + "\n"
        let width = counts.all.map(\.name.count).max() ?? 0
        for (name, n) in counts.all {
            out += name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + String(n) + "\n"
        }
        if let span { out += "\ndata from \(Timestamp.format(span.from)) to \(Timestamp.format(span.to))\n" }
        if !runs.isEmpty {
            out += "\nimport runs\n"
            let table = DataTable(columns: ["id", "kind", "file", "sha256", "read", "inserted", "updated", "skipped"],
                                  rows: runs.map { run in
                let main = mainCounts(run)
                return [.integer(run.id), .text(run.format), .text(run.file), .text(String(run.sha256.prefix(12))),
                        .integer(Int64(run.recordsRead)), .integer(Int64(main.inserted)),
                        .integer(Int64(main.updated)), .integer(Int64(run.skipped))]
            })
            out += TableRenderer.text(table)
        }
        return out
    }

    /// The counts `status --format json` reports (a fixed set scripts rely on): people are persons after
    /// merging identities (bots included), meetings are occurrences.
    static let jsonCountKeys: Set<String> = [
        "people", "work_items", "work_item_events", "meetings", "attendees", "messages", "channels", "time_off",
        "holidays",
    ]

    /// `status` as JSON.
    public static func statusJSON(path: String, settings: OrganisationSettings, counts: StoreCounts, span: DataSpan?,
                                  runs: [ImportRun]) -> String {
        struct Status: Encodable {
            var store: String
            var counts: [String: Int]
            var span: [String: String?]
            var settings: Settings
            var import_runs: [Run]
        }
        struct Settings: Encodable {
            var org_timezone: String
            var work_hours: String
            var workdays: String
            var min_group_size: Int
            var holiday_calendar: String?
        }
        struct Run: Encodable {
            var id: Int64
            var kind: String
            var file: String
            var sha256: String
            var rows_read: Int
            var inserted: Int
            var updated: Int
            var skipped: Int
            var warnings: Int
        }
        let status = Status(
            store: path,
            counts: Dictionary(uniqueKeysWithValues: counts.all.filter { jsonCountKeys.contains($0.name) }),
            span: ["from": span.map { Timestamp.format($0.from) }, "to": span.map { Timestamp.format($0.to) }],
            settings: Settings(
                org_timezone: settings.timeZone.identifier,
                work_hours: WorkSchedule.formatClock(settings.schedule.start) + "-"
                    + WorkSchedule.formatClock(settings.schedule.end),
                workdays: WorkSchedule.formatWorkdays(settings.schedule.workdays),
                min_group_size: settings.minGroupSize, holiday_calendar: settings.holidayCalendar),
            import_runs: runs.map { run in
                let main = mainCounts(run)
                return Run(id: run.id, kind: run.format, file: run.file, sha256: run.sha256, rows_read: run.recordsRead,
                           inserted: main.inserted, updated: main.updated, skipped: run.skipped,
                           warnings: run.warningCount)
            })
        return encode(status)
    }

    // MARK: Runs

    /// The counts of a run's main entity, as the run recorded them.
    static func mainCounts(_ run: ImportRun) -> EntityCounts {
        EntityCounts(inserted: run.inserted, updated: run.updated)
    }

    /// `inserted 3, updated 1` per entity: `messages 15624 inserted; channels 12 created`.
    static func entitySummary(_ counts: [EntityKind: EntityCounts]) -> String {
        counts.sorted { $0.key < $1.key }.compactMap { entity, c -> String? in
            var parts: [String] = []
            if c.inserted > 0 { parts.append("\(c.inserted) inserted") }
            if c.updated > 0 { parts.append("\(c.updated) updated") }
            if c.unchanged > 0 { parts.append("\(c.unchanged) unchanged") }
            if c.created > 0 { parts.append("\(c.created) created") }
            return parts.isEmpty ? nil : entity.plural + " " + parts.joined(separator: ", ")
        }.joined(separator: "; ")
    }

    /// `runs` as a table: one row per import run. Text shows the first 12 hex digits of the SHA-256 (`full`
    /// gives all of them, for CSV).
    public static func runsTable(_ runs: [ImportRun], fullHashes: Bool) -> DataTable {
        DataTable(columns: ["id", "started", "format", "file", "sha256", "read", "skipped", "warnings", "counts"],
                  rows: runs.map { run in
            [.integer(run.id), .text(Timestamp.format(run.startedAt)), .text(run.format), .text(run.path),
             .text(fullHashes ? run.sha256 : String(run.sha256.prefix(12))), .integer(Int64(run.recordsRead)),
             .integer(Int64(run.skipped)), .integer(Int64(run.warningCount)), .text(entitySummary(run.entities))]
        })
    }

    /// `runs` as JSON: every field, counts per entity, the kept warnings.
    public static func runsJSON(_ runs: [ImportRun]) -> String {
        struct Run: Encodable {
            var id: Int64
            var started_at: String
            var finished_at: String?
            var format: String
            var format_name: String
            var key_source: String
            var file: String
            var path: String
            var sha256: String
            var records_read: Int
            var skipped: Int
            var warning_count: Int
            var warnings: [String]
            var entities: [String: EntityCounts]
        }
        return encode(runs.map { run in
            Run(id: run.id, started_at: Timestamp.format(run.startedAt), finished_at: run.finishedAt.map(Timestamp.format),
                format: run.format, format_name: run.formatName, key_source: run.keySource, file: run.file,
                path: run.path, sha256: run.sha256, records_read: run.recordsRead, skipped: run.skipped,
                warning_count: run.warningCount, warnings: run.warnings,
                entities: Dictionary(uniqueKeysWithValues: run.entities.map { ($0.key.rawValue, $0.value) }))
        })
    }

    /// Deterministic JSON: keys sorted, two-space indentation, a final line break.
    static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding plain structs of strings and numbers cannot fail.
        let data = (try? encoder.encode(value)) ?? Data("null".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
