import Foundation
import MaturityCore

/// Jira's "Export CSV (all fields)" (and "current fields"): one row per issue. Maps each row to a work item
/// (keyed `jira:work_item:<issue key>`), its description to the root message of a thread per issue and its
/// `Comment` cells (`date;author;body`) to the replies, in a channel per project. Headers of other locales are
/// read through `Resources/jira-csv-headers.csv`; a header repeated for a multi-valued field is read however
/// many times it repeats. Documentation/Importers.md, "Jira CSV".
public struct JiraCSVImporter: Importer {
    public static let format = ImportFormat(id: "jira-csv", name: "Jira CSV export", keySource: "jira",
                                            mainEntity: .workItem, recordNoun: "rows", repeatedIds: .merge)
    public var format: ImportFormat { Self.format }

    /// Zone of the dates (Jira writes none); nil refuses the file, naming `--timezone`.
    public let timeZone: TimeZone?
    /// `--date-format`: one pattern for every date of the file.
    public let dateFormat: String?
    public let statuses: StatusMapping

    public init(timeZone: TimeZone? = nil, dateFormat: String? = nil, statuses: StatusMapping = StatusMapping()) {
        self.timeZone = timeZone
        self.dateFormat = dateFormat
        self.statuses = statuses
    }

    /// Localised header names (lower case) to the English ones (lower case), from the data table.
    static let headerNames: [String: String] = {
        var table: [String: String] = [:]
        for (localised, english) in TrackerData.pairs("jira-csv-headers") {
            table[localised.lowercased()] = english.lowercased()
        }
        return table
    }()

    /// The English name (lower case) of a header cell.
    static func englishName(_ cell: String) -> String {
        let name = TextRules.trim(cell).lowercased()
        return headerNames[name] ?? name
    }

    /// The columns every row needs: without them no work item can be built.
    static let requiredColumns = ["issue key", "summary", "created"]

    public func read(_ input: ImportInput, into sink: RecordSink) throws -> Int {
        let reader = CSVReader(input: try input.stream())
        let file = input.path
        let dates = JiraDates(zone: timeZone ?? TimeZone(identifier: "UTC")!, format: dateFormat)
        var header: Header?
        var rows = 0
        var headerComplete = true
        let unknown = UnknownStatuses()
        try reader.read { record in
            guard let columns = header else {
                let parsed = Header(record.fields.map { $0 ?? "" })
                header = parsed
                let found = record.fields.map { TextRules.trim($0 ?? "") }.filter { !$0.isEmpty }
                    .joined(separator: ", ")
                for required in Self.requiredColumns where parsed.first(required) == nil {
                    headerComplete = false
                    let english = Self.displayName(required)
                    try sink.fail(ImportError(
                        file: file, line: record.line, column: nil, columnName: english,
                        message: "the required column '\(english)' is missing (columns found: \(found))",
                        fix: "export the issues again with Export > CSV (all fields), or add the column '\(english)'"))
                }
                // Jira writes its dates without an offset: read in a zone the user names, never a guess (metrics
                // section 0, "Instants").
                if timeZone == nil && headerComplete {
                    headerComplete = false
                    try sink.fail(ImportError(
                        at: InputLocation(file: file, line: record.line),
                        message: "Jira writes its dates without an offset, in the time zone of the user who exported, "
                            + "and no --timezone names it",
                        fix: "pass --timezone ZONE, such as --timezone Europe/Berlin (--timezone UTC if the export was "
                            + "made in UTC)"))
                }
                return
            }
            if record.fields.allSatisfy({ TextRules.trim($0 ?? "").isEmpty }) {
                sink.skip(reason: "blank rows")
                return
            }
            rows += 1
            do {
                guard record.fields.count == columns.names.count else {
                    throw ImportError(file: file, line: record.line, column: nil,
                                      message: "expected \(columns.names.count) fields as in the header, found "
                                        + "\(record.fields.count) (a damaged export)",
                                      fix: "export the issues again, or give the row the header's columns")
                }
                let row = JiraRow(record: record, header: columns, file: file, dates: dates)
                try row.checkShape()
                guard headerComplete else { return }
                try add(row, into: sink, unknown: unknown)
            } catch let error as ImportError {
                try sink.fail(error)
            }
        }
        if header == nil {
            throw ImportError(file: file, line: 1, column: nil, message: "the file is empty: no header row",
                              fix: "export the issues again with Export > CSV (all fields)")
        }
        return rows
    }

    static func displayName(_ english: String) -> String {
        switch english {
        case "issue key": "Issue key"
        case "summary": "Summary"
        case "created": "Created"
        default: english
        }
    }

    private func add(_ row: JiraRow, into sink: RecordSink, unknown: UnknownStatuses) throws {
        let key = row.value("issue key") ?? ""
        let project = row.value("project key") ?? key.split(separator: "-").dropLast().joined(separator: "-")
        let rawStatus = row.value("status")
        let category = row.value("status category").flatMap { raw -> WorkStatus? in
            let mapped = statuses.map(raw)
            return mapped.known ? mapped.status : nil
        }
        let mapped = statuses.map(rawStatus, category: category)
        unknown.check(rawStatus, known: mapped.known, at: row.location.field("status"), sink: sink)
        let created = try row.date("created", required: true)!
        let reporter = row.person("reporter")
        var description = row.value("description") ?? ""
        for index in row.header.acceptanceColumns {
            if let text = row.cell(index), !TextRules.trim(text).isEmpty {
                description += (description.isEmpty ? "" : "\n\n") + text
            }
        }
        try sink.add(WorkItemRecord(
            itemId: key, title: row.value("summary") ?? "", createdAt: created,
            status: StatusMapping.resolved(mapped.status, resolution: row.value("resolution")),
            originalStatus: rawStatus, resolvedAt: try row.date("resolved"), dueAt: row.value("due date"),
            assignees: row.person("assignee").map { [$0] } ?? [], reporter: reporter, project: project,
            updatedAt: try row.date("updated"), description: description, kind: row.value("issue type"),
            location: row.location))
        let channel = project.isEmpty ? key : project
        if let reporter {
            try sink.add(MessageRecord(messageId: key, channel: channel, channelKind: .public, author: reporter,
                                       sentAt: created, source: "jira", text: description,
                                       location: row.location.field("description")))
        }
        var number = 0
        for index in row.header.columns("comment") {
            guard let cell = row.cell(index), !TextRules.trim(cell).isEmpty else { continue }
            number += 1
            let comment = try row.comment(cell, column: index)
            guard let author = comment.author else {
                sink.skip(reason: "comments without an author")
                continue
            }
            try sink.add(MessageRecord(messageId: "\(key)/comment-\(number)", channel: channel, channelKind: .public,
                                       author: author, sentAt: comment.at, threadId: key, source: "jira",
                                       text: comment.body, location: row.location(column: index)))
        }
    }
}

/// The header of a Jira CSV: every column's English name (lower case), the columns of each name in order.
struct Header {
    let names: [String]
    let raw: [String]
    private let byName: [String: [Int]]
    /// Custom fields that count as description text (acceptance criteria, definition of done).
    let acceptanceColumns: [Int]
    /// Columns without a name: an export leaves them empty, so a value there means the cells moved.
    let unnamed: [Int]
    let fields: FieldNames

    init(_ cells: [String]) {
        raw = cells.map { TextRules.trim($0) }
        names = cells.map { JiraCSVImporter.englishName($0) }
        var byName: [String: [Int]] = [:]
        for (index, name) in names.enumerated() where !name.isEmpty { byName[name, default: []].append(index) }
        self.byName = byName
        let names = self.names
        acceptanceColumns = names.indices.filter { index in
            let name = names[index]
            return name.hasPrefix("custom field") && (name.contains("acceptance criteria") || name.contains("definition of done"))
        }
        // Trailing unnamed columns only: an unnamed column between named ones is kept as the export wrote it.
        var unnamed: [Int] = []
        for index in names.indices.reversed() {
            guard names[index].isEmpty else { break }
            unnamed.append(index)
        }
        self.unnamed = unnamed.reversed()
        var domain: [String: (column: Int?, name: String)] = [:]
        for (field, column) in [("item_id", "issue key"), ("title", "summary"), ("created_at", "created"),
                                ("status", "status"), ("resolved_at", "resolved"), ("updated_at", "updated"),
                                ("assignees", "assignee"), ("reporter", "reporter"), ("description", "description"),
                                ("due_at", "due date")] {
            if let index = byName[column]?.first { domain[field] = (index + 1, raw[index]) }
        }
        domain["author"] = domain["reporter"]
        domain["message_id"] = domain["item_id"]
        domain["sent_at"] = domain["created_at"]
        fields = FieldNames(domain)
    }

    func columns(_ name: String) -> [Int] { byName[name] ?? [] }
    func first(_ name: String) -> Int? { byName[name]?.first }
}

/// One data row of a Jira CSV with its columns by English name.
struct JiraRow {
    let record: CSVRecord
    let header: Header
    let file: String
    let dates: JiraDates

    var location: InputLocation { InputLocation(file: file, line: record.line, fields: header.fields) }

    func location(column index: Int) -> InputLocation {
        InputLocation(file: file, line: record.line, column: index + 1,
                      columnName: header.raw[index].isEmpty ? nil : header.raw[index])
    }

    func cell(_ index: Int) -> String? { index < record.fields.count ? record.fields[index] : nil }

    /// The first non-empty cell of the columns of `name`, trimmed.
    func value(_ name: String) -> String? {
        for index in header.columns(name) {
            if let text = cell(index).map({ TextRules.trim($0) }), !text.isEmpty { return text }
        }
        return nil
    }

    /// A person reference: `jira:<account id>` when the export has the `<name> Id` column (Cloud), else
    /// `jira:<user name>`, or the e-mail address when the cell holds one.
    func person(_ name: String) -> String? {
        if let id = value(name + " id") { return "jira:" + id }
        guard let value = value(name) else { return nil }
        return Self.reference(value)
    }

    static func reference(_ value: String) -> String {
        value.contains("@") && !value.contains(" ") && !value.contains(":") ? value : "jira:" + value
    }

    func date(_ name: String, required: Bool = false) throws -> Instant? {
        guard let index = header.first(name), let text = cell(index).map({ TextRules.trim($0) }), !text.isEmpty else {
            if required, let index = header.first(name) {
                throw ImportError(at: location(column: index), message: "the required date '\(header.raw[index])' is empty",
                                  fix: "fill it in or remove the row")
            }
            return nil
        }
        guard let instant = dates.parse(text) else {
            throw ImportError(at: location(column: index), message: "'\(text)' is not a date Jira writes",
                              fix: "dates read are like 12/Mar/24 3:15 PM, 10/oct./16 11:54 AM, 06/août/15, 2024-03-12 15:15 "
                                + "or 16/02/2017 15:26; pass --date-format PATTERN (such as 'dd.MM.yy HH:mm') for another form")
        }
        return instant
    }

    /// A `Comment` cell: `date;author;body` (the body may hold `;`; an empty author is an anonymised one).
    func comment(_ cell: String, column index: Int) throws -> (at: Instant, author: String?, body: String) {
        guard let parsed = Self.splitComment(cell, dates: dates) else {
            throw ImportError(at: location(column: index), message: "the comment '\(Self.excerpt(cell))' is not 'date;author;body'",
                              fix: "export the issues again; Jira writes each comment as date;author;body in one cell")
        }
        return parsed
    }

    static func splitComment(_ cell: String, dates: JiraDates) -> (at: Instant, author: String?, body: String)? {
        let parts = cell.split(separator: ";", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, let at = dates.parse(String(parts[0])) else { return nil }
        let author = TextRules.trim(String(parts[1]))
        return (at, author.isEmpty ? nil : reference(author), String(parts[2]))
    }

    static func excerpt(_ text: String) -> String {
        let line = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        return line.count > 40 ? String(line.prefix(40)) + "…" : line
    }

    /// Refuses a row whose cells have moved (a damaged export: cells split or shifted): a value under a column
    /// without a name, a `Comment` cell that is not `date;author;body`, a `Log Work` cell that is not
    /// `comment;date;author;seconds`.
    func checkShape() throws {
        func damaged(_ index: Int, _ what: String) -> ImportError {
            ImportError(at: location(column: index),
                        message: "the cells of this row are shifted or split (a damaged export): column \(index + 1) "
                            + "holds '\(Self.excerpt(cell(index) ?? ""))', \(what)",
                        fix: "export the issues again from Jira, or move this row's cells back under their headers")
        }
        var found: [(index: Int, what: String)] = []
        for index in header.unnamed where !TextRules.trim(cell(index) ?? "").isEmpty {
            found.append((index, "under no header"))
        }
        for index in header.columns("comment") {
            guard let text = cell(index), !TextRules.trim(text).isEmpty else { continue }
            if Self.splitComment(text, dates: dates) == nil { found.append((index, "not a comment 'date;author;body'")) }
        }
        for index in header.columns("log work") {
            guard let text = cell(index), !TextRules.trim(text).isEmpty else { continue }
            let parts = text.split(separator: ";", omittingEmptySubsequences: false)
            if parts.count < 4 || Int(TextRules.trim(String(parts[parts.count - 1]))) == nil {
                found.append((index, "not a work log 'comment;date;author;seconds'"))
            }
        }
        // The leftmost cell out of place: where the damage starts.
        if let first = found.min(by: { $0.index < $1.index }) { throw damaged(first.index, first.what) }
    }
}
