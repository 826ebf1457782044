import Foundation
import MaturityCore

/// The eight files of the canonical CSV format (Documentation/Importers.md), in dependency order: days off
/// (version 2) right after the people.
public enum CanonicalKind: String, Sendable, CaseIterable {
    case people, timeOff = "time-off", holidays, workItems = "work-items", workItemEvents = "work-item-events",
         meetings, attendees, messages

    /// The file name the folder import looks for.
    public var fileName: String {
        switch self {
        case .people: "people.csv"
        case .timeOff: "time_off.csv"
        case .holidays: "holidays.csv"
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
             ("work_start", false), ("work_end", false), ("workdays", false), ("aliases", false), ("is_bot", false),
             ("holiday_calendar", false)]
        case .timeOff:
            [("person", true), ("start", true), ("end", false), ("kind", false)]
        case .holidays:
            [("calendar", true), ("date", true), ("name", false)]
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

    /// What the help of the kind's command says besides its columns.
    public var note: String? {
        switch self {
        case .timeOff:
            "Each row is a person's days off, start to end, both included, local dates of that person. Rows are "
                + "not keyed: importing a file again replaces what it gave before, so a corrected file needs no "
                + "clean-up."
        case .holidays:
            "Each row is a public holiday of a named calendar. A person's calendar is the directory's "
                + "holiday_calendar, else the organisation's (maturity settings --holiday-calendar NAME). "
                + "Importing a file again replaces what it gave before."
        default: nil
        }
    }

    public static func forFileName(_ name: String) -> CanonicalKind? {
        allCases.first { $0.fileName == name.lowercased() }
    }

    /// The entity a file of this kind holds.
    public var entity: EntityKind {
        switch self {
        case .people: .person
        case .timeOff: .timeOff
        case .holidays: .holiday
        case .workItems: .workItem
        case .workItemEvents: .workItemEvent
        case .meetings: .meeting
        case .attendees: .attendance
        case .messages: .message
        }
    }

    /// The format of this kind, as the import session and `maturity runs` name it.
    public var format: ImportFormat {
        ImportFormat(id: rawValue, name: "canonical CSV \(rawValue)", keySource: "csv", mainEntity: entity,
                     recordNoun: "rows")
    }

    /// The kind whose required columns a header holds (the header's names trimmed, in any case); nil when
    /// it holds no kind's. A header that fits several kinds is the most specific one's (work-item events
    /// before work items, attendees before meetings).
    public static func recognising(header names: [String]) -> CanonicalKind? {
        let columns = Set(names.map { $0.trimmingCharacters(in: .whitespaces).lowercased() })
        for kind in [CanonicalKind.workItemEvents, .workItems, .attendees, .meetings, .messages, .timeOff, .holidays,
                     .people] {
            if kind.columns.allSatisfy({ !$0.required || columns.contains($0.name) }) { return kind }
        }
        return nil
    }
}

/// Reads one canonical CSV file and maps its columns to records, nothing else: the checks, the store and the
/// session do the rest (`Importer`). Streaming: memory stays flat whatever the size.
public struct CanonicalCSVImporter: Importer {
    public let kind: CanonicalKind
    /// Zone for timestamps written without an offset (`--timezone`); nil makes them an error.
    public let timeZone: TimeZone?

    public init(kind: CanonicalKind, timeZone: TimeZone? = nil) {
        self.kind = kind
        self.timeZone = timeZone
    }

    public var format: ImportFormat { kind.format }

    /// Rows per batch of messages handed to a `MessageBatchSink`.
    static let messageBatchRows = 512

    /// Hands every row of the file to `sink` as a record. Messages for a `MessageBatchSink` take a bulk path:
    /// a row whose cells need no trimming or other care is packed from the parser's bytes (`MessagePacker`);
    /// any other row goes on as a record, in order, which gives the same values, warnings and errors.
    public func read(_ input: ImportInput, into sink: RecordSink) throws -> Int {
        try read(CSVReader(input: input.stream()), file: input.path, into: sink)
    }

    func read(_ reader: CSVReader, file: String, into sink: RecordSink) throws -> Int {
        var columnIndex: [String: Int] = [:]
        var fields = FieldNames([:])
        var headerCount = 0
        var rows = 0
        let batchSink = kind == .messages ? sink as? MessageBatchSink : nil
        var packer: MessagePacker?
        var batch = MessageBatch()
        func flush() throws {
            guard let batchSink, !batch.isEmpty else { return }
            let full = batch
            batch = MessageBatch(capacity: Self.messageBatchRows, origin: full.origin)
            try batchSink.add(full)
        }
        do {
            try reader.readRaw { raw in
                if headerCount == 0 {
                    (columnIndex, headerCount) = try readHeader(raw.materialized(), file: file, sink: sink)
                    fields = FieldNames.csv(columns: columnIndex)
                    if batchSink != nil {
                        packer = MessagePacker(columns: columnIndex, zone: timeZone)
                        batch = MessageBatch(capacity: Self.messageBatchRows,
                                             origin: InputLocation(file: file, fields: fields))
                    }
                    return
                }
                if raw.count == 1 && raw.field(0) == nil { return }  // a blank line
                rows += 1
                // An error in one row is reported and the next row read: one pass finds every error.
                do {
                    guard raw.count == headerCount else {
                        throw ImportError(file: file, line: raw.line, column: nil,
                                          message: "expected \(headerCount) fields as in the header, found \(raw.count)",
                                          fix: "quote fields that contain commas or line breaks, and give every row "
                                            + "the header's columns")
                    }
                    if let packer {
                        if packer.pack(raw, into: &batch) {
                            if batch.count >= Self.messageBatchRows { try flush() }
                        } else {
                            try flush()
                            let row = Row(record: raw.materialized(), columns: columnIndex, fields: fields, file: file,
                                          zone: timeZone)
                            try sink.add(try message(row, sink: sink))
                        }
                        return
                    }
                    let row = Row(record: raw.materialized(), columns: columnIndex, fields: fields, file: file,
                                  zone: timeZone)
                    try add(row, to: sink)
                } catch let error as ImportError {
                    // The packed rows before this one go first, so errors come in the file's order.
                    try flush()
                    try sink.fail(error)
                }
            }
            try flush()
        } catch {
            // The rows before the error reach the sink first: one of them may fail earlier, as it would have
            // one by one (then its error is the one thrown).
            try flush()
            throw error
        }
        if headerCount == 0 {
            throw ImportError(file: file, line: 1, column: nil, message: "the file is empty: no header row",
                              fix: "start the file with the header row of \(kind.fileName)")
        }
        return rows
    }

    /// The row as its record, handed to `sink` (nothing for a row passed over).
    private func add(_ row: Row, to sink: RecordSink) throws {
        switch kind {
        case .people: try sink.add(person(row))
        case .timeOff: try sink.add(timeOff(row))
        case .holidays: try sink.add(holiday(row))
        case .workItems: try sink.add(workItem(row))
        case .workItemEvents: if let event = try workItemEvent(row, sink: sink) { try sink.add(event) }
        case .meetings: if let meeting = try meeting(row, sink: sink) { try sink.add(meeting) }
        case .attendees: try sink.add(attendance(row, sink: sink))
        case .messages: try sink.add(message(row, sink: sink))
        }
    }

    /// Reads the file again up to `location` for the first row whose record has `key`.
    public func firstOccurrence(of key: RecordKey, before location: InputLocation, in input: ImportInput) throws
        -> FirstOccurrence
    {
        guard let line = location.line else { return .unknown }
        do {
            _ = try read(CSVReader(url: input.url), file: input.path, into: KeyFinderSink(key: key, before: line))
        } catch let found as KeyFinderSink.Found {
            return found.line.map { .at(InputLocation(file: input.path, line: $0)) } ?? .nowhere
        }
        return .nowhere
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
        let missing = kind.columns.filter { $0.required && index[$0.name] == nil }.map(\.name)
        for (n, column) in missing.enumerated() {
            let error = ImportError(file: file, line: record.line, column: nil, columnName: column,
                                    message: "the required column '\(column)' is missing (columns found: \(found))",
                                    fix: "add a '\(column)' column to the header of this \(kind.fileName) file")
            // Every missing column is reported; the rows cannot be read without them.
            if n == missing.count - 1 { throw error }
            try sink.fail(error)
        }
        if !unknown.isEmpty {
            sink.warn("unknown column\(unknown.count == 1 ? "" : "s") ignored: \(unknown.joined(separator: ", "))",
                      at: InputLocation(file: file))
        }
        return (index, record.fields.count)
    }

    // MARK: Rows

    private func list(_ cell: String?) -> [String] {
        (cell ?? "").split(separator: ";").map(String.init)
    }

    private func person(_ row: Row) throws -> PersonRecord {
        PersonRecord(
            personId: row.value("person_id"), name: row.optional("name"), email: row.optional("email"),
            team: row.optional("team") ?? "", timezone: row.optional("timezone"), workStart: row.optional("work_start"),
            workEnd: row.optional("work_end"), workdays: row.optional("workdays"), aliases: list(row.optional("aliases")),
            isBot: try row.bool("is_bot") ?? false, holidayCalendar: row.optional("holiday_calendar"),
            location: row.location)
    }

    private func timeOff(_ row: Row) throws -> TimeOffRecord {
        let start = try row.date("start")!
        return TimeOffRecord(person: row.value("person"), start: start, end: try row.date("end") ?? start,
                             kind: row.optional("kind"), location: row.location)
    }

    private func holiday(_ row: Row) throws -> HolidayRecord {
        HolidayRecord(calendar: row.value("calendar"), date: try row.date("date")!, name: row.optional("name"),
                      location: row.location)
    }

    private func workItem(_ row: Row) throws -> WorkItemRecord {
        let status = row.optional("status")
        return WorkItemRecord(
            itemId: row.value("item_id"), title: row.optional("title") ?? "",
            createdAt: try row.timestamp("created_at")!, status: WorkItemFeatures.normaliseStatus(status),
            originalStatus: status, resolvedAt: try row.timestamp("resolved_at"), dueAt: try row.due("due_at"),
            assignees: list(row.optional("assignees")), reporter: row.optional("reporter"),
            project: row.optional("project"), links: list(row.optional("links")),
            updatedAt: try row.timestamp("updated_at"), description: row.optional("description"),
            location: row.location)
    }

    private func workItemEvent(_ row: Row, sink: RecordSink) throws -> WorkItemEventRecord? {
        let rawField = row.value("field")
        guard let field = WorkItemField(rawValue: TextRules.trim(rawField).lowercased()) else {
            if TextRules.trim(rawField).isEmpty {
                throw row.error("field", "the required value 'field' is empty",
                                fix: "fill in 'field' on this row or remove the row")
            }
            sink.warn("field '\(rawField)' is neither assignee nor status; row skipped", at: row.location)
            sink.skip(reason: "events with another field than assignee or status")
            return nil
        }
        let from = row.optional("from") ?? ""
        let to = row.optional("to") ?? ""
        let split: (String) -> [String] = { field == .assignee ? $0.split(separator: ";").map(String.init) : ($0.isEmpty ? [] : [$0]) }
        return WorkItemEventRecord(itemId: row.value("item_id"), at: try row.timestamp("at")!, field: field,
                                   from: split(from), to: split(to), actor: row.optional("actor"),
                                   location: row.location)
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
        return MeetingRecord(
            meetingId: row.value("meeting_id"), title: row.optional("title"), start: start, end: end,
            organizer: row.optional("organizer"), seriesId: row.optional("series_id"), allDay: allDay,
            cancelled: try row.bool("cancelled") ?? false, free: try row.bool("free") ?? false,
            notesURL: row.optional("notes_url"), description: row.optional("description"), location: row.location)
    }

    private func attendance(_ row: Row, sink: RecordSink) throws -> AttendanceRecord {
        var response = AttendeeResponse.needsAction
        if let raw = row.optional("response").map({ TextRules.trim($0).lowercased() }), !raw.isEmpty {
            if let known = AttendeeResponse(rawValue: raw.replacingOccurrences(of: "-", with: "_")) {
                response = known
            } else {
                sink.warn("unknown response '\(raw)' read as needs_action", at: row.location)
            }
        }
        return AttendanceRecord(meetingId: row.value("meeting_id"), person: row.value("person"), response: response,
                                location: row.location)
    }

    private func message(_ row: Row, sink: RecordSink) throws -> MessageRecord {
        var kind: ChannelKind?
        if let raw = row.optional("channel_kind").map({ TextRules.trim($0).lowercased() }), !raw.isEmpty {
            if let known = ChannelKind(rawValue: raw) {
                kind = known
            } else {
                sink.warn("unknown channel_kind '\(raw)' read as public", at: row.location)
                kind = .public
            }
        }
        var source = row.optional("source").map { TextRules.trim($0) } ?? ""
        if source.isEmpty { source = "csv" }
        return MessageRecord(
            messageId: row.value("message_id"), channel: row.value("channel"), channelKind: kind,
            author: row.value("author"), sentAt: try row.timestamp("sent_at")!, threadId: row.optional("thread_id"),
            mentions: list(row.optional("mentions")), isSystem: try row.bool("is_system") ?? false, source: source,
            text: row.optional("text"), location: row.location)
    }
}

/// A sink that keeps nothing and stops at the first record with the key, or at the line the key was seen
/// again (`CanonicalCSVImporter.firstOccurrence`).
private final class KeyFinderSink: MessageBatchSink {
    struct Found: Error { let line: Int? }
    let key: RecordKey
    let before: Int
    init(key: RecordKey, before: Int) { self.key = key; self.before = before }

    private func check(_ key: RecordKey, _ location: InputLocation) throws {
        guard let line = location.line else { return }
        if line >= before { throw Found(line: nil) }
        if key == self.key { throw Found(line: line) }
    }

    func add(_ person: PersonRecord) throws { try check(RecordChecks.key(of: person), person.location) }
    func add(_ message: MessageRecord) throws { try check(RecordChecks.key(of: message), message.location) }
    func add(_ item: WorkItemRecord) throws { try check(RecordChecks.key(of: item), item.location) }
    func add(_ meeting: MeetingRecord) throws { try check(RecordChecks.key(of: meeting), meeting.location) }
    func add(_ event: WorkItemEventRecord) throws { if (event.location.line ?? 0) >= before { throw Found(line: nil) } }
    func add(_ attendance: AttendanceRecord) throws {
        if (attendance.location.line ?? 0) >= before { throw Found(line: nil) }
    }
    func add(_ batch: consuming MessageBatch) throws {
        for index in 0..<batch.count { try add(batch.record(at: index)) }
    }
    func warn(_ warning: ImportWarning) {}
    func skip(reason: String) {}
    /// A bad row read again is passed over: its error was reported by the import itself.
    func fail(_ error: ImportError) throws {}
}

/// One data row with its columns resolved by name.
struct Row {
    let record: CSVRecord
    let columns: [String: Int]
    let fields: FieldNames
    let file: String
    let zone: TimeZone?

    init(record: CSVRecord, columns: [String: Int], fields: FieldNames, file: String, zone: TimeZone?) {
        self.record = record; self.columns = columns; self.fields = fields; self.file = file; self.zone = zone
    }

    var line: Int { record.line }

    /// Where the row is: its file and line, with the header's columns.
    var location: InputLocation { InputLocation(file: file, line: line, fields: fields) }

    /// The cell of a column; nil when the column is absent or the cell is empty.
    func optional(_ name: String) -> String? {
        guard let i = columns[name], let value = record.fields[i], !value.isEmpty else { return nil }
        return value
    }

    /// The cell of a column as written, empty when absent (the checks refuse an empty required value).
    func value(_ name: String) -> String { optional(name) ?? "" }

    func error(_ name: String, _ message: String, fix: String) -> ImportError {
        ImportError(file: file, line: line, column: columns[name].map { $0 + 1 }, columnName: name,
                    message: message, fix: fix)
    }

    func timestamp(_ name: String) throws -> Instant? {
        guard let raw = optional(name) else {
            if let spec = columnsRequired[name], spec {
                throw error(name, "the required timestamp '\(name)' is empty", fix: "fill in '\(name)' on this row")
            }
            return nil
        }
        let value = TextRules.trim(raw)
        if value.isEmpty {
            if let spec = columnsRequired[name], spec {
                throw error(name, "the required timestamp '\(name)' is empty", fix: "fill in '\(name)' on this row")
            }
            return nil
        }
        do {
            return try Timestamp.parse(value, zone: zone)
        } catch {
            throw self.error(name, "bad timestamp '\(value)': \(error.message)",
                             fix: Self.onlyLacksAnOffset(value, zone: zone)
                                ? "add an offset (2026-07-01T09:30:00+02:00) or pass --timezone ZONE to read local times"
                                : "write it like 2026-07-01T09:30:00+02:00 or 2026-07-01 07:30:00Z")
        }
    }

    /// True when the value is a valid local time that only lacks an offset (and no `--timezone` was given):
    /// then `--timezone` is the fix; otherwise the form itself is wrong.
    static func onlyLacksAnOffset(_ value: String, zone: TimeZone?) -> Bool {
        zone == nil && (try? Timestamp.parse(value, zone: OrganisationSettings.utc)) != nil
    }

    /// A whole day, `YYYY-MM-DD` (white space around it trimmed); nil when the cell is empty and the column is
    /// optional. A timestamp is an error: days off are whole days.
    func date(_ name: String) throws -> LocalDate? {
        let value = TextRules.trim(optional(name) ?? "")
        if value.isEmpty {
            guard name != "end" else { return nil }
            throw error(name, "the required date '\(name)' is empty", fix: "fill in '\(name)' on this row, like 2026-04-06")
        }
        if let date = LocalDate.parse(value) { return date }
        if (try? Timestamp.parse(value, zone: OrganisationSettings.utc)) != nil {
            throw error(name, "'\(value)' is a timestamp, not a date: days off are whole days",
                        fix: "write the date, like \(value.prefix(10))")
        }
        throw error(name, "'\(value)' is not a date", fix: "write the date as YYYY-MM-DD, like 2026-04-06")
    }

    private var columnsRequired: [String: Bool] {
        ["created_at": true, "at": true, "start": true, "end": true, "sent_at": true]
    }

    /// A due value: a bare date (`2026-07-01`, no zone needed), or a timestamp under the timestamp rules (an
    /// offset, or `--timezone`). Kept as written; only its presence is used.
    func due(_ name: String) throws -> String? {
        guard let raw = optional(name) else { return nil }
        let value = TextRules.trim(raw)
        if value.isEmpty || LocalDate.parse(value) != nil { return value.isEmpty ? nil : raw }
        do { _ = try Timestamp.parse(value, zone: zone) } catch {
            throw self.error(name, "bad due date '\(value)': \(error.message)",
                             fix: Self.onlyLacksAnOffset(value, zone: zone)
                                ? "write the date alone (2026-07-01), add an offset, or pass --timezone ZONE"
                                : "write a date like 2026-07-01 or a timestamp like 2026-07-01T17:00:00+02:00")
        }
        return raw
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
}

extension CanonicalCSVImporter {
    /// Imports `url` into the store through an import session (the CLI's path, for tests and tools).
    public func run(_ url: URL, into store: Store, keepText: Bool = false, dryRun: Bool = false) throws
        -> ImportSummary
    {
        try ImportSession(store: store, keepText: keepText, dryRun: dryRun).run(self, path: url)
    }
}
