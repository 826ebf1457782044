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

    /// Rows per batch of messages handed to a `MessageBatchSink`.
    static let messageBatchRows = 512

    /// Imports `url` into `sink`. Returns the number of data rows read and the file's SHA-256.
    ///
    /// Messages for a `MessageBatchSink` (the store) take a bulk path: a row whose cells need no trimming
    /// or other care is checked and packed from the parser's bytes (`MessagePacker`); any other row goes
    /// through the general path below, which gives the same values, warnings and errors one by one.
    @discardableResult
    public func run(_ url: URL, into sink: RecordSink,
                    progress: ((_ bytes: Int, _ total: Int, _ rows: Int) -> Void)? = nil) throws
        -> (rows: Int, sha256: String)
    {
        let reader = try CSVReader(url: url)
        let file = url.path
        var columnIndex: [String: Int] = [:]
        var headerCount = 0
        var rows = 0
        // Hashes of the ids seen so far (8 bytes per row); a repeated hash is confirmed, and its first line
        // found, by reading the file again up to the current row (`firstLine(withKey:before:in:)`).
        var seenIds = IdHashSet()
        // The kind the first row of each channel gives (-1: an empty cell, public when the channel is created).
        var channelKinds = ByteStringTable<Int8>()
        var claimed: [ExactString: (line: Int, personId: String)] = [:]
        let batchSink = kind == .messages ? sink as? MessageBatchSink : nil
        var packer: MessagePacker?
        var batch = MessageBatch(capacity: Self.messageBatchRows)
        func flush() throws {
            guard let batchSink, !batch.isEmpty else { return }
            let full = batch
            batch = MessageBatch(capacity: Self.messageBatchRows)
            try batchSink.add(full)
        }
        do {
            try reader.readRaw({ raw in
                if headerCount == 0 {
                    (columnIndex, headerCount) = try readHeader(raw.materialized(), file: file, sink: sink)
                    if batchSink != nil {
                        packer = MessagePacker(columns: columnIndex, zone: timeZone, keepText: sink.keepsText)
                    }
                    return
                }
                if raw.count == 1 && raw.field(0) == nil { return }  // a blank line
                guard raw.count == headerCount else {
                    throw ImportError(file: file, line: raw.line, column: nil,
                                      message: "expected \(headerCount) fields as in the header, found \(raw.count)",
                                      fix: "quote fields that contain commas or line breaks, and give every row the "
                                        + "header's columns")
                }
                rows += 1
                if let packer {
                    if !packer.pack(raw, into: &batch, seen: &seenIds, channelKinds: &channelKinds) {
                        let row = Row(record: raw.materialized(), columns: columnIndex, file: file, zone: timeZone)
                        batch.append(try checkedMessage(row, sink: sink, seen: &seenIds, channelKinds: &channelKinds))
                    }
                    if batch.count >= Self.messageBatchRows { try flush() }
                    return
                }
                let row = Row(record: raw.materialized(), columns: columnIndex, file: file, zone: timeZone)
                switch kind {
                case .people:
                    let person = try person(row)
                    try checkUnique(person.personId, hash: fnv1a64(person.personId), "person_id", row, &seenIds)
                    let references = ([person.personId, person.email].compactMap { $0 } + person.aliases)
                        .compactMap { PersonReference($0).map { ExactString($0.value) } }
                    for reference in Set(references) {
                        if let other = claimed[reference] {
                            throw ImportError(
                                file: file, line: row.line, column: nil,
                                message: "the reference '\(reference)' is claimed by two directory rows: line "
                                    + "\(other.line) (person_id \(other.personId)) and line \(row.line) (person_id "
                                    + "\(person.personId))",
                                fix: "keep the reference on one person only (check e-mail and aliases)")
                        }
                        claimed[reference] = (row.line, person.personId)
                    }
                    try sink.add(person)
                case .workItems:
                    let item = try workItem(row, keepText: sink.keepsText)
                    try checkUnique(item.itemId, hash: fnv1a64(item.itemId), "item_id", row, &seenIds)
                    try sink.add(item)
                case .workItemEvents:
                    if let event = try workItemEvent(row, sink: sink) { try sink.add(event) }
                case .meetings:
                    if let meeting = try meeting(row, sink: sink) {
                        try checkUnique(meeting.meetingId, hash: fnv1a64(meeting.meetingId), "meeting_id", row,
                                        &seenIds)
                        try sink.add(meeting)
                    }
                case .attendees: try sink.add(try attendance(row, sink: sink))
                case .messages:
                    try sink.add(try checkedMessage(row, sink: sink, seen: &seenIds, channelKinds: &channelKinds))
                }
            }, progress: { bytes in progress?(bytes, reader.fileSize, rows) })
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
        return (rows, reader.sha256)
    }

    /// A message row through the general path: its record, its id checked, its channel kind fixed by the
    /// channel's first row.
    private func checkedMessage(_ row: Row, sink: RecordSink, seen: inout IdHashSet,
                                channelKinds: inout ByteStringTable<Int8>) throws -> MessageRecord {
        var message = try message(row, keepText: sink.keepsText, sink: sink)
        try checkUnique(message.messageId, hash: fnv1a64(message.channel, message.messageId), "message_id", row, &seen,
                        scope: " in channel '\(message.channel)'")
        var channel = message.channel
        channel.withUTF8 { name in
            if let known = channelKinds.value(for: name) {
                message.channelKind = MessageBatch.channelKind(code: known)
            } else {
                channelKinds.set(MessageBatch.code(message.channelKind), for: name)
            }
        }
        return message
    }

    private func checkUnique(_ id: String, hash: UInt64, _ column: String, _ row: Row,
                             _ seen: inout IdHashSet, scope: String = "") throws {
        if seen.insert(hash) { return }
        // The same hash as an earlier row: the same id, unless two ids share a hash (then no error).
        guard let key = uniqueKey(row),
              let previous = try firstLine(withKey: key, before: row.line, in: URL(fileURLWithPath: row.file))
        else { return }
        throw ImportError(file: row.file, line: row.line, column: row.columns[column].map { $0 + 1 },
                          columnName: column,
                          message: "the \(column) '\(id)'\(scope) is repeated (first on line \(previous))",
                          fix: "give every row its own \(column), or remove the duplicate row")
    }

    /// What must be unique in a row, as `run` checks it: the id (for messages with the channel), or nil for
    /// a row that is not checked (an all-day meeting skipped for want of `--timezone`).
    private func uniqueKey(_ row: Row) -> String? {
        switch kind {
        case .people: return try? row.required("person_id")
        case .workItems: return try? row.required("item_id")
        case .meetings: return (try? meeting(row, sink: DiscardingSink()))?.meetingId
        case .messages:
            guard let channel = try? row.required("channel"), let id = try? row.required("message_id") else {
                return nil
            }
            return channel + "\u{1F}" + id
        case .workItemEvents, .attendees: return nil
        }
    }

    /// The line of the first data row before `line` whose unique key is `key`: reads the file again (only
    /// when a hash repeats, so almost never).
    private func firstLine(withKey key: String, before line: Int, in url: URL) throws -> Int? {
        struct Found: Error { let line: Int }
        let reader = try CSVReader(url: url)
        var columnIndex: [String: Int] = [:]
        var header = true
        do {
            try reader.read { record in
                if header {
                    header = false
                    for (i, field) in record.fields.enumerated() {
                        let name = (field ?? "").trimmingCharacters(in: .whitespaces).lowercased()
                        if columnIndex[name] == nil { columnIndex[name] = i }
                    }
                    return
                }
                if record.line >= line { throw Found(line: -1) }
                if record.fields.count == 1 && record.fields[0] == nil { return }
                let row = Row(record: record, columns: columnIndex, file: url.path, zone: timeZone)
                if uniqueKey(row) == key { throw Found(line: record.line) }
            }
        } catch let found as Found {
            return found.line > 0 ? found.line : nil
        }
        return nil
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
    fnv1a64(s, into: 0xcbf2_9ce4_8422_2325)
}

/// The FNV-1a hash of `first`, a unit separator (U+001F) and `second`, without joining them.
func fnv1a64(_ first: String, _ second: String) -> UInt64 {
    var first = first, second = second
    return first.withUTF8 { first in second.withUTF8 { second in fnv1a64(first, second) } }
}

/// The same hash over bytes.
@inline(__always)
func fnv1a64(_ first: UnsafeBufferPointer<UInt8>, _ second: UnsafeBufferPointer<UInt8>) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in first {
        hash ^= UInt64(byte)
        hash = hash &* 0x0000_0100_0000_01B3
    }
    hash ^= 0x1F
    hash = hash &* 0x0000_0100_0000_01B3
    for byte in second {
        hash ^= UInt64(byte)
        hash = hash &* 0x0000_0100_0000_01B3
    }
    return hash
}

private func fnv1a64(_ s: String, into start: UInt64) -> UInt64 {
    var hash = start
    var s = s
    s.withUTF8 { bytes in
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
    }
    return hash
}

/// The 64-bit hashes of the ids seen so far: 8 bytes each at a load of 40 to 80 %, in 256 open-addressing
/// tables chosen by the top byte of the hash. The tables start at staggered sizes, so they double at
/// different moments and memory grows in small steps (one big table would briefly hold its old and new
/// arrays: 48 MB at two million ids).
struct IdHashSet {
    fileprivate struct Table {
        /// Hashes, 0 for an empty slot (a hash of 0 is stored as 1: it only makes ids collide, and a
        /// collision is checked against the file).
        var slots: [UInt64]
        var count = 0
    }

    private var tables: [Table] = (0..<256).map { Table(slots: Array(repeating: 0, count: 64 + $0 / 4)) }

    /// Adds `hash`; false when it was there already.
    @inline(__always)
    mutating func insert(_ hash: UInt64) -> Bool {
        let value = hash == 0 ? 1 : hash
        let shard = Int(truncatingIfNeeded: value >> 56)
        return tables[shard].insert(value)
    }
}

extension IdHashSet.Table {
    @inline(__always)
    mutating func insert(_ value: UInt64) -> Bool {
        let capacity = slots.count
        // The low 56 bits spread over the table (the top byte chose the table).
        var slot = Int(truncatingIfNeeded: (value << 8).multipliedFullWidth(by: UInt64(capacity)).high)
        let inserted: Bool = slots.withUnsafeMutableBufferPointer { slots in
            while true {
                let stored = slots[slot]
                if stored == value { return false }
                if stored == 0 {
                    slots[slot] = value
                    return true
                }
                slot += 1
                if slot == capacity { slot = 0 }
            }
        }
        guard inserted else { return false }
        count += 1
        if count * 5 > capacity * 4 { grow() }
        return true
    }

    private mutating func grow() {
        let old = slots
        let capacity = old.count * 2
        slots = Array(repeating: 0, count: capacity)
        slots.withUnsafeMutableBufferPointer { slots in
            for value in old where value != 0 {
                var slot = Int(truncatingIfNeeded: (value << 8).multipliedFullWidth(by: UInt64(capacity)).high)
                while slots[slot] != 0 {
                    slot += 1
                    if slot == capacity { slot = 0 }
                }
                slots[slot] = value
            }
        }
    }
}

/// A sink that keeps nothing: re-reading rows to find an earlier one.
private final class DiscardingSink: RecordSink {
    func add(_ person: PersonRecord) throws {}
    func add(_ message: MessageRecord) throws {}
    func add(_ item: WorkItemRecord) throws {}
    func add(_ event: WorkItemEventRecord) throws {}
    func add(_ meeting: MeetingRecord) throws {}
    func add(_ attendance: AttendanceRecord) throws {}
    func warn(_ message: String) {}
    func skip(reason: String) {}
    var keepsText: Bool { false }
}

extension CanonicalCSVImporter {
    /// Imports `url` into the store in one transaction (rolled back on any error). The file is read and
    /// checked on a thread of its own while this thread writes the store (`ImportPipeline`); `progress` is
    /// called on the reading thread.
    public func run(_ url: URL, into store: Store, keepText: Bool = false,
                    progress: ((_ bytes: Int, _ total: Int, _ rows: Int) -> Void)? = nil) throws -> ImportSummary {
        let importer = self
        let progressBox = UncheckedSendable(progress)
        return try store.importFile(kind: kind.rawValue, url: url, keepText: keepText) { sink in
            try ImportPipeline.run(into: sink) { forwarding in
                try importer.run(url, into: forwarding, progress: progressBox.value)
            }
        }
    }
}
