import Foundation
import MaturityCore

/// The sample's native exports beside its canonical CSV: some channels of `messages.csv` move to a Slack
/// workspace export folder (`slack-export/`, SlackExportWriter) and one to a mailing-list archive
/// (`data-team.mbox`, MboxWriter), and leave `messages.csv`, so each message is in exactly one format and
/// nothing counts twice. Runs after the canonical files are written, reading them back (the generators stay as
/// they are); only for the natural volume (a `messages` override keeps every row in `messages.csv`).
enum NativeExports {
    /// Channels the Slack export holds: a public, a private, a group and a direct conversation.
    static let slackChannels: Set<String> = ["platform", "growth-deals", "mpdm-emma.souza--dana.mensah--aiko.park-1",
                                             "D0FSI0100"]
    /// The channel the mailing-list archive holds (its system messages, joins, stay in `messages.csv`: mail has
    /// none).
    static let mailChannel = "data-team"
    static let slackFolder = "slack-export"
    static let mboxName = "data-team.mbox"

    /// One row of `messages.csv`, by column name.
    struct Row {
        var fields: [String: String]
        subscript(_ name: String) -> String { fields[name] ?? "" }
    }

    /// A person of `people.csv`.
    struct Person {
        var id: String
        var name: String
        var email: String?
        var team: String
        var timezone: String?
        var slack: String?
        var isBot: Bool
    }

    /// The people of `people.csv`, found by any of their references (id, e-mail in any case, alias).
    struct Directory {
        var people: [Person]
        private var byReference: [String: Int] = [:]

        init(directory: URL) throws(SampleError) {
            let (header, records) = try readCSV(directory.appendingPathComponent("people.csv"))
            let rows = records.map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
            people = rows.map { row -> Person in
                let aliases = (row["aliases"] ?? "").split(separator: ";").map(String.init)
                let bot = (row["is_bot"] ?? "").lowercased()
                return Person(id: row["person_id"] ?? "", name: row["name"] ?? "",
                              email: row["email"].flatMap { $0.isEmpty ? nil : $0 }, team: row["team"] ?? "",
                              timezone: row["timezone"].flatMap { $0.isEmpty ? nil : $0 },
                              slack: aliases.first { $0.hasPrefix("slack:") }.map { String($0.dropFirst(6)) },
                              isBot: bot == "true" || bot == "yes" || bot == "1")
            }
            for (index, person) in people.enumerated() {
                byReference[person.id] = index
                if let email = person.email { byReference[email.lowercased()] = index }
                if let slack = person.slack { byReference["slack:" + slack] = index }
                for alias in (rows[index]["aliases"] ?? "").split(separator: ";") {
                    byReference[alias.contains("@") ? alias.lowercased() : String(alias)] = index
                }
            }
        }

        /// The person a reference names (an e-mail in any case), nil for guests.
        func person(_ reference: String) -> Person? {
            let trimmed = reference.trimmingCharacters(in: .whitespaces)
            return (byReference[trimmed] ?? byReference[trimmed.lowercased()]).map { people[$0] }
        }
    }

    /// Moves the rows of the native channels out of `messages.csv` into the native exports; returns the rows
    /// left in `messages.csv`.
    static func split(directory: URL) throws(SampleError) -> Int {
        let messagesURL = directory.appendingPathComponent("messages.csv")
        let (header, records) = try readCSV(messagesURL)
        let people = try Directory(directory: directory)
        let person = people.person
        var kept: [[String]] = []
        var slack: [Row] = []
        var mail: [Row] = []
        for record in records {
            let row = Row(fields: Dictionary(uniqueKeysWithValues: zip(header, record)))
            if slackChannels.contains(row["channel"]) {
                slack.append(row)
            } else if row["channel"] == mailChannel && row["is_system"] != "true" {
                mail.append(row)
            } else {
                kept.append(record)
            }
        }
        try SlackExportWriter.write(slack, people: people.people, person: person,
                                    to: directory.appendingPathComponent(slackFolder))
        try MboxWriter.write(mail, list: mailChannel, person: person, to: directory.appendingPathComponent(mboxName))
        var writer = try CSVFileWriter(url: messagesURL, header: header)
        for record in kept {
            for field in record { writer.field(field) }
            try writer.endRow()
        }
        try writer.close()
        return kept.count
    }

    /// An RFC 4180 file the sample wrote: its header and records (a BOM skipped, CR LF or LF).
    static func readCSV(_ url: URL) throws(SampleError) -> (header: [String], records: [[String]]) {
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw SampleError("cannot read \(url.path): \(error)") }
        var bytes = [UInt8](data)[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        var records: [[String]] = []
        var record: [String] = []
        var field: [UInt8] = []
        var quoted = false
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let b = bytes[index]
            if quoted {
                if b == 34 {
                    if index + 1 < bytes.endIndex && bytes[index + 1] == 34 { field.append(34); index += 1 } else { quoted = false }
                } else {
                    field.append(b)
                }
            } else if b == 34 {
                quoted = true
            } else if b == 44 {
                record.append(String(decoding: field, as: UTF8.self)); field = []
            } else if b == 10 || b == 13 {
                if b == 13 && index + 1 < bytes.endIndex && bytes[index + 1] == 10 { index += 1 }
                record.append(String(decoding: field, as: UTF8.self)); field = []
                records.append(record); record = []
            } else {
                field.append(b)
            }
            index += 1
        }
        if !field.isEmpty || !record.isEmpty { record.append(String(decoding: field, as: UTF8.self)); records.append(record) }
        guard let header = records.first else { throw SampleError("\(url.path) is empty") }
        return (header, Array(records.dropFirst()))
    }

    /// Epoch milliseconds of a timestamp the sample wrote.
    static func instant(_ text: String) throws(SampleError) -> Int64 {
        do { return try Timestamp.parse(text, zone: nil) } catch {
            throw SampleError("the sample wrote an unreadable timestamp '\(text)'")
        }
    }
}
