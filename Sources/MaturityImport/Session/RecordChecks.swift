import Foundation
import MaturityCore

/// The domain rules between every importer and the store, in one place: required values, time zones, working
/// hours and days, repeated ids, one reference claimed by two directory rows, the derived text features, and
/// the privacy rule (a body or description reaches the store only when the session keeps text). Importers hand
/// their records here; what passes goes on to `downstream`, in order.
///
/// Values are normalised as the canonical format defines them for every source: ids, channels and
/// references are trimmed of the spec's white space (`TextRules.trim`), an empty team is `unassigned`, an
/// empty optional value is none.
public final class RecordChecks: MessageBatchSink {
    private let downstream: RecordSink
    private let batchDownstream: MessageBatchSink?
    private let keepText: Bool
    private let repeatedIds: ImportFormat.RepeatedIds
    /// Asked where a repeated key first occurred (the importer re-reads its input).
    private let locate: (RecordKey, InputLocation) throws -> FirstOccurrence
    /// The 64-bit hashes of the keys seen so far, per entity (8 bytes a record).
    private var seen: [EntityKind: IdHashSet] = [:]
    private var messageKeys = IdHashSet()
    /// Every reference a directory row of this input claimed, with the row.
    private var claimed: [ExactString: (location: InputLocation, personId: String)] = [:]
    /// The kind each channel's first message gave (a `MessageBatch` code): it holds for the whole input.
    private var channelKinds = ByteStringTable<Int8>()
    /// Records passed on so far.
    public private(set) var recordCount = 0
    /// The errors of records that were not passed on (`fail`), in input order.
    public private(set) var errors: [ImportError] = []
    /// How many errors are collected before the pass stops.
    public let maxErrors: Int

    public init(downstream: RecordSink, keepText: Bool, repeatedIds: ImportFormat.RepeatedIds = .error,
                maxErrors: Int = 1,
                locate: @escaping (RecordKey, InputLocation) throws -> FirstOccurrence = { _, _ in .unknown }) {
        self.maxErrors = max(1, maxErrors)
        self.downstream = downstream
        self.batchDownstream = downstream as? MessageBatchSink
        self.keepText = keepText
        self.repeatedIds = repeatedIds
        self.locate = locate
    }

    public func warn(_ warning: ImportWarning) { downstream.warn(warning) }

    /// Collects the error of a record the importer passes over; throws them all once `maxErrors` are in.
    public func fail(_ error: ImportError) throws {
        errors.append(error)
        if errors.count >= maxErrors { throw ImportErrors(errors, stoppedAtLimit: true, file: error.file) }
    }
    public func skip(reason: String) { downstream.skip(reason: reason) }
    public func note(_ text: String) { downstream.note(text) }

    // MARK: Values

    /// A required value, trimmed; an error at the field when it is empty.
    private func required(_ value: String, _ field: String, _ location: InputLocation) throws -> String {
        let trimmed = TextRules.trim(value)
        guard !trimmed.isEmpty else {
            throw ImportError(at: location.field(field), message: "the required value '\(field)' is empty",
                              fix: "fill in '\(field)' on this row or remove the row")
        }
        return trimmed
    }

    /// An optional value, trimmed; nil when empty.
    private func optional(_ value: String?) -> String? {
        guard let value else { return nil }
        let trimmed = TextRules.trim(value)
        return trimmed.isEmpty ? nil : trimmed
    }

    /// Refuses a key seen before in this input (for formats whose ids must be unique).
    private func checkUnique(_ key: RecordKey, hash: UInt64, field: String, location: InputLocation) throws {
        guard repeatedIds == .error else { return }
        let isNew = key.entity == .message ? messageKeys.insert(hash) : seen[key.entity, default: IdHashSet()].insert(hash)
        if isNew { return }
        try refuseRepeat(key, field: field, location: location)
    }

    /// The error for a key whose hash was seen before (unless it was another key with the same hash).
    private func refuseRepeat(_ key: RecordKey, field: String, location: InputLocation) throws {
        let first = try locate(key, location)
        let scope = key.channel.map { " in channel '\($0)'" } ?? ""
        let previous: String
        switch first {
        case .nowhere: return
        case .unknown: previous = ""
        case .at(let earlier):
            previous = earlier.file == location.file && earlier.entry == location.entry && earlier.line != nil
                ? " (first on line \(earlier.line!))" : " (first at \(earlier))"
        }
        throw ImportError(at: location.field(field),
                          message: "the \(field) '\(key.id)'\(scope) is repeated\(previous)",
                          fix: "give every row its own \(field), or remove the duplicate row")
    }

    /// The key the checks give a record (ids trimmed as they are stored): importers use it to find a repeated
    /// key's first occurrence the same way.
    public static func key(of person: PersonRecord) -> RecordKey {
        RecordKey(entity: .person, id: TextRules.trim(person.personId))
    }
    public static func key(of message: MessageRecord) -> RecordKey {
        RecordKey(entity: .message, id: TextRules.trim(message.messageId), channel: TextRules.trim(message.channel))
    }
    public static func key(of item: WorkItemRecord) -> RecordKey {
        RecordKey(entity: .workItem, id: TextRules.trim(item.itemId))
    }
    public static func key(of meeting: MeetingRecord) -> RecordKey {
        RecordKey(entity: .meeting, id: TextRules.trim(meeting.meetingId))
    }

    // MARK: Records

    public func add(_ person: PersonRecord) throws {
        var person = person
        let location = person.location
        person.personId = try required(person.personId, "person_id", location)
        person.team = optional(person.team) ?? "unassigned"
        person.email = optional(person.email)
        person.name = person.name.flatMap { $0.isEmpty ? nil : $0 }
        if let timezone = optional(person.timezone) {
            guard TimeZone(identifier: timezone) != nil else {
                throw ImportError(at: location.field("timezone"), message: "unknown time zone '\(timezone)'",
                                  fix: "use an IANA zone name such as Europe/Berlin or America/New_York (case matters)")
            }
            person.timezone = timezone
        } else {
            person.timezone = nil
        }
        for field in ["work_start", "work_end"] {
            let value = optional(field == "work_start" ? person.workStart : person.workEnd)
            if let value {
                let minutes: Int
                do { minutes = try WorkSchedule.parseClock(value) } catch {
                    throw ImportError(at: location.field(field), message: "'\(value)' is not a time of day",
                                      fix: "write HH:MM between 00:00 and 24:00, like 09:00")
                }
                // v2: hours cannot start at the end of the day.
                if field == "work_start", minutes == 1440 {
                    throw ImportError(at: location.field(field), message: "working hours cannot start at 24:00",
                                      fix: "write 00:00 for hours that start at midnight")
                }
            }
            if field == "work_start" { person.workStart = value } else { person.workEnd = value }
        }
        if let workdays = optional(person.workdays) {
            do { _ = try WorkSchedule.parseWorkdays(workdays) } catch {
                throw ImportError(at: location.field("workdays"), message: error.message,
                                  fix: "write days and ranges such as Mon-Fri, Sun-Thu or Mon,Wed,Fri")
            }
            // Kept as written: the store keeps the directory's spelling.
        } else {
            person.workdays = nil
        }
        person.holidayCalendar = optional(person.holidayCalendar)
        try checkUnique(Self.key(of: person), hash: fnv1a64(person.personId), field: "person_id", location: location)
        let references = ([person.personId, person.email].compactMap { $0 } + person.aliases)
            .compactMap { PersonReference($0).map { ExactString($0.value) } }
        // A source's profile of a user joins whoever holds its references (the store merges them): only
        // directory rows claim.
        for reference in Set(references) where person.fromDirectory {
            if let other = claimed[reference], other.personId != person.personId {
                let first = other.location.file == location.file && other.location.line != nil
                    ? "line \(other.location.line!)" : "\(other.location)"
                let second = location.line.map { "line \($0)" } ?? "\(location)"
                throw ImportError(
                    at: location,
                    message: "the reference '\(reference)' is claimed by two directory rows: \(first) (person_id "
                        + "\(other.personId)) and \(second) (person_id \(person.personId))",
                    fix: "keep the reference on one person only (check e-mail and aliases)")
            }
            claimed[reference] = (location, person.personId)
        }
        recordCount += 1
        try downstream.add(person)
    }

    public func add(_ message: MessageRecord) throws {
        var message = message
        let location = message.location
        message.messageId = try required(message.messageId, "message_id", location)
        message.channel = try required(message.channel, "channel", location)
        message.author = try required(message.author, "author", location)
        message.threadId = optional(message.threadId)
        var channel = message.channel
        let code = channel.withUTF8 { fixedKind($0, MessageBatch.code(message.channelKind)) }
        message.channelKind = MessageBatch.channelKind(code: code)
        let text = message.text ?? ""
        message.mentionTokens = MessageFeatures.mentionTokens(text)
        message.isQuestion = MessageFeatures.asksQuestion(text)
        message.length = MessageFeatures.length(text)
        message.urlCount = MessageFeatures.urlCount(text)
        message.text = keepText && !text.isEmpty ? text : nil
        try checkUnique(Self.key(of: message), hash: fnv1a64(message.channel, message.messageId),
                        field: "message_id", location: location)
        recordCount += 1
        try downstream.add(message)
    }

    /// A batch of messages: each row is checked and given its features like a record; the rows before a
    /// failing one still go on first.
    public func add(_ batch: consuming MessageBatch) throws {
        // The batch path skips trimming and the required-value checks: it takes only rows whose ids, channel and
        // author are present and need no trimming (the CSV packer hands no other). A batch with any other row
        // goes through the record path, row by row, in order.
        guard Self.allPlain(batch) else {
            for index in 0..<batch.count { try add(batch.record(at: index)) }
            return
        }
        // One read-only pass over the buffer (no allocation for a common row), then one call that writes what
        // it found into the rows.
        var rejected: [Int] = []
        var derived: [MessageBatch.Derived] = []
        derived.reserveCapacity(batch.count)
        var stop: Error?
        let rows = batch.rows
        batch.bytes.withUnsafeBufferPointer { all in
            @inline(__always) func bytes(_ span: MessageBatch.Span) -> UnsafeBufferPointer<UInt8> {
                span.count < 0 ? UnsafeBufferPointer(start: nil, count: 0)
                    : UnsafeBufferPointer(rebasing: all[Int(span.offset)..<Int(span.offset) + Int(span.count)])
            }
            for (index, row) in rows.enumerated() {
                let channel = bytes(row.channel)
                // The key and location are built only for a repeated hash.
                if repeatedIds == .error && !messageKeys.insert(fnv1a64(channel, bytes(row.messageId))) {
                    do {
                        try refuseRepeat(RecordKey(entity: .message, id: String(decoding: bytes(row.messageId), as: UTF8.self),
                                                   channel: String(decoding: channel, as: UTF8.self)),
                                         field: "message_id", location: batch.location(at: index))
                    } catch let error as ImportError {
                        rejected.append(index)
                        do { try fail(error) } catch {
                            stop = error
                            return
                        }
                    } catch {
                        stop = error
                        return
                    }
                }
                let features = Self.features(row.text.count < 0 ? nil : bytes(row.text))
                derived.append(MessageBatch.Derived(
                    channelKind: fixedKind(channel, row.channelKind), mentionTokens: features.tokens,
                    isQuestion: features.question, length: features.length, urlCount: features.urls))
            }
        }
        if let stop {
            // The rows before the one that stopped the pass go on first, then the error.
            batch.truncate(to: derived.count)
            if !derived.isEmpty {
                batch.setDerived(derived, keepText: keepText)
                batch.remove(rows: rejected.filter { $0 < derived.count })
                try forward(batch)
            }
            throw stop
        }
        batch.setDerived(derived, keepText: keepText)
        if !rejected.isEmpty { batch.remove(rows: rejected) }
        recordCount += batch.count
        try forward(batch)
    }

    /// Whether every row's id, channel and author are present with plain edges (no trimming could change
    /// them): one pass over the batch's buffer, allocating nothing.
    static func allPlain(_ batch: borrowing MessageBatch) -> Bool {
        batch.bytes.withUnsafeBufferPointer { bytes in
            @inline(__always) func plain(_ span: MessageBatch.Span) -> Bool {
                guard span.count > 0 else { return false }
                let first = bytes[Int(span.offset)], last = bytes[Int(span.offset) + Int(span.count) - 1]
                return first > 0x20 && first < 0x80 && last > 0x20 && last < 0x80
            }
            for row in batch.rows where !(plain(row.messageId) && plain(row.channel) && plain(row.author)) {
                return false
            }
            return true
        }
    }

    /// The kind of a channel in this input: the one its first message gave.
    private func fixedKind(_ channel: UnsafeBufferPointer<UInt8>, _ code: Int8) -> Int8 {
        if let known = channelKinds.value(for: channel) { return known }
        channelKinds.set(code, for: channel)
        return code
    }

    private func forward(_ batch: MessageBatch) throws {
        if let batchDownstream {
            try batchDownstream.add(batch)
        } else {
            for index in 0..<batch.count { try downstream.add(batch.record(at: index)) }
        }
    }

    /// The derived features of a text (empty when nil). A text without `@`, `?`, `:` or the first byte of
    /// `？` (U+FF1F) has no mention token, no question and no URL (a URL needs `://`), and its length is its
    /// number of scalars; any other text goes through `MessageFeatures`.
    static func features(_ bytes: UnsafeBufferPointer<UInt8>?) -> (tokens: [String], question: Bool, length: Int, urls: Int) {
        guard let bytes else { return ([], false, 0, 0) }
        var scalars = 0
        var simple = true
        for byte in bytes {
            if byte & 0xC0 != 0x80 { scalars += 1 }
            if byte == UInt8(ascii: "@") || byte == UInt8(ascii: "?") || byte == UInt8(ascii: ":") || byte == 0xEF {
                simple = false
            }
        }
        if simple { return ([], false, scalars, 0) }
        let text = String(decoding: bytes, as: UTF8.self)
        return (MessageFeatures.mentionTokens(text), MessageFeatures.asksQuestion(text), MessageFeatures.length(text),
                MessageFeatures.urlCount(text))
    }

    public func add(_ item: WorkItemRecord) throws {
        var item = item
        let location = item.location
        item.itemId = try required(item.itemId, "item_id", location)
        item.dueAt = optional(item.dueAt)
        item.links = item.links.map { TextRules.trim($0) }.filter { !$0.isEmpty }
        let description = item.description ?? ""
        item.descriptionLength = WorkItemFeatures.descriptionLength(description)
        item.hasAcceptanceCriteria = WorkItemFeatures.hasAcceptanceCriteria(description)
        item.hasURL = WorkItemFeatures.holdsURL(description: description, links: item.links)
        item.description = keepText && !description.isEmpty ? description : nil
        try checkUnique(Self.key(of: item), hash: fnv1a64(item.itemId), field: "item_id", location: location)
        recordCount += 1
        try downstream.add(item)
    }

    public func add(_ event: WorkItemEventRecord) throws {
        var event = event
        event.itemId = try required(event.itemId, "item_id", event.location)
        recordCount += 1
        try downstream.add(event)
    }

    public func add(_ meeting: MeetingRecord) throws {
        var meeting = meeting
        let location = meeting.location
        meeting.meetingId = try required(meeting.meetingId, "meeting_id", location)
        meeting.seriesId = meeting.seriesId.flatMap { $0.isEmpty ? nil : $0 }
        meeting.notesURL = optional(meeting.notesURL)
        let description = meeting.description ?? ""
        meeting.agendaLength = MeetingFeatures.agendaLength(description)
        meeting.hasNotes = MeetingFeatures.hasNotes(description: description, notesURL: meeting.notesURL)
        meeting.description = keepText && !description.isEmpty ? description : nil
        try checkUnique(Self.key(of: meeting), hash: fnv1a64(meeting.meetingId), field: "meeting_id",
                        location: location)
        recordCount += 1
        try downstream.add(meeting)
    }

    public func add(_ timeOff: TimeOffRecord) throws {
        var timeOff = timeOff
        timeOff.person = try required(timeOff.person, "person", timeOff.location)
        timeOff.kind = optional(timeOff.kind)
        guard timeOff.end >= timeOff.start else {
            throw ImportError(at: timeOff.location.field("end"),
                              message: "the last day off \(timeOff.end) is before the first, \(timeOff.start)",
                              fix: "write an end on or after the start (or leave it empty for a single day)")
        }
        recordCount += 1
        try downstream.add(timeOff)
    }

    public func add(_ holiday: HolidayRecord) throws {
        var holiday = holiday
        holiday.calendar = try required(holiday.calendar, "calendar", holiday.location)
        holiday.name = optional(holiday.name)
        recordCount += 1
        try downstream.add(holiday)
    }

    public func add(_ attendance: AttendanceRecord) throws {
        var attendance = attendance
        attendance.meetingId = try required(attendance.meetingId, "meeting_id", attendance.location)
        attendance.person = try required(attendance.person, "person", attendance.location)
        recordCount += 1
        try downstream.add(attendance)
    }
}
