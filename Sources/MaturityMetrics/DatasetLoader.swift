import Foundation
import GRDB
import MaturityCore

/// Loads a `Dataset` from the store: the only place metrics touch SQL. Person references resolve through
/// the `identity` table here, when metrics run, so a directory imported after the messages still applies.
public enum DatasetLoader {
    /// - Parameter periods: periods the caller will ask about; working calendars cover them too.
    public static func load(_ store: Store, periods: [Period] = []) throws -> Dataset {
        let organisation = try store.settings()
        return try store.read { db in try load(db, organisation: organisation, periods: periods) }
    }

    static func load(_ db: Database, organisation: OrganisationSettings, periods: [Period]) throws -> Dataset {
        // People
        var people: [DatasetPerson] = []
        var personIndex: [Int64: PersonIndex] = [:]
        let cursor1 = try Row.fetchCursor(db, sql: """
            SELECT id, display_id, team, timezone, work_start, work_end, workdays, is_bot FROM person ORDER BY id
            """)
        while let row = try cursor1.next() {
            let schedule = (try? organisation.schedule(timezone: row["timezone"], workStart: row["work_start"],
                                                       workEnd: row["work_end"], workdays: row["workdays"]))
                ?? organisation.schedule
            personIndex[row["id"]] = PersonIndex(people.count)
            people.append(DatasetPerson(displayId: row["display_id"], team: row["team"], isBot: row["is_bot"],
                                        schedule: schedule))
        }
        // Identities: reference → person, and identity id → person.
        var byReference: [String: PersonIndex] = [:]
        var byIdentity: [Int64: PersonIndex] = [:]
        let cursor2 = try Row.fetchCursor(db, sql: "SELECT id, reference, person_id FROM identity")
        while let row = try cursor2.next() {
            guard let p = personIndex[row["person_id"]] else { continue }
            byReference[row["reference"]] = p
            byIdentity[row["id"]] = p
        }
        func resolve(_ list: String?) -> [PersonIndex] {
            guard let list, !list.isEmpty else { return [] }
            var out: [PersonIndex] = []
            for part in list.split(separator: ";") {
                guard let reference = PersonReference(part), let p = byReference[reference.value] else { continue }
                if !out.contains(p) { out.append(p) }
            }
            return out
        }

        // Channels
        var channels: [DatasetChannel] = []
        var channelIndex: [Int64: Int32] = [:]
        let cursor3 = try Row.fetchCursor(db, sql: "SELECT id, name, kind FROM channel ORDER BY id")
        while let row = try cursor3.next() {
            channelIndex[row["id"]] = Int32(channels.count)
            channels.append(DatasetChannel(name: row["name"], kind: ChannelKind(rawValue: row["kind"]) ?? .public))
        }

        // Messages, in channel order (message_id compared bytewise = code point order).
        var sources: [String] = []
        var sourceIndex: [String: Int32] = [:]
        var messages: [DatasetMessage] = []
        messages.reserveCapacity(try Int.fetchOne(db, sql: "SELECT count(*) FROM message") ?? 0)
        let statement = try db.makeStatement(sql: """
            SELECT channel_id, message_id, author_id, sent_at, thread_id, mentions, mention_tokens, is_question,
                is_system, source FROM message ORDER BY channel_id, sent_at, message_id
            """)
        let cursor = try Row.fetchCursor(statement)
        while let row = try cursor.next() {
            guard let channel = channelIndex[row[0]], let author = byIdentity[row[2]] else { continue }
            let source: String = row[9]
            let s: Int32
            if let known = sourceIndex[source] { s = known } else {
                s = Int32(sources.count)
                sources.append(source)
                sourceIndex[source] = s
            }
            var mentions = resolve(row[5])
            for p in resolve(row[6]) where !mentions.contains(p) { mentions.append(p) }
            let messageId: String = row[1]
            let thread: String? = row[4]
            if let thread, !thread.isEmpty, thread != messageId { channels[Int(channel)].hasReplies = true }
            messages.append(DatasetMessage(channel: channel, messageId: messageId, author: author, sentAt: row[3],
                                           threadId: thread, mentions: mentions, isQuestion: row[7],
                                           isSystem: row[8], source: s))
        }
        if sources.isEmpty { sources = ["csv"] }

        // Meetings with their attendees (rows of one person merged: declined only if every row declined).
        var attendees: [Int64: [(PersonIndex, Bool)]] = [:]
        let cursor4 = try Row.fetchCursor(db, sql: "SELECT meeting_id, identity_id, response FROM attendance ORDER BY id")
        while let row = try cursor4.next() {
            guard let p = byIdentity[row["identity_id"]] else { continue }
            attendees[row["meeting_id"], default: []].append((p, (row["response"] as String) == "declined"))
        }
        var meetings: [DatasetMeeting] = []
        let cursor5 = try Row.fetchCursor(db, sql: """
            SELECT id, meeting_id, title, start_at, end_at, organizer_id, series_id, all_day, cancelled, free,
                agenda_length, has_notes FROM meeting ORDER BY start_at, meeting_id
            """)
        while let row = try cursor5.next() {
            var merged: [DatasetAttendee] = []
            for (p, declined) in attendees[row["id"]] ?? [] {
                if let i = merged.firstIndex(where: { $0.person == p }) {
                    merged[i].declined = merged[i].declined && declined
                } else {
                    merged.append(DatasetAttendee(person: p, declined: declined))
                }
            }
            let organizer: Int64? = row["organizer_id"]
            meetings.append(DatasetMeeting(
                meetingId: row["meeting_id"], title: row["title"] ?? "", start: row["start_at"], end: row["end_at"],
                organizer: organizer.flatMap { byIdentity[$0] }, seriesId: row["series_id"], allDay: row["all_day"],
                cancelled: row["cancelled"], free: row["free"], agendaLength: row["agenda_length"],
                hasNotes: row["has_notes"], attendees: merged))
        }

        // Work items and their events.
        var events: [Int64: [DatasetWorkItemEvent]] = [:]
        let cursor6 = try Row.fetchCursor(db, sql: """
            SELECT work_item_id, at, field, from_value, to_value, actor_id FROM work_item_event ORDER BY work_item_id, at, seq
            """)
        while let row = try cursor6.next() {
            let field = WorkItemField(rawValue: row["field"]) ?? .status
            let actor: Int64? = row["actor_id"]
            let event: DatasetWorkItemEvent
            switch field {
            case .assignee:
                event = DatasetWorkItemEvent(at: row["at"], field: .assignee, from: resolve(row["from_value"]),
                                             to: resolve(row["to_value"]), actor: actor.flatMap { byIdentity[$0] })
            case .status:
                event = DatasetWorkItemEvent(at: row["at"], field: .status,
                                             toStatus: WorkItemFeatures.normaliseStatus(row["to_value"]),
                                             actor: actor.flatMap { byIdentity[$0] })
            }
            events[row["work_item_id"], default: []].append(event)
        }
        var workItems: [DatasetWorkItem] = []
        let cursor7 = try Row.fetchCursor(db, sql: """
            SELECT id, item_id, created_at, status, resolved_at, due_at, assignees, reporter_id, description_length,
                has_acceptance, has_url, updated_at FROM work_item ORDER BY item_id
            """)
        while let row = try cursor7.next() {
            let reporter: Int64? = row["reporter_id"]
            let due: String? = row["due_at"]
            workItems.append(DatasetWorkItem(
                itemId: row["item_id"], createdAt: row["created_at"],
                status: WorkStatus(rawValue: row["status"]) ?? .todo, resolvedAt: row["resolved_at"],
                hasDue: !(due ?? "").isEmpty, assignees: resolve(row["assignees"]),
                reporter: reporter.flatMap { byIdentity[$0] }, descriptionLength: row["description_length"],
                hasAcceptanceCriteria: row["has_acceptance"], hasURL: row["has_url"], updatedAt: row["updated_at"],
                events: events[row["id"]] ?? []))
        }

        // Inputs: the latest run of each imported file.
        let inputs = try Row.fetchAll(db, sql: """
            SELECT file_name, sha256 FROM import_run r
            WHERE id = (SELECT max(id) FROM import_run WHERE path = r.path)
            ORDER BY file_name, sha256
            """).map { InputFingerprint(file: $0["file_name"], sha256: $0["sha256"]) }

        var span = Dataset.span(messages: messages, meetings: meetings, workItems: workItems)
        for period in periods {
            span = (min(span?.from ?? period.start, period.start), max(span?.to ?? period.end, period.end))
        }
        return Dataset(organisation: organisation, people: people, channels: channels, messages: messages,
                       sources: sources, meetings: meetings, workItems: workItems, inputs: inputs,
                       calendarSpan: span, presorted: true)
    }
}
