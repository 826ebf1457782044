import Foundation
import MaturityCore

/// The six files of the canonical CSV format (Documentation/Importers.md), in dependency order.
public enum CanonicalKind: String, Sendable, CaseIterable {
    case people, workItems = "work-items", workItemEvents = "work-item-events", meetings, attendees, messages

    /// The file name the folder import looks for.
    public var fileName: String {
        switch self {
        case .people: "people.csv"
        case .workItems: "work_items.csv"
        case .workItemEvents: "work_item_events.csv"
        case .meetings: "meetings.csv"
        case .attendees: "attendees.csv"
        case .messages: "messages.csv"
        }
    }

    /// Columns: name and whether it is required.
    public var columns: [(name: String, required: Bool)] {
        switch self {
        case .people:
            [("person_id", true), ("name", false), ("email", false), ("team", false), ("timezone", false),
             ("work_start", false), ("work_end", false), ("workdays", false), ("aliases", false), ("is_bot", false)]
        case .workItems:
            [("item_id", true), ("title", true), ("created_at", true), ("status", false), ("resolved_at", false),
             ("due_at", false), ("assignees", false), ("reporter", false), ("project", false),
             ("description", false), ("links", false), ("updated_at", false)]
        case .workItemEvents:
            [("item_id", true), ("at", true), ("field", true), ("from", false), ("to", false), ("actor", false)]
        case .meetings:
            [("meeting_id", true), ("title", false), ("start", true), ("end", true), ("organizer", false),
             ("series_id", false), ("all_day", false), ("cancelled", false), ("free", false),
             ("description", false), ("notes_url", false)]
        case .attendees:
            [("meeting_id", true), ("person", true), ("response", false)]
        case .messages:
            [("message_id", true), ("channel", true), ("channel_kind", false), ("author", true), ("sent_at", true),
             ("thread_id", false), ("mentions", false), ("text", false), ("is_system", false), ("source", false)]
        }
    }

    public static func forFileName(_ name: String) -> CanonicalKind? {
        allCases.first { $0.fileName == name.lowercased() }
    }
}

/// Reads one canonical CSV file and hands its rows to a sink. Streaming: memory stays flat whatever the size
/// (apart from one 8-byte hash per id, to report repeated ids).
public struct CanonicalCSVImporter {
    public let kind: CanonicalKind
    /// Zone for timestamps written without an offset (`--timezone`); nil makes them an error.
    public let timeZone: TimeZone?

    public init(kind: CanonicalKind, timeZone: TimeZone? = nil) {
        self.kind = kind
        self.timeZone = timeZone
    }

    /// Imports `url` into `sink`. Returns the number of data rows read and the file's SHA-256.
    @discardableResult
    public func run(_ url: URL, into sink: RecordSink, progress: ((_ bytes: Int, _ total: Int, _ rows: Int) -> Void)? = nil) throws -> (rows: Int, sha256: String) {
        let reader = try CSVReader(url: url)
        let file = url.path
        var columnIndex: [String: Int] = [:]
        var headerCount = 0
        var rows = 0
        var seenIds: [UInt64: Int] = [:]
        var channelKinds: [String: ChannelKind?] = [:]
        var claimed: [String: (line: Int, personId: String)] = [:]
        try reader.read({ record in
            if headerCount == 0 {
                (columnIndex, headerCount) = try readHeader(record, file: file, sink: sink)
                return
            }
            if record.fields.count == 1 && record.fields[0] == nil { return }  // a blank line
            guard record.fields.count == headerCount else {
                throw ImportError(file: file, line: record.line, column: nil,
                                  message: "expected \(headerCount) fields as in the header, found \(record.fields.count)",
                                  fix: "quote fields that contain commas or line breaks, and give every row the header's columns")
            }
            rows += 1
            let row = Row(record: record, columns: columnIndex, file: file, zone: timeZone)
            switch kind {
            case .people:
                let person = try person(row)
                try checkUnique(person.personId, "person_id", row, &seenIds)
                let references = ([person.personId, person.email].compactMap { $0 } + person.aliases)
                    .compactMap { PersonReference($0)?.value }
                for reference in Set(references) {
                    if let other = claimed[reference] {
                        throw ImportError(
                            file: file, line: row.line, column: nil,
                            message: "the reference '\(reference)' is claimed by two directory rows: line \(other.line) "
                                + "(person_id \(other.personId)) and line \(row.line) (person_id \(person.personId))",
                            fix: "keep the reference on one person only (check e-mail and aliases)")
                    }
                    claimed[reference] = (row.line, person.personId)
                }
                try sink.add(person)
            case .workItems:
                let item = try workItem(row, keepText: sink.keepsText)
                try checkUnique(item.itemId, "item_id", row, &seenIds)
                try sink.add(item)
            case .workItemEvents:
                if let event = try workItemEvent(row, sink: sink) { try sink.add(event) }
            case .meetings:
                if let meeting = try meeting(row, sink: sink) {
                    try checkUnique(meeting.meetingId, "meeting_id", row, &seenIds)
                    try sink.add(meeting)
                }
            case .attendees: try sink.add(try attendance(row, sink: sink))
            case .messages:
                var message = try message(row, keepText: sink.keepsText, sink: sink)
                try checkUnique(message.channel + "\u{1F}" + message.messageId, "message_id", row, &seenIds)
                if let known = channelKinds[message.channel] {
                    message.channelKind = known
                } else {
                    channelKinds[message.channel] = .some(message.channelKind)
                }
                try sink.add(message)
            }
        }, progress: { bytes in progress?(bytes, reader.fileSize, rows) })
        if headerCount == 0 {
            throw ImportError(file: file, line: 1, column: nil, message: "the file is empty: no header row",
                              fix: "start the file with the header row of \(kind.fileName)")
        }
        return (rows, reader.sha256)
    }

    private func checkUnique(_ id: String, _ column: String, _ row: Row, _ seen: inout [UInt64: Int]) throws {
        let hash = fnv1a64(id)
        if let previous = seen[hash] {
            throw ImportError(file: row.file, line: row.line, column: row.columns[column].map { $0 + 1 },
                              columnName: column,
                              message: "the \(column) '\(id)' is repeated (first on line \(previous))",
                              fix: "give every row its own \(column), or remove the duplicate row")
        }
        seen[hash] = row.line
    }

    private func readHeader(_ record: CSVRecord, file: String, sink: RecordSink) throws -> ([String: Int], Int) {
        var index: [String: Int] = [:]
        var unknown: [String] = []
        let known = Set(kind.columns.map(\.name))
        for (i, field) in record.fields.enumerated() {
            let name = (field ?? "").trimmingCharacters(in: .whitespaces).lowercased()
            if known.contains(name) {
                if index[name] == nil { index[name] = i }
            } else if !name.isEmpty {
                unknown.append(name)
            }
        }
        let found = record.fields.map { ($0 ?? "").trimmingCharacters(in: .whitespaces) }.joined(separator: ", ")
        for column in kind.columns where column.required && index[column.name] == nil {
            throw ImportError(file: file, line: record.line, column: nil, columnName: column.name,
                              message: "the required column '\(column.name)' is missing (columns found: \(found))",
                              fix: "add a '\(column.name)' column to the header of this \(kind.fileName) file")
        }
        if !unknown.isEmpty {
            sink.warn("\(file): unknown column\(unknown.count == 1 ? "" : "s") ignored: \(unknown.joined(separator: ", "))")
        }
        return (index, record.fields.count)
    }

    // MARK: Rows

    private func person(_ row: Row) throws -> PersonRecord {
        let id = try row.required("person_id")
        var team = row.optional("team").map { TextRules.trim($0) } ?? ""
        if team.isEmpty { team = "unassigned" }
        let timezone = row.optional("timezone").map { $0.trimmingCharacters(in: .whitespaces) }
        if let timezone, !timezone.isEmpty, TimeZone(identifier: timezone) == nil {
            throw row.error("timezone", "unknown time zone '\(timezone)'",
                            fix: "use an IANA zone name such as Europe/Berlin or America/New_York (case matters)")
        }
        let start = try row.clock("work_start")
        let end = try row.clock("work_end")
        var workdays: String?
        if let raw = row.optional("workdays"), !raw.trimmingCharacters(in: .whitespaces).isEmpty {
            do { _ = try WorkSchedule.parseWorkdays(raw) } catch {
                throw row.error("workdays", error.message,
                                fix: "write days and ranges such as Mon-Fri, Sun-Thu or Mon,Wed,Fri")
            }
            workdays = raw
        }
        return PersonRecord(
            personId: id, name: row.optional("name"), email: row.optional("email").map { TextRules.trim($0) },
            team: team, timezone: timezone?.isEmpty == true ? nil : timezone, workStart: start, workEnd: end,
            workdays: workdays, aliases: (row.optional("aliases") ?? "").split(separator: ";").map(String.init),
            isBot: try row.bool("is_bot") ?? false, line: row.line)
    }

    private func workItem(_ row: Row, keepText: Bool) throws -> WorkItemRecord {
        let description = row.optional("description") ?? ""
        let links = (row.optional("links") ?? "").split(separator: ";").map { TextRules.trim(String($0)) }
            .filter { !$0.isEmpty }
        let status = row.optional("status")
        var due = row.optional("due_at").map { TextRules.trim($0) }
        if due?.isEmpty == true { due = nil }
        return WorkItemRecord(
            itemId: try row.required("item_id"), title: row.optional("title") ?? "",
            createdAt: try row.timestamp("created_at")!, status: WorkItemFeatures.normaliseStatus(status),
            originalStatus: status, resolvedAt: try row.timestamp("resolved_at"), dueAt: due,
            assignees: (row.optional("assignees") ?? "").split(separator: ";").map(String.init),
            reporter: row.optional("reporter"), project: row.optional("project"),
            descriptionLength: WorkItemFeatures.descriptionLength(description),
            hasAcceptanceCriteria: WorkItemFeatures.hasAcceptanceCriteria(description),
            hasURL: WorkItemFeatures.holdsURL(description: description, links: links), links: links,
            updatedAt: try row.timestamp("updated_at"), description: keepText && !description.isEmpty ? description : nil,
            line: row.line)
    }

    private func workItemEvent(_ row: Row, sink: RecordSink) throws -> WorkItemEventRecord? {
        let rawField = try row.required("field")
        guard let field = WorkItemField(rawValue: TextRules.trim(rawField).lowercased()) else {
            sink.warn("\(row.file):\(row.line): field '\(rawField)' is neither assignee nor status; row skipped")
            sink.skip(reason: "events with another field than assignee or status")
            return nil
        }
        let from = row.optional("from") ?? ""
        let to = row.optional("to") ?? ""
        let split: (String) -> [String] = { field == .assignee ? $0.split(separator: ";").map(String.init) : ($0.isEmpty ? [] : [$0]) }
        return WorkItemEventRecord(itemId: try row.required("item_id"), at: try row.timestamp("at")!, field: field,
                                   from: split(from), to: split(to), actor: row.optional("actor"), line: row.line)
    }

    private func meeting(_ row: Row, sink: RecordSink) throws -> MeetingRecord? {
        let allDay = try row.bool("all_day") ?? false
        let start: Instant
        let end: Instant
        do {
            start = try row.timestamp("start")!
            end = try row.timestamp("end")!
        } catch let error as ImportError where allDay && timeZone == nil && error.message.contains("--timezone") {
            sink.skip(reason: "all-day meetings without an offset (all-day events are never occurrences)")
            return nil
        }
        let description = row.optional("description") ?? ""
        var notes = row.optional("notes_url").map { TextRules.trim($0) }
        if notes?.isEmpty == true { notes = nil }
        return MeetingRecord(
            meetingId: try row.required("meeting_id"), title: row.optional("title"), start: start, end: end,
            organizer: row.optional("organizer"), seriesId: row.optional("series_id").flatMap { $0.isEmpty ? nil : $0 },
            allDay: allDay, cancelled: try row.bool("cancelled") ?? false, free: try row.bool("free") ?? false,
            agendaLength: MeetingFeatures.agendaLength(description),
            hasNotes: MeetingFeatures.hasNotes(description: description, notesURL: notes), notesURL: notes,
            description: sink.keepsText && !description.isEmpty ? description : nil, line: row.line)
    }

    private func attendance(_ row: Row, sink: RecordSink) throws -> AttendanceRecord {
        var response = AttendeeResponse.needsAction
        if let raw = row.optional("response").map({ TextRules.trim($0).lowercased() }), !raw.isEmpty {
            if let known = AttendeeResponse(rawValue: raw.replacingOccurrences(of: "-", with: "_")) {
                response = known
            } else {
                sink.warn("\(row.file):\(row.line): unknown response '\(raw)' read as needs_action")
            }
        }
        return AttendanceRecord(meetingId: try row.required("meeting_id"), person: try row.required("person"),
                                response: response, line: row.line)
    }

    private func message(_ row: Row, keepText: Bool, sink: RecordSink) throws -> MessageRecord {
        let text = row.optional("text") ?? ""
        var kind: ChannelKind?
        if let raw = row.optional("channel_kind").map({ TextRules.trim($0).lowercased() }), !raw.isEmpty {
            if let known = ChannelKind(rawValue: raw) {
                kind = known
            } else {
                sink.warn("\(row.file):\(row.line): unknown channel_kind '\(raw)' read as public")
                kind = .public
            }
        }
        var source = row.optional("source").map { TextRules.trim($0) } ?? ""
        if source.isEmpty { source = "csv" }
        var thread = row.optional("thread_id").map { TextRules.trim($0) }
        if thread?.isEmpty == true { thread = nil }
        return MessageRecord(
            messageId: try row.required("message_id"), channel: try row.required("channel"), channelKind: kind,
            author: try row.required("author"), sentAt: try row.timestamp("sent_at")!, threadId: thread,
            mentions: (row.optional("mentions") ?? "").split(separator: ";").map(String.init),
            mentionTokens: MessageFeatures.mentionTokens(text), isQuestion: MessageFeatures.asksQuestion(text),
            length: MessageFeatures.length(text), urlCount: MessageFeatures.urlCount(text),
            isSystem: try row.bool("is_system") ?? false, source: source,
            text: keepText && !text.isEmpty ? text : nil, line: row.line)
    }
}

/// One data row with its columns resolved by name.
struct Row {
    let record: CSVRecord
    let columns: [String: Int]
    let file: String
    let zone: TimeZone?

    init(record: CSVRecord, columns: [String: Int], file: String, zone: TimeZone?) {
        self.record = record; self.columns = columns; self.file = file; self.zone = zone
    }

    var line: Int { record.line }

    /// The cell of a column; nil when the column is absent or the cell is empty.
    func optional(_ name: String) -> String? {
        guard let i = columns[name], let value = record.fields[i], !value.isEmpty else { return nil }
        return value
    }

    func error(_ name: String, _ message: String, fix: String) -> ImportError {
        ImportError(file: file, line: line, column: columns[name].map { $0 + 1 }, columnName: name,
                    message: message, fix: fix)
    }

    func required(_ name: String) throws -> String {
        guard let value = optional(name), !TextRules.trim(value).isEmpty else {
            throw error(name, "the required value '\(name)' is empty", fix: "fill in '\(name)' on this row or remove the row")
        }
        return TextRules.trim(value)
    }

    func timestamp(_ name: String) throws -> Instant? {
        guard let raw = optional(name) else {
            if let spec = columnsRequired[name], spec {
                throw error(name, "the required timestamp '\(name)' is empty", fix: "fill in '\(name)' on this row")
            }
            return nil
        }
        let value = TextRules.trim(raw)
        if value.isEmpty { return nil }
        do {
            return try Timestamp.parse(value, zone: zone)
        } catch {
            throw self.error(name, "bad timestamp '\(value)': \(error.message)",
                             fix: Timestamp.hasOffset(value) || zone != nil
                                ? "write it like 2026-07-01T09:30:00+02:00 or 2026-07-01 07:30:00Z"
                                : "add an offset (2026-07-01T09:30:00+02:00) or pass --timezone ZONE to read local times")
        }
    }

    private var columnsRequired: [String: Bool] {
        ["created_at": true, "at": true, "start": true, "end": true, "sent_at": true]
    }

    func bool(_ name: String) throws -> Bool? {
        guard let raw = optional(name) else { return nil }
        switch TextRules.trim(raw).lowercased() {
        case "": return nil
        case "true", "yes", "1": return true
        case "false", "no", "0": return false
        default:
            throw error(name, "'\(raw)' is not a boolean", fix: "write true/false, yes/no or 1/0, or leave it empty")
        }
    }

    func clock(_ name: String) throws -> String? {
        guard let raw = optional(name) else { return nil }
        let value = TextRules.trim(raw)
        if value.isEmpty { return nil }
        do { _ = try WorkSchedule.parseClock(value) } catch {
            throw self.error(name, "'\(value)' is not a time of day", fix: "write HH:MM between 00:00 and 24:00, like 09:00")
        }
        return value
    }
}

/// FNV-1a, 64 bits: cheap hashes of ids to report repeated ones without keeping the ids.
func fnv1a64(_ s: String) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in s.utf8 {
        hash ^= UInt64(byte)
        hash = hash &* 0x0000_0100_0000_01B3
    }
    return hash
}

extension CanonicalCSVImporter {
    /// Imports `url` into the store in one transaction (rolled back on any error).
    public func run(_ url: URL, into store: Store, keepText: Bool = false,
                    progress: ((_ bytes: Int, _ total: Int, _ rows: Int) -> Void)? = nil) throws -> ImportSummary {
        try store.importFile(kind: kind.rawValue, url: url, keepText: keepText) { sink in
            try run(url, into: sink, progress: progress)
        }
    }
}
