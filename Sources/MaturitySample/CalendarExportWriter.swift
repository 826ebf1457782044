import Foundation
import MaturityCore

/// The sample's calendars as iCalendar exports: the meetings of some teams (and the company's all-hands series)
/// move out of `meetings.csv` and `attendees.csv` into `calendars/`, one `.ics` file per person as Google
/// exports a primary calendar (`<address>.ics`, `X-WR-CALNAME` the address), each holding every event that
/// person organises or is invited to. So a meeting with five people is in five files, and the import's
/// deduplication across exports is exercised; each meeting is in exactly one format.
///
/// Recurring series are written as series, the way calendar tools store them, and the importer must expand
/// them back: a weekly rule (`BYDAY`, `INTERVAL`) or a monthly one on an ordinal weekday (`BYDAY=1TH`) when
/// the occurrences keep one wall-clock time in the organiser's zone, else `RDATE`s; occurrences the rule would
/// give but the calendar does not hold are `EXDATE`s, and every occurrence that differs from the series
/// (another title, answers, a cancellation) is a `RECURRENCE-ID` override. A series still running at the end of
/// the sample is open-ended (no `UNTIL`): `maturity demo` imports with `--until` the sample's last day.
enum CalendarExportWriter {
    static let folder = "calendars"
    /// Teams whose meetings (by organiser) the calendar exports hold.
    static let teams: Set<String> = ["data"]
    /// Series the exports hold whoever organises them.
    static let series: Set<String> = ["ser-all-hands"]
    /// Every export's `X-WR-TIMEZONE`: the company's default, so an all-day event starts at the same instant in
    /// every copy.
    static let calendarZone = SampleGenerator.organisationTimeZone
    static let stamp = "20261001T000000Z"

    /// One row of `meetings.csv` with its attendees.
    struct Meeting {
        var id: String
        var title: String
        var start: Int64
        var end: Int64
        var organizer: String
        var series: String
        var allDay: Bool
        var cancelled: Bool
        var free: Bool
        var description: String
        var notesURL: String
        /// Address and PARTSTAT, one per person (a person listed twice keeps one answer, declined only when
        /// every listing declined, as the metrics read it).
        var attendees: [(address: String, partstat: String)] = []

        /// What an override must repeat when it differs from the series.
        func sameDetails(as other: Meeting) -> Bool {
            title == other.title && end - start == other.end - other.start && cancelled == other.cancelled
                && free == other.free && description == other.description && notesURL == other.notesURL
                && attendees.map(\.address) == other.attendees.map(\.address)
                && attendees.map(\.partstat) == other.attendees.map(\.partstat)
        }
    }

    /// Moves the calendar rows of `teams` and `series` into `calendars/`; returns the rows left in
    /// `meetings.csv` and `attendees.csv`. `lastDay` is the sample's last day (organisation zone).
    static func split(directory: URL, lastDay: LocalDate) throws(SampleError) -> (meetings: Int, attendees: Int) {
        let people = try NativeExports.Directory(directory: directory)
        let meetingsURL = directory.appendingPathComponent("meetings.csv")
        let attendeesURL = directory.appendingPathComponent("attendees.csv")
        let (meetingHeader, meetingRecords) = try NativeExports.readCSV(meetingsURL)
        let (attendeeHeader, attendeeRecords) = try NativeExports.readCSV(attendeesURL)
        func boolean(_ text: String) -> Bool { ["true", "yes", "1"].contains(text.lowercased()) }

        var moved: [Meeting] = []
        var movedIds = Set<String>()
        var keptMeetings: [[String]] = []
        for record in meetingRecords {
            let row = NativeExports.Row(fields: Dictionary(uniqueKeysWithValues: zip(meetingHeader, record)))
            let organizer = people.person(row["organizer"])
            guard series.contains(row["series_id"]) || teams.contains(organizer?.team ?? "") else {
                keptMeetings.append(record)
                continue
            }
            movedIds.insert(row["meeting_id"])
            moved.append(Meeting(id: row["meeting_id"], title: row["title"], start: try NativeExports.instant(row["start"]),
                                 end: try NativeExports.instant(row["end"]),
                                 organizer: address(row["organizer"], people), series: row["series_id"],
                                 allDay: boolean(row["all_day"]), cancelled: boolean(row["cancelled"]),
                                 free: boolean(row["free"]), description: row["description"], notesURL: row["notes_url"]))
        }
        var keptAttendees: [[String]] = []
        var listings: [String: [(address: String, response: String)]] = [:]
        for record in attendeeRecords {
            let row = NativeExports.Row(fields: Dictionary(uniqueKeysWithValues: zip(attendeeHeader, record)))
            if movedIds.contains(row["meeting_id"]) {
                listings[row["meeting_id"], default: []].append((address(row["person"], people), row["response"]))
            } else {
                keptAttendees.append(record)
            }
        }
        for index in moved.indices {
            moved[index].attendees = merged(listings[moved[index].id] ?? [], people)
        }

        // The events: a series per series id, every other row an event of its own.
        var events: [Event] = []
        var bySeries: [String: [Meeting]] = [:]
        for meeting in moved {
            if meeting.series.isEmpty { events.append(.single(meeting)) } else { bySeries[meeting.series, default: []].append(meeting) }
        }
        for (_, occurrences) in bySeries.sorted(by: { $0.key < $1.key }) {
            let zone = people.person(occurrences[0].organizer)?.timezone ?? SampleGenerator.organisationTimeZone
            events.append(.series(occurrences.sorted { $0.start < $1.start }, zone: zone))
        }

        let output = directory.appendingPathComponent(folder)
        do {
            try? FileManager.default.removeItem(at: output)
            try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        } catch { throw SampleError("cannot create \(output.path): \(error)") }
        for person in people.people where !person.isBot {
            guard let email = person.email else { continue }
            let own = events.filter { $0.involves(person, people) }
            guard !own.isEmpty else { continue }
            var text = ICSLines()
            text.line("BEGIN:VCALENDAR")
            text.line("PRODID:-//Google Inc//Google Calendar 70.9054//EN")
            text.line("VERSION:2.0")
            text.line("CALSCALE:GREGORIAN")
            text.line("METHOD:PUBLISH")
            text.line("X-WR-CALNAME:" + email)
            text.line("X-WR-TIMEZONE:" + calendarZone)
            for event in own { try event.write(into: &text, lastDay: lastDay, people: people) }
            text.line("END:VCALENDAR")
            let url = output.appendingPathComponent(email + ".ics")
            do { try Data(text.bytes).write(to: url) } catch { throw SampleError("cannot write \(url.path): \(error)") }
        }

        try rewrite(meetingsURL, header: meetingHeader, records: keptMeetings)
        try rewrite(attendeesURL, header: attendeeHeader, records: keptAttendees)
        return (keptMeetings.count, keptAttendees.count)
    }

    /// The address to write for a reference: an e-mail as it is (case and old addresses included), else the
    /// person's e-mail.
    static func address(_ reference: String, _ people: NativeExports.Directory) -> String {
        if reference.contains("@") { return reference }
        return people.person(reference)?.email ?? reference
    }

    /// One listing per person, in the order of first appearance: declined only when every listing declined.
    static func merged(_ listings: [(address: String, response: String)],
                       _ people: NativeExports.Directory) -> [(address: String, partstat: String)] {
        var order: [String] = []
        var chosen: [String: (address: String, response: String)] = [:]
        for listing in listings {
            let key = people.person(listing.address)?.id ?? listing.address.lowercased()
            if let first = chosen[key] {
                if first.response == "declined" && listing.response != "declined" { chosen[key] = (first.address, listing.response) }
            } else {
                order.append(key)
                chosen[key] = listing
            }
        }
        return order.map { key in
            let listing = chosen[key]!
            let partstat = ["accepted": "ACCEPTED", "declined": "DECLINED", "tentative": "TENTATIVE"][listing.response]
            return (listing.address, partstat ?? "NEEDS-ACTION")
        }
    }

    static func rewrite(_ url: URL, header: [String], records: [[String]]) throws(SampleError) {
        var writer = try CSVFileWriter(url: url, header: header)
        for record in records {
            for field in record { writer.field(field) }
            try writer.endRow()
        }
        try writer.close()
    }

    /// One VEVENT (or a series master with its overrides).
    enum Event {
        case single(Meeting)
        case series([Meeting], zone: String)

        var meetings: [Meeting] {
            switch self {
            case .single(let meeting): [meeting]
            case .series(let occurrences, _): occurrences
            }
        }

        func involves(_ person: NativeExports.Person, _ people: NativeExports.Directory) -> Bool {
            meetings.contains { meeting in
                people.person(meeting.organizer)?.id == person.id
                    || meeting.attendees.contains { people.person($0.address)?.id == person.id }
            }
        }

        func write(into text: inout ICSLines, lastDay: LocalDate, people: NativeExports.Directory) throws(SampleError) {
            switch self {
            case .single(let meeting):
                let zone = people.person(meeting.organizer)?.timezone ?? SampleGenerator.organisationTimeZone
                try CalendarExportWriter.write(meeting, uid: meeting.id + "@orbitlabs.example", zone: zone,
                                               rule: [], recurrenceId: nil, into: &text)
            case .series(let occurrences, let zone):
                let uid = occurrences[0].series + "@orbitlabs.example"
                let recurrence = Recurrence(occurrences, zone: zone, lastDay: lastDay)
                let master = occurrences[0]
                try CalendarExportWriter.write(master, uid: uid, zone: recurrence.zone, rule: recurrence.lines,
                                               recurrenceId: nil, into: &text)
                for occurrence in occurrences.dropFirst() where !occurrence.sameDetails(as: master) {
                    try CalendarExportWriter.write(occurrence, uid: uid, zone: recurrence.zone, rule: [],
                                                   recurrenceId: occurrence.start, into: &text)
                }
            }
        }
    }

    static func write(_ meeting: Meeting, uid: String, zone: String, rule: [String], recurrenceId: Int64?,
                      into text: inout ICSLines) throws(SampleError) {
        let local = try LocalClock(zone)
        text.line("BEGIN:VEVENT")
        if meeting.allDay {
            text.line("DTSTART;VALUE=DATE:" + local.date(meeting.start))
            text.line("DTEND;VALUE=DATE:" + local.date(meeting.end))
        } else {
            text.line("DTSTART;TZID=\(zone):" + local.dateTime(meeting.start))
            text.line("DTEND;TZID=\(zone):" + local.dateTime(meeting.end))
        }
        for line in rule { text.line(line) }
        text.line("DTSTAMP:" + stamp)
        if !meeting.organizer.isEmpty { text.line("ORGANIZER:mailto:" + meeting.organizer) }
        text.line("UID:" + uid)
        if let recurrenceId {
            text.line(meeting.allDay ? "RECURRENCE-ID;VALUE=DATE:" + local.date(recurrenceId)
                                     : "RECURRENCE-ID;TZID=\(zone):" + local.dateTime(recurrenceId))
        }
        for attendee in meeting.attendees {
            text.line("ATTENDEE;PARTSTAT=" + attendee.partstat + ":mailto:" + attendee.address)
        }
        if !meeting.description.isEmpty { text.line("DESCRIPTION:" + ICSLines.escaped(meeting.description)) }
        if !meeting.notesURL.isEmpty { text.line("URL:" + meeting.notesURL) }
        text.line("STATUS:" + (meeting.cancelled ? "CANCELLED" : "CONFIRMED"))
        text.line("SUMMARY:" + ICSLines.escaped(meeting.title))
        text.line("TRANSP:" + (meeting.free ? "TRANSPARENT" : "OPAQUE"))
        text.line("END:VEVENT")
    }

    /// The recurrence of a series' occurrences: RRULE and EXDATE lines, else RDATE lines.
    struct Recurrence {
        var zone: String
        var lines: [String] = []

        init(_ occurrences: [Meeting], zone: String, lastDay: LocalDate) {
            self.zone = zone
            guard let clock = try? LocalClock(zone) else { return }
            let starts = occurrences.map { clock.local($0.start) }
            let first = starts[0]
            let timeOfDay = first - first.floorDivided(by: 86_400) * 86_400
            let sameTime = starts.allSatisfy { $0 - $0.floorDivided(by: 86_400) * 86_400 == timeOfDay }
            let days = starts.map { Int($0.floorDivided(by: 86_400)) }
            let dayNames = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
            let until = Int64(lastDay.daysSinceEpoch) * 86_400 + 86_399  // local, the last day included
            func weekdayIndex(_ day: Int) -> Int { LocalDate(daysSinceEpoch: day).weekday.rawValue - 1 }

            // Weekly: the weekdays seen, every `interval` weeks from the first.
            if sameTime {
                let week = { (day: Int) in (day - weekdayIndex(day)) / 7 }
                let weekdays = Set(days.map(weekdayIndex)).sorted()
                var interval = 0
                for day in days { interval = gcd(interval, week(day) - week(days[0])) }
                interval = max(interval, 1)
                func generated(upTo limit: Int) -> [Int] {
                    var result: [Int] = []
                    var monday = days[0] - weekdayIndex(days[0])
                    while monday <= limit {
                        for weekday in weekdays where monday + weekday >= days[0] && monday + weekday <= limit {
                            result.append(monday + weekday)
                        }
                        monday += 7 * interval
                    }
                    return result
                }
                let rule = generated(upTo: days.last!)
                let missing = Set(rule).subtracting(days)
                if Set(days).isSubset(of: rule) && missing.count * 2 <= days.count {
                    let next = generated(upTo: days.last! + 7 * interval + 7).first { $0 > days.last! }
                    let openEnded = next.map { Int64($0) * 86_400 + timeOfDay > until } ?? true
                    var rrule = "RRULE:FREQ=WEEKLY;WKST=MO"
                    if !openEnded { rrule += ";UNTIL=" + LocalClock.utc(occurrences.last!.start) }
                    if interval > 1 { rrule += ";INTERVAL=\(interval)" }
                    rrule += ";BYDAY=" + weekdays.map { dayNames[$0] }.joined(separator: ",")
                    lines = [rrule] + missing.sorted().map { "EXDATE;TZID=\(zone):" + clock.dateTime(local: Int64($0) * 86_400 + timeOfDay) }
                    return
                }
                // Monthly, on the same ordinal weekday (the first Thursday).
                let ordinals = Set(days.map { (LocalDate(daysSinceEpoch: $0).day - 1) / 7 + 1 })
                let weekdaySet = Set(days.map(weekdayIndex))
                if ordinals.count == 1, weekdaySet.count == 1, let ordinal = ordinals.first, ordinal <= 4 {
                    let weekday = weekdaySet.first!
                    func nth(_ year: Int, _ month: Int) -> Int {
                        let firstDay = LocalDate(year: year, month: month, day: 1).daysSinceEpoch
                        return firstDay + (weekday - weekdayIndex(firstDay) + 7) % 7 + 7 * (ordinal - 1)
                    }
                    var months: [Int] = []
                    var date = LocalDate(daysSinceEpoch: days[0])
                    date = LocalDate(year: date.year, month: date.month, day: 1)
                    while nth(date.year, date.month) <= days.last! {
                        months.append(nth(date.year, date.month))
                        date = date.month == 12 ? LocalDate(year: date.year + 1, month: 1, day: 1)
                                                : LocalDate(year: date.year, month: date.month + 1, day: 1)
                    }
                    let next = nth(date.year, date.month)
                    let missing = Set(months).subtracting(days)
                    if Set(days).isSubset(of: months) && missing.count * 2 <= days.count {
                        var rrule = "RRULE:FREQ=MONTHLY"
                        if Int64(next) * 86_400 + timeOfDay <= until {
                            rrule += ";UNTIL=" + LocalClock.utc(occurrences.last!.start)
                        }
                        rrule += ";BYDAY=\(ordinal)" + dayNames[weekday]
                        lines = [rrule] + missing.sorted().map { "EXDATE;TZID=\(zone):" + clock.dateTime(local: Int64($0) * 86_400 + timeOfDay) }
                        return
                    }
                }
            }
            // No rule fits: the occurrences are the DTSTART and RDATEs (a moved time is an override's DTSTART
            // on its own RECURRENCE-ID, so it needs no RDATE of its own).
            lines = occurrences.dropFirst().map { "RDATE;TZID=\(zone):" + clock.dateTime($0.start) }
        }

        private func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? abs(a) : gcd(b, a % b) }
    }
}

/// Local wall-clock times of one zone, as iCalendar writes them.
struct LocalClock {
    let zone: TimeZone

    init(_ identifier: String) throws(SampleError) {
        guard let zone = TimeZone(identifier: identifier) else { throw SampleError("unknown time zone \(identifier)") }
        self.zone = zone
    }

    /// Local seconds since the epoch of an instant (milliseconds).
    func local(_ instant: Int64) -> Int64 {
        let seconds = instant.floorDivided(by: 1000)
        return seconds + Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(seconds))))
    }

    func dateTime(_ instant: Int64) -> String { dateTime(local: local(instant)) }

    func dateTime(local seconds: Int64) -> String {
        let day = Int(seconds.floorDivided(by: 86_400))
        let second = Int(seconds - Int64(day) * 86_400)
        return Self.basic(LocalDate(daysSinceEpoch: day))
            + String(format: "T%02d%02d%02d", second / 3600, second / 60 % 60, second % 60)
    }

    func date(_ instant: Int64) -> String { Self.basic(LocalDate(daysSinceEpoch: Int(local(instant).floorDivided(by: 86_400)))) }

    static func utc(_ instant: Int64) -> String {
        let seconds = instant.floorDivided(by: 1000)
        let day = Int(seconds.floorDivided(by: 86_400))
        let second = Int(seconds - Int64(day) * 86_400)
        return basic(LocalDate(daysSinceEpoch: day)) + String(format: "T%02d%02d%02dZ", second / 3600, second / 60 % 60, second % 60)
    }

    static func basic(_ date: LocalDate) -> String { String(format: "%04d%02d%02d", date.year, date.month, date.day) }
}

/// iCalendar text: CR LF line ends, lines folded at 75 octets (never inside a UTF-8 sequence), TEXT escaped.
struct ICSLines {
    private(set) var bytes: [UInt8] = []

    mutating func line(_ text: String) {
        var count = 0
        for scalar in text.unicodeScalars {
            let encoded = Array(String(scalar).utf8)
            if count + encoded.count > 75 {
                bytes += [13, 10, 32]
                count = 1
            }
            bytes += encoded
            count += encoded.count
        }
        bytes += [13, 10]
    }

    static func escaped(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "\\": result += "\\\\"
            case ";": result += "\\;"
            case ",": result += "\\,"
            case "\n", "\r\n": result += "\\n"
            default: result.append(character)
            }
        }
        return result
    }
}
