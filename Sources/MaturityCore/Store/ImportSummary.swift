import Foundation

/// What an import run is, as the store records it.
public struct ImportRunInfo: Sendable, Equatable {
    /// The format's id as users type it (`messages`, `slack`, `jira-csv`).
    public var format: String
    /// The format's name for people (`canonical CSV messages`).
    public var formatName: String
    /// The source part of the keys the run writes (`csv`, `slack`).
    public var keySource: String
    /// The entity the format is mainly about: its counts lead the summary line.
    public var mainEntity: EntityKind?
    /// What the format's records are called in the summary (`rows` for CSV, `records` otherwise).
    public var recordNoun: String
    /// The input's path as the user named it.
    public var path: String

    public init(format: String, formatName: String, keySource: String, mainEntity: EntityKind?,
                recordNoun: String = "records", path: String) {
        self.format = format; self.formatName = formatName; self.keySource = keySource
        self.mainEntity = mainEntity; self.recordNoun = recordNoun; self.path = path
    }

    public var fileName: String { URL(fileURLWithPath: path).lastPathComponent }
}

/// What an import did to one entity's rows. `created` counts rows made because a record named them (a person
/// first seen as an author, a channel first seen in a message), apart from the rows of the entity's own records.
public struct EntityCounts: Sendable, Equatable, Codable {
    public var inserted = 0
    public var updated = 0
    public var unchanged = 0
    public var created = 0

    public init(inserted: Int = 0, updated: Int = 0, unchanged: Int = 0, created: Int = 0) {
        self.inserted = inserted; self.updated = updated; self.unchanged = unchanged; self.created = created
    }
}

/// What one import did (or, in a dry run, would do).
public struct ImportSummary: Sendable, Equatable {
    public var format: String
    public var formatName: String
    public var file: String
    public var path: String
    public var sha256: String
    public var recordsRead: Int
    public var recordNoun: String
    public var mainEntity: EntityKind?
    /// Per entity the run wrote.
    public var entities: [EntityKind: EntityCounts]
    public var skipped: [String: Int]
    /// The warnings kept with the import run: the first 100, then a line counting the rest.
    public var warnings: [String]
    /// Every warning of the import, kept or not.
    public var warningCount: Int
    /// True when nothing was written (`--dry-run`).
    public var dryRun = false
    /// What the importer said about the input (`RecordSink.note`): what it holds, printed as `note: …` lines
    /// before the summary line. Not warnings: nothing is wrong.
    public var notes: [String] = []

    public init(format: String, formatName: String, file: String, path: String, sha256: String, recordsRead: Int,
                recordNoun: String, mainEntity: EntityKind?, entities: [EntityKind: EntityCounts],
                skipped: [String: Int], warnings: [String], warningCount: Int) {
        self.format = format; self.formatName = formatName; self.file = file; self.path = path
        self.sha256 = sha256; self.recordsRead = recordsRead; self.recordNoun = recordNoun
        self.mainEntity = mainEntity; self.entities = entities; self.skipped = skipped; self.warnings = warnings
        self.warningCount = warningCount
    }

    private var main: EntityCounts { mainEntity.flatMap { entities[$0] } ?? EntityCounts() }
    /// The main entity's counts.
    public var inserted: Int { main.inserted }
    public var updated: Int { main.updated }
    public var unchanged: Int { main.unchanged }
    public var rowsRead: Int { recordsRead }

    public var skippedTotal: Int { skipped.values.reduce(0, +) }

    /// One line: `messages messages.csv: 1000 rows read, 998 inserted, 0 updated, 0 unchanged, 2 skipped (...)`,
    /// then what else the run wrote (`, people 3 created, channels 2 created`), then the warnings.
    public var line: String {
        var s = "\(format) \(file): \(recordsRead) \(recordNoun) read, \(inserted) inserted, \(updated) updated, "
            + "\(unchanged) unchanged"
        if !skipped.isEmpty {
            let reasons = skipped.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: "; ")
            s += ", \(skippedTotal) skipped (\(reasons))"
        }
        for (entity, counts) in entities.sorted(by: { $0.key < $1.key }) {
            var parts: [String] = []
            if entity != mainEntity {
                if counts.inserted > 0 { parts.append("\(counts.inserted) inserted") }
                if counts.updated > 0 { parts.append("\(counts.updated) updated") }
                if counts.unchanged > 0 { parts.append("\(counts.unchanged) unchanged") }
            }
            if counts.created > 0 { parts.append("\(counts.created) created") }
            if !parts.isEmpty { s += ", \(entity.plural) " + parts.joined(separator: ", ") }
        }
        if warningCount > 0 { s += ", \(warningCount) warning\(warningCount == 1 ? "" : "s")" }
        if dryRun { s += " (dry run: nothing written)" }
        return s
    }
}
