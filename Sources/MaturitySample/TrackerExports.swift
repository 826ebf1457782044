import Foundation
import MaturityCore

/// The native tracker exports of the sample: after the canonical files are written, the work items of three
/// teams move out of `work_items.csv` and `work_item_events.csv` into the files their trackers would export, so
/// that each item is in exactly one format and nothing counts twice:
///
/// - `support` (project `SUP`): `jira-issues.csv`, Jira's "Export CSV (all fields)" (dates in Berlin time,
///   `12/Mar/26 3:15 PM`; a CSV export has no history, so these items have no events);
/// - `data` (`DATA`): `jira-search.json`, a REST search page with `expand=changelog` (the events as history);
/// - `mobile` (`MOB`): `github-issues.json` (the REST issues endpoint) and `github-events.json` (the
///   repository's issue events: assigned, unassigned, closed).
///
/// GitHub logins are the people's Jira user names, given to them in `people.csv` as `github:` aliases. Built from
/// the files alone (deterministic: the same files give the same bytes).
public enum TrackerExports {
    /// The file names written, with the project whose items they hold.
    public static let jiraCSV = "jira-issues.csv"
    public static let jiraJSON = "jira-search.json"
    public static let gitHubIssues = "github-issues.json"
    public static let gitHubEvents = "github-events.json"

    static let jiraCSVProject = "SUP"
    static let jiraJSONProject = "DATA"
    static let gitHubProject = "MOB"
    /// The sample company's zone: Jira writes dates in the exporting user's zone.
    static let zone = TimeZone(identifier: SampleGenerator.organisationTimeZone)!

    /// Moves the three projects' items into their exports; returns the rows of every file it wrote or rewrote
    /// (the canonical files it changed included). A project without items writes no file.
    public static func write(in directory: URL) throws -> [String: Int] {
        let people = try SampleCSV.read(directory.appendingPathComponent("people.csv"))
        let items = try SampleCSV.read(directory.appendingPathComponent("work_items.csv"))
        let events = try SampleCSV.read(directory.appendingPathComponent("work_item_events.csv"))
        let directoryPeople = SampleDirectory(people)
        var files: [String: Int] = [:]
        let moved: Set<String> = [jiraCSVProject, jiraJSONProject, gitHubProject]
        func rows(_ project: String) -> [[String: String]] { items.dictionaries.filter { $0["project"] == project } }
        func history(_ ids: Set<String>) -> [[String: String]] { events.dictionaries.filter { ids.contains($0["item_id"] ?? "") } }

        let support = rows(jiraCSVProject)
        if !support.isEmpty {
            files[jiraCSV] = try JiraExportWriter.writeCSV(support, people: directoryPeople,
                                                           to: directory.appendingPathComponent(jiraCSV))
        }
        let data = rows(jiraJSONProject)
        if !data.isEmpty {
            files[jiraJSON] = try JiraExportWriter.writeJSON(
                data, events: history(Set(data.compactMap { $0["item_id"] })), people: directoryPeople,
                to: directory.appendingPathComponent(jiraJSON))
        }
        let mobile = rows(gitHubProject)
        if !mobile.isEmpty {
            let written = try GitHubExportWriter.write(
                mobile, events: history(Set(mobile.compactMap { $0["item_id"] })), people: directoryPeople,
                issues: directory.appendingPathComponent(gitHubIssues), events: directory.appendingPathComponent(gitHubEvents))
            files[gitHubIssues] = written.issues
            files[gitHubEvents] = written.events
            files["people.csv"] = try GitHubExportWriter.addAliases(people, directory: directoryPeople,
                                                                     to: directory.appendingPathComponent("people.csv"))
        }
        // The canonical files without the moved items and their events.
        let movedIds = Set(items.dictionaries.filter { moved.contains($0["project"] ?? "") }.compactMap { $0["item_id"] })
        let itemColumn = items.header.firstIndex(of: "project")!
        files["work_items.csv"] = try items.rewrite(directory.appendingPathComponent("work_items.csv")) {
            !moved.contains($0[itemColumn])
        }
        let eventColumn = events.header.firstIndex(of: "item_id")!
        files["work_item_events.csv"] = try events.rewrite(directory.appendingPathComponent("work_item_events.csv")) {
            !movedIds.contains($0[eventColumn])
        }
        // The sample's last step: the directory's planted problems (after the exports read the full directory).
        try PlantedProblems.plant(in: directory)
        return files
    }

    // MARK: Shared formatting

    /// An instant of a canonical timestamp (the generator always writes an offset).
    static func instant(_ text: String?) -> Instant? {
        guard let text, !text.isEmpty else { return nil }
        return try? Timestamp.parse(text, zone: zone)
    }

    static func format(_ instant: Instant, _ pattern: String, zone: TimeZone) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = pattern
        return formatter.string(from: Date(timeIntervalSince1970: Double(instant) / 1000))
    }

    /// The date part of a due value (`2026-02-15` or a timestamp), in the company's zone.
    static func dueDate(_ text: String?) -> String? {
        guard let text, !text.isEmpty else { return nil }
        if text.count == 10 { return text }
        return instant(text).map { format($0, "yyyy-MM-dd", zone: zone) }
    }

    /// The description as a tracker holds it: the canonical `links` written into it (trackers have no such
    /// field in these exports).
    static func description(_ row: [String: String]) -> String {
        let text = row["description"] ?? ""
        let links = (row["links"] ?? "").split(separator: ";").map(String.init)
        guard !links.isEmpty else { return text }
        return text + (text.isEmpty ? "" : "\n\n") + "Links: " + links.joined(separator: " ")
    }

    /// JSON text with sorted keys, so the same values give the same bytes.
    static func json(_ value: Any) throws -> Data {
        do {
            var data = try JSONSerialization.data(withJSONObject: value, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
            data.append(10)
            return data
        } catch {
            throw SampleError("cannot encode the tracker export: \(error)")
        }
    }

    static func write(_ data: Data, to url: URL) throws {
        do { try data.write(to: url) } catch { throw SampleError("cannot write \(url.path): \(error)") }
    }
}

/// The directory as the trackers know its people: a reference of the canonical files to the person's Jira
/// user name (the `jira:` alias) or e-mail.
struct SampleDirectory {
    struct Person {
        var id: String
        var jira: String?
        var email: String?
        var isBot: Bool
    }
    private var byReference: [String: Int] = [:]
    private(set) var people: [Person] = []

    init(_ table: SampleCSV) {
        for row in table.dictionaries {
            let aliases = (row["aliases"] ?? "").split(separator: ";").map(String.init)
            let jira = aliases.first { $0.hasPrefix("jira:") }.map { String($0.dropFirst(5)) }
            let bot = ["true", "yes", "1"].contains((row["is_bot"] ?? "").lowercased())
            let email = row["email"].flatMap { $0.isEmpty ? nil : $0 }
            let index = people.count
            people.append(Person(id: row["person_id"] ?? "", jira: jira, email: email, isBot: bot))
            for reference in [row["person_id"], email].compactMap({ $0 }) + aliases {
                byReference[Self.key(reference)] = index
            }
        }
    }

    static func key(_ reference: String) -> String {
        reference.contains("@") && !reference.contains(":") ? reference.lowercased() : reference
    }

    func person(_ reference: String) -> Person? { byReference[Self.key(reference)].map { people[$0] } }

    /// The user name a tracker shows for a reference: the Jira name, else the e-mail, else the id after
    /// its source (`ext:contractor-7` is `contractor-7`).
    func userName(_ reference: String) -> String {
        if let person = person(reference) { return person.jira ?? person.email ?? person.id }
        if let colon = reference.firstIndex(of: ":") { return String(reference[reference.index(after: colon)...]) }
        return reference
    }
}

/// A canonical CSV file the generator wrote, read back (RFC 4180: quotes, CR LF and a BOM).
struct SampleCSV {
    var header: [String]
    var rows: [[String]]
    var byteOrderMark: Bool
    var crlf: Bool

    var dictionaries: [[String: String]] {
        rows.map { row in Dictionary(uniqueKeysWithValues: zip(header, row)) }
    }

    static func read(_ url: URL) throws -> SampleCSV {
        guard var bytes = FileManager.default.contents(atPath: url.path).map([UInt8].init) else {
            throw SampleError("cannot read \(url.path)")
        }
        let bom = bytes.starts(with: [0xEF, 0xBB, 0xBF])
        if bom { bytes.removeFirst(3) }
        var records: [[String]] = []
        var record: [String] = []
        var field: [UInt8] = []
        var quoted = false
        var index = 0
        var crlf = false
        while index < bytes.count {
            let byte = bytes[index]
            if quoted {
                if byte == 34 {
                    if index + 1 < bytes.count && bytes[index + 1] == 34 { field.append(34); index += 1 } else { quoted = false }
                } else {
                    field.append(byte)
                }
            } else if byte == 34 {
                quoted = true
            } else if byte == 44 {
                record.append(String(decoding: field, as: UTF8.self)); field = []
            } else if byte == 10 || byte == 13 {
                if byte == 13 && index + 1 < bytes.count && bytes[index + 1] == 10 { index += 1; crlf = true }
                record.append(String(decoding: field, as: UTF8.self)); field = []
                records.append(record); record = []
            } else {
                field.append(byte)
            }
            index += 1
        }
        if !field.isEmpty || !record.isEmpty { record.append(String(decoding: field, as: UTF8.self)); records.append(record) }
        guard let header = records.first else { throw SampleError("\(url.path) is empty") }
        return SampleCSV(header: header, rows: Array(records.dropFirst()), byteOrderMark: bom, crlf: crlf)
    }

    /// Writes the file again with the rows `keep` accepts (the generator's quoting, BOM and line ends);
    /// returns the rows written.
    func rewrite(_ url: URL, rows transformed: [[String]]? = nil, keep: ([String]) -> Bool = { _ in true }) throws -> Int {
        var writer = try CSVFileWriter(url: url, header: header, byteOrderMark: byteOrderMark, crlf: crlf)
        for row in (transformed ?? rows) where keep(row) {
            for value in row {
                if value.isEmpty { writer.empty() } else { writer.field(value) }
            }
            try writer.endRow()
        }
        try writer.close()
        return writer.rows
    }
}
