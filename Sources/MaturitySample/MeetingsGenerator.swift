import MaturityCore

/// Writes `meetings.csv` and `attendees.csv` week by week: company meetings, each team's recurring series and
/// 1:1s, ad-hoc meetings, focus blocks, holidays and the odd zero-length or over-long event.
struct MeetingsGenerator {
    static let meetingHeader = ["meeting_id", "title", "start", "end", "organizer", "series_id", "all_day",
                                "cancelled", "free", "description", "notes_url"]
    static let attendeeHeader = ["meeting_id", "person", "response"]

    private let organisation: SampleOrganisation
    private var meetings: CSVFileWriter
    private var attendees: CSVFileWriter
    private let scale: Double
    private var random: SampleRandom
    private var sequence = 0

    init(organisation: SampleOrganisation, meetings: CSVFileWriter, attendees: CSVFileWriter, scale: Double,
         seed: UInt64) {
        self.organisation = organisation
        self.meetings = meetings
        self.attendees = attendees
        self.scale = scale
        random = SampleRandom(seed: seed, stream: 3)
    }

    /// One calendar row and its invitees.
    private struct Occurrence {
        var title: String
        var start: Int64
        var end: Int64
        var organizer: Int
        var series: String = ""
        var allDay = false
        var cancelled = false
        var free = false
        var description = ""
        var notesURL = ""
        var invitees: [Int] = []
        /// Culture whose answer habits the invitees follow (nil: the invitee's own team).
        var culture: TeamCulture?
        /// Share of invitees who never answer (large meetings).
        var silentRate: Double?
        var guests: [String] = []
    }

    /// Writes what is buffered, closes both files and returns their numbers of data rows.
    mutating func close() throws(SampleError) -> (meetings: Int, attendees: Int) {
        try meetings.close()
        try attendees.close()
        return (meetings.rows, attendees.rows)
    }

    mutating func generate() throws(SampleError) {
        let timeline = organisation.timeline
        for week in timeline.weeks {
            try companyMeetings(week: week)
            for team in organisation.teams {
                try seriesMeetings(team: team, week: week)
                try oneOnOnes(team: team, week: week)
                try adHocMeetings(team: team, week: week)
                try personalBlocks(team: team, week: week)
            }
        }
    }

    // MARK: Kinds of meetings

    private mutating func companyMeetings(week: SampleTimeline.Week) throws(SampleError) {
        let timeline = organisation.timeline
        let berlin = timeline.organisationZone
        let ceo = organisation.teams[1].lead
        let everyone = Array(0..<organisation.humanCount)
        // All hands on the first Thursday of each month, 17:00 Berlin.
        let thursday = week.monday + 3
        if LocalDate(daysSinceEpoch: thursday).day <= 7 {
            let start = berlin.instant(day: thursday, minute: 17 * 60)
            var occurrence = Occurrence(title: "All hands", start: start, end: start + Millis.hour, organizer: ceo,
                                        series: "ser-all-hands", invitees: everyone)
            occurrence.description = agenda(["Company metrics", "Product demo", "Hiring update", "Open Q&A"])
                + "\n\n" + conferencingBlock()
            occurrence.notesURL = recordingURL()
            occurrence.silentRate = 0.45
            try write(occurrence, week: week)
        }
        // Quarter kickoff in the first full week of a quarter, Tuesday 16:00 Berlin, two hours.
        for quarterStart in timeline.quarterStarts.dropLast()
        where week.monday >= quarterStart && week.monday < quarterStart + 7 {
            let tuesday = week.monday + 1
            let start = berlin.instant(day: tuesday, minute: 16 * 60)
            var occurrence = Occurrence(title: "Quarter kickoff: goals and priorities", start: start,
                                        end: start + 2 * Millis.hour, organizer: ceo, invitees: everyone)
            occurrence.description = "Pre-read: " + docURL() + "\nWe go through each team's goals, 10 minutes each."
                + "\n\n" + conferencingBlock()
            occurrence.silentRate = 0.3
            try write(occurrence, week: week)
        }
        // A hackathon day in the sixth week of each quarter: 13 hours, longer than any meeting counts.
        if week.index % 13 == 5 {
            let friday = week.monday + 4
            let start = berlin.instant(day: friday, minute: 8 * 60)
            let engineers = [0, 2, 4].flatMap { organisation.teams[$0].members }
            var occurrence = Occurrence(title: "Hackathon", start: start, end: start + 13 * Millis.hour,
                                        organizer: organisation.teams[0].lead, invitees: engineers)
            occurrence.description = "Hackathon day: pick a problem from the list, demo at 19:00. "
                + "Teams of two or three."
            occurrence.silentRate = 0.2
            try write(occurrence, week: week)
        }
    }

    private mutating func seriesMeetings(team: SampleTeam, week: SampleTimeline.Week) throws(SampleError) {
        let culture = team.culture
        let lead = organisation.people[team.lead]
        for plan in culture.series where week.index % plan.everyWeeks == 0 {
            for weekday in plan.weekdays {
                let start = lead.zone.instant(day: week.monday + weekday, minute: plan.minute)
                var occurrence = Occurrence(title: plan.title, start: start,
                                            end: start + Int64(plan.duration) * Millis.minute, organizer: team.lead,
                                            series: "ser-\(culture.name)-\(plan.key)", invitees: team.members,
                                            culture: culture)
                occurrence.cancelled = organisation.isAway(team.lead, at: start) || random.chance(0.03)
                if plan.key == "standup" && random.chance(0.3) { occurrence.invitees.append(organisation.standupBot) }
                describe(&occurrence, culture: culture)
                try write(occurrence, week: week)
            }
        }
    }

    private mutating func oneOnOnes(team: SampleTeam, week: SampleTimeline.Week) throws(SampleError) {
        let every = team.culture.oneOnOneEveryWeeks
        guard every > 0 else { return }
        let lead = organisation.people[team.lead]
        let leadDays = (0..<7).filter { lead.isWorkday(week.monday - 1 + $0) }.map { $0 - 1 }
        guard !leadDays.isEmpty else { return }
        for (ordinal, member) in team.members.dropFirst().enumerated() where (week.index + ordinal) % every == 0 {
            let person = organisation.people[member]
            let day = week.monday + leadDays[ordinal % leadDays.count]
            let start = lead.zone.instant(day: day, minute: 11 * 60 + (ordinal % 4) * 60)
            let title = random.chance(0.9) ? "1:1 \(lead.firstName) / \(person.firstName)"
                : "\(lead.firstName) <> \(person.firstName)"
            var occurrence = Occurrence(title: title, start: start, end: start + 30 * Millis.minute,
                                        organizer: team.lead, series: "ser-1on1-\(lead.id)-\(person.id)",
                                        invitees: [member], culture: team.culture)
            occurrence.cancelled = organisation.isAway(team.lead, at: start) || organisation.isAway(member, at: start)
                || random.chance(0.05)
            if random.chance(team.culture.agendaRate * 0.6) {
                occurrence.description = "Shared notes: " + docURL() + "\nTopics: career goals, feedback, "
                    + random.pick(team.culture.topics) + "."
            } else if random.chance(team.culture.conferencingRate) {
                occurrence.description = conferencingBlock()
            }
            try write(occurrence, week: week)
        }
    }

    private mutating func adHocMeetings(team: SampleTeam, week: SampleTimeline.Week) throws(SampleError) {
        let culture = team.culture
        let fraction = Double(week.end - week.start) / Double(Millis.week)
        let count = random.count(mean: culture.adHocPerWeek * scale * fraction)
        for _ in 0..<count {
            let organizer = random.pick(team.members)
            guard !organisation.people[organizer].away[week.index] else { continue }
            let minutes = random.pick([30, 30, 45, 60, 60, 90])
            guard let start = slot(for: organizer, week: week, minutes: minutes) else { continue }
            var invitees = [Int]()
            let wanted = random.chance(0.04) ? 0 : 1 + random.int(below: culture.name == "growth" ? 7 : 4)
            for _ in 0..<wanted {
                let candidate = random.chance(0.15) ? random.int(below: organisation.humanCount)
                    : random.pick(team.members)
                if candidate != organizer && !invitees.contains(candidate) { invitees.append(candidate) }
            }
            let title = wanted == 0 ? "Prep time" : random.pick(MeetingPhrases.adHocTitles(culture))
            var occurrence = Occurrence(title: title, start: start, end: start + Int64(minutes) * Millis.minute,
                                        organizer: organizer, invitees: invitees, culture: culture)
            if culture.name == "growth" && random.chance(0.25) {
                occurrence.title = "Customer call: " + random.pick(MeetingPhrases.customers)
                occurrence.guests = [random.pick(MeetingPhrases.guests)]
            }
            describe(&occurrence, culture: culture)
            try write(occurrence, week: week)
        }
    }

    /// Focus blocks (free), holidays (all-day), reminders (zero length) and offsites.
    private mutating func personalBlocks(team: SampleTeam, week: SampleTimeline.Week) throws(SampleError) {
        let culture = team.culture
        let fraction = Double(week.end - week.start) / Double(Millis.week)
        for member in team.members {
            let person = organisation.people[member]
            if person.away[week.index] {
                if week.index == 0 || !person.away[week.index - 1] {
                    var length = 5
                    if week.index + 1 < person.away.count && person.away[week.index + 1] { length = 12 }
                    let start = person.zone.instant(day: week.monday, minute: 0)
                    let allDay = Occurrence(title: random.chance(0.5) ? "OOO" : "Vacation 🌴", start: start,
                                            end: person.zone.instant(day: week.monday + length, minute: 0),
                                            organizer: member, allDay: true, free: random.chance(0.5))
                    try write(allDay, week: week)
                }
                continue
            }
            for _ in 0..<random.count(mean: culture.focusBlocksPerPersonWeek * scale * fraction) {
                let hours = random.int(2...3)
                guard let start = slot(for: member, week: week, minutes: hours * 60) else { continue }
                var block = Occurrence(title: random.chance(0.8) ? "Focus time" : "Deep work, no meetings please",
                                       start: start, end: start + Int64(hours) * Millis.hour,
                                       organizer: member, free: true)
                block.description = random.chance(0.3) ? "Blocked by Clockwise" : ""
                try write(block, week: week)
            }
        }
        if culture.name == "support" && random.chance(min(1, 0.8 * scale)) {
            let lead = organisation.people[team.lead]
            let start = lead.zone.instant(day: week.monday + 4, minute: 16 * 60)
            let reminder = Occurrence(title: "Reminder: submit timesheets", start: start, end: start,
                                      organizer: team.lead, invitees: [team.members[team.members.count - 1]],
                                      culture: culture)
            try write(reminder, week: week)
        }
        if week.index % 13 == 8 {
            let lead = organisation.people[team.lead]
            let start = lead.zone.instant(day: week.monday + 2, minute: 0)
            var offsite = Occurrence(title: culture.name.capitalizedFirst + " offsite", start: start,
                                     end: lead.zone.instant(day: week.monday + 4, minute: 0), organizer: team.lead,
                                     allDay: true, invitees: team.members, culture: culture)
            offsite.description = "Two days together. Agenda: " + docURL()
            try write(offsite, week: week)
        }
    }

    // MARK: Details

    /// A start on a quarter hour such that a meeting of `minutes` lies inside p's working hours of the week;
    /// nil when p does not work that week.
    private mutating func slot(for p: Int, week: SampleTimeline.Week, minutes: Int) -> Int64? {
        let person = organisation.people[p]
        var windows = [(start: Int64, end: Int64)]()
        for day in (week.monday - 1)...(week.monday + 7) where person.isWorkday(day) {
            let window = person.window(onDay: day)
            let start = max(window.start, week.start)
            let end = min(window.end, week.end) - Int64(minutes) * Millis.minute
            if end > start { windows.append((start, end)) }
        }
        guard !windows.isEmpty else { return nil }
        let window = random.pick(windows)
        let quarterHour = 15 * Millis.minute
        let start = window.start + random.int64(0, window.end - window.start)
        let aligned = start - start % quarterHour
        return aligned < window.start ? aligned + quarterHour : aligned
    }

    /// Agenda, conferencing boilerplate and notes as the culture writes them.
    private mutating func describe(_ occurrence: inout Occurrence, culture: TeamCulture) {
        var parts = [String]()
        if random.chance(culture.agendaRate) {
            var items = [random.pick(MeetingPhrases.agendaItems), random.pick(culture.topics).capitalizedFirst]
            if random.chance(0.5) { items.append("Open questions") }
            parts.append(random.chance(0.7) ? agenda(items) : "Agenda: " + items.joined(separator: ", ") + ".")
        } else if random.chance(0.3) {
            parts.append(random.pick(MeetingPhrases.shortDescriptions))
        }
        var notesInDescription = false
        if random.chance(culture.notesRate) {
            if random.chance(0.3) {
                parts.append("Notes: " + docURL())
                notesInDescription = true
            } else {
                occurrence.notesURL = random.chance(0.5) ? recordingURL() : docURL()
            }
        }
        if random.chance(culture.conferencingRate) { parts.append(conferencingBlock()) }
        if occurrence.notesURL.isEmpty && !notesInDescription && random.chance(0.25) {
            occurrence.notesURL = random.chance(0.6) ? zoomJoinURL() : "https://meet.google.com/" + meetCode()
        }
        occurrence.description = parts.joined(separator: "\n\n")
    }

    private func agenda(_ items: [String]) -> String {
        var text = "Agenda:"
        for (index, item) in items.enumerated() { text += "\n\(index + 1). \(item)" }
        return text
    }

    private mutating func digits(_ count: Int) -> String {
        var text = String(1 + random.int(below: 9))
        for _ in 1..<count { text += String(random.int(below: 10)) }
        return text
    }

    private mutating func token(_ length: Int) -> String {
        let alphabet = Array("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var text = ""
        for _ in 0..<length { text.append(alphabet[random.int(below: alphabet.count)]) }
        return text
    }

    private mutating func docURL() -> String { "https://docs.orbitlabs.example/d/" + token(10) }

    private mutating func recordingURL() -> String {
        random.chance(0.6) ? "https://zoom.us/rec/share/" + token(24) : "https://us02web.zoom.us/rec/play/" + token(20)
    }

    private mutating func zoomJoinURL() -> String {
        "https://us02web.zoom.us/j/" + digits(11) + "?pwd=" + token(22)
    }

    private mutating func meetCode() -> String {
        let letters = Array("abcdefghijklmnopqrstuvwxyz")
        func part(_ n: Int, _ random: inout SampleRandom) -> String {
            String((0..<n).map { _ in letters[random.int(below: letters.count)] })
        }
        return part(3, &random) + "-" + part(4, &random) + "-" + part(3, &random)
    }

    /// A Zoom, Google Meet or Microsoft Teams invitation block, line for line as those tools paste it.
    private mutating func conferencingBlock() -> String {
        let roll = random.int(below: 10)
        if roll < 5 {
            let meetingId = digits(11)
            let spaced = String(meetingId.prefix(3)) + " " + String(meetingId.dropFirst(3).prefix(4)) + " "
                + String(meetingId.suffix(4))
            let passcode = digits(6)
            return """
                Join Zoom Meeting
                https://us02web.zoom.us/j/\(meetingId)?pwd=\(token(22))

                Meeting ID: \(spaced)
                Passcode: \(passcode)
                ---
                One tap mobile
                +16699006833,,\(meetingId)#,,,,*\(passcode)# US (San Jose)
                +12532158782,,\(meetingId)#,,,,*\(passcode)# US (Tacoma)

                Dial by your location
                        +1 669 900 6833 US (San Jose)
                        +1 253 215 8782 US (Tacoma)
                Meeting ID: \(spaced)
                Find your local number: https://us02web.zoom.us/u/\(token(10))
                """
        }
        if roll < 8 {
            let code = meetCode()
            let pin = digits(9)
            let ruler = "-::~:~::~" + String(repeating: ":~", count: 40) + "::~:~::-"
            return """
                \(ruler)
                Join with Google Meet: https://meet.google.com/\(code)
                Or dial: (US) +1 402-555-0\(digits(3)) PIN: \(pin)#
                More phone numbers: https://tel.meet/\(code)?pin=\(pin)
                Learn more about Meet at: https://support.google.com/a/users/answer/9282720

                Please do not edit this section.
                \(ruler)
                """
        }
        let ruler = String(repeating: "_", count: 80)
        let conference = digits(9)
        return """
            \(ruler)
            Microsoft Teams meeting
            Join on your computer, mobile app or room device
            Click here to join the meeting<https://teams.microsoft.com/l/meetup-join/19%3ameeting_\(token(32))\
            %40thread.v2/0?context=%7b%22Tid%22%3a%22orbit%22%7d>
            Meeting ID: \(digits(3)) \(digits(3)) \(digits(3)) \(digits(2))
            Passcode: \(token(6))
            Download Teams<https://www.microsoft.com/en-us/microsoft-teams/download-app> | \
            Join on the web<https://www.microsoft.com/microsoft-teams/join-a-meeting>
            Or call in (audio only)
            +1 323-555-0142,,\(conference)#   United States, Los Angeles
            Phone Conference ID: \(conference.prefix(3)) \(conference.dropFirst(3).prefix(3)) \(conference.suffix(3))#
            Find a local number<https://dialin.teams.microsoft.com/\(token(12))> | \
            Reset PIN<https://dialin.teams.microsoft.com/usp/pstnconferencing>
            Learn More<https://aka.ms/JoinTeamsMeeting> | \
            Meeting options<https://teams.microsoft.com/meetingOptions/?organizerId=\(token(12))>
            \(ruler)
            """
    }

    // MARK: Writing

    private func boolean(_ value: Bool, _ variant: Int) -> String {
        guard value else { return variant == 0 ? "false" : "" }
        return ["true", "TRUE", "yes", "1"][variant % 4]
    }

    private mutating func write(_ occurrence: Occurrence, week: SampleTimeline.Week) throws(SampleError) {
        guard occurrence.start >= organisation.timeline.start, occurrence.start < organisation.timeline.end else {
            return
        }
        sequence += 1
        let meetingId = "mt-" + String(repeating: "0", count: max(0, 7 - String(sequence).count)) + String(sequence)
        let organizer = organisation.people[occurrence.organizer]
        meetings.field(meetingId)
        meetings.field(occurrence.title)
        let local = random.chance(0.4) || occurrence.allDay
        let millis = random.chance(0.1)
        meetings.timestamp(occurrence.start, offsetSeconds: local ? organizer.zone.seconds(at: occurrence.start) : nil,
                           millis: millis)
        meetings.timestamp(occurrence.end, offsetSeconds: local ? organizer.zone.seconds(at: occurrence.end) : nil,
                           millis: millis)
        meetings.field(organisation.reference(occurrence.organizer, .calendar, &random))
        meetings.field(occurrence.series)
        let variant = random.int(below: 8)
        meetings.field(boolean(occurrence.allDay, variant))
        meetings.field(boolean(occurrence.cancelled, variant))
        meetings.field(boolean(occurrence.free, variant))
        meetings.field(occurrence.description)
        meetings.field(occurrence.notesURL)
        try meetings.endRow()

        if random.chance(0.5) && !occurrence.invitees.isEmpty {
            try attendee(meetingId, organisation.reference(occurrence.organizer, .calendar, &random),
                         random.chance(0.05) ? "declined" : "accepted")
        }
        for invitee in occurrence.invitees where invitee != occurrence.organizer {
            let answer = response(invitee, occurrence)
            try attendee(meetingId, organisation.reference(invitee, .calendar, &random), answer)
            if random.chance(0.02) {
                // The same person a second time under another identity, with another answer.
                try attendee(meetingId, organisation.people[invitee].id, answer == "declined" ? "accepted" : "")
            }
        }
        for guest in occurrence.guests { try attendee(meetingId, guest, random.chance(0.7) ? "accepted" : "") }
    }

    private mutating func response(_ invitee: Int, _ occurrence: Occurrence) -> String {
        let person = organisation.people[invitee]
        if person.isBot { return "accepted" }
        if organisation.isAway(invitee, at: occurrence.start) { return random.chance(0.8) ? "declined" : "" }
        let culture = occurrence.culture ?? organisation.teams[person.team].culture
        let silent = occurrence.silentRate ?? culture.silentRate
        let roll = random.unit()
        if roll < silent { return random.chance(0.9) ? "" : "needs_action" }
        if roll < silent + culture.declineRate { return "declined" }
        if roll < silent + culture.declineRate + culture.tentativeRate { return "tentative" }
        return "accepted"
    }

    private mutating func attendee(_ meetingId: String, _ person: String, _ answer: String) throws(SampleError) {
        attendees.field(meetingId)
        attendees.field(person)
        attendees.field(answer)
        try attendees.endRow()
    }
}

/// The phrase book of the calendar.
enum MeetingPhrases {
    static func adHocTitles(_ culture: TeamCulture) -> [String] {
        switch culture.name {
        case "growth": return ["Campaign brainstorm", "Deal review", "Quick sync on pricing", "Launch prep",
                               "Re-sync on the Q3 plan", "Partner call prep"]
        case "data": return ["Metric definitions", "Pipeline incident review", "Pairing: backfill",
                             "Experiment readout", "Schema design"]
        case "support": return ["Escalation review", "Macro cleanup", "Customer escalation",
                                "Status of open incidents", "Onboarding a new agent"]
        case "mobile": return ["Release go/no-go", "Crash triage", "Design review: settings", "Pairing",
                               "App store feedback"]
        default: return ["Design review", "Incident review", "RFC discussion", "Pairing", "Capacity planning"]
        }
    }

    static let agendaItems = ["Review last week's action items", "Risks and blockers", "Demo", "Hiring update",
                              "Customer feedback", "Decisions needed", "Metrics review"]
    static let shortDescriptions = ["Quick sync", "Weekly catch-up", "see doc", "As discussed in Slack",
                                    "Let's decide", "(no agenda yet)"]
    static let customers = ["Acme Corp", "Globex", "Initech", "Umbrella Health", "Stark Logistics"]
    static let guests = ["guest@partner.example", "jordan.lee@acme-corp.example", "procurement@globex.example"]
}

extension String {
    /// The string with its first character upper-cased (`the deploy pipeline` → `The deploy pipeline`).
    var capitalizedFirst: String {
        guard let first else { return self }
        return first.uppercased() + dropFirst()
    }

    /// The string with its first character lower-cased when it is an ASCII capital followed by a lower-case
    /// letter (`Has anyone` → `has anyone`; `PLAT-3` and `FYI` stay).
    var lowercasedFirst: String {
        let scalars = Array(unicodeScalars.prefix(2))
        guard scalars.count == 2, (65...90).contains(scalars[0].value), (97...122).contains(scalars[1].value) else {
            return self
        }
        return first.map { $0.lowercased() + dropFirst() } ?? self
    }
}
