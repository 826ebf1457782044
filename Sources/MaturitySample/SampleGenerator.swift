import Foundation
import MaturityCore

/// Generates the sample dataset: a fictional distributed company ("Orbit Labs", `orbitlabs.example`) in
/// canonical CSV, deterministic for a seed.
///
/// Five teams of different habits, so their metrics differ:
/// - `platform`: async-first; answers in threads within hours, few meetings with agendas and notes, tidy tickets.
/// - `growth`: meeting-heavy (daily stand-up, status syncs, weekly 1:1s) and always online (instant replies,
///   much in direct messages, evenings included).
/// - `data`: spread from Los Angeles to Tokyo; slow answers, unanswered mentions, a sync after hours for most.
/// - `support`: answers reasonably, but unowned, stale, undescribed tickets; a channel without threads.
/// - `mobile`: middling; half of it works Sunday to Thursday in Jerusalem.
///
/// The organisation zone the data is meant for is `Europe/Berlin` (quarters start at midnight there; people
/// without a `timezone` cell work in it). Two bots (`jira-automation`, `standup-bot`) are flagged `is_bot`
/// (until `TrackerExports.write` plants the problems of `PlantedProblems`).
/// Rows are streamed to disk, so memory stays flat for any `messages` count.
public enum SampleGenerator {
    /// The organisation time zone the sample is generated for (`maturity init --org-timezone`).
    public static let organisationTimeZone = "Europe/Berlin"

    /// The files, in the order they are written.
    public static let fileNames = ["people.csv", "time_off.csv", "holidays.csv", "work_items.csv",
                                   "work_item_events.csv", "meetings.csv",
                                   "attendees.csv", "messages.csv"]

    /// Writes the canonical CSV files into `directory` (created when missing; existing files of the same
    /// names are replaced) and returns the number of data rows of each.
    public static func write(_ configuration: SampleConfiguration, to directory: URL) throws -> SampleSummary {
        try configuration.validate()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw SampleError("cannot create the folder \(directory.path): \(error)")
        }
        guard let quarter = QuarterName.parse(configuration.firstQuarter) else {
            throw SampleError("firstQuarter must look like 2026Q2, got '\(configuration.firstQuarter)'")
        }
        // Offsets are sampled from 120 days before the first quarter to 30 days after the last.
        let firstDay = LocalDate(year: quarter.year, month: (quarter.quarter - 1) * 3 + 1, day: 1)
        let roughStart = Int64(firstDay.daysSinceEpoch) * Millis.day
        let roughEnd = roughStart + Int64(configuration.quarters * 92) * Millis.day
        let zones = try ZoneCatalogue(from: roughStart - 120 * Millis.day, to: roughEnd + 30 * Millis.day)
        let timeline = try SampleTimeline(configuration: configuration, zone: zones.zone(organisationTimeZone))
        let organisation = try SampleOrganisation(configuration: configuration, timeline: timeline, zones: zones)
        var files = [String: Int]()

        var people = try CSVFileWriter(url: directory.appendingPathComponent("people.csv"),
                                       header: PeopleWriter.header, byteOrderMark: true, crlf: true)
        try PeopleWriter.write(organisation, to: &people, seed: configuration.seed)
        try people.close()
        files["people.csv"] = people.rows

        var timeOff = try CSVFileWriter(url: directory.appendingPathComponent("time_off.csv"),
                                        header: DaysOffWriter.timeOffHeader)
        try DaysOffWriter.writeTimeOff(organisation, to: &timeOff, seed: configuration.seed)
        try timeOff.close()
        files["time_off.csv"] = timeOff.rows
        var holidays = try CSVFileWriter(url: directory.appendingPathComponent("holidays.csv"),
                                         header: DaysOffWriter.holidayHeader)
        try DaysOffWriter.writeHolidays(organisation, to: &holidays)
        try holidays.close()
        files["holidays.csv"] = holidays.rows

        let itemCounts = WorkItemsGenerator.counts(organisation: organisation, quarters: configuration.quarters,
                                                   total: configuration.workItems)
        let items = try CSVFileWriter(url: directory.appendingPathComponent("work_items.csv"),
                                      header: WorkItemsGenerator.itemHeader)
        let events = try CSVFileWriter(url: directory.appendingPathComponent("work_item_events.csv"),
                                       header: WorkItemsGenerator.eventHeader)
        var workItems = WorkItemsGenerator(organisation: organisation, items: items, events: events,
                                           seed: configuration.seed)
        try workItems.generate(counts: itemCounts)
        let workItemRows = try workItems.close()
        files["work_items.csv"] = workItemRows.items
        files["work_item_events.csv"] = workItemRows.events

        let meetings = try CSVFileWriter(url: directory.appendingPathComponent("meetings.csv"),
                                         header: MeetingsGenerator.meetingHeader)
        let attendees = try CSVFileWriter(url: directory.appendingPathComponent("attendees.csv"),
                                          header: MeetingsGenerator.attendeeHeader)
        var calendar = MeetingsGenerator(organisation: organisation, meetings: meetings, attendees: attendees,
                                         scale: configuration.meetingsScale, seed: configuration.seed)
        try calendar.generate()
        let calendarRows = try calendar.close()
        files["meetings.csv"] = calendarRows.meetings
        files["attendees.csv"] = calendarRows.attendees
        // Some teams' calendars move to per-person .ics exports (CalendarExportWriter): the natural volume only.
        if configuration.calendarExports && configuration.messages == nil && configuration.meetingsScale == 1 {
            let lastDay = LocalDate.of(timeline.end - 1, in: TimeZone(identifier: Self.organisationTimeZone)!)
            let kept = try CalendarExportWriter.split(directory: directory, lastDay: lastDay)
            files["meetings.csv"] = kept.meetings
            files["attendees.csv"] = kept.attendees
        }

        let messages = try CSVFileWriter(url: directory.appendingPathComponent("messages.csv"),
                                         header: MessagesGenerator.header)
        var chat = MessagesGenerator(organisation: organisation, writer: messages, itemCounts: itemCounts,
                                     seed: configuration.seed)
        try chat.generate(total: configuration.messages)
        files["messages.csv"] = try chat.close()
        // Some channels move to a Slack export folder and an mbox (NativeExports): the natural volume only.
        if configuration.messages == nil { files["messages.csv"] = try NativeExports.split(directory: directory) }
        return SampleSummary(files: files)
    }
}

/// Writes `people.csv` (with a byte-order mark and CR LF line ends, as a spreadsheet saves it).
enum PeopleWriter {
    static let header = ["person_id", "name", "email", "team", "timezone", "work_start", "work_end", "workdays",
                         "aliases", "is_bot", "holiday_calendar"]

    static func write(_ organisation: SampleOrganisation, to writer: inout CSVFileWriter,
                      seed: UInt64) throws(SampleError) {
        var random = SampleRandom(seed: seed, stream: 5)
        for person in organisation.people {
            writer.field(person.id)
            writer.field(person.name)
            writer.field(person.email ?? "")
            writer.field(person.team >= 0 ? organisation.teams[person.team].culture.name : "")
            // People in the organisation zone often leave the cell empty (the organisation default applies).
            if person.seat.zone == SampleGenerator.organisationTimeZone && random.chance(0.5) || person.isBot {
                writer.empty()
            } else {
                writer.field(person.seat.zone)
            }
            writer.field(person.seat.hoursText.start)
            writer.field(person.seat.hoursText.end)
            if person.seat.workdaysText.isEmpty && !person.isBot && random.chance(0.1) {
                writer.field(random.chance(0.5) ? "Mon-Fri" : "mon-fri")
            } else {
                writer.field(person.seat.workdaysText)
            }
            var aliases = [String]()
            if let slack = person.slack { aliases.append(slack) }
            if let jira = person.jira { aliases.append(jira) }
            if let old = person.oldEmail { aliases.append(old) }
            writer.field(aliases.joined(separator: ";"))
            if person.isBot {
                writer.field(person.id == "b01" ? "true" : "yes")
            } else {
                let roll = random.int(below: 4)
                writer.field(roll == 0 ? "no" : roll == 1 ? "false" : "")
            }
            writer.field(person.isBot ? "" : DaysOffWriter.calendarCell(zone: person.seat.zone))
            try writer.endRow()
        }
    }
}

/// Two problems planted in the sample's directory for `maturity doctor` to find (the README's tour fixes them
/// with `people merge` and `people set --bot`). Planted last (`TrackerExports.write` ends with it), in
/// `people.csv` only: the tools' own exports (Slack, Jira, GitHub), made from the full directory, still know
/// the bot and the old address.
enum PlantedProblems {
    /// The first person with an e-mail address among their aliases (an old one) no longer lists it, and
    /// `jira-automation` (b01) is not flagged `is_bot`.
    static func plant(in directory: URL) throws {
        let url = directory.appendingPathComponent("people.csv")
        var lines = String(decoding: try Data(contentsOf: url), as: UTF8.self).components(separatedBy: "\r\n")
        var unlisted = false
        for index in lines.indices.dropFirst() where !lines[index].contains("\"") {
            var fields = lines[index].components(separatedBy: ",")
            guard fields.count == PeopleWriter.header.count else { continue }
            let aliases = fields[8].split(separator: ";")
            if !unlisted, aliases.contains(where: { $0.contains("@") }) {
                fields[8] = aliases.filter { !$0.contains("@") }.joined(separator: ";")
                unlisted = true
            } else if fields[0] == "b01" {
                fields[9] = ""
            }
            lines[index] = fields.joined(separator: ",")
        }
        try Data(lines.joined(separator: "\r\n").utf8).write(to: url)
    }
}
