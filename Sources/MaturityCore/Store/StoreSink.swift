import Foundation
import GRDB

/// The store's `RecordSink`: writes imported rows inside the import's transaction, as upserts keyed by
/// deterministic ids, so that re-importing a file changes nothing and a corrected file updates rows in place.
/// Person references resolve through the `identity` table; an unknown reference creates a person.
final class StoreSink: MessageBatchSink {
    let db: Database
    let run: ImportRunInfo
    let keepsText: Bool
    let runId: Int64
    private var warnings: [String] = []
    /// Warnings past the first `warningLimit` are counted, not kept: a file with a bad value on every one of
    /// its millions of rows must not fill memory.
    private var warningsNotKept = 0
    static let warningLimit = 100
    /// Attendee rows of this import by meeting and identity, with the answer stored so far: a person listed
    /// twice under the same reference declined only if every row declined.
    private var attendanceInThisImport: [AttendanceKey: (response: AttendeeResponse, own: Bool)] = [:]
    private var attendanceOrder: [AttendanceKey] = []
    private var skipped: [String: Int] = [:]
    /// What this import did per entity: the rows it handed to SQLite, the rows SQLite changed, and the row
    /// count of the entity's table before the first write (taken lazily, inside the transaction).
    private var handed: [EntityKind: Int] = [:]
    private var changes: [EntityKind: Int] = [:]
    private var countBefore: [EntityKind: Int] = [:]
    /// People and channels created because a record named them (not directory rows).
    private var created: [EntityKind: Int] = [:]

    private var identityCache: [ExactString: Int64] = [:]
    /// Person references as written in the file (untrimmed, any case) to their identity: most rows repeat a
    /// few hundred authors, so this spares the normalisation of `PersonReference` on every row.
    private var referenceCache: [ExactString: ResolvedReference] = [:]
    private var channelCache: [ExactString: Int64] = [:]
    /// The bulk path's caches: channel names and author references as bytes, to channel and identity ids
    /// (nil: a reference that is empty once trimmed).
    private var channelsByBytes = ByteStringTable<Int64>()
    private var authorsByBytes = ByteStringTable<Int64?>()
    /// True when this import loads messages into an empty table (`Store.importInput` decides): plain inserts,
    /// without the unique index `message_key` (see `Schema.createMessageKey`) and with a small page cache.
    private let bulkMessages: Bool
    /// The page cache of a bulk load, in KiB.
    static let bulkCacheKiB = 8192
    private var itemCache: [ExactString: Int64?] = [:]
    private var meetingCache: [ExactString: Int64?] = [:]
    private var eventCounter: [ExactString: Int] = [:]
    private var timeOffRows: [DayOffRow] = []
    /// What replacing an input's days off did (they are not counted from the table: rows also go).
    private var replacedCounts: [EntityKind: EntityCounts] = [:]
    private var holidayRows: [DayOffRow] = []

    private lazy var findIdentity = try! RawStatement(db, "SELECT id FROM identity WHERE reference = ?")
    private lazy var insertAutoPerson = try! RawStatement(db, """
        INSERT INTO person(key, display_id, team, from_directory, import_run_id) VALUES (?, ?, 'unassigned', 0, ?)
        """)
    private lazy var insertIdentity = try! RawStatement(db, """
        INSERT INTO identity(reference, source, external_id, person_id, claimed_by_directory, import_run_id)
        VALUES (?, ?, ?, ?, ?, ?)
        """)
    private lazy var findChannel = try! RawStatement(db, "SELECT id FROM channel WHERE key = ?")
    private lazy var insertChannel = try! RawStatement(db, """
        INSERT INTO channel(key, name, kind, import_run_id) VALUES (?, ?, ?, ?)
        """)
    private lazy var insertMessage = try! RawStatement(db, """
        INSERT INTO message(channel_id, message_id, author_id, sent_at, thread_id, mentions, mention_tokens,
            is_question, length, url_count, is_system, source, text, import_run_id)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """)
    private lazy var upsertMessage = try! RawStatement(db, """
        INSERT INTO message(channel_id, message_id, author_id, sent_at, thread_id, mentions, mention_tokens,
            is_question, length, url_count, is_system, source, text, import_run_id)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT(channel_id, message_id) DO UPDATE SET author_id = excluded.author_id, sent_at = excluded.sent_at,
            thread_id = excluded.thread_id, mentions = excluded.mentions, mention_tokens = excluded.mention_tokens,
            is_question = excluded.is_question, length = excluded.length, url_count = excluded.url_count,
            is_system = excluded.is_system, source = excluded.source, text = excluded.text,
            import_run_id = excluded.import_run_id
        WHERE author_id IS NOT excluded.author_id OR sent_at IS NOT excluded.sent_at
            OR thread_id IS NOT excluded.thread_id OR mentions IS NOT excluded.mentions
            OR mention_tokens IS NOT excluded.mention_tokens OR is_question IS NOT excluded.is_question
            OR length IS NOT excluded.length OR url_count IS NOT excluded.url_count
            OR is_system IS NOT excluded.is_system OR source IS NOT excluded.source OR text IS NOT excluded.text
        """)

    /// - Parameter keepText: whether bodies and descriptions are written. Without it, every text is written as
    ///   NULL whatever a record holds: the privacy rule's last line of defence.
    init(db: Database, run: ImportRunInfo, keepText: Bool, bulkMessages: Bool = false) throws {
        self.db = db
        self.run = run
        self.keepsText = keepText
        // Checked again inside the transaction: another process may have written messages since the caller looked.
        self.bulkMessages = try bulkMessages
            && (Bool.fetchOne(db, sql: "SELECT NOT EXISTS (SELECT 1 FROM message)") ?? false)
        if self.bulkMessages {
            // Plain inserts into an empty table: the checks have refused repeated ids, so no row can
            // conflict, and the unique index waits until an import needs it (below). A small page cache is
            // enough to append rows.
            try db.execute(sql: Schema.dropMessageKey)
            try db.execute(sql: "PRAGMA cache_size = -\(Self.bulkCacheKiB)")
            countBefore[.message] = 0
        } else {
            try db.execute(sql: Schema.createMessageKey)
        }
        try db.execute(sql: """
            INSERT INTO import_run(kind, format_name, key_source, file_name, path, sha256, started_at)
            VALUES (?, ?, ?, ?, ?, '', ?)
            """, arguments: [run.format, run.formatName, run.keySource, run.fileName, run.path,
                             Int64(Date().timeIntervalSince1970 * 1000)])
        runId = db.lastInsertedRowID
    }

    func warn(_ warning: ImportWarning) {
        if warnings.count < Self.warningLimit { warnings.append(warning.description) } else { warningsNotKept += 1 }
    }

    func skip(reason: String) { skipped[reason, default: 0] += 1 }
    private var notes: [String] = []
    func note(_ text: String) { if notes.count < 100 { notes.append(text) } }

    private var keptWarnings: [String] {
        warningsNotKept == 0 ? warnings : warnings + ["… and \(warningsNotKept) more warnings like these"]
    }

    /// The count of an entity's table as the summary counts it: people are directory rows (a person created
    /// because a record named them is counted apart, in `created`).
    private func tableCount(_ entity: EntityKind) throws -> Int {
        let sql = switch entity {
        case .person: "SELECT count(*) FROM person WHERE from_directory = 1"
        case .channel: "SELECT count(*) FROM channel"
        case .message: "SELECT count(*) FROM message"
        case .workItem: "SELECT count(*) FROM work_item"
        case .workItemEvent: "SELECT count(*) FROM work_item_event"
        case .meeting: "SELECT count(*) FROM meeting"
        case .attendance: "SELECT count(*) FROM attendance"
        case .timeOff: "SELECT count(*) FROM time_off"
        case .holiday: "SELECT count(*) FROM holiday"
        }
        return try Int.fetchOne(db, sql: sql) ?? 0
    }

    /// Called before a row of `entity` is written: takes the table's count before the first write.
    @inline(__always)
    private func willWrite(_ entity: EntityKind) throws {
        if countBefore[entity] == nil { countBefore[entity] = try tableCount(entity) }
    }

    private func key(_ entity: EntityKind, _ id: String) -> String {
        EntityKey(source: run.keySource, entity: entity, id: id).description
    }

    func finish(recordsRead: Int, sha256: String) throws -> ImportSummary {
        try flushAttendance()
        try flushDaysOff()
        var entities: [EntityKind: EntityCounts] = [:]
        for (entity, before) in countBefore {
            let inserted = try tableCount(entity) - before
            let updated = max(0, changes[entity, default: 0] - inserted)
            let unchanged = max(0, handed[entity, default: 0] - inserted - updated)
            entities[entity] = EntityCounts(inserted: inserted, updated: updated, unchanged: unchanged)
        }
        for (entity, counts) in replacedCounts { entities[entity] = counts }
        for (entity, n) in created where n > 0 {
            entities[entity, default: EntityCounts()].created += n
        }
        // A format's main entity is in the summary even when the input held none of it.
        if let main = run.mainEntity, entities[main] == nil { entities[main] = EntityCounts() }
        let main = run.mainEntity.flatMap { entities[$0] } ?? EntityCounts()
        let skippedTotal = skipped.values.reduce(0, +)
        try db.execute(sql: """
            UPDATE import_run SET sha256 = ?, finished_at = ?, rows_read = ?, rows_inserted = ?, rows_updated = ?,
                rows_skipped = ?, warning_count = ?, warnings = ? WHERE id = ?
            """, arguments: [sha256, Int64(Date().timeIntervalSince1970 * 1000), recordsRead, main.inserted,
                             main.updated, skippedTotal, warnings.count + warningsNotKept,
                             keptWarnings.joined(separator: "\n"), runId])
        for (entity, counts) in entities.sorted(by: { $0.key < $1.key }) {
            try db.execute(sql: """
                INSERT INTO import_run_entity(import_run_id, entity, inserted, updated, unchanged, created)
                VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [runId, entity.rawValue, counts.inserted, counts.updated, counts.unchanged,
                                 counts.created])
        }
        var summary = ImportSummary(format: run.format, formatName: run.formatName, file: run.fileName, path: run.path,
                                    sha256: sha256, recordsRead: recordsRead, recordNoun: run.recordNoun,
                                    mainEntity: run.mainEntity, entities: entities, skipped: skipped,
                                    warnings: keptWarnings, warningCount: warnings.count + warningsNotKept)
        summary.notes = notes
        return summary
    }

    // MARK: People and identities

    /// The identity id of a reference, creating a person for an unknown one.
    func identity(_ raw: String) throws -> Int64? {
        try resolve(raw)?.identity
    }

    /// An identity and its normalised reference.
    struct ResolvedReference {
        let identity: Int64
        let value: String
    }

    /// A reference as written in the file, resolved (nil when empty after trimming). The identity of a
    /// reference never changes within an import (a directory row moves identities to another person, it does
    /// not renumber them), so the cache stays valid for the whole run.
    func resolve(_ raw: String) throws -> ResolvedReference? {
        if let cached = referenceCache[ExactString(raw)] { return cached }
        guard let reference = PersonReference(raw) else { return nil }
        let resolved = ResolvedReference(identity: try identity(reference), value: reference.value)
        if referenceCache.count < 1 << 20 { referenceCache[ExactString(raw)] = resolved }
        return resolved
    }

    func identity(_ reference: PersonReference) throws -> Int64 {
        if let id = identityCache[ExactString(reference.value)] { return id }
        if let id = try findIdentity.bind(reference.value).int64() {
            identityCache[ExactString(reference.value)] = id
            return id
        }
        try insertAutoPerson.bind(EntityKey(source: "ref", entity: .person, id: reference.value).description)
            .bind(reference.value).bind(runId).run()
        created[.person, default: 0] += 1
        let personId = insertAutoPerson.lastInsertRowID
        try insertIdentity.bind(reference.value).bind(reference.source).bind(reference.externalId).bind(personId)
            .bind(false).bind(runId).run()
        let id = insertIdentity.lastInsertRowID
        identityCache[ExactString(reference.value)] = id
        return id
    }

    /// `;`-joined normalised references, creating identities for unknown ones.
    func referenceList(_ raws: [String]) throws -> String? {
        if raws.isEmpty { return nil }
        var seen: [ExactString] = []
        for raw in raws {
            guard let reference = try resolve(raw) else { continue }
            let value = ExactString(reference.value)
            if !seen.contains(value) { seen.append(value) }
        }
        return seen.isEmpty ? nil : seen.map(\.value).joined(separator: ";")
    }

    func add(_ person: PersonRecord) throws {
        guard person.fromDirectory else { return try addProfile(person) }
        try willWrite(.person)
        handed[.person, default: 0] += 1
        try db.cachedStatement(sql: "INSERT OR IGNORE INTO team(name) VALUES (?)")
            .execute(arguments: [person.team])
        let key = key(.person, person.personId)
        let email = person.email.flatMap { PersonReference($0)?.value }
        try db.cachedStatement(sql: """
            INSERT INTO person(key, directory_id, display_id, name, email, team, timezone, work_start, work_end, workdays,
                is_bot, holiday_calendar, from_directory, import_run_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)
            ON CONFLICT(key) DO UPDATE SET name = excluded.name, email = excluded.email, team = excluded.team,
                timezone = excluded.timezone, work_start = excluded.work_start, work_end = excluded.work_end,
                workdays = excluded.workdays, is_bot = excluded.is_bot, holiday_calendar = excluded.holiday_calendar,
                import_run_id = excluded.import_run_id
            WHERE name IS NOT excluded.name OR email IS NOT excluded.email OR team IS NOT excluded.team
                OR timezone IS NOT excluded.timezone OR work_start IS NOT excluded.work_start
                OR work_end IS NOT excluded.work_end OR workdays IS NOT excluded.workdays OR is_bot IS NOT excluded.is_bot
                OR holiday_calendar IS NOT excluded.holiday_calendar
            """).execute(arguments: [key, person.personId, person.personId, person.name, email, person.team,
                                     person.timezone, person.workStart, person.workEnd, person.workdays,
                                     person.isBot, person.holidayCalendar, runId])
        changes[.person, default: 0] += db.changesCount
        guard let personRow = try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM person WHERE key = ?"),
                                                 arguments: [key])
        else { return }
        var references = [person.personId]
        if let email { references.append(email) }
        references += person.aliases
        for raw in references {
            guard let reference = PersonReference(raw) else { continue }
            if let row = try Row.fetchOne(db, sql: "SELECT id, person_id FROM identity WHERE reference = ?",
                                          arguments: [reference.value]) {
                let identityId: Int64 = row["id"]
                let previous: Int64 = row["person_id"]
                guard previous != personRow else { continue }
                try db.execute(sql: "UPDATE identity SET person_id = ?, claimed_by_directory = 1, import_run_id = ? WHERE id = ?",
                               arguments: [personRow, runId, identityId])
                let fromDirectory = try Bool.fetchOne(db, sql: "SELECT from_directory FROM person WHERE id = ?",
                                                      arguments: [previous]) ?? false
                if fromDirectory {
                    warn("the reference '\(reference.value)' moves to person \(person.personId)", at: person.location)
                } else {
                    // A person outside the directory is one human: all of its identities (a source profile has
                    // several, such as `slack:U1` and its e-mail) become the directory person's.
                    try db.execute(sql: "UPDATE identity SET person_id = ?, import_run_id = ? WHERE person_id = ?",
                                   arguments: [personRow, runId, previous])
                    try db.execute(sql: "DELETE FROM person WHERE id = ?", arguments: [previous])
                }
            } else {
                try insertIdentity.bind(reference.value).bind(reference.source).bind(reference.externalId).bind(personRow)
                    .bind(true).bind(runId).run()
                identityCache[ExactString(reference.value)] = insertIdentity.lastInsertRowID
            }
        }
    }

    /// A source's profile of a user (`PersonRecord.fromDirectory == false`): joins the person who holds one of
    /// its references, filling in what that person lacks, or creates a person outside the directory (counted as
    /// created). References held by nobody become identities of that person.
    private func addProfile(_ person: PersonRecord) throws {
        let references = ([person.personId] + [person.email].compactMap { $0 } + person.aliases)
            .compactMap { PersonReference($0) }
        guard let own = references.first else { return }
        var personRow: Int64?
        var unheld: [PersonReference] = []
        for reference in references {
            if let row = try Int64.fetchOne(db, sql: """
                SELECT person_id FROM identity WHERE reference = ?
                """, arguments: [reference.value]) {
                if personRow == nil { personRow = row }
            } else if !unheld.contains(reference) {
                unheld.append(reference)
            }
        }
        let email = person.email.flatMap { PersonReference($0)?.value }
        if let personRow {
            try db.cachedStatement(sql: """
                UPDATE person SET name = coalesce(name, ?), email = coalesce(email, ?), timezone = coalesce(timezone, ?),
                    is_bot = CASE WHEN from_directory = 0 AND ? THEN 1 ELSE is_bot END
                WHERE id = ? AND (name IS NULL AND ? IS NOT NULL OR email IS NULL AND ? IS NOT NULL
                    OR timezone IS NULL AND ? IS NOT NULL OR from_directory = 0 AND ? AND is_bot = 0)
                """).execute(arguments: [person.name, email, person.timezone, person.isBot, personRow,
                                         person.name, email, person.timezone, person.isBot])
            for reference in unheld {
                try insertIdentity.bind(reference.value).bind(reference.source).bind(reference.externalId)
                    .bind(personRow).bind(false).bind(runId).run()
                identityCache[ExactString(reference.value)] = insertIdentity.lastInsertRowID
            }
            return
        }
        try db.cachedStatement(sql: """
            INSERT INTO person(key, display_id, name, email, team, timezone, is_bot, from_directory, import_run_id)
            VALUES (?, ?, ?, ?, 'unassigned', ?, ?, 0, ?)
            """).execute(arguments: [key(.person, own.externalId), own.value, person.name, email, person.timezone,
                                     person.isBot, runId])
        created[.person, default: 0] += 1
        let newRow = db.lastInsertedRowID
        for reference in unheld {
            try insertIdentity.bind(reference.value).bind(reference.source).bind(reference.externalId).bind(newRow)
                .bind(false).bind(runId).run()
            identityCache[ExactString(reference.value)] = insertIdentity.lastInsertRowID
        }
    }

    // MARK: Messages

    func add(_ message: MessageRecord) throws {
        try willWrite(.message)
        handed[.message, default: 0] += 1
        let channelId = try channel(message.channel, kind: message.channelKind, displayName: message.channelName)
        guard let author = try identity(message.author) else {
            throw ImportError(at: message.location.field("author"), message: "the author is empty",
                              fix: "fill in the author's person reference")
        }
        let mentions = try referenceList(message.mentions)
        let tokens = message.mentionTokens.isEmpty ? nil : message.mentionTokens.joined(separator: ";")
        let statement = bulkMessages ? insertMessage : upsertMessage
        changes[.message, default: 0] += try statement.bind(channelId).bind(message.messageId).bind(author)
            .bind(message.sentAt).bind(message.threadId).bind(mentions).bind(tokens).bind(message.isQuestion)
            .bind(message.length).bind(message.urlCount).bind(message.isSystem).bind(message.source)
            .bind(keepsText ? message.text : nil).bind(runId).run()
    }

    /// The messages of a batch, in order: the same rows as `add(_:)` of each record writes, without building
    /// a `String` for the values that go straight to SQLite.
    func add(_ batch: consuming MessageBatch) throws {
        try willWrite(.message)
        handed[.message, default: 0] += batch.count
        let statement = bulkMessages ? insertMessage : upsertMessage
        let keepsText = keepsText
        var changed = 0
        defer { changes[.message, default: 0] += changed }
        try batch.bytes.withUnsafeBufferPointer { all in
            func bytes(_ span: MessageBatch.Span) -> UnsafeBufferPointer<UInt8>? {
                span.isNil ? nil
                    : UnsafeBufferPointer(rebasing: all[Int(span.offset)..<Int(span.offset) + Int(span.count)])
            }
            let empty = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
            for row in batch.rows {
                let name = bytes(row.channel) ?? empty
                let channelId: Int64
                if let known = channelsByBytes.value(for: name) {
                    channelId = known
                } else {
                    channelId = try channel(String(decoding: name, as: UTF8.self),
                                            kind: MessageBatch.channelKind(row))
                    channelsByBytes.set(channelId, for: name)
                }
                let raw = bytes(row.author) ?? empty
                let author: Int64?
                if let known = authorsByBytes.value(for: raw) {
                    author = known
                } else {
                    author = try identity(String(decoding: raw, as: UTF8.self))
                    authorsByBytes.set(author, for: raw)
                }
                guard let author else {
                    throw ImportError(at: batch.origin.atLine(row.line).field("author"), message: "the author is empty",
                                      fix: "fill in the author's person reference")
                }
                let mentions = row.mentions.count > 0
                    ? try referenceList((batch.string(row.mentions) ?? "").split(separator: ";").map(String.init))
                    : nil
                let tokens = row.mentionTokens.count > 0 ? bytes(row.mentionTokens) : nil
                changed += try statement.bind(channelId).bind(bytes: bytes(row.messageId)).bind(author)
                    .bind(row.sentAt).bind(bytes: bytes(row.threadId)).bind(mentions).bind(bytes: tokens)
                    .bind(row.isQuestion).bind(Int64(row.length)).bind(Int64(row.urlCount)).bind(row.isSystem)
                    .bind(bytes: bytes(row.source)).bind(bytes: keepsText ? bytes(row.text) : nil).bind(runId).run()
            }
        }
    }

    private func channel(_ name: String, kind: ChannelKind?, displayName: String? = nil) throws -> Int64 {
        if let id = channelCache[ExactString(name)] { return id }
        let key = key(.channel, name)
        if let id = try findChannel.bind(key).int64() {
            channelCache[ExactString(name)] = id
            return id
        }
        try insertChannel.bind(key).bind(displayName ?? name).bind((kind ?? .public).rawValue).bind(runId).run()
        created[.channel, default: 0] += 1
        let id = insertChannel.lastInsertRowID
        channelCache[ExactString(name)] = id
        return id
    }

    // MARK: Work items

    func add(_ item: WorkItemRecord) throws {
        try willWrite(.workItem)
        handed[.workItem, default: 0] += 1
        let assignees = try referenceList(item.assignees)
        let reporter = try item.reporter.flatMap { try identity($0) }
        try db.cachedStatement(sql: """
            INSERT INTO work_item(key, item_id, title, created_at, status, original_status, resolved_at, due_at, assignees,
                reporter_id, project, description_length, has_acceptance, has_url, links, updated_at, description,
                import_run_id, kind)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(key) DO UPDATE SET title = excluded.title, created_at = excluded.created_at,
                status = excluded.status, original_status = excluded.original_status,
                resolved_at = excluded.resolved_at, due_at = excluded.due_at, assignees = excluded.assignees,
                reporter_id = excluded.reporter_id, project = excluded.project,
                description_length = excluded.description_length, has_acceptance = excluded.has_acceptance,
                has_url = excluded.has_url, links = excluded.links, updated_at = excluded.updated_at,
                description = excluded.description, import_run_id = excluded.import_run_id, kind = excluded.kind
            WHERE title IS NOT excluded.title OR created_at IS NOT excluded.created_at OR status IS NOT excluded.status
                OR original_status IS NOT excluded.original_status OR resolved_at IS NOT excluded.resolved_at
                OR due_at IS NOT excluded.due_at OR assignees IS NOT excluded.assignees
                OR reporter_id IS NOT excluded.reporter_id OR project IS NOT excluded.project
                OR description_length IS NOT excluded.description_length
                OR has_acceptance IS NOT excluded.has_acceptance OR has_url IS NOT excluded.has_url
                OR links IS NOT excluded.links OR updated_at IS NOT excluded.updated_at
                OR description IS NOT excluded.description OR kind IS NOT excluded.kind
            """).execute(arguments: [
                key(.workItem, item.itemId), item.itemId, item.title, item.createdAt, item.status.rawValue,
                item.originalStatus, item.resolvedAt, item.dueAt, assignees, reporter, item.project,
                item.descriptionLength, item.hasAcceptanceCriteria, item.hasURL,
                item.links.isEmpty ? nil : item.links.joined(separator: ";"), item.updatedAt,
                keepsText ? item.description : nil, runId, item.kind,
            ])
        changes[.workItem, default: 0] += db.changesCount
        itemCache[ExactString(item.itemId)] = nil
    }

    func add(_ event: WorkItemEventRecord) throws {
        let itemRow: Int64?
        if let cached = itemCache[ExactString(event.itemId)] {
            itemRow = cached
        } else {
            itemRow = try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM work_item WHERE key = ?"),
                                         arguments: [key(.workItem, event.itemId)])
            itemCache[ExactString(event.itemId)] = itemRow
        }
        guard let itemRow else {
            skip(reason: "events naming an unknown work item")
            return
        }
        try willWrite(.workItemEvent)
        handed[.workItemEvent, default: 0] += 1
        let base = key(.workItemEvent, "\(event.itemId)/\(event.at)/\(event.field.rawValue)")
        let n = eventCounter[ExactString(base), default: 0]
        eventCounter[ExactString(base)] = n + 1
        let from: String?
        let to: String?
        switch event.field {
        case .assignee:
            from = try referenceList(event.from)
            to = try referenceList(event.to)
        case .status:
            from = event.from.first
            to = event.to.first
        }
        let actor = try event.actor.flatMap { try identity($0) }
        try db.cachedStatement(sql: """
            INSERT INTO work_item_event(key, work_item_id, at, seq, field, from_value, to_value, actor_id, import_run_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(key) DO UPDATE SET work_item_id = excluded.work_item_id, seq = excluded.seq,
                from_value = excluded.from_value, to_value = excluded.to_value, actor_id = excluded.actor_id,
                import_run_id = excluded.import_run_id
            WHERE work_item_id IS NOT excluded.work_item_id OR seq IS NOT excluded.seq
                OR from_value IS NOT excluded.from_value OR to_value IS NOT excluded.to_value
                OR actor_id IS NOT excluded.actor_id
            """).execute(arguments: ["\(base)/\(n)", itemRow, event.at, event.location.line ?? handed[.workItemEvent, default: 0],
                                     event.field.rawValue, from, to, actor, runId])
        changes[.workItemEvent, default: 0] += db.changesCount
    }

    // MARK: Meetings

    func add(_ meeting: MeetingRecord) throws {
        try willWrite(.meeting)
        handed[.meeting, default: 0] += 1
        let organizer = try meeting.organizer.flatMap { try identity($0) }
        try db.cachedStatement(sql: """
            INSERT INTO meeting(key, meeting_id, title, start_at, end_at, organizer_id, series_id, all_day, cancelled, free,
                agenda_length, has_notes, notes_url, description, import_run_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(key) DO UPDATE SET title = excluded.title, start_at = excluded.start_at, end_at = excluded.end_at,
                organizer_id = excluded.organizer_id, series_id = excluded.series_id, all_day = excluded.all_day,
                cancelled = excluded.cancelled, free = excluded.free, agenda_length = excluded.agenda_length,
                has_notes = excluded.has_notes, notes_url = excluded.notes_url, description = excluded.description,
                import_run_id = excluded.import_run_id
            WHERE title IS NOT excluded.title OR start_at IS NOT excluded.start_at OR end_at IS NOT excluded.end_at
                OR organizer_id IS NOT excluded.organizer_id OR series_id IS NOT excluded.series_id
                OR all_day IS NOT excluded.all_day OR cancelled IS NOT excluded.cancelled OR free IS NOT excluded.free
                OR agenda_length IS NOT excluded.agenda_length OR has_notes IS NOT excluded.has_notes
                OR notes_url IS NOT excluded.notes_url OR description IS NOT excluded.description
            """).execute(arguments: [
                key(.meeting, meeting.meetingId), meeting.meetingId, meeting.title, meeting.start, meeting.end, organizer,
                meeting.seriesId, meeting.allDay, meeting.cancelled, meeting.free, meeting.agendaLength,
                meeting.hasNotes, meeting.notesURL, keepsText ? meeting.description : nil, runId,
            ])
        changes[.meeting, default: 0] += db.changesCount
        meetingCache[ExactString(meeting.meetingId)] = nil
    }

    func add(_ attendance: AttendanceRecord) throws {
        let meetingRow: Int64?
        if let cached = meetingCache[ExactString(attendance.meetingId)] {
            meetingRow = cached
        } else {
            meetingRow = try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM meeting WHERE key = ?"),
                                            arguments: [key(.meeting, attendance.meetingId)])
            meetingCache[ExactString(attendance.meetingId)] = meetingRow
        }
        guard let meetingRow else {
            skip(reason: "attendees naming an unknown meeting")
            return
        }
        guard let person = try identity(attendance.person) else { return }
        try willWrite(.attendance)
        handed[.attendance, default: 0] += 1
        // Rows are merged per meeting and identity and written when the file is read (`flushAttendance`):
        // a person listed twice under the same reference declined only if every row declined.
        let key = AttendanceKey(meeting: meetingRow, identity: person)
        // An own answer (the person's own calendar) replaces another attendee's copy of it, never the reverse.
        let value = (response: attendance.response, own: attendance.ownAnswer)
        if let earlier = attendanceInThisImport[key] {
            if value.own && !earlier.own {
                attendanceInThisImport[key] = value
            } else if value.own == earlier.own, earlier.response == .declined {
                attendanceInThisImport[key] = value
            }
        } else {
            attendanceInThisImport[key] = value
            attendanceOrder.append(key)
        }
    }

    // MARK: Days off

    func add(_ timeOff: TimeOffRecord) throws {
        guard let person = try identity(timeOff.person) else { return }
        handed[.timeOff, default: 0] += 1
        timeOffRows.append(DayOffRow(owner: String(person), first: timeOff.start.description,
                                     last: timeOff.end.description, detail: timeOff.kind))
    }

    func add(_ holiday: HolidayRecord) throws {
        handed[.holiday, default: 0] += 1
        holidayRows.append(DayOffRow(owner: holiday.calendar, first: holiday.date.description,
                                     last: holiday.date.description, detail: holiday.name))
    }

    /// Days off are not keyed: an input replaces what its earlier imports (same path) gave. Rows already stored
    /// stay as they are, rows the file no longer holds go, new rows come in, so importing the same file again
    /// changes nothing.
    private func flushDaysOff() throws {
        switch run.mainEntity {
        case .timeOff?:
            try replace(.timeOff, rows: timeOffRows, sql: (
                select: "SELECT id, CAST(identity_id AS TEXT), start_date, end_date, kind FROM time_off WHERE input_path = ?",
                insert: """
                    INSERT INTO time_off(identity_id, start_date, end_date, kind, input_path, import_run_id)
                    VALUES (CAST(? AS INTEGER), ?, ?, ?, ?, ?)
                    """,
                delete: "DELETE FROM time_off WHERE id = ?"))
        case .holiday?:
            try replace(.holiday, rows: holidayRows, sql: (
                select: "SELECT id, calendar, date, date, name FROM holiday WHERE input_path = ?",
                insert: "INSERT INTO holiday(calendar, date, name, input_path, import_run_id) VALUES (?, ?, ?, ?, ?)",
                delete: "DELETE FROM holiday WHERE id = ?"))
        default: break
        }
    }

    private func replace(_ entity: EntityKind, rows: [DayOffRow],
                         sql: (select: String, insert: String, delete: String)) throws {
        var counts = EntityCounts()
        defer { replacedCounts[entity] = counts }
        var stored: [DayOffRow: [Int64]] = [:]
        for row in try Row.fetchAll(db, sql: sql.select, arguments: [run.path]) {
            stored[DayOffRow(owner: row[1], first: row[2], last: row[3], detail: row[4]), default: []].append(row[0])
        }
        var removed = 0
        for row in rows {
            if var ids = stored[row], !ids.isEmpty {
                ids.removeLast()
                stored[row] = ids
                counts.unchanged += 1
                continue
            }
            counts.inserted += 1
            let arguments: StatementArguments = entity == .timeOff
                ? [row.owner, row.first, row.last, row.detail, run.path, runId]
                : [row.owner, row.first, row.detail, run.path, runId]
            try db.execute(sql: sql.insert, arguments: arguments)
        }
        for ids in stored.values {
            for id in ids {
                try db.execute(sql: sql.delete, arguments: [id])
                removed += 1
            }
        }
        if removed > 0 {
            warn(ImportWarning("\(removed) \(entity.plural) of an earlier import of this file are gone: the file no "
                + "longer holds them", at: InputLocation(file: run.fileName)))
        }
    }

    /// Writes the merged attendee rows of this import, in file order.
    private func flushAttendance() throws {
        let statement = try db.cachedStatement(sql: """
            INSERT INTO attendance(meeting_id, identity_id, response, own_answer, import_run_id) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT(meeting_id, identity_id) DO UPDATE SET response = excluded.response,
                own_answer = excluded.own_answer, import_run_id = excluded.import_run_id
            WHERE (excluded.own_answer = 1 OR attendance.own_answer = 0)
                AND (response IS NOT excluded.response OR own_answer IS NOT excluded.own_answer)
            """)
        for key in attendanceOrder {
            guard let value = attendanceInThisImport[key] else { continue }
            try statement.execute(arguments: [key.meeting, key.identity, value.response.rawValue, value.own, runId])
            changes[.attendance, default: 0] += db.changesCount
        }
        attendanceOrder.removeAll()
        attendanceInThisImport.removeAll()
    }
}

/// A time-off row (owner: identity id) or a holiday (owner: calendar, first = last), as compared on re-import.
private struct DayOffRow: Hashable {
    var owner: String
    var first: String
    var last: String
    var detail: String?

    static func == (a: DayOffRow, b: DayOffRow) -> Bool {
        a.owner.utf8.elementsEqual(b.owner.utf8) && a.first == b.first && a.last == b.last
            && (a.detail?.utf8).map { b.detail?.utf8.elementsEqual($0) ?? false } ?? (b.detail == nil)
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(ExactString(owner)); hasher.combine(first); hasher.combine(last)
        hasher.combine(detail.map { ExactString($0) })
    }
}

private struct AttendanceKey: Hashable {
    var meeting: Int64
    var identity: Int64
}
