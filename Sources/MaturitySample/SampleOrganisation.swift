import MaturityCore

/// One directory row of the sample company, with what the generator needs to place their activity in time.
struct SamplePerson {
    let id: String
    let name: String
    let firstName: String
    let email: String?
    /// Index into `SampleOrganisation.teams`; -1 for bots.
    let team: Int
    let seat: Seat
    let zone: ZoneOffsets
    /// `slack:U…` or nil for people who are not in Slack under an alias.
    let slack: String?
    /// `jira:…`.
    let jira: String?
    let oldEmail: String?
    let isBot: Bool
    /// Per week index: on holiday.
    var away: [Bool]

    /// Whether local day number `day` is one of the seat's workdays (bit 0 of `workdays` is Monday).
    func isWorkday(_ day: Int) -> Bool {
        seat.workdays & (1 << UInt8(Weekday(daysSinceEpoch: day).rawValue - 1)) != 0
    }

    /// Length of a working window in minutes (equal start and end: 24 h; an earlier end runs past midnight).
    var windowMinutes: Int { seat.end > seat.start ? seat.end - seat.start : seat.end + 1_440 - seat.start }

    /// The working window that starts on local day `day`.
    func window(onDay day: Int) -> (start: Int64, end: Int64) {
        (zone.instant(day: day, minute: seat.start), zone.instant(day: day, minute: seat.start + windowMinutes))
    }

    /// The first working window that ends after t (t may lie inside it).
    func window(endingAfter t: Int64) -> (start: Int64, end: Int64) {
        var day = zone.day(of: t) - 1
        for _ in 0..<16 {
            if isWorkday(day) {
                let window = window(onDay: day)
                if window.end > t { return window }
            }
            day += 1
        }
        return (t, t + Millis.hour)
    }

    func isWorking(at t: Int64) -> Bool { window(endingAfter: t).start <= t }

    /// The instant reached from t after `working` milliseconds of this person's working time.
    func advance(from t: Int64, working: Int64) -> Int64 {
        var current = t
        var remaining = working
        for _ in 0..<1_000 {
            let window = window(endingAfter: current)
            if current < window.start { current = window.start }
            let available = window.end - current
            if remaining <= available { return current + remaining }
            remaining -= available
            current = window.end
        }
        return current
    }
}

/// A team with its members (indexes into `SampleOrganisation.people`).
struct SampleTeam {
    let culture: TeamCulture
    let index: Int
    var members: [Int]
    var lead: Int { members[0] }
    /// Fixed group conversations of the team.
    var groups: [[Int]]
}

/// The weeks and the span the sample covers.
struct SampleTimeline {
    struct Week {
        let index: Int
        /// Monday 00:00 in the organisation zone, clipped to the span.
        let start: Int64
        let end: Int64
        /// Local day number (organisation zone) of the unclipped Monday.
        let monday: Int
    }

    let organisationZone: ZoneOffsets
    let start: Int64
    let end: Int64
    let weeks: [Week]
    /// Day number of the first day of each quarter, and of the day after the last.
    let quarterStarts: [Int]

    init(configuration: SampleConfiguration, zone: ZoneOffsets) throws(SampleError) {
        guard let first = QuarterName.parse(configuration.firstQuarter) else {
            throw SampleError("firstQuarter must look like 2026Q2, got '\(configuration.firstQuarter)'")
        }
        organisationZone = zone
        var starts = [Int]()
        for offset in 0...configuration.quarters {
            let quarterIndex = (first.quarter - 1) + offset
            let year = first.year + quarterIndex / 4
            let month = (quarterIndex % 4) * 3 + 1
            starts.append(LocalDate(year: year, month: month, day: 1).daysSinceEpoch)
        }
        quarterStarts = starts
        start = zone.instant(day: starts[0], minute: 0)
        end = zone.instant(day: starts[starts.count - 1], minute: 0)
        var weeks = [Week]()
        var monday = LocalDate(daysSinceEpoch: starts[0]).mondayOfWeek.daysSinceEpoch
        while zone.instant(day: monday, minute: 0) < end {
            let weekStart = max(zone.instant(day: monday, minute: 0), start)
            let weekEnd = min(zone.instant(day: monday + 7, minute: 0), end)
            weeks.append(Week(index: weeks.count, start: weekStart, end: weekEnd, monday: monday))
            monday += 7
        }
        self.weeks = weeks
    }

    /// The index of the week containing t, nil outside the span.
    func weekIndex(of t: Int64) -> Int? {
        guard t >= start, t < end else { return nil }
        var low = 0
        var high = weeks.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if weeks[middle].start <= t { low = middle } else { high = middle - 1 }
        }
        return low
    }
}

/// Where a reference is written: chat exports favour Slack ids, trackers Jira names, calendars e-mails.
enum ReferenceContext { case chat, tracker, calendar }

/// The people, teams and zones of the sample company.
struct SampleOrganisation {
    static let domain = "orbitlabs.example"

    var people: [SamplePerson]
    let teams: [SampleTeam]
    let humanCount: Int
    let jiraBot: Int
    let standupBot: Int
    let timeline: SampleTimeline

    init(configuration: SampleConfiguration, timeline: SampleTimeline, zones: ZoneCatalogue) throws(SampleError) {
        self.timeline = timeline
        var random = SampleRandom(seed: configuration.seed, stream: 1)
        let cultures = Cultures.all
        var people = [SamplePerson]()
        var teams = cultures.enumerated().map { SampleTeam(culture: $0.element, index: $0.offset, members: [],
                                                           groups: []) }
        let firstNames = random.shuffled(Names.first)
        let lastNames = random.shuffled(Names.last)
        var usedEmails = Set<String>()
        var usedJira = Set<String>()
        var usedSlack = Set<String>()
        var usedOldEmails = Set<String>()
        let width = max(2, String(configuration.people).count)
        // Team sizes: as even as possible, the first teams take the remainder.
        for index in 0..<configuration.people {
            let teamIndex = index % cultures.count
            let seatIndex = teams[teamIndex].members.count
            let culture = cultures[teamIndex]
            let seat = culture.seats[seatIndex % culture.seats.count]
            let first = firstNames[index % firstNames.count]
            let last = lastNames[(index / firstNames.count + index * 7) % lastNames.count]
            var localPart = "\(first.ascii).\(last.ascii)"
            var suffix = 2
            while usedEmails.contains(localPart) {
                localPart = "\(first.ascii).\(last.ascii)\(suffix)"
                suffix += 1
            }
            usedEmails.insert(localPart)
            var jiraName = "\(first.ascii.prefix(1))\(last.ascii)"
            suffix = 2
            while usedJira.contains(jiraName) {
                jiraName = "\(first.ascii.prefix(1))\(last.ascii)\(suffix)"
                suffix += 1
            }
            usedJira.insert(jiraName)
            var slackId = ""
            repeat {
                slackId = "U0" + Self.base36(random.next(), length: 7)
            } while usedSlack.contains(slackId)
            usedSlack.insert(slackId)
            let hasSlack = index % 12 != 5
            var oldEmail: String?
            if index % 7 == 3 {
                let candidate = usedOldEmails.contains(first.ascii) ? localPart : first.ascii
                usedOldEmails.insert(candidate)
                oldEmail = "\(candidate)@old-orbitlabs.example"
            }
            let id = "p" + String(repeating: "0", count: max(0, width - String(index + 1).count)) + "\(index + 1)"
            people.append(SamplePerson(
                id: id, name: "\(first.display) \(last.display)", firstName: first.display,
                email: "\(localPart)@\(Self.domain)", team: teamIndex, seat: seat, zone: zones.zone(seat.zone),
                slack: hasSlack ? "slack:\(slackId)" : nil, jira: "jira:\(jiraName)",
                oldEmail: oldEmail,
                isBot: false, away: []))
            teams[teamIndex].members.append(index)
        }
        humanCount = people.count
        jiraBot = people.count
        people.append(SamplePerson(
            id: "b01", name: "jira-automation", firstName: "jira-automation", email: nil, team: -1,
            seat: .standard(Cultures.berlin), zone: zones.zone(Cultures.berlin), slack: "slack:B0JIRA01",
            jira: "jira:automation", oldEmail: nil, isBot: true, away: []))
        standupBot = people.count
        people.append(SamplePerson(
            id: "b02", name: "standup-bot", firstName: "standup-bot", email: "standup-bot@\(Self.domain)", team: -1,
            seat: .standard(Cultures.berlin), zone: zones.zone(Cultures.berlin), slack: "slack:B0STANDUP",
            jira: nil, oldEmail: nil, isBot: true, away: []))
        // Holidays: a week (sometimes two) about every quarter for five people in six.
        let weekCount = timeline.weeks.count
        for index in 0..<humanCount {
            var away = [Bool](repeating: false, count: weekCount)
            if index % 6 != 0 {
                var week = 1 + random.int(below: 11)
                while week < weekCount - 1 {
                    away[week] = true
                    if random.chance(0.3), week + 1 < weekCount - 1 { away[week + 1] = true }
                    week += 10 + random.int(below: 6)
                }
            }
            people[index].away = away
        }
        for teamIndex in teams.indices {
            let members = teams[teamIndex].members
            var groups = [[Int]]()
            if members.count >= 3 {
                groups.append(Array(members.prefix(3)))
                let shuffled = random.shuffled(members)
                groups.append(Array(shuffled.prefix(min(4, shuffled.count))).sorted())
            }
            teams[teamIndex].groups = groups
        }
        self.people = people
        self.teams = teams
    }

    private static let base36Digits = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ".utf8)

    /// `length` base-36 digits of value, least significant first.
    static func base36(_ value: UInt64, length: Int) -> String {
        var rest = value
        var bytes = [UInt8]()
        bytes.reserveCapacity(length)
        for _ in 0..<length {
            bytes.append(base36Digits[Int(rest % 36)])
            rest /= 36
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Whether person p is on holiday in the week containing t.
    func isAway(_ p: Int, at t: Int64) -> Bool {
        guard let week = timeline.weekIndex(of: t), week < people[p].away.count else { return false }
        return people[p].away[week]
    }

    /// A reference to person p as a real export of that kind would write it: mostly the source identity,
    /// sometimes the e-mail address (now and then in mixed case) or the directory id.
    func reference(_ p: Int, _ context: ReferenceContext, _ random: inout SampleRandom) -> String {
        let person = people[p]
        let roll = random.int(below: 100)
        switch context {
        case .chat:
            if let slack = person.slack, roll < 82 { return slack }
        case .tracker:
            if let jira = person.jira, roll < 85 { return jira }
        case .calendar:
            if let email = person.email, roll < 88 { return roll < 3 ? Self.capitalised(email) : email }
        }
        if roll % 3 == 0, let email = person.email { return roll % 2 == 0 ? Self.capitalised(email) : email }
        if roll % 3 == 1, let old = person.oldEmail { return old }
        return person.id
    }

    /// `anna.berger@x` as `Anna.Berger@x` (e-mail references compare ignoring ASCII case).
    static func capitalised(_ email: String) -> String {
        var result = ""
        var upperNext = true
        var inDomain = false
        for character in email {
            if character == "@" { inDomain = true }
            if upperNext && !inDomain {
                result += character.uppercased()
            } else {
                result.append(character)
            }
            upperNext = character == "."
        }
        return result
    }
}

/// The `ZoneOffsets` of every zone the sample uses, built once.
struct ZoneCatalogue {
    private var zones: [(String, ZoneOffsets)] = []

    init(from start: Int64, to end: Int64) throws(SampleError) {
        var names = [Cultures.berlin]
        for culture in Cultures.all {
            for seat in culture.seats where !names.contains(seat.zone) { names.append(seat.zone) }
        }
        for name in names { zones.append((name, try ZoneOffsets(identifier: name, from: start, to: end))) }
    }

    func zone(_ name: String) -> ZoneOffsets {
        for (candidate, zone) in zones where candidate == name { return zone }
        return zones[0].1
    }
}

/// Name pools: display form and the ASCII form used in e-mail addresses and Jira names.
enum Names {
    struct Name {
        let display: String
        let ascii: String
    }

    private static func names(_ values: [String]) -> [Name] {
        values.map { value in
            let parts = value.split(separator: "|")
            return parts.count == 2 ? Name(display: String(parts[0]), ascii: String(parts[1]))
                : Name(display: value, ascii: value.lowercased())
        }
    }

    static let first = names([
        "Anna", "Ben", "Chitra", "Omar", "Dana", "Ema", "Felix", "Greta", "Hana", "Ian", "Jade", "Karl",
        "Lucía|lucia", "Mia", "Nico", "Owen", "Pia", "Quinn", "Ravi", "Sara", "Tom", "Uma", "Vera", "Wen",
        "Xavi", "Yara", "Zoë|zoe", "Ada", "Noa", "Itai", "Priya", "Arjun", "Sofia", "Mateus", "Kenji", "Aiko",
        "Maya", "Liam", "Olga", "Tariq", "Leila", "Jonas", "Emma", "Diego", "Inês|ines", "Yosef", "Tamar",
        "Kofi", "Amara", "Søren|soren",
    ])

    static let last = names([
        "Berger", "Okafor", "Rao", "Haddad", "Vogel", "Shrestha", "Braun", "Lind", "Kim", "Walsh", "Moreau",
        "Schmid", "Alves", "Jensen", "Rossi", "Price", "Sato", "Tanaka", "Iyer", "Nair", "Keller", "Reid",
        "Holm", "Li", "Ruiz", "Costa", "Adler", "Novak", "Levi", "Cohen", "Sharma", "Menon", "Silva", "Souza",
        "Yamamoto", "Mizrahi", "Kowalski", "Nowak", "Fischer", "Müller|mueller", "García|garcia", "Mensah",
        "Dubois", "Ivanova", "Larsen", "O'Brien|obrien", "Patel", "Friedman", "Oliveira", "Park",
    ])
}
