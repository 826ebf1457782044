import Foundation
import MaturityCore
import MaturityMetrics

// MARK: - Errors

/// A problem in a conformance file: the file, the line when known, and what is wrong (naming the column).
public struct ConformanceDataError: Error, CustomStringConvertible, Equatable {
    public var file: String
    public var line: Int?
    public var message: String

    public init(file: String, line: Int? = nil, _ message: String) {
        self.file = file; self.line = line; self.message = message
    }

    public var description: String {
        if let line { return "\(file):\(line): \(message)" }
        return "\(file): \(message)"
    }
}

// MARK: - RFC 4180 reader

/// One record of a CSV file: its fields and the line on which it starts (the header is line 1 unless a
/// quoted header field spans lines).
public struct CSVRecord: Sendable, Equatable {
    public var line: Int
    public var fields: [String]

    public init(line: Int, fields: [String]) { self.line = line; self.fields = fields }
}

/// A CSV file read whole: the header (names trimmed, as written) and the data records.
/// Columns are looked up by name ignoring case and surrounding white space.
public struct CSVTable: Sendable {
    public var file: String
    public var header: [String]
    public var records: [CSVRecord]
    private var columnByKey: [String: Int]

    public init(file: String, header: [String], records: [CSVRecord]) {
        self.file = file
        self.header = header.map(CSVTable.trimWhiteSpace)
        self.records = records
        var index: [String: Int] = [:]
        for (column, name) in self.header.enumerated() where index[CSVTable.key(name)] == nil {
            index[CSVTable.key(name)] = column
        }
        self.columnByKey = index
    }

    /// Reads RFC 4180 CSV: quoted fields may hold commas, doubled quotes and line breaks; records end at
    /// CR LF, LF or CR; a leading UTF-8 BOM is skipped; an empty line is not a record. A quote inside an
    /// unquoted field is kept as a character. Errors: an unterminated quoted field, characters between a
    /// closing quote and the next separator, a record with more fields than the header.
    public static func parse(_ data: Data, file: String) throws -> CSVTable {
        let bytes = [UInt8](data)
        let all = try parseRecords(bytes, file: file)
        guard let first = all.first else { return CSVTable(file: file, header: [], records: []) }
        let table = CSVTable(file: file, header: first.fields, records: Array(all.dropFirst()))
        for record in table.records where record.fields.count > table.header.count {
            throw ConformanceDataError(file: file, line: record.line,
                "\(record.fields.count) fields but the header has \(table.header.count)")
        }
        return table
    }

    /// Reads a CSV file from disk (see `parse(_:file:)`).
    public static func read(_ url: URL) throws -> CSVTable {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ConformanceDataError(file: url.lastPathComponent, "cannot read: \(error.localizedDescription)")
        }
        return try parse(data, file: url.lastPathComponent)
    }

    /// The column of `name` (case-insensitive, white space around ignored), nil when absent.
    public func column(_ name: String) -> Int? { columnByKey[CSVTable.key(name)] }

    /// The column of a required name, or an error naming it and the columns found.
    public func requiredColumn(_ name: String) throws -> Int {
        guard let column = column(name) else {
            throw ConformanceDataError(file: file,
                "required column `\(name)` is missing; columns found: \(header.joined(separator: ", "))")
        }
        return column
    }

    /// The value of `column` in `record`; empty when the record is short or the column absent.
    public func value(_ record: CSVRecord, _ column: Int?) -> String {
        guard let column, column < record.fields.count else { return "" }
        return record.fields[column]
    }

    /// Every record as a dictionary from header name (trimmed, as written) to value.
    public var dictionaries: [[String: String]] {
        records.map { record in
            var row: [String: String] = [:]
            for (column, name) in header.enumerated() where row[name] == nil {
                row[name] = column < record.fields.count ? record.fields[column] : ""
            }
            return row
        }
    }

    static func key(_ name: String) -> String { trimWhiteSpace(name).lowercased() }

    /// Removes Unicode White_Space at both ends.
    public static func trimWhiteSpace(_ s: String) -> String {
        let scalars = s.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[first...last])
    }

    private static func parseRecords(_ bytes: [UInt8], file: String) throws -> [CSVRecord] {
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
        var records: [CSVRecord] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var index = 0
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
        var line = 1
        var recordLine = 1
        var quoteLine = 1
        var inQuotes = false
        var fieldWasQuoted = false
        var afterClosingQuote = false
        var recordHasQuotedField = false

        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            fieldWasQuoted = false
            afterClosingQuote = false
        }
        func endRecord() {
            endField()
            let isBlankLine = fields.count == 1 && fields[0].isEmpty && !recordHasQuotedField
            if !isBlankLine { records.append(CSVRecord(line: recordLine, fields: fields)) }
            fields.removeAll(keepingCapacity: true)
            recordHasQuotedField = false
        }

        while index < bytes.count {
            let byte = bytes[index]
            if inQuotes {
                if byte == quote {
                    if index + 1 < bytes.count, bytes[index + 1] == quote {
                        field.append(quote)
                        index += 2
                        continue
                    }
                    inQuotes = false
                    afterClosingQuote = true
                } else {
                    if byte == lf || (byte == cr && !(index + 1 < bytes.count && bytes[index + 1] == lf)) {
                        line += 1
                    }
                    field.append(byte)
                }
                index += 1
                continue
            }
            switch byte {
            case comma:
                endField()
            case cr, lf:
                endRecord()
                if byte == cr, index + 1 < bytes.count, bytes[index + 1] == lf { index += 1 }
                line += 1
                recordLine = line
            case quote where field.isEmpty && !fieldWasQuoted:
                inQuotes = true
                fieldWasQuoted = true
                recordHasQuotedField = true
                quoteLine = line
            default:
                if afterClosingQuote {
                    throw ConformanceDataError(file: file, line: line,
                        "unexpected character after the closing quote of a field")
                }
                field.append(byte)
            }
            index += 1
        }
        if inQuotes {
            throw ConformanceDataError(file: file, line: quoteLine, "quoted field is never closed")
        }
        if !field.isEmpty || !fields.isEmpty || fieldWasQuoted { endRecord() }
        return records
    }
}

// MARK: - Conformance data sets

/// The conformance data sets `basic` and `edges`: canonical CSV folders with the expected metric values of an
/// independent implementation. They are copied into this target (`Tests/MaturityTestSupport/Conformance`, a
/// resource of the target), so a fresh clone checks every metric end to end without the shared folder they
/// were written in.
public enum ConformanceData {
    /// The name of the environment variable that points the tests at another conformance folder (one holding
    /// `basic/` and `edges/`, such as a newer version of the data sets).
    public static let overrideVariable = "MATURITY_CONFORMANCE_DIR"

    /// The copy bundled with this target: the `Conformance` resource folder.
    public static let bundled: URL? = Bundle.module.url(forResource: "Conformance", withExtension: nil)

    /// The conformance folder: `$MATURITY_CONFORMANCE_DIR` when set and not empty, else the bundled copy
    /// (`bundled`). nil when the variable names something that is not a folder (a mistake that fails the
    /// tests, rather than quietly testing other data) or, in a broken build, when the resource is missing.
    public static let root: URL? = {
        let candidate: URL?
        if let override = ProcessInfo.processInfo.environment[overrideVariable], !override.isEmpty {
            candidate = URL(fileURLWithPath: override, isDirectory: true)
        } else {
            candidate = bundled
        }
        var isDirectory: ObjCBool = false
        guard let candidate, FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory),
              isDirectory.boolValue
        else { return nil }
        return candidate
    }()

    /// True when the conformance folder exists: always, unless `$MATURITY_CONFORMANCE_DIR` names a folder that
    /// does not exist. Tests do not skip on it; `folder(_:)` throws instead, naming what is missing.
    public static var isAvailable: Bool { root != nil }

    /// The names of the data sets.
    public static let names = ["basic", "edges", "time-off"]

    /// The settings the data sets are assessed with (their `ABOUT.md`): Europe/Berlin, 09:00-17:00,
    /// Monday to Friday, minimum group size 5.
    public static let organisation: OrganisationSettings = {
        let berlin = TimeZone(identifier: "Europe/Berlin") ?? TimeZone(secondsFromGMT: 3600) ?? .current
        return OrganisationSettings(timeZone: berlin, workStart: 9 * 60, workEnd: 17 * 60,
                                    workdays: [.monday, .tuesday, .wednesday, .thursday, .friday], minGroupSize: 5)
    }()

    /// The organisation's holiday calendar of a data set (`init --holiday-calendar`, its `ABOUT.md`): `de` for
    /// `time-off`, none for the others.
    public static func holidayCalendar(_ name: String) -> String? { name == "time-off" ? "de" : nil }

    /// The settings of data set `name`: `organisation`, with its holiday calendar.
    public static func organisation(_ name: String) -> OrganisationSettings {
        var settings = organisation
        settings.holidayCalendar = holidayCalendar(name)
        return settings
    }

    /// The folder of a data set (`basic` or `edges`).
    public static func folder(_ name: String) throws -> URL {
        guard let root else {
            if let override = ProcessInfo.processInfo.environment[overrideVariable], !override.isEmpty {
                throw ConformanceDataError(file: name, "$\(overrideVariable) is \(override), which is not a folder; "
                    + "point it at a folder holding basic/ and edges/, or unset it to use the bundled copy")
            }
            throw ConformanceDataError(file: name, "the Conformance resource of MaturityTestSupport is missing; "
                + "rebuild the tests (swift build --build-tests)")
        }
        let folder = root.appendingPathComponent(name, isDirectory: true)
        guard FileManager.default.fileExists(atPath: folder.path) else {
            throw ConformanceDataError(file: name, "no data set `\(name)` in \(root.path)")
        }
        return folder
    }

    /// A raw input file of a data set (`people.csv`, `messages.csv`, ...) or an expected file
    /// (`expected/metrics.csv`), read as CSV.
    public static func table(_ name: String, file: String) throws -> CSVTable {
        let fileName = file.hasSuffix(".csv") ? file : file + ".csv"
        return try CSVTable.read(try folder(name).appendingPathComponent(fileName))
    }

    /// The data set `name` (`basic` or `edges`) built straight from its canonical CSV files (no store), with
    /// `organisation`'s settings, as `maturity import .` without `--timezone` would leave it. Built once per
    /// name and process, then shared.
    ///
    /// - People: the directory's rows in file order, then people created from unknown references in order of
    ///   first sight (team `unassigned`, the organisation's schedule, not bots), named by the trimmed
    ///   reference (an e-mail address lower-cased). `@` tokens of texts never create people.
    /// - Messages: mentions are the `mentions` column's people, then the `@` tokens that name a known person.
    /// - Meetings: all-day rows whose start or end has no offset are skipped, with their attendee rows.
    /// - Work-item events: rows naming an unknown item or a field other than `assignee`/`status` are skipped.
    public static func dataset(_ name: String) throws -> Dataset {
        if let cached = cache.get(name) { return cached }
        let dataset = try CanonicalDatasetBuilder.build(folder: try folder(name), organisation: organisation(name))
        cache.set(name, dataset)
        return dataset
    }

    /// Builds a `Dataset` from any folder of canonical CSV files (missing files are empty), reading
    /// timestamps without `--timezone`.
    public static func dataset(folder: URL, organisation: OrganisationSettings) throws -> Dataset {
        try CanonicalDatasetBuilder.build(folder: folder, organisation: organisation)
    }

    private static let cache = DatasetCache()
}

private final class DatasetCache: @unchecked Sendable {
    private let lock = NSLock()
    private var datasets: [String: Dataset] = [:]

    func get(_ name: String) -> Dataset? {
        lock.lock(); defer { lock.unlock() }
        return datasets[name]
    }

    func set(_ name: String, _ dataset: Dataset) {
        lock.lock(); defer { lock.unlock() }
        datasets[name] = dataset
    }
}

// MARK: - Building a Dataset from canonical CSV

/// Canonical CSV → `Dataset`, following `canonical-csv.md` and metrics section 0 (people, derived features).
struct CanonicalDatasetBuilder {
    let folder: URL
    let organisation: OrganisationSettings

    var people: [DatasetPerson] = []
    /// Normalised reference → person.
    var personByReference: [String: PersonIndex] = [:]

    var channels: [DatasetChannel] = []
    var channelByName: [String: Int32] = [:]
    var sources: [String] = []
    var sourceByName: [String: Int32] = [:]
    var messages: [DatasetMessage] = []
    /// The `@` tokens of each message's text, resolved once every file is read.
    var pendingTokens: [[String]] = []

    var meetings: [DatasetMeeting] = []
    var meetingByID: [String: Int] = [:]
    /// Per meeting, the attendee rows merged by person: person → (first-seen order, every row declined).
    var attendeeRows: [[PersonIndex: (order: Int, allDeclined: Bool)]] = []

    var workItems: [DatasetWorkItem] = []
    var workItemByID: [String: Int] = [:]

    /// The dates of each holiday calendar, by name.
    var holidays: [String: Set<Int>] = [:]
    /// The directory's `holiday_calendar` of each directory person (absent: the organisation's).
    var calendarOfPerson: [PersonIndex: String] = [:]

    var skippedAllDayMeetings = 0
    var skippedRows = 0

    static func build(folder: URL, organisation: OrganisationSettings) throws -> Dataset {
        var builder = CanonicalDatasetBuilder(folder: folder, organisation: organisation)
        try builder.readPeople()
        try builder.readDaysOff()
        try builder.readWorkItems()
        try builder.readWorkItemEvents()
        try builder.readMeetings()
        try builder.readAttendees()
        try builder.readMessages()
        return builder.finish()
    }

    // MARK: References

    /// The comparison key of a person reference: trimmed; an e-mail address (`@` and no `:`) in ASCII lower
    /// case; nil when empty.
    static func referenceKey(_ reference: String) -> String? {
        let trimmed = CSVTable.trimWhiteSpace(reference)
        if trimmed.isEmpty { return nil }
        if trimmed.contains("@") && !trimmed.contains(":") { return asciiLowercased(trimmed) }
        return trimmed
    }

    static func asciiLowercased(_ s: String) -> String {
        String(String.UnicodeScalarView(s.unicodeScalars.map { scalar in
            (65...90).contains(scalar.value) ? Unicode.Scalar(scalar.value + 32) ?? scalar : scalar
        }))
    }

    /// The person a reference names, created (team `unassigned`, organisation schedule, not a bot) when
    /// unknown; nil for an empty reference.
    mutating func person(_ reference: String) -> PersonIndex? {
        guard let key = Self.referenceKey(reference) else { return nil }
        if let known = personByReference[key] { return known }
        let index = PersonIndex(people.count)
        // Named by the reference's key: as written (trimmed), an e-mail address lower-cased as the store keeps it.
        people.append(DatasetPerson(displayId: key, team: "unassigned", isBot: false, schedule: organisation.schedule))
        personByReference[key] = index
        return index
    }

    /// The person a reference names if it is known; never creates one.
    func knownPerson(_ reference: String) -> PersonIndex? {
        guard let key = Self.referenceKey(reference) else { return nil }
        return personByReference[key]
    }

    /// The distinct people of a `;`-separated list of references, in order, creating unknown ones.
    mutating func people(_ list: String) -> [PersonIndex] {
        var result: [PersonIndex] = []
        for reference in Self.splitList(list) {
            if let p = person(reference), !result.contains(p) { result.append(p) }
        }
        return result
    }

    static func splitList(_ list: String) -> [String] {
        list.split(separator: ";", omittingEmptySubsequences: true)
            .map { CSVTable.trimWhiteSpace(String($0)) }
            .filter { !$0.isEmpty }
    }

    // MARK: Cells

    func table(_ file: String) throws -> CSVTable? {
        let url = folder.appendingPathComponent(file)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        return try CSVTable.read(url)
    }

    static func boolean(_ raw: String, default defaultValue: Bool = false, table: CSVTable,
                        record: CSVRecord, column: String) throws -> Bool {
        switch asciiLowercased(CSVTable.trimWhiteSpace(raw)) {
        case "": return defaultValue
        case "true", "yes", "1": return true
        case "false", "no", "0": return false
        default:
            throw ConformanceDataError(file: table.file, line: record.line,
                "column `\(column)`: `\(raw)` is not a boolean (true/false, yes/no, 1/0)")
        }
    }

    static func instant(_ raw: String, table: CSVTable, record: CSVRecord, column: String) throws -> Instant {
        let trimmed = CSVTable.trimWhiteSpace(raw)
        do {
            return try Timestamp.parse(trimmed, zone: nil)
        } catch {
            throw ConformanceDataError(file: table.file, line: record.line, "column `\(column)`: \(error)")
        }
    }

    static func optionalInstant(_ raw: String, table: CSVTable, record: CSVRecord,
                                column: String) throws -> Instant? {
        CSVTable.trimWhiteSpace(raw).isEmpty ? nil : try instant(raw, table: table, record: record, column: column)
    }

    static func required(_ raw: String, table: CSVTable, record: CSVRecord, column: String) throws -> String {
        let trimmed = CSVTable.trimWhiteSpace(raw)
        if trimmed.isEmpty {
            throw ConformanceDataError(file: table.file, line: record.line, "column `\(column)` is empty")
        }
        return trimmed
    }

    static func nonEmpty(_ raw: String) -> String? {
        let trimmed = CSVTable.trimWhiteSpace(raw)
        return trimmed.isEmpty ? nil : trimmed
    }

    // MARK: people.csv

    mutating func readPeople() throws {
        guard let t = try table("people.csv") else { return }
        let idColumn = try t.requiredColumn("person_id")
        let email = t.column("email"), team = t.column("team"), timezone = t.column("timezone")
        let workStart = t.column("work_start"), workEnd = t.column("work_end"), workdays = t.column("workdays")
        let aliases = t.column("aliases"), isBot = t.column("is_bot"), calendar = t.column("holiday_calendar")
        var lineOfPersonID: [String: Int] = [:]
        var claimant: [String: (line: Int, personId: String)] = [:]
        for record in t.records {
            let personId = try Self.required(t.value(record, idColumn), table: t, record: record, column: "person_id")
            if let other = lineOfPersonID[personId] {
                throw ConformanceDataError(file: t.file, line: record.line,
                    "person_id `\(personId)` repeats line \(other)")
            }
            lineOfPersonID[personId] = record.line
            let schedule: WorkSchedule
            do {
                schedule = try organisation.schedule(
                    timezone: Self.nonEmpty(t.value(record, timezone)),
                    workStart: Self.nonEmpty(t.value(record, workStart)),
                    workEnd: Self.nonEmpty(t.value(record, workEnd)),
                    workdays: Self.nonEmpty(t.value(record, workdays)))
            } catch {
                throw ConformanceDataError(file: t.file, line: record.line, "\(error)")
            }
            let bot = try Self.boolean(t.value(record, isBot), table: t, record: record, column: "is_bot")
            let index = PersonIndex(people.count)
            calendarOfPerson[index] = Self.nonEmpty(t.value(record, calendar))
            people.append(DatasetPerson(displayId: personId, team: Self.nonEmpty(t.value(record, team)) ?? "unassigned",
                                        isBot: bot, schedule: schedule))
            var references = [personId]
            if let address = Self.nonEmpty(t.value(record, email)) { references.append(address) }
            references += Self.splitList(t.value(record, aliases))
            for reference in references {
                guard let key = Self.referenceKey(reference) else { continue }
                if let other = claimant[key], other.personId != personId {
                    throw ConformanceDataError(file: t.file, line: record.line,
                        "reference `\(reference)` is claimed by `\(other.personId)` (line \(other.line)) "
                            + "and `\(personId)` (line \(record.line))")
                }
                claimant[key] = (record.line, personId)
                personByReference[key] = index
            }
        }
    }

    // MARK: work_items.csv

    mutating func readWorkItems() throws {
        guard let t = try table("work_items.csv") else { return }
        let idColumn = try t.requiredColumn("item_id")
        _ = try t.requiredColumn("title")
        let createdColumn = try t.requiredColumn("created_at")
        let status = t.column("status"), resolved = t.column("resolved_at"), due = t.column("due_at")
        let assignees = t.column("assignees"), reporter = t.column("reporter")
        let description = t.column("description"), links = t.column("links"), updated = t.column("updated_at")
        var lineOfItem: [String: Int] = [:]
        for record in t.records {
            let itemId = try Self.required(t.value(record, idColumn), table: t, record: record, column: "item_id")
            if let other = lineOfItem[itemId] {
                throw ConformanceDataError(file: t.file, line: record.line, "item_id `\(itemId)` repeats line \(other)")
            }
            lineOfItem[itemId] = record.line
            let text = t.value(record, description)
            let linkList = Self.splitList(t.value(record, links))
            let item = DatasetWorkItem(
                itemId: itemId,
                createdAt: try Self.instant(t.value(record, createdColumn), table: t, record: record,
                                            column: "created_at"),
                status: DerivedFeatures.normaliseStatus(t.value(record, status)),
                resolvedAt: try Self.optionalInstant(t.value(record, resolved), table: t, record: record,
                                                     column: "resolved_at"),
                hasDue: Self.nonEmpty(t.value(record, due)) != nil,
                assignees: people(t.value(record, assignees)),
                reporter: person(t.value(record, reporter)),
                descriptionLength: DerivedFeatures.descriptionLength(text),
                hasAcceptanceCriteria: DerivedFeatures.hasAcceptanceCriteria(text),
                hasURL: DerivedFeatures.workItemHasURL(description: text, links: linkList),
                updatedAt: try Self.optionalInstant(t.value(record, updated), table: t, record: record,
                                                    column: "updated_at"))
            workItemByID[itemId] = workItems.count
            workItems.append(item)
        }
    }

    // MARK: work_item_events.csv

    mutating func readWorkItemEvents() throws {
        guard let t = try table("work_item_events.csv") else { return }
        let idColumn = try t.requiredColumn("item_id")
        let atColumn = try t.requiredColumn("at")
        let fieldColumn = try t.requiredColumn("field")
        let from = t.column("from"), to = t.column("to"), actor = t.column("actor")
        var eventsByItem: [Int: [(at: Instant, order: Int, event: DatasetWorkItemEvent)]] = [:]
        for (order, record) in t.records.enumerated() {
            let itemId = CSVTable.trimWhiteSpace(t.value(record, idColumn))
            let field: WorkItemField
            switch Self.asciiLowercased(CSVTable.trimWhiteSpace(t.value(record, fieldColumn))) {
            case "assignee": field = .assignee
            case "status": field = .status
            default: skippedRows += 1; continue
            }
            guard let item = workItemByID[itemId] else { skippedRows += 1; continue }
            let at = try Self.instant(t.value(record, atColumn), table: t, record: record, column: "at")
            var event = DatasetWorkItemEvent(at: at, field: field)
            switch field {
            case .assignee:
                event.from = people(t.value(record, from))
                event.to = people(t.value(record, to))
            case .status:
                event.toStatus = DerivedFeatures.normaliseStatus(t.value(record, to))
            }
            event.actor = person(t.value(record, actor))
            eventsByItem[item, default: []].append((at, order, event))
        }
        for (item, events) in eventsByItem {
            workItems[item].events = events
                .sorted { $0.at != $1.at ? $0.at < $1.at : $0.order < $1.order }
                .map(\.event)
        }
    }

    // MARK: meetings.csv

    mutating func readMeetings() throws {
        guard let t = try table("meetings.csv") else { return }
        let idColumn = try t.requiredColumn("meeting_id")
        let startColumn = try t.requiredColumn("start")
        let endColumn = try t.requiredColumn("end")
        let title = t.column("title"), organizer = t.column("organizer"), series = t.column("series_id")
        let allDay = t.column("all_day"), cancelled = t.column("cancelled"), free = t.column("free")
        let description = t.column("description"), notesURL = t.column("notes_url")
        var lineOfMeeting: [String: Int] = [:]
        for record in t.records {
            let meetingId = try Self.required(t.value(record, idColumn), table: t, record: record,
                                              column: "meeting_id")
            if let other = lineOfMeeting[meetingId] {
                throw ConformanceDataError(file: t.file, line: record.line,
                    "meeting_id `\(meetingId)` repeats line \(other)")
            }
            lineOfMeeting[meetingId] = record.line
            let isAllDay = try Self.boolean(t.value(record, allDay), table: t, record: record, column: "all_day")
            let rawStart = CSVTable.trimWhiteSpace(t.value(record, startColumn))
            let rawEnd = CSVTable.trimWhiteSpace(t.value(record, endColumn))
            if isAllDay && (!Timestamp.hasOffset(rawStart) || !Timestamp.hasOffset(rawEnd)) {
                // Without --timezone an all-day row with local times or dates is skipped and counted.
                skippedAllDayMeetings += 1
                continue
            }
            let text = t.value(record, description)
            let meeting = DatasetMeeting(
                meetingId: meetingId,
                title: t.value(record, title),
                start: try Self.instant(rawStart, table: t, record: record, column: "start"),
                end: try Self.instant(rawEnd, table: t, record: record, column: "end"),
                organizer: person(t.value(record, organizer)),
                seriesId: Self.nonEmpty(t.value(record, series)),
                allDay: isAllDay,
                cancelled: try Self.boolean(t.value(record, cancelled), table: t, record: record, column: "cancelled"),
                free: try Self.boolean(t.value(record, free), table: t, record: record, column: "free"),
                agendaLength: DerivedFeatures.agendaLength(text),
                hasNotes: DerivedFeatures.meetingHasNotes(description: text, notesURL: t.value(record, notesURL)))
            meetingByID[meetingId] = meetings.count
            meetings.append(meeting)
            attendeeRows.append([:])
        }
    }

    // MARK: attendees.csv

    mutating func readAttendees() throws {
        guard let t = try table("attendees.csv") else { return }
        let idColumn = try t.requiredColumn("meeting_id")
        let personColumn = try t.requiredColumn("person")
        let response = t.column("response")
        for record in t.records {
            guard let meeting = meetingByID[CSVTable.trimWhiteSpace(t.value(record, idColumn))] else {
                skippedRows += 1
                continue
            }
            guard let attendee = person(t.value(record, personColumn)) else {
                throw ConformanceDataError(file: t.file, line: record.line, "column `person` is empty")
            }
            let declined = Self.asciiLowercased(CSVTable.trimWhiteSpace(t.value(record, response))) == "declined"
            if let seen = attendeeRows[meeting][attendee] {
                attendeeRows[meeting][attendee] = (seen.order, seen.allDeclined && declined)
            } else {
                attendeeRows[meeting][attendee] = (attendeeRows[meeting].count, declined)
            }
        }
        for (meeting, rows) in attendeeRows.enumerated() {
            meetings[meeting].attendees = rows.sorted { $0.value.order < $1.value.order }
                .map { DatasetAttendee(person: $0.key, declined: $0.value.allDeclined) }
        }
    }

    // MARK: messages.csv

    mutating func readMessages() throws {
        guard let t = try table("messages.csv") else { return }
        let idColumn = try t.requiredColumn("message_id")
        let channelColumn = try t.requiredColumn("channel")
        let authorColumn = try t.requiredColumn("author")
        let sentColumn = try t.requiredColumn("sent_at")
        let kind = t.column("channel_kind"), thread = t.column("thread_id"), mentions = t.column("mentions")
        let text = t.column("text"), isSystem = t.column("is_system"), source = t.column("source")
        var lineOfMessage: [String: Int] = [:]
        for record in t.records {
            let messageId = try Self.required(t.value(record, idColumn), table: t, record: record,
                                              column: "message_id")
            let channelName = try Self.required(t.value(record, channelColumn), table: t, record: record,
                                                column: "channel")
            let uniqueKey = channelName + "\u{0}" + messageId
            if let other = lineOfMessage[uniqueKey] {
                throw ConformanceDataError(file: t.file, line: record.line,
                    "message_id `\(messageId)` repeats line \(other) in channel `\(channelName)`")
            }
            lineOfMessage[uniqueKey] = record.line
            let channel: Int32
            if let known = channelByName[channelName] {
                channel = known
            } else {
                channel = Int32(channels.count)
                let kindValue = Self.asciiLowercased(CSVTable.trimWhiteSpace(t.value(record, kind)))
                channels.append(DatasetChannel(name: channelName, kind: ChannelKind(rawValue: kindValue) ?? .public))
                channelByName[channelName] = channel
            }
            let authorReference = try Self.required(t.value(record, authorColumn), table: t, record: record,
                                                    column: "author")
            guard let author = person(authorReference) else { continue }
            let threadId = Self.nonEmpty(t.value(record, thread))
            if let threadId, threadId != messageId { channels[Int(channel)].hasReplies = true }
            let sourceName = Self.nonEmpty(t.value(record, source)) ?? "csv"
            let sourceIndex: Int32
            if let known = sourceByName[sourceName] {
                sourceIndex = known
            } else {
                sourceIndex = Int32(sources.count)
                sources.append(sourceName)
                sourceByName[sourceName] = sourceIndex
            }
            let body = t.value(record, text)
            messages.append(DatasetMessage(
                channel: channel, messageId: messageId, author: author,
                sentAt: try Self.instant(t.value(record, sentColumn), table: t, record: record, column: "sent_at"),
                threadId: threadId,
                mentions: people(t.value(record, mentions)),
                isQuestion: DerivedFeatures.asksQuestion(body),
                isSystem: try Self.boolean(t.value(record, isSystem), table: t, record: record, column: "is_system"),
                source: sourceIndex))
            pendingTokens.append(DerivedFeatures.mentionTokens(body))
        }
    }

    // MARK: time_off.csv and holidays.csv

    /// Days off, written independently of the store's loader: every date of each `time_off.csv` range (both
    /// ends), plus the dates of the person's calendar in `holidays.csv` (the directory's calendar, `none` for
    /// none, else the organisation's).
    mutating func readDaysOff() throws {
        if let t = try table("holidays.csv") {
            let calendar = try t.requiredColumn("calendar"), date = try t.requiredColumn("date")
            for record in t.records {
                guard let day = LocalDate.parse(CSVTable.trimWhiteSpace(t.value(record, date))) else {
                    throw ConformanceDataError(file: t.file, line: record.line, "bad date")
                }
                holidays[CSVTable.trimWhiteSpace(t.value(record, calendar)), default: []].insert(day.daysSinceEpoch)
            }
        }
        if let t = try table("time_off.csv") {
            let person = try t.requiredColumn("person"), start = try t.requiredColumn("start")
            let end = t.column("end")
            for record in t.records {
                guard let p = self.person(t.value(record, person)),
                      let first = LocalDate.parse(CSVTable.trimWhiteSpace(t.value(record, start))) else {
                    throw ConformanceDataError(file: t.file, line: record.line, "bad time-off row")
                }
                let last = LocalDate.parse(CSVTable.trimWhiteSpace(t.value(record, end))) ?? first
                var day = first.daysSinceEpoch
                while day <= last.daysSinceEpoch {
                    people[Int(p)].daysOff.insert(day)
                    day += 1
                }
            }
        }
    }

    // MARK: Finish

    mutating func finish() -> Dataset {
        // Holidays once every person is known: people created from references take the organisation's calendar.
        for index in people.indices {
            let own = calendarOfPerson[PersonIndex(index)]
            let name = own == "none" ? nil : own ?? organisation.holidayCalendar
            if let name, let dates = holidays[name] { people[index].daysOff.formUnion(dates) }
        }
        // `@` tokens name a person only when the reference is known once everything is read.
        for (index, tokens) in pendingTokens.enumerated() {
            for token in tokens {
                if let p = knownPerson(token), !messages[index].mentions.contains(p) {
                    messages[index].mentions.append(p)
                }
            }
        }
        return Dataset(organisation: organisation, people: people, channels: channels, messages: messages,
                       sources: sources.isEmpty ? ["csv"] : sources, meetings: meetings, workItems: workItems)
    }
}

// MARK: - Derived features (the Text API of MaturityCore)

/// The derived features of section 0, delegated to MaturityCore's Text API.
enum DerivedFeatures {
    static func normaliseStatus(_ raw: String) -> WorkStatus { WorkItemFeatures.normaliseStatus(raw) }
    static func descriptionLength(_ text: String) -> Int { WorkItemFeatures.descriptionLength(text) }
    static func hasAcceptanceCriteria(_ text: String) -> Bool { WorkItemFeatures.hasAcceptanceCriteria(text) }
    static func workItemHasURL(description: String, links: [String]) -> Bool {
        WorkItemFeatures.holdsURL(description: description, links: links)
    }
    static func agendaLength(_ description: String) -> Int { MeetingFeatures.agendaLength(description) }
    static func meetingHasNotes(description: String, notesURL: String) -> Bool {
        MeetingFeatures.hasNotes(description: description, notesURL: notesURL)
    }
    static func asksQuestion(_ text: String) -> Bool { MessageFeatures.asksQuestion(text) }
    static func mentionTokens(_ text: String) -> [String] { MessageFeatures.mentionTokens(text) }
}
