import Foundation
import GRDB

/// What `maturity people set` changes; nil leaves a field as it is.
public struct PersonChanges: Sendable, Equatable {
    public var team: String?
    public var timezone: String?
    public var workStart: String?
    public var workEnd: String?
    public var workdays: String?
    public var isBot: Bool?

    public init(team: String? = nil, timezone: String? = nil, workStart: String? = nil, workEnd: String? = nil,
                workdays: String? = nil, isBot: Bool? = nil) {
        self.team = team; self.timezone = timezone; self.workStart = workStart; self.workEnd = workEnd
        self.workdays = workdays; self.isBot = isBot
    }

    public var isEmpty: Bool {
        team == nil && timezone == nil && workStart == nil && workEnd == nil && workdays == nil && isBot == nil
    }

    /// `--team platform --bot`: the options of `people set` that give these changes.
    public var options: String {
        var parts: [String] = []
        if let team { parts.append("--team \(PeopleOverride.quoted(team))") }
        if let timezone { parts.append("--timezone \(timezone)") }
        if let workStart, let workEnd { parts.append("--work-hours \(workStart)-\(workEnd)") }
        if let workdays { parts.append("--workdays \(PeopleOverride.quoted(workdays))") }
        if let isBot { parts.append(isBot ? "--bot" : "--no-bot") }
        return parts.joined(separator: " ")
    }
}

/// A change to the people directory made with `maturity people` rather than by an import: kept in the store
/// (`person_override`) and applied again, in order, after every import, so a re-import of an export does not
/// undo it.
public struct PeopleOverride: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// The people of `others` become the person of `reference`.
        case merge
        /// The identity `reference` leaves its person for a person of its own.
        case split
        /// `changes` apply to the person of `reference`.
        case set
    }

    public var id: Int64
    public var kind: Kind
    /// The normalised reference the override names (`PersonReference.value`).
    public var reference: String
    /// For a merge: the normalised references merged into `reference`.
    public var others: [String]
    public var changes: PersonChanges
    public var createdAt: Instant

    /// The command that made it: `people merge p04 noa@old.example`.
    public var command: String {
        switch kind {
        case .merge: "people merge " + ([reference] + others).map(Self.quoted).joined(separator: " ")
        case .split: "people split " + Self.quoted(reference)
        case .set: "people set " + Self.quoted(reference) + " " + changes.options
        }
    }

    /// A word as a shell takes it: quoted when it holds anything but letters, digits and `@.:_+-,/`.
    public static func quoted(_ word: String) -> String {
        let plain = !word.isEmpty && word.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || "@.:_+-,/".unicodeScalars.contains($0)
        }
        return plain ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

/// One person as `people list` and `people show` give them.
public struct PersonEntry: Sendable, Equatable {
    /// The person's id: the directory id, or the reference an import created them for.
    public var id: String
    public var name: String?
    public var email: String?
    public var team: String
    public var timezone: String?
    public var workStart: String?
    public var workEnd: String?
    public var workdays: String?
    public var isBot: Bool
    public var fromDirectory: Bool
    /// Every reference that resolves to this person, sorted.
    public var references: [String]
    /// Messages the person wrote, meetings they were invited to, work items they reported.
    public var messages: Int
    public var meetings: Int
    public var workItems: Int
}

/// What is wrong with a `people` command's references or values, and how to fix it. Nothing was written.
public enum PeopleError: Error, Equatable, CustomStringConvertible {
    case unknownReference(String, suggestion: String?)
    case emptyReference
    case mergeNeedsTwo
    case splitDirectoryId(String, others: [String])
    case splitOnlyReference(String)
    case nothingToSet

    public var description: String {
        switch self {
        case let .unknownReference(reference, suggestion):
            "no person has the reference '\(reference)'; nothing was changed. Fix: "
                + (suggestion.map { "did you mean '\($0)'? " } ?? "")
                + "name a person by their id, e-mail or an alias such as slack:U… (maturity people list shows them)."
        case .emptyReference:
            "a person reference is empty; nothing was changed. Fix: name a person by their id, e-mail or alias."
        case .mergeNeedsTwo:
            "people merge needs at least two references that name different people; nothing was changed. Fix: "
                + "name the person to keep first, then the people to merge into them."
        case let .splitDirectoryId(reference, others):
            "'\(reference)' is the directory id of its person, who keeps it; nothing was changed. Fix: split one of "
                + "their other references (\(others.joined(separator: ", "))) instead."
        case let .splitOnlyReference(reference):
            "'\(reference)' is its person's only reference, so there is nothing to split off; nothing was changed. "
                + "Fix: name a reference of a person who has several (maturity people show REF lists them)."
        case .nothingToSet:
            "people set was given nothing to change. Fix: add at least one of --team, --timezone, --work-hours, "
                + "--workdays, --bot or --no-bot."
        }
    }
}

/// The result of a `people` command that changes the directory.
public struct PeopleChange: Sendable, Equatable {
    /// The override recorded (nil when the store already was as asked: nothing recorded).
    public var override: PeopleOverride?
    /// The person as they are afterwards.
    public var person: PersonEntry
}

// MARK: - The store's side

extension Store {
    /// Every person (with `team`, only that team's), bots included, ordered by id.
    public func people(team: String? = nil) throws -> [PersonEntry] {
        try dbQueue.read { db in
            let ids = try Int64.fetchAll(db, sql: """
                SELECT id FROM person WHERE ? IS NULL OR team = ? ORDER BY display_id, id
                """, arguments: [team, team])
            return try ids.map { try PeopleSQL.entry(db, person: $0) }
        }
    }

    /// The person a reference names: a person id, an e-mail or an alias (`slack:U…`, `jira:name`).
    public func person(_ reference: String) throws -> PersonEntry {
        try dbQueue.read { db in try PeopleSQL.entry(db, person: PeopleSQL.resolve(db, reference)) }
    }

    /// Every people override, oldest first.
    public func peopleOverrides() throws -> [PeopleOverride] {
        try dbQueue.read { db in try PeopleSQL.overrides(db) }
    }

    /// Merges the people `others` name into the person `reference` names (who keeps their id, team, time zone
    /// and hours; a missing name, e-mail or time zone comes from the people merged in). Recorded as an override.
    public func merge(_ reference: String, _ others: [String]) throws -> PeopleChange {
        try dbQueue.write { db in
            let target = try PeopleSQL.resolve(db, reference)
            var normalised: [String] = []
            var distinct = false
            for other in others {
                let person = try PeopleSQL.resolve(db, other)
                let value = try PeopleSQL.normalised(other)
                if person != target { distinct = true }
                if !normalised.contains(value) { normalised.append(value) }
            }
            if others.isEmpty { throw PeopleError.mergeNeedsTwo }
            guard distinct else {
                return PeopleChange(override: nil, person: try PeopleSQL.entry(db, person: target))
            }
            let override = try PeopleSQL.record(db, kind: .merge, reference: try PeopleSQL.normalised(reference),
                                                others: normalised, changes: PersonChanges())
            try PeopleSQL.apply(override, db)
            return PeopleChange(override: override, person: try PeopleSQL.entry(db, person: target))
        }
    }

    /// Moves the identity `reference` out of its person into a person of its own; earlier merges that brought
    /// it in no longer name it. Recorded as an override.
    public func split(_ reference: String) throws -> PeopleChange {
        try dbQueue.write { db in
            let person = try PeopleSQL.resolve(db, reference)
            let value = try PeopleSQL.normalised(reference)
            let references = try String.fetchAll(db, sql: "SELECT reference FROM identity WHERE person_id = ? ORDER BY reference",
                                                 arguments: [person])
            let directoryId = try String.fetchOne(db, sql: "SELECT directory_id FROM person WHERE id = ?", arguments: [person])
            guard references.contains(value) else { throw PeopleError.unknownReference(reference, suggestion: nil) }
            if value == directoryId {
                throw PeopleError.splitDirectoryId(value, others: references.filter { $0 != value })
            }
            if references.count == 1 { throw PeopleError.splitOnlyReference(value) }
            // Earlier merges stop naming it (a merge of the person it was merged with would bring it back).
            for merge in try PeopleSQL.overrides(db) where merge.kind == .merge && merge.others.contains(value) {
                let rest = merge.others.filter { $0 != value }
                if rest.isEmpty {
                    try db.execute(sql: "DELETE FROM person_override WHERE id = ?", arguments: [merge.id])
                } else {
                    try db.execute(sql: "UPDATE person_override SET others = ? WHERE id = ?",
                                   arguments: [rest.joined(separator: ";"), merge.id])
                }
            }
            let override = try PeopleSQL.record(db, kind: .split, reference: value, others: [], changes: PersonChanges())
            try PeopleSQL.apply(override, db)
            let now = try PeopleSQL.resolve(db, value)
            return PeopleChange(override: override, person: try PeopleSQL.entry(db, person: now))
        }
    }

    /// Sets the team, time zone, hours, days or bot flag of the person `reference` names. Recorded as an
    /// override. The values must be valid already (the command checks them).
    public func set(_ reference: String, _ changes: PersonChanges) throws -> PeopleChange {
        if changes.isEmpty { throw PeopleError.nothingToSet }
        return try dbQueue.write { db in
            let person = try PeopleSQL.resolve(db, reference)
            let override = try PeopleSQL.record(db, kind: .set, reference: try PeopleSQL.normalised(reference),
                                                others: [], changes: changes)
            try PeopleSQL.apply(override, db)
            return PeopleChange(override: override, person: try PeopleSQL.entry(db, person: person))
        }
    }
}

/// The SQL of the people directory and its overrides.
enum PeopleSQL {
    static func normalised(_ raw: String) throws -> String {
        guard let reference = PersonReference(raw) else { throw PeopleError.emptyReference }
        return reference.value
    }

    /// The person row a reference names: an identity's reference, else a person's display id.
    static func resolve(_ db: Database, _ raw: String) throws -> Int64 {
        let value = try normalised(raw)
        if let person = try personOf(db, value) { return person }
        // A jira or slack name typed without its source (`dlind` for `jira:dlind`): suggested when unambiguous.
        let near = try String.fetchAll(db, sql: "SELECT reference FROM identity WHERE external_id = ? ORDER BY reference LIMIT 2",
                                       arguments: [value])
        throw PeopleError.unknownReference(raw, suggestion: near.count == 1 ? near[0] : nil)
    }

    /// The person of a normalised reference, nil when nobody holds it.
    static func personOf(_ db: Database, _ value: String) throws -> Int64? {
        if let person = try Int64.fetchOne(db, sql: "SELECT person_id FROM identity WHERE reference = ?", arguments: [value]) {
            return person
        }
        return try Int64.fetchOne(db, sql: "SELECT id FROM person WHERE display_id = ? ORDER BY id LIMIT 1", arguments: [value])
    }

    static func entry(_ db: Database, person: Int64) throws -> PersonEntry {
        guard let row = try Row.fetchOne(db, sql: """
            SELECT display_id, name, email, team, timezone, work_start, work_end, workdays, is_bot, from_directory
            FROM person WHERE id = ?
            """, arguments: [person]) else {
            throw PeopleError.unknownReference(String(person), suggestion: nil)
        }
        let references = try String.fetchAll(db, sql: "SELECT reference FROM identity WHERE person_id = ? ORDER BY reference",
                                             arguments: [person])
        func count(_ sql: String) throws -> Int { try Int.fetchOne(db, sql: sql, arguments: [person]) ?? 0 }
        return PersonEntry(
            id: row["display_id"], name: row["name"], email: row["email"], team: row["team"], timezone: row["timezone"],
            workStart: row["work_start"], workEnd: row["work_end"], workdays: row["workdays"], isBot: row["is_bot"],
            fromDirectory: row["from_directory"], references: references,
            messages: try count("SELECT count(*) FROM message JOIN identity i ON i.id = author_id WHERE i.person_id = ?"),
            meetings: try Int.fetchOne(db, sql: """
                SELECT count(*) FROM meeting WHERE organizer_id IN (SELECT id FROM identity WHERE person_id = :p)
                    OR id IN (SELECT meeting_id FROM attendance
                              WHERE identity_id IN (SELECT id FROM identity WHERE person_id = :p))
                """, arguments: ["p": person]) ?? 0,
            workItems: try count("SELECT count(*) FROM work_item JOIN identity i ON i.id = reporter_id WHERE i.person_id = ?"))
    }

    static func overrides(_ db: Database) throws -> [PeopleOverride] {
        try Row.fetchAll(db, sql: """
            SELECT id, kind, reference, others, team, timezone, work_start, work_end, workdays, is_bot, created_at
            FROM person_override ORDER BY id
            """).map { row in
            let others: String = row["others"]
            let isBot: Int64? = row["is_bot"]
            return PeopleOverride(
                id: row["id"], kind: PeopleOverride.Kind(rawValue: row["kind"]) ?? .set, reference: row["reference"],
                others: others.isEmpty ? [] : others.components(separatedBy: ";"),
                changes: PersonChanges(team: row["team"], timezone: row["timezone"], workStart: row["work_start"],
                                       workEnd: row["work_end"], workdays: row["workdays"], isBot: isBot.map { $0 != 0 }),
                createdAt: row["created_at"])
        }
    }

    static func record(_ db: Database, kind: PeopleOverride.Kind, reference: String, others: [String],
                       changes: PersonChanges) throws -> PeopleOverride {
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        try db.execute(sql: """
            INSERT INTO person_override(kind, reference, others, team, timezone, work_start, work_end, workdays, is_bot,
                created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [kind.rawValue, reference, others.joined(separator: ";"), changes.team, changes.timezone,
                             changes.workStart, changes.workEnd, changes.workdays, changes.isBot, now])
        return PeopleOverride(id: db.lastInsertedRowID, kind: kind, reference: reference, others: others,
                              changes: changes, createdAt: now)
    }

    /// Applies every override again, oldest first (after an import, inside its transaction). Applying an
    /// override to a store that already reflects it changes nothing. Returns how many overrides changed a row.
    @discardableResult
    static func applyAll(_ db: Database) throws -> Int {
        var changed = 0
        for override in try overrides(db) where try apply(override, db) { changed += 1 }
        return changed
    }

    /// Applies one override; true when it changed a row. A reference nobody holds (any more) is passed over.
    @discardableResult
    static func apply(_ override: PeopleOverride, _ db: Database) throws -> Bool {
        switch override.kind {
        case .merge:
            guard let target = try personOf(db, override.reference) else { return false }
            var changed = false
            for other in override.others {
                guard let person = try personOf(db, other), person != target else { continue }
                // The kept person's own values stay; what they lack comes from the person merged in (as a
                // source's profile fills in what the directory person lacks).
                try db.execute(sql: """
                    UPDATE person SET name = coalesce(name, (SELECT name FROM person WHERE id = :other)),
                        email = coalesce(email, (SELECT email FROM person WHERE id = :other)),
                        timezone = coalesce(timezone, (SELECT timezone FROM person WHERE id = :other))
                    WHERE id = :target
                    """, arguments: ["other": person, "target": target])
                try db.execute(sql: "UPDATE identity SET person_id = ? WHERE person_id = ?", arguments: [target, person])
                try db.execute(sql: "DELETE FROM person WHERE id = ?", arguments: [person])
                changed = true
            }
            return changed
        case .split:
            guard let identity = try Row.fetchOne(db, sql: """
                SELECT i.id, i.person_id, p.directory_id, p.is_bot FROM identity i JOIN person p ON p.id = i.person_id
                WHERE i.reference = ?
                """, arguments: [override.reference]) else { return false }
            let person: Int64 = identity["person_id"]
            let key = EntityKey(source: "override", entity: .person, id: override.reference).description
            let own = try Int64.fetchOne(db, sql: "SELECT id FROM person WHERE key = ?", arguments: [key])
            if own == person { return false }
            let count = try Int.fetchOne(db, sql: "SELECT count(*) FROM identity WHERE person_id = ?", arguments: [person]) ?? 0
            if own == nil && count <= 1 { return false }
            if (identity["directory_id"] as String?) == override.reference { return false }
            let target: Int64
            if let own {
                target = own
            } else {
                try db.execute(sql: """
                    INSERT INTO person(key, display_id, team, is_bot, from_directory) VALUES (?, ?, 'unassigned', ?, 0)
                    """, arguments: [key, override.reference, identity["is_bot"] as Bool])
                target = db.lastInsertedRowID
            }
            try db.execute(sql: "UPDATE identity SET person_id = ? WHERE id = ?", arguments: [target, identity["id"] as Int64])
            if count <= 1 { try db.execute(sql: "DELETE FROM person WHERE id = ? AND from_directory = 0", arguments: [person]) }
            return true
        case .set:
            guard let person = try personOf(db, override.reference) else { return false }
            let c = override.changes
            if let team = c.team { try db.execute(sql: "INSERT OR IGNORE INTO team(name) VALUES (?)", arguments: [team]) }
            try db.execute(sql: """
                UPDATE person SET team = coalesce(:team, team), timezone = coalesce(:timezone, timezone),
                    work_start = coalesce(:workStart, work_start), work_end = coalesce(:workEnd, work_end),
                    workdays = coalesce(:workdays, workdays), is_bot = coalesce(:isBot, is_bot)
                WHERE id = :id AND (team IS NOT coalesce(:team, team) OR timezone IS NOT coalesce(:timezone, timezone)
                    OR work_start IS NOT coalesce(:workStart, work_start) OR work_end IS NOT coalesce(:workEnd, work_end)
                    OR workdays IS NOT coalesce(:workdays, workdays) OR is_bot IS NOT coalesce(:isBot, is_bot))
                """, arguments: ["team": c.team, "timezone": c.timezone, "workStart": c.workStart, "workEnd": c.workEnd,
                                 "workdays": c.workdays, "isBot": c.isBot, "id": person])
            return db.changesCount > 0
        }
    }
}
