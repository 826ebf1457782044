import Foundation
import GRDB
import MaturityCore

/// A value in the store that the metrics cannot use: names the row, what is wrong and how to fix it.
public enum DatasetError: Error, Equatable, CustomStringConvertible {
    /// A person's stored time zone, working hours or working days do not parse. `person` is the display id;
    /// `column` the `person` column at fault (`timezone`, `work_start`, `work_end`, `workdays`), when known;
    /// `problem` what is wrong with its value.
    case invalidSchedule(person: String, column: String?, problem: String)

    public var description: String {
        switch self {
        case let .invalidSchedule(person, column, problem):
            let field = column ?? "time zone, working hours or working days"
            return "person \(person) has an invalid \(field) in the store: \(problem). Fix: re-import the people "
                + "directory with a valid \(field) for \(person) (or an empty one, for the organisation's)."
        }
    }
}

/// Loads a `Dataset` from the store: the only place metrics touch SQL. Person references resolve through
/// the `identity` table here, when metrics run, so a directory imported after the messages still applies.
public enum DatasetLoader {
    /// The query the messages are read with: every message, in storage order (the loader sorts them).
    static let messageQuery = """
        SELECT channel_id, message_id, author_id, sent_at, thread_id, mentions, mention_tokens, is_question,
            is_system, source FROM message
        """

    /// Sorts messages in `Dataset.messageOrder` without copying them around: sorts small keys, then moves each
    /// message once into place (a sort of the messages themselves copies them, two retains each time).
    static func sortMessages(_ messages: inout [DatasetMessage]) {
        struct Key {
            var sentAt: Int64
            var channel: Int32
            var index: Int32
        }
        var keys = messages.indices.map {
            Key(sentAt: messages[$0].sentAt, channel: messages[$0].channel, index: Int32($0))
        }
        messages.withUnsafeBufferPointer { messages in
            keys.sort { a, b in
                if a.channel != b.channel { return a.channel < b.channel }
                if a.sentAt != b.sentAt { return a.sentAt < b.sentAt }
                return Dataset.messageOrder(messages[Int(a.index)], messages[Int(b.index)])
            }
        }
        // Position k takes the message at keys[k].index: follow each cycle of the permutation with swaps.
        var order = keys.map { Int($0.index) }
        keys = []
        messages.withUnsafeMutableBufferPointer { messages in
            for start in order.indices where order[start] != start {
                var current = start
                while true {
                    let next = order[current]
                    order[current] = current
                    if next == start { break }
                    messages.swapAt(current, next)
                    current = next
                }
            }
        }
    }

    /// A stored person's working schedule: the organisation's, with the person's own time zone, hours and days
    /// where the directory gave them. A stored value that does not parse (a time zone this system's time zone
    /// database does not know, a value written into the store by other means) is an error naming the person
    /// and the column, never a silent fall-back to the organisation's schedule.
    static func schedule(of displayId: String, timezone: String?, workStart: String?, workEnd: String?,
                         workdays: String?, organisation: OrganisationSettings) throws(DatasetError) -> WorkSchedule {
        do {
            return try organisation.schedule(timezone: timezone, workStart: workStart, workEnd: workEnd,
                                             workdays: workdays)
        } catch {
            // The columns parse independently: check each alone to name the one that is wrong.
            let columns = [("timezone", timezone), ("work_start", workStart), ("work_end", workEnd),
                           ("workdays", workdays)]
            for (index, (column, value)) in columns.enumerated() {
                var alone: [String?] = [nil, nil, nil, nil]
                alone[index] = value
                do {
                    _ = try organisation.schedule(timezone: alone[0], workStart: alone[1], workEnd: alone[2],
                                                  workdays: alone[3])
                } catch {
                    throw DatasetError.invalidSchedule(person: displayId, column: column, problem: error.message)
                }
            }
            throw DatasetError.invalidSchedule(person: displayId, column: nil, problem: error.message)
        }
    }

    /// - Parameters:
    ///   - periods: periods the caller will ask about; working calendars cover them too.
    ///   - streamingMessages: read the messages once from a cursor in message order (`Store.messagesInChannelOrder`)
    ///     and keep only what the metrics need of them (`MessageSummary`: the latency requests and the tallies
    ///     of `periods`, sized by people, channels and weeks) instead of the messages themselves: memory then stays
    ///     flat in the number of messages. Such a dataset answers for `periods` only, and holds no `messages`.
    ///   - observe: with `streamingMessages`, called with every message in message order as the cursor gives it
    ///     (for more single-pass tallies, such as the data check's `DoctorMessageTally`).
    public static func load(_ store: Store, periods: [Period] = [], streamingMessages: Bool = false,
                            observe: ((DatasetMessage) -> Void)? = nil) throws -> Dataset {
        let organisation = try store.settings()
        return try store.read { db in
            try load(db, organisation: organisation, periods: periods, streamingMessages: streamingMessages,
                     observe: observe)
        }
    }

    /// Loads inside a read the caller holds (to read more of the same snapshot, as `maturity doctor` does).
    public static func load(_ db: Database, organisation: OrganisationSettings, periods: [Period],
                            streamingMessages: Bool = false, observe: ((DatasetMessage) -> Void)? = nil) throws -> Dataset {
        // People
        var people: [DatasetPerson] = []
        var personIndex: [Int64: PersonIndex] = [:]
        let cursor1 = try Row.fetchCursor(db, sql: """
            SELECT id, display_id, team, timezone, work_start, work_end, workdays, is_bot, holiday_calendar
            FROM person ORDER BY id
            """)
        var calendarOf: [PersonIndex: String] = [:]
        while let row = try cursor1.next() {
            let displayId: String = row["display_id"]
            let schedule = try schedule(of: displayId, timezone: row["timezone"], workStart: row["work_start"],
                                        workEnd: row["work_end"], workdays: row["workdays"],
                                        organisation: organisation)
            personIndex[row["id"]] = PersonIndex(people.count)
            if let calendar = DaysOff.calendar(directory: row["holiday_calendar"], organisation: organisation) {
                calendarOf[PersonIndex(people.count)] = calendar
            }
            people.append(DatasetPerson(displayId: displayId, team: row["team"], isBot: row["is_bot"],
                                        schedule: schedule))
        }
        // Identities: reference → person, and identity id → person.
        var byReference: [ExactString: PersonIndex] = [:]
        var byIdentity: [Int64: PersonIndex] = [:]
        let identities = try RawCursor(db, "SELECT id, reference, person_id FROM identity")
        while try identities.next() {
            guard let p = personIndex[identities.int64(2)] else { continue }
            byReference[ExactString(identities.string(1))] = p
            byIdentity[identities.int64(0)] = p
        }
        // A reference list (`;`-separated) to people, each entry normalised as `PersonReference` does; the
        // entries repeat, so each distinct one is normalised once.
        var resolvedEntries: [ExactString: PersonIndex?] = [:]
        func resolve(_ list: String?) -> [PersonIndex] {
            guard let list, !list.isEmpty else { return [] }
            var out: [PersonIndex] = []
            for part in list.split(separator: ";") {
                let person: PersonIndex?
                if let known = resolvedEntries[ExactString(String(part))] {
                    person = known
                } else {
                    person = PersonReference(part).flatMap { byReference[ExactString($0.value)] }
                    if resolvedEntries.count < 1 << 20 { resolvedEntries[ExactString(String(part))] = .some(person) }
                }
                if let person, !out.contains(person) { out.append(person) }
            }
            return out
        }

        // Days off (v2): time off by identity, holidays by calendar.
        var timeOff: [PersonIndex: [(first: LocalDate, last: LocalDate)]] = [:]
        let cursor2 = try RawCursor(db, "SELECT identity_id, start_date, end_date FROM time_off")
        while try cursor2.next() {
            guard let p = byIdentity[cursor2.int64(0)], let first = LocalDate.parse(cursor2.string(1)),
                  let last = LocalDate.parse(cursor2.string(2)) else { continue }
            timeOff[p, default: []].append((first, last))
        }
        var holidays: [ExactString: Set<Int>] = [:]
        let cursor4 = try RawCursor(db, "SELECT calendar, date FROM holiday")
        while try cursor4.next() {
            guard let date = LocalDate.parse(cursor4.string(1)) else { continue }
            holidays[ExactString(cursor4.string(0)), default: []].insert(date.daysSinceEpoch)
        }
        for index in people.indices {
            let p = PersonIndex(index)
            people[index].daysOff = DaysOff.days(timeOff: timeOff[p] ?? [],
                                                 holidays: calendarOf[p].flatMap { holidays[ExactString($0)] } ?? [])
        }
        var unknownCalendars = Set<ExactString>()
        for calendar in calendarOf.values where holidays[ExactString(calendar)] == nil {
            unknownCalendars.insert(ExactString(calendar))
        }

        // Channels
        var channels: [DatasetChannel] = []
        var channelIndex: [Int64: Int32] = [:]
        let cursor3 = try Row.fetchCursor(db, sql: "SELECT id, name, kind FROM channel ORDER BY id")
        while let row = try cursor3.next() {
            channelIndex[row["id"]] = Int32(channels.count)
            channels.append(DatasetChannel(name: row["name"], kind: ChannelKind(rawValue: row["kind"]) ?? .public))
        }

        // Meetings with their attendees (rows of one person merged: declined only if every row declined).
        var attendees: [Int64: [(PersonIndex, Bool)]] = [:]
        let attendance = try RawCursor(db, "SELECT meeting_id, identity_id, response FROM attendance ORDER BY id")
        while try attendance.next() {
            guard let p = byIdentity[attendance.int64(1)] else { continue }
            let declined = attendance.withBytes(2) { $0.elementsEqual("declined".utf8) }
            attendees[attendance.int64(0), default: []].append((p, declined))
        }
        var meetings: [DatasetMeeting] = []
        let cursor5 = try RawCursor(db, """
            SELECT id, meeting_id, title, start_at, end_at, organizer_id, series_id, all_day, cancelled, free,
                agenda_length, has_notes FROM meeting ORDER BY start_at, meeting_id
            """)
        while try cursor5.next() {
            var merged: [DatasetAttendee] = []
            for (p, declined) in attendees[cursor5.int64(0)] ?? [] {
                if let i = merged.firstIndex(where: { $0.person == p }) {
                    merged[i].declined = merged[i].declined && declined
                } else {
                    merged.append(DatasetAttendee(person: p, declined: declined))
                }
            }
            meetings.append(DatasetMeeting(
                meetingId: cursor5.string(1), title: cursor5.string(2), start: cursor5.int64(3),
                end: cursor5.int64(4), organizer: cursor5.optionalInt64(5).flatMap { byIdentity[$0] },
                seriesId: cursor5.optionalString(6), allDay: cursor5.bool(7), cancelled: cursor5.bool(8),
                free: cursor5.bool(9), agendaLength: Int(cursor5.int64(10)), hasNotes: cursor5.bool(11),
                attendees: merged))
        }

        // Work items and their events.
        var events: [Int64: [DatasetWorkItemEvent]] = [:]
        let cursor6 = try RawCursor(db, """
            SELECT work_item_id, at, field, from_value, to_value, actor_id FROM work_item_event
            ORDER BY work_item_id, at, seq
            """)
        while try cursor6.next() {
            let field = WorkItemField(rawValue: cursor6.string(2)) ?? .status
            let actor = cursor6.optionalInt64(5).flatMap { byIdentity[$0] }
            let event: DatasetWorkItemEvent
            switch field {
            case .assignee:
                event = DatasetWorkItemEvent(at: cursor6.int64(1), field: .assignee,
                                             from: resolve(cursor6.optionalString(3)),
                                             to: resolve(cursor6.optionalString(4)), actor: actor)
            case .status:
                event = DatasetWorkItemEvent(at: cursor6.int64(1), field: .status,
                                             toStatus: WorkItemFeatures.normaliseStatus(cursor6.optionalString(4)),
                                             actor: actor)
            }
            events[cursor6.int64(0), default: []].append(event)
        }
        var workItems: [DatasetWorkItem] = []
        let cursor7 = try RawCursor(db, """
            SELECT id, item_id, created_at, status, resolved_at, due_at, assignees, reporter_id, description_length,
                has_acceptance, has_url, updated_at FROM work_item ORDER BY item_id
            """)
        while try cursor7.next() {
            workItems.append(DatasetWorkItem(
                itemId: cursor7.string(1), createdAt: cursor7.int64(2),
                status: WorkStatus(rawValue: cursor7.string(3)) ?? .todo, resolvedAt: cursor7.optionalInt64(4),
                hasDue: !cursor7.isNull(5) && !cursor7.string(5).isEmpty,
                assignees: resolve(cursor7.optionalString(6)),
                reporter: cursor7.optionalInt64(7).flatMap { byIdentity[$0] },
                descriptionLength: Int(cursor7.int64(8)), hasAcceptanceCriteria: cursor7.bool(9),
                hasURL: cursor7.bool(10), updatedAt: cursor7.optionalInt64(11),
                events: events.removeValue(forKey: cursor7.int64(0)) ?? []))
        }

        // Inputs: the latest run of each imported file.
        let inputs = try Row.fetchAll(db, sql: """
            SELECT file_name, sha256 FROM import_run r
            WHERE id = (SELECT max(id) FROM import_run WHERE path = r.path)
            ORDER BY file_name, sha256
            """).map { InputFingerprint(file: $0["file_name"], sha256: $0["sha256"]) }

        // Messages: one row → one `DatasetMessage` (people resolved, source names numbered).
        var sources: [String] = []
        var sourceIndex: [ExactString: Int32] = [:]
        var lastSource: (bytes: [UInt8], index: Int32)?
        func message(_ cursor: RawCursor) -> DatasetMessage? {
            guard let channel = channelIndex[cursor.int64(0)], let author = byIdentity[cursor.int64(2)] else {
                return nil
            }
            let s: Int32 = cursor.withBytes(9) { bytes in
                if let lastSource, lastSource.bytes.elementsEqual(bytes) { return lastSource.index }
                let source = String(decoding: bytes, as: UTF8.self)
                let index: Int32
                if let known = sourceIndex[ExactString(source)] {
                    index = known
                } else {
                    index = Int32(sources.count)
                    sources.append(source)
                    sourceIndex[ExactString(source)] = index
                }
                lastSource = (Array(bytes), index)
                return index
            }
            var mentions = cursor.isNull(5) ? [] : resolve(cursor.string(5))
            if !cursor.isNull(6) {
                for p in resolve(cursor.string(6)) where !mentions.contains(p) { mentions.append(p) }
            }
            return DatasetMessage(channel: channel, messageId: cursor.string(1), author: author,
                                  sentAt: cursor.int64(3), threadId: cursor.optionalString(4), mentions: mentions,
                                  isQuestion: cursor.bool(7), isSystem: cursor.bool(8), source: s)
        }

        if streamingMessages {
            // The working calendars must exist before the pass (after-hours tallies, working latency): their span
            // comes from SQL (all messages: a superset of the loaded ones, which only widens the calendars).
            var span = Dataset.span(messages: [], meetings: meetings, workItems: workItems)
            if let messages = try Store.messageSpan(db) {
                span = (min(span?.from ?? messages.from, messages.from), max(span?.to ?? messages.to, messages.to))
            }
            for period in periods {
                span = (min(span?.from ?? period.start, period.start), max(span?.to ?? period.end, period.end))
            }
            let calendars = Dataset.calendars(people: people, span: span ?? (0, 0))
            var pass = MessagePass(people: people, channels: channels, calendars: calendars, computeHasReplies: true,
                                   latency: true, targets: periods.map { .init(period: $0, weeks: $0.weeks) },
                                   expectedMessages: try Store.messageRowBound(db))
            let cursor = try Store.messagesInChannelOrder(db)
            while try cursor.next() {
                if let message = message(cursor) {
                    observe?(message)
                    pass.add(message)
                }
            }
            let summary = pass.finish()
            if sources.isEmpty { sources = ["csv"] }
            var dataset = Dataset(organisation: organisation, people: people, channels: pass.channels,
                                  summary: summary, sources: sources, meetings: meetings, workItems: workItems,
                                  inputs: inputs, calendars: calendars)
            dataset.holidayCalendarsWithoutDates = unknownCalendars.sorted().map { $0.value }
            return dataset
        }

        // Messages, read in storage order and sorted here by channel, instant and message id (code point
        // order): a scan and an in-memory sort are faster than reading through an index of two million
        // entries (each row then costs a lookup), and the import keeps no such index.
        var messages: [DatasetMessage] = []
        messages.reserveCapacity(try Int.fetchOne(db, sql: "SELECT count(*) FROM message") ?? 0)
        let cursor = try RawCursor(db, messageQuery)
        while try cursor.next() {
            guard let message = message(cursor) else { continue }
            if let thread = message.threadId, !thread.isEmpty, !thread.utf8.elementsEqual(message.messageId.utf8) {
                channels[Int(message.channel)].hasReplies = true
            }
            messages.append(message)
        }
        sortMessages(&messages)
        if sources.isEmpty { sources = ["csv"] }

        var span = Dataset.span(messages: messages, meetings: meetings, workItems: workItems)
        for period in periods {
            span = (min(span?.from ?? period.start, period.start), max(span?.to ?? period.end, period.end))
        }
        var dataset = Dataset(organisation: organisation, people: people, channels: channels, messages: messages,
                              sources: sources, meetings: meetings, workItems: workItems, inputs: inputs,
                              calendarSpan: span, presorted: true)
        dataset.holidayCalendarsWithoutDates = unknownCalendars.sorted().map { $0.value }
        return dataset
    }
}
