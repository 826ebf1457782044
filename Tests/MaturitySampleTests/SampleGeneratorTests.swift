import Foundation
import MaturityCore
import Testing
@testable import MaturitySample

/// A fresh folder under the system's temporary directory, removed by `cleanUp`.
private func temporaryFolder() -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent("maturity-sample-\(UUID().uuidString)")
}

private func cleanUp(_ folders: URL...) {
    for folder in folders { try? FileManager.default.removeItem(at: folder) }
}

/// A small RFC 4180 reader for the tests: records of fields, quotes and doubled quotes, LF or CR LF, a leading
/// byte-order mark skipped.
private func readCSV(_ url: URL) throws -> [[String]] {
    var bytes = [UInt8](try Data(contentsOf: url))
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
    var records = [[String]]()
    var record = [String]()
    var field = [UInt8]()
    var quoted = false
    var index = 0
    func finishField() {
        record.append(String(decoding: field, as: UTF8.self))
        field.removeAll()
    }
    while index < bytes.count {
        let byte = bytes[index]
        if quoted {
            if byte == 34 {
                if index + 1 < bytes.count && bytes[index + 1] == 34 {
                    field.append(34)
                    index += 1
                } else {
                    quoted = false
                }
            } else {
                field.append(byte)
            }
        } else if byte == 34 && field.isEmpty {
            quoted = true
        } else if byte == 44 {
            finishField()
        } else if byte == 10 || byte == 13 {
            if byte == 13 && index + 1 < bytes.count && bytes[index + 1] == 10 { index += 1 }
            finishField()
            records.append(record)
            record.removeAll()
        } else {
            field.append(byte)
        }
        index += 1
    }
    if !field.isEmpty || !record.isEmpty {
        finishField()
        records.append(record)
    }
    return records
}

/// The header of each file, as the canonical CSV specification lists the columns.
private let specHeaders: [String: [String]] = [
    "people.csv": ["person_id", "name", "email", "team", "timezone", "work_start", "work_end", "workdays", "aliases",
                   "is_bot", "holiday_calendar"],
    "time_off.csv": ["person", "start", "end", "kind"],
    "holidays.csv": ["calendar", "date", "name"],
    "work_items.csv": ["item_id", "title", "created_at", "status", "resolved_at", "due_at", "assignees", "reporter",
                       "project", "description", "links", "updated_at"],
    "work_item_events.csv": ["item_id", "at", "field", "from", "to", "actor"],
    "meetings.csv": ["meeting_id", "title", "start", "end", "organizer", "series_id", "all_day", "cancelled", "free",
                     "description", "notes_url"],
    "attendees.csv": ["meeting_id", "person", "response"],
    "messages.csv": ["message_id", "channel", "channel_kind", "author", "sent_at", "thread_id", "mentions", "text",
                     "is_system", "source"],
]

/// Columns that hold timestamps (`due_at` may also be a bare date).
private let timestampColumns: [String: [String]] = [
    "work_items.csv": ["created_at", "resolved_at", "updated_at"],
    "work_item_events.csv": ["at"],
    "meetings.csv": ["start", "end"],
    "messages.csv": ["sent_at"],
]

/// `YYYY-MM-DDTHH:MM:SS`, optional `.mmm`, then `Z` or `±HH:MM`.
private func hasOffset(_ value: String) -> Bool {
    let bytes = Array(value.utf8)
    func digits(_ range: Range<Int>) -> Bool { range.allSatisfy { $0 < bytes.count && (48...57).contains(bytes[$0]) } }
    guard bytes.count >= 20, digits(0..<4), bytes[4] == 45, digits(5..<7), bytes[7] == 45, digits(8..<10),
          bytes[10] == 84, digits(11..<13), bytes[13] == 58, digits(14..<16), bytes[16] == 58, digits(17..<19) else {
        return false
    }
    var rest = Array(bytes[19...])
    if rest.first == 46 {
        guard rest.count >= 4, (1..<4).allSatisfy({ (48...57).contains(rest[$0]) }) else { return false }
        rest.removeFirst(4)
    }
    if rest == [90] { return true }
    guard rest.count == 6, rest[0] == 43 || rest[0] == 45, rest[3] == 58 else { return false }
    return [1, 2, 4, 5].allSatisfy { (48...57).contains(rest[$0]) }
}

private func isDate(_ value: String) -> Bool {
    let bytes = Array(value.utf8)
    return bytes.count == 10 && bytes[4] == 45 && bytes[7] == 45
        && [0, 1, 2, 3, 5, 6, 8, 9].allSatisfy { (48...57).contains(bytes[$0]) }
}

/// A small configuration that still has every team (one quarter, 15 people): quick to generate.
private let small = SampleConfiguration(seed: 7, people: 15, firstQuarter: "2026Q3", quarters: 1)

@Suite struct SampleGeneratorTests {
    @Test func sameSeedGivesIdenticalBytes() throws {
        let first = temporaryFolder()
        let second = temporaryFolder()
        defer { cleanUp(first, second) }
        let summaryA = try SampleGenerator.write(SampleConfiguration(seed: 42, quarters: 1), to: first)
        let summaryB = try SampleGenerator.write(SampleConfiguration(seed: 42, quarters: 1), to: second)
        #expect(summaryA == summaryB)
        for name in SampleGenerator.fileNames {
            let a = try Data(contentsOf: first.appendingPathComponent(name))
            let b = try Data(contentsOf: second.appendingPathComponent(name))
            #expect(a.count > 0)
            #expect(a == b, "\(name) differs between two runs with the same seed")
        }
        let calendars = try FileManager.default.contentsOfDirectory(atPath: first.appendingPathComponent("calendars").path)
        #expect(calendars.count > 10)
        for name in calendars {
            let a = try Data(contentsOf: first.appendingPathComponent("calendars/" + name))
            #expect(a == (try Data(contentsOf: second.appendingPathComponent("calendars/" + name))), "calendars/\(name) differs")
        }
    }

    /// The data team's meetings and the all-hands series leave the CSV for one `.ics` per person, written as
    /// calendar tools store series: rules, EXDATEs, RDATEs and RECURRENCE-ID overrides.
    @Test func calendarExportsHoldSomeTeamsMeetingsAsSeriesOnePerPerson() throws {
        let folder = temporaryFolder()
        defer { cleanUp(folder) }
        _ = try SampleGenerator.write(small, to: folder)
        let meetings = try readCSV(folder.appendingPathComponent("meetings.csv")).dropFirst()
        #expect(!meetings.contains { $0[1] == "All hands" || $0[5] == "ser-data-sync" })
        #expect(meetings.contains { $0[5] == "ser-growth-standup" })
        let calendars = folder.appendingPathComponent("calendars")
        let names = try FileManager.default.contentsOfDirectory(atPath: calendars.path).sorted()
        let people = try readCSV(folder.appendingPathComponent("people.csv")).dropFirst()
        // Everyone is invited to the all-hands: every human has an export, named by their address.
        #expect(names == people.filter { !$0[2].isEmpty && !$0[0].hasPrefix("b") }.map { $0[2] + ".ics" }.sorted())
        let sofia = try String(contentsOf: calendars.appendingPathComponent(names.first { $0.hasPrefix("sofia") }!),
                               encoding: .utf8)
        #expect(sofia.hasPrefix("BEGIN:VCALENDAR\r\n") && sofia.contains("\r\nX-WR-CALNAME:sofia.fischer@orbitlabs.example\r\n"))
        #expect(sofia.contains("\r\nRRULE:FREQ=MONTHLY;BYDAY=1TH\r\n"))  // the all-hands, open-ended
        #expect(sofia.contains("\r\nRRULE:FREQ=WEEKLY;WKST=MO;BYDAY=WE\r\n"))  // the data sync
        #expect(sofia.contains("\r\nRECURRENCE-ID;TZID="))
        #expect(sofia.contains("\r\nSTATUS:CANCELLED\r\n"))
        #expect(sofia.split(separator: "\r\n").allSatisfy { $0.utf8.count <= 75 })
    }

    @Test func differentSeedGivesDifferentData() throws {
        let first = temporaryFolder()
        let second = temporaryFolder()
        defer { cleanUp(first, second) }
        _ = try SampleGenerator.write(SampleConfiguration(seed: 1, people: 15, quarters: 1), to: first)
        _ = try SampleGenerator.write(SampleConfiguration(seed: 2, people: 15, quarters: 1), to: second)
        for name in ["people.csv", "work_items.csv", "meetings.csv", "messages.csv"] {
            let a = try Data(contentsOf: first.appendingPathComponent(name))
            let b = try Data(contentsOf: second.appendingPathComponent(name))
            #expect(a != b, "\(name) is the same for seeds 1 and 2")
        }
    }

    @Test func summaryCountsTheRecordsOfEachFile() throws {
        let folder = temporaryFolder()
        defer { cleanUp(folder) }
        let summary = try SampleGenerator.write(SampleConfiguration(), to: folder)
        #expect(summary.files.keys.sorted() == SampleGenerator.fileNames.sorted())
        for name in SampleGenerator.fileNames {
            let records = try readCSV(folder.appendingPathComponent(name))
            #expect(summary.files[name] == records.count - 1, "\(name)")
            let width = records.first?.count ?? 0
            #expect(records.allSatisfy { $0.count == width }, "\(name) has a record with another number of fields")
        }
        // The natural volume the committed dataset is meant to have.
        #expect(summary.files["people.csv"] == 42)
        #expect((10_000...20_000).contains(summary.files["messages.csv"] ?? 0))
        #expect((1_000...4_000).contains(summary.files["meetings.csv"] ?? 0))
        #expect((500...1_500).contains(summary.files["work_items.csv"] ?? 0))
    }

    @Test(arguments: [0, 7, 5_000])
    func messageCountOverrideGivesExactlyThatManyRows(count: Int) throws {
        let folder = temporaryFolder()
        defer { cleanUp(folder) }
        var configuration = small
        configuration.messages = count
        let summary = try SampleGenerator.write(configuration, to: folder)
        #expect(summary.files["messages.csv"] == count)
        #expect(try readCSV(folder.appendingPathComponent("messages.csv")).count == count + 1)
    }

    @Test func messageOverrideSpreadsOverTheWholeSpan() throws {
        let folder = temporaryFolder()
        defer { cleanUp(folder) }
        var configuration = small
        configuration.messages = 9_000
        _ = try SampleGenerator.write(configuration, to: folder)
        let records = try readCSV(folder.appendingPathComponent("messages.csv")).dropFirst()
        // 2026Q3: July, August and September each hold about a third of the rows (UTC month of sent_at).
        var perMonth = [String: Int]()
        var ids = Set<String>()
        for record in records {
            perMonth[String(record[4].prefix(7)), default: 0] += 1
            ids.insert(record[1] + "/" + record[0])
        }
        #expect(ids.count == 9_000, "message ids repeat within a channel")
        for month in ["2026-07", "2026-08", "2026-09"] {
            #expect((2_500...3_500).contains(perMonth[month] ?? 0), "\(month): \(perMonth[month] ?? 0)")
        }
    }

    @Test func workItemCountOverrideGivesExactlyThatManyRows() throws {
        let folder = temporaryFolder()
        defer { cleanUp(folder) }
        var configuration = small
        configuration.workItems = 123
        let summary = try SampleGenerator.write(configuration, to: folder)
        #expect(summary.files["work_items.csv"] == 123)
        let ids = try readCSV(folder.appendingPathComponent("work_items.csv")).dropFirst().map { $0[0] }
        #expect(Set(ids).count == 123)
    }

    @Test func everyTimestampHasAnOffset() throws {
        let folder = temporaryFolder()
        defer { cleanUp(folder) }
        _ = try SampleGenerator.write(small, to: folder)
        for (name, columns) in timestampColumns {
            let records = try readCSV(folder.appendingPathComponent(name))
            let header = records[0]
            let indexes = columns.compactMap { header.firstIndex(of: $0) }
            #expect(indexes.count == columns.count)
            var checked = 0
            for record in records.dropFirst() {
                for index in indexes where !record[index].isEmpty {
                    #expect(hasOffset(record[index]), "\(name) \(header[index]) = \(record[index])")
                    checked += 1
                }
            }
            #expect(checked > 0)
        }
        let items = try readCSV(folder.appendingPathComponent("work_items.csv"))
        let due = try #require(items[0].firstIndex(of: "due_at"))
        for record in items.dropFirst() where !record[due].isEmpty {
            #expect(hasOffset(record[due]) || isDate(record[due]), "due_at = \(record[due])")
        }
    }

    @Test func timestampsMixUTCAndOffsets() throws {
        let folder = temporaryFolder()
        defer { cleanUp(folder) }
        _ = try SampleGenerator.write(small, to: folder)
        let sentAt = try readCSV(folder.appendingPathComponent("messages.csv")).dropFirst().map { $0[4] }
        #expect(sentAt.contains { $0.hasSuffix("Z") })
        #expect(sentAt.contains { $0.hasSuffix("+02:00") })
        #expect(sentAt.contains { $0.hasSuffix("+05:30") })
    }

    @Test func headersAreTheSpecColumns() throws {
        let folder = temporaryFolder()
        defer { cleanUp(folder) }
        _ = try SampleGenerator.write(small, to: folder)
        for name in SampleGenerator.fileNames {
            let records = try readCSV(folder.appendingPathComponent(name))
            #expect(records.first == specHeaders[name], "\(name)")
        }
    }

    @Test func directoryHasTheTeamsTimeZonesAndBotsTheMetricsNeed() throws {
        let folder = temporaryFolder()
        defer { cleanUp(folder) }
        _ = try SampleGenerator.write(SampleConfiguration(quarters: 1, messages: 0), to: folder)
        let people = try readCSV(folder.appendingPathComponent("people.csv")).dropFirst()
        let humans = people.filter { $0[9].isEmpty || $0[9] == "no" || $0[9] == "false" }
        let bots = people.filter { $0[9] == "true" || $0[9] == "yes" }
        #expect(humans.count == 40)
        #expect(bots.map { $0[1] } == ["jira-automation", "standup-bot"])
        var teamSizes = [String: Int]()
        for person in humans { teamSizes[person[3], default: 0] += 1 }
        #expect(teamSizes == ["platform": 8, "growth": 8, "data": 8, "support": 8, "mobile": 8])
        let zones = Set(humans.map { $0[4] }.filter { !$0.isEmpty })
        #expect(zones.count >= 4)
        #expect(zones.contains("Asia/Kolkata"))
        #expect(humans.contains { $0[4] == "Asia/Jerusalem" && $0[7] == "Sun-Thu" })
        #expect(humans.contains { $0[5] == "10:00" && $0[6] == "18:00" })
        #expect(humans.allSatisfy { $0[2].hasSuffix("@orbitlabs.example") })
        #expect(humans.filter { $0[8].contains("slack:U") && $0[8].contains("jira:") }.count >= 30)
    }

    @Test func messagesReferToPeopleInMixedWaysAndHaveEveryChannelKind() throws {
        let folder = temporaryFolder()
        defer { cleanUp(folder) }
        _ = try SampleGenerator.write(small, to: folder)
        let messages = try readCSV(folder.appendingPathComponent("messages.csv")).dropFirst()
        let authors = messages.map { $0[3] }
        #expect(authors.contains { $0.hasPrefix("slack:U") })
        #expect(authors.contains { $0.contains("@orbitlabs.example") })
        #expect(authors.contains { $0.hasPrefix("p") && !$0.contains("@") })
        #expect(authors.contains("slack:B0STANDUP"))
        let kinds = Set(messages.map { $0[2] })
        #expect(kinds.isSuperset(of: ["", "public", "private", "direct", "group"]))
        #expect(messages.contains { !$0[5].isEmpty && $0[5] != $0[0] })
        #expect(messages.contains { !$0[6].isEmpty })
        #expect(messages.contains { $0[7].hasPrefix("@p") })
        #expect(messages.contains { $0[8] == "true" && $0[7].contains(" joined #") })
        #expect(messages.contains { $0[7].contains("\n") && $0[7].contains("\"") == false })
        // A '?' only inside a URL: not a question for the metrics.
        #expect(messages.contains { $0[7].contains("?orgId=1") && !$0[7].hasSuffix("?") })
        // Channels without threads never carry a thread id.
        #expect(messages.filter { $0[1] == "random" || $0[1] == "support-desk" }.allSatisfy { $0[5].isEmpty })
    }

    @Test func calendarHasSeriesLargeMeetingsAndOddRows() throws {
        let folder = temporaryFolder()
        defer { cleanUp(folder) }
        var everyMeetingInCSV = small
        everyMeetingInCSV.calendarExports = false
        _ = try SampleGenerator.write(everyMeetingInCSV, to: folder)
        let meetings = try readCSV(folder.appendingPathComponent("meetings.csv")).dropFirst()
        let attendees = try readCSV(folder.appendingPathComponent("attendees.csv")).dropFirst()
        let truthy: Set<String> = ["true", "TRUE", "yes", "1"]
        #expect(meetings.contains { $0[1] == "Daily standup" && $0[5] == "ser-growth-standup" })
        #expect(meetings.contains { $0[1].hasPrefix("1:1 ") && $0[5].hasPrefix("ser-1on1-") })
        #expect(meetings.contains { truthy.contains($0[6]) })
        #expect(meetings.contains { truthy.contains($0[7]) })
        #expect(meetings.contains { truthy.contains($0[8]) })
        #expect(meetings.contains { $0[9].contains("Join Zoom Meeting") })
        #expect(meetings.contains { $0[9].contains("Join with Google Meet") })
        #expect(meetings.contains { $0[9].contains("Microsoft Teams meeting") })
        #expect(meetings.contains { $0[9].hasPrefix("Agenda:") })
        #expect(meetings.contains { $0[10].hasPrefix("https://zoom.us/rec/") })
        #expect(meetings.contains { $0[10].contains("zoom.us/j/") })
        var invitees = [String: Int]()
        for row in attendees { invitees[row[0], default: 0] += 1 }
        let allHands = meetings.filter { $0[1] == "All hands" }
        #expect(!allHands.isEmpty)
        #expect(allHands.allSatisfy { (invitees[$0[0]] ?? 0) >= 9 })
        let responses = Set(attendees.map { $0[2] })
        #expect(responses.isSuperset(of: ["accepted", "tentative", "declined", ""]))
    }

    @Test func workItemsHaveStatusesDescriptionsAndHandOvers() throws {
        let folder = temporaryFolder()
        defer { cleanUp(folder) }
        _ = try SampleGenerator.write(small, to: folder)
        let items = try readCSV(folder.appendingPathComponent("work_items.csv")).dropFirst()
        let events = try readCSV(folder.appendingPathComponent("work_item_events.csv")).dropFirst()
        #expect(Set(items.map { $0[3] }).isSuperset(of: ["To Do", "In Progress", "Done", "Won't Do"]))
        #expect(items.contains { $0[3] == "Done" && !$0[4].isEmpty })
        #expect(items.contains { $0[6].isEmpty })
        #expect(items.contains { $0[9].contains("Acceptance criteria:") || $0[9].contains("- [ ]") })
        #expect(items.contains { $0[10].hasPrefix("https://") })
        #expect(events.contains { $0[2] == "assignee" && !$0[3].isEmpty && !$0[4].isEmpty })
        #expect(events.contains { $0[2] == "status" && $0[4] == "In Progress" })
        let itemIds = Set(items.map { $0[0] })
        #expect(events.allSatisfy { itemIds.contains($0[0]) })
    }

    @Test func teamsDifferInMeetingsAndChannels() throws {
        let folder = temporaryFolder()
        defer { cleanUp(folder) }
        _ = try SampleGenerator.write(SampleConfiguration(seed: 5, quarters: 1), to: folder)
        let people = try readCSV(folder.appendingPathComponent("people.csv")).dropFirst()
        var teamOf = [String: String]()
        for person in people {
            teamOf[person[0]] = person[3]
            teamOf[person[2]] = person[3]
            for alias in person[8].split(separator: ";") { teamOf[String(alias)] = person[3] }
        }
        func team(_ reference: String) -> String { teamOf[reference] ?? teamOf[reference.lowercased()] ?? "?" }
        let meetings = try readCSV(folder.appendingPathComponent("meetings.csv")).dropFirst()
        var organised = [String: Int]()
        for row in meetings where row[8].isEmpty || row[8] == "false" { organised[team(row[4]), default: 0] += 1 }
        #expect((organised["growth"] ?? 0) > 3 * (organised["platform"] ?? 0), "\(organised)")
        let messages = try readCSV(folder.appendingPathComponent("messages.csv")).dropFirst()
        var publicShare = [String: (Int, Int)]()
        for row in messages where row[8].isEmpty {
            let entry = publicShare[team(row[3]), default: (0, 0)]
            publicShare[team(row[3])] = (entry.0 + (row[2] == "" || row[2] == "public" ? 1 : 0), entry.1 + 1)
        }
        // Some channels are in the native exports (a Slack export folder, a mailing-list mbox): their messages
        // count too.
        let slack = folder.appendingPathComponent("slack-export")
        var isPublic: [String: Bool] = [:]
        for (list, kind) in [("channels.json", true), ("groups.json", false), ("dms.json", false), ("mpims.json", false)] {
            let entries = try JSONSerialization.jsonObject(with: Data(contentsOf: slack.appendingPathComponent(list)))
            for case let entry as [String: Any] in entries as? [Any] ?? [] {
                isPublic[(entry["name"] as? String) ?? (entry["id"] as? String ?? "")] = kind
            }
        }
        var nativeMessages = 0
        for (channel, kind) in isPublic {
            let url = slack.appendingPathComponent(channel)
            for day in (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? [] {
                let messages = try JSONSerialization.jsonObject(with: Data(contentsOf: url.appendingPathComponent(day)))
                for case let message as [String: Any] in messages as? [Any] ?? []
                where !["channel_join", "channel_topic"].contains(message["subtype"] as? String ?? "") {
                    let owner = team("slack:" + (message["user"] as? String ?? ""))
                    let entry = publicShare[owner, default: (0, 0)]
                    publicShare[owner] = (entry.0 + (kind ? 1 : 0), entry.1 + 1)
                    nativeMessages += 1
                }
            }
        }
        let mbox = try String(contentsOf: folder.appendingPathComponent("data-team.mbox"), encoding: .utf8)
        for line in mbox.split(separator: "\n") where line.hasPrefix("From ") {
            let owner = team(String(line.split(separator: " ")[1]))
            let entry = publicShare[owner, default: (0, 0)]
            publicShare[owner] = (entry.0 + 1, entry.1 + 1)  // a mailing list is a public channel
            nativeMessages += 1
        }
        #expect(nativeMessages > 1_000)
        let platform = try #require(publicShare["platform"])
        let growth = try #require(publicShare["growth"])
        #expect(Double(platform.0) / Double(platform.1) > 0.6)
        #expect(Double(growth.0) / Double(growth.1) < 0.35)
    }

    @Test(arguments: [
        SampleConfiguration(people: 4),
        SampleConfiguration(firstQuarter: "2026Q5"),
        SampleConfiguration(firstQuarter: "26Q1"),
        SampleConfiguration(quarters: 0),
        SampleConfiguration(messages: -1),
        SampleConfiguration(meetingsScale: .nan),
        SampleConfiguration(workItems: -5),
    ])
    func invalidConfigurationsAreRejected(configuration: SampleConfiguration) {
        let folder = temporaryFolder()
        defer { cleanUp(folder) }
        #expect(throws: SampleError.self) { try SampleGenerator.write(configuration, to: folder) }
        #expect(!FileManager.default.fileExists(atPath: folder.path))
    }
}

@Suite struct SampleInternalsTests {
    @Test func csvFieldsAreQuotedAsRFC4180Requires() throws {
        let folder = temporaryFolder()
        defer { cleanUp(folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent("quoting.csv")
        var writer = try CSVFileWriter(url: url, header: ["a", "b"])
        writer.field("plain")
        writer.field("comma, inside")
        try writer.endRow()
        writer.field("say \"hi\"")
        writer.field("two\nlines")
        try writer.endRow()
        writer.field("\"\"")
        writer.empty()
        try writer.endRow()
        try writer.close()
        let text = String(decoding: try Data(contentsOf: url), as: UTF8.self)
        #expect(text == "a,b\nplain,\"comma, inside\"\n\"say \"\"hi\"\"\",\"two\nlines\"\n\"\"\"\"\"\",\n")
        #expect(writer.rows == 3)
    }

    @Test func timestampsAndIdsAreFormattedDigitByDigit() throws {
        let folder = temporaryFolder()
        defer { cleanUp(folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent("times.csv")
        var writer = try CSVFileWriter(url: url, header: ["t"], byteOrderMark: true, crlf: true)
        writer.timestamp(1_782_891_000_250, offsetSeconds: nil, millis: true)
        writer.timestamp(1_782_891_000_250, offsetSeconds: 7_200)
        writer.timestamp(1_782_891_000_250, offsetSeconds: 19_800)
        writer.timestamp(1_782_891_000_250, offsetSeconds: -10_800, millis: true, space: true)
        writer.date(dayNumber: 20_544)
        writer.messageId(seconds: 1_774_994_400, sequence: 7)
        writer.messageId(seconds: 1_774_994_400, sequence: 12_345_678)
        writer.integer(0)
        try writer.endRow()
        try writer.close()
        let bytes = [UInt8](try Data(contentsOf: url))
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(String(decoding: bytes.dropFirst(3), as: UTF8.self) == "t\r\n"
            + "2026-07-01T07:30:00.250Z,2026-07-01T09:30:00+02:00,2026-07-01T13:00:00+05:30,"
            + "2026-07-01 04:30:00.250-03:00,2026-04-01,1774994400.000007,1774994400.12345678,0\r\n")
    }

    @Test func localTimesFollowTheSpecGapAndOverlapRules() throws {
        let berlin = try ZoneOffsets(identifier: "Europe/Berlin", from: 1_767_225_600_000, to: 1_798_761_600_000)
        let march29 = LocalDate(year: 2026, month: 3, day: 29).daysSinceEpoch
        let october25 = LocalDate(year: 2026, month: 10, day: 25).daysSinceEpoch
        // 02:30 does not exist on 29 March 2026: it is read as 03:30 CEST, 01:30Z.
        #expect(berlin.instant(day: march29, minute: 150) == 1_774_747_800_000)
        // 02:30 occurs twice on 25 October 2026: the earlier, 02:30 CEST, 00:30Z.
        #expect(berlin.instant(day: october25, minute: 150) == 1_792_888_200_000)
        #expect(berlin.seconds(at: 1_774_747_800_000) == 7_200)
        #expect(berlin.seconds(at: 1_767_225_600_000) == 3_600)
    }

    @Test func workingTimeSkipsTheWeekend() throws {
        // Berlin 09:00-17:00, Monday to Friday: from Friday 3 April 2026 16:30 CEST, 45 working minutes end on
        // Monday 09:15 CEST (64.75 h of wall-clock time, as in the metrics spec's example).
        let berlin = try ZoneOffsets(identifier: "Europe/Berlin", from: 1_767_225_600_000, to: 1_798_761_600_000)
        let person = SamplePerson(id: "p01", name: "A", firstName: "A", email: nil, team: 0,
                                  seat: .standard("Europe/Berlin"), zone: berlin, slack: nil, jira: nil, oldEmail: nil,
                                  isBot: false, away: [])
        let friday = 1_775_226_600_000 as Int64  // 2026-04-03T14:30:00Z
        let monday = person.advance(from: friday, working: 45 * Millis.minute)
        #expect(monday == friday + 64 * Millis.hour + 45 * Millis.minute)
        #expect(person.isWorking(at: friday))
        #expect(!person.isWorking(at: friday + 30 * Millis.minute))  // 17:00:00 is outside 09:00-17:00
        // Sunday to Thursday in Jerusalem: Friday is off, Sunday works.
        let jerusalem = try ZoneOffsets(identifier: "Asia/Jerusalem", from: 1_767_225_600_000,
                                        to: 1_798_761_600_000)
        let israeli = SamplePerson(id: "p02", name: "B", firstName: "B", email: nil, team: 0,
                                   seat: .sundayToThursday("Asia/Jerusalem"), zone: jerusalem, slack: nil,
                                   jira: nil, oldEmail: nil, isBot: false, away: [])
        #expect(!israeli.isWorking(at: 1_775_206_800_000))  // Friday 3 April 12:00 IDT
        #expect(israeli.isWorking(at: 1_775_379_600_000))  // Sunday 5 April 12:00 IDT
    }

    @Test func sameSeedAndStreamGiveTheSameNumbers() {
        var a = SampleRandom(seed: 9, stream: 1)
        var b = SampleRandom(seed: 9, stream: 1)
        var c = SampleRandom(seed: 9, stream: 2)
        let first = (0..<5).map { _ in a.next() }
        #expect(first == (0..<5).map { _ in b.next() })
        #expect(first != (0..<5).map { _ in c.next() })
        #expect((0..<1_000).allSatisfy { _ in (0..<7).contains(a.int(below: 7)) })
    }

    @Test func quarterNamesParse() {
        #expect(QuarterName.parse("2026Q2") == QuarterName(year: 2026, quarter: 2))
        #expect(QuarterName.parse("2026q4") == QuarterName(year: 2026, quarter: 4))
        #expect(QuarterName.parse("2026Q0") == nil)
        #expect(QuarterName.parse("2026-Q1") == nil)
        #expect(QuarterName.parse("") == nil)
    }
}

@Suite struct SampleDirectoryTests {
    @Test(arguments: [5, 61, 130])
    func noReferenceIsClaimedByTwoPeople(people: Int) throws {
        let folder = temporaryFolder()
        defer { cleanUp(folder) }
        let configuration = SampleConfiguration(seed: 3, people: people, quarters: 1, messages: 0, workItems: 0)
        let summary = try SampleGenerator.write(configuration, to: folder)
        #expect(summary.files["people.csv"] == people + 2)
        var claimed = Set<String>()
        for person in try readCSV(folder.appendingPathComponent("people.csv")).dropFirst() {
            let references = [person[0], person[2].lowercased()] + person[8].split(separator: ";").map {
                $0.contains("@") && !$0.contains(":") ? $0.lowercased() : String($0)
            }
            for reference in references where !reference.isEmpty {
                #expect(claimed.insert(reference).inserted, "\(reference) is claimed twice")
            }
        }
    }
}
