import Foundation
import MaturityCore

/// One thing in the data that could mislead an assessment (`maturity doctor`): what it is, which metrics it
/// affects, how large it is, and the exact commands that fix it.
public struct DoctorFinding: Sendable, Equatable {
    /// The check's id, kebab-case: `unmerged-people`, `unflagged-bots`, ...
    public var check: String
    /// One line: what was found.
    public var summary: String
    /// The metrics (or families, `meeting_load.*`) whose values it changes.
    public var affects: [String]
    /// How large it is, in words and numbers.
    public var size: String
    /// The cases, one a line (people, weeks, sources), at most `Doctor.detailLimit`.
    public var details: [String]
    /// What to do: commands to run, or a step to take where no command can do it.
    public var fixes: [String]
    /// The `people` changes among `fixes`, as values (every one of them, not only the listed ones).
    public var peopleFixes: [PeopleFix]

    public init(check: String, summary: String, affects: [String], size: String, details: [String] = [],
                fixes: [String], peopleFixes: [PeopleFix] = []) {
        self.check = check; self.summary = summary; self.affects = affects; self.size = size
        self.details = details; self.fixes = fixes; self.peopleFixes = peopleFixes
    }
}

/// A change of the people directory a finding proposes (`maturity people merge` or `people set --bot`).
public enum PeopleFix: Sendable, Equatable {
    case merge(keep: String, other: String)
    case flagBot(String)

    /// The command that makes it.
    public var command: String {
        switch self {
        case let .merge(keep, other): "maturity people merge \(PeopleOverride.quoted(keep)) \(PeopleOverride.quoted(other))"
        case let .flagBot(reference): "maturity people set \(PeopleOverride.quoted(reference)) --bot"
        }
    }
}

/// The data check: findings about the store's data, for one period, in a fixed order of checks.
public enum Doctor {
    /// Every check, in the order findings are reported.
    public static let checks = [
        "missing-time-zone", "missing-team", "unmerged-people", "unflagged-bots", "quiet-weeks", "partial-sources",
        "slack-public-only", "partial-calendars", "future-timestamps", "small-teams",
    ]

    /// At most this many cases are listed per finding (the size counts them all).
    public static let detailLimit = 10
    /// An account is a bot candidate from this many messages on (the whole store).
    public static let botMinimumMessages = 50
    /// ... when at most this share of its messages were answered by someone else ...
    public static let botMaximumAnsweredShare = 0.05
    /// ... and it posts round the clock (at least this many distinct hours of the day, in UTC, and six
    /// weekdays), or half its messages or more at one minute of the day (a schedule).
    public static let botMinimumHours = 18
    /// A message counts as answered when someone else replies in its thread, or writes next in the channel
    /// within this time.
    public static let answerWindow: Instant = 3_600_000
    /// A full week is quiet below this share of the median full week's activity.
    public static let quietWeekShare = 0.4
    /// A source covers only part of the period when it misses more than this many days at either end.
    public static let partialSourceDays = 7

    /// The findings for `period`. `facts.people` must be in the order of `dataset.people` (the store's row
    /// order, which both loaders use). `now` is what counts as the future.
    /// `tally`: the messages' part, gathered while a streaming load read them (`DoctorMessageTally`); nil to
    /// gather it from `dataset.messages`.
    public static func check(_ dataset: Dataset, facts: DoctorFacts, period: Period, now: Instant,
                             minGroupSize: Int, tally given: DoctorMessageTally? = nil) -> [DoctorFinding] {
        // Read in one snapshot they always agree; read apart (assess's pointer), an import in between could
        // change the people: then there is nothing reliable to say.
        guard facts.people.count == dataset.people.count else { return [] }
        let tally = given ?? DoctorMessageTally(dataset.messages, period: period)
        tally.finish()
        var activity = Activity(dataset, tally: tally, period: period)
        activity.guests = guests(facts)
        // People a merge or the bot flag will fix are not also reported for what they lack.
        let (unmerged, merged) = unmergedPeople(dataset, facts, activity)
        let (bots, botCandidates) = unflaggedBots(dataset, facts, tally)
        activity.explained = merged.union(botCandidates)
        var findings: [DoctorFinding] = []
        findings += missingTimeZone(dataset, facts, activity)
        findings += missingTeam(dataset, facts, activity)
        findings += unmerged
        findings += bots
        findings += quietWeeks(dataset, tally, period: period)
        findings += partialSources(dataset, tally, period: period)
        findings += slackPublicOnly(facts)
        findings += partialCalendars(dataset, facts, activity, period: period)
        findings += futureTimestamps(facts, now: now)
        findings += smallTeams(dataset, facts, minGroupSize: minGroupSize)
        return findings
    }

    // MARK: Activity per person in the period

    /// What each person did in the period: messages written, meetings organised or attended, work items
    /// reported or assigned.
    struct Activity {
        var messages: [Int]
        var meetings: [Int]
        var workItems: [Int]
        /// People taken for guests (see `guests`): not checked for a team, a time zone or a calendar.
        var guests = Set<Int>()
        /// People whose finding is elsewhere (to merge, or to flag as a bot).
        var explained = Set<Int>()

        init(_ dataset: Dataset, tally: DoctorMessageTally, period: Period) {
            let n = dataset.people.count
            messages = Array(repeating: 0, count: n)
            meetings = Array(repeating: 0, count: n)
            workItems = Array(repeating: 0, count: n)
            for (p, count) in tally.inPeriod where p < n { messages[p] = count }
            for meeting in dataset.meetings where period.contains(meeting.start) {
                var seen = Set<PersonIndex>()
                if let o = meeting.organizer { seen.insert(o) }
                for a in meeting.attendees { seen.insert(a.person) }
                for p in seen { meetings[Int(p)] += 1 }
            }
            for item in dataset.workItems where OwnershipMetric.activity(of: item).contains(where: period.contains) {
                var seen = Set(item.assignees)
                if let r = item.reporter { seen.insert(r) }
                for p in seen { workItems[Int(p)] += 1 }
            }
        }

        func isActive(_ p: Int) -> Bool { messages[p] + meetings[p] + workItems[p] > 0 }
        /// Active and a member of the organisation (not a guest).
        func isActiveMember(_ p: Int) -> Bool { isActive(p) && !guests.contains(p) && !explained.contains(p) }
        func total(_ p: Int) -> Int { messages[p] + meetings[p] + workItems[p] }
        func describe(_ p: Int) -> String {
            "\(messages[p]) messages, \(meetings[p]) meetings, \(workItems[p]) work items"
        }
    }

    /// People outside the directory who are not in Slack and whose e-mail (if any) is at none of the
    /// directory's domains (aliases included): meeting guests, external reporters. They have no team or
    /// working hours to fix.
    static func guests(_ facts: DoctorFacts) -> Set<Int> {
        func domain(_ email: String) -> String { String(email[(email.firstIndex(of: "@").map(email.index(after:)) ?? email.endIndex)...]) }
        let domains = Set(facts.people.filter(\.fromDirectory).flatMap { $0.emails.map(domain) })
        return Set(facts.people.indices.filter { p in
            let person = facts.people[p]
            return !person.fromDirectory && !person.inSlack && !person.emails.contains { domains.contains(domain($0)) }
        })
    }

    static func label(_ person: DoctorFacts.Person) -> String {
        person.name.map { "\(person.reference) (\($0))" } ?? person.reference
    }

    /// `have` or `has`.
    static func have(_ n: Int) -> String { n == 1 ? "has" : "have" }

    static func plural(_ n: Int, _ word: String, _ words: String? = nil) -> String {
        "\(n) " + (n == 1 ? word : words ?? word + "s")
    }

    static func listed(_ lines: [String]) -> [String] {
        lines.count <= detailLimit ? lines : Array(lines.prefix(detailLimit)) + ["… and \(lines.count - detailLimit) more"]
    }

    // MARK: People without a time zone or a team

    static func missingTimeZone(_ dataset: Dataset, _ facts: DoctorFacts, _ activity: Activity) -> [DoctorFinding] {
        let people = facts.people.indices.filter { !facts.people[$0].isBot && facts.people[$0].timezone == nil
            && activity.isActiveMember($0) }
        guard !people.isEmpty else { return [] }
        let zone = dataset.organisation.timeZone.identifier
        let active = facts.people.indices.filter { !facts.people[$0].isBot && activity.isActiveMember($0) }.count
        return [DoctorFinding(
            check: "missing-time-zone",
            summary: "\(plural(people.count, "active person", "active people")) \(have(people.count)) no time zone of their own: "
                + "the organisation's (\(zone)) is assumed for their working hours",
            affects: ["after_hours.*", "focus_time.*", "response_latency.median_working_hours",
                      "response_latency.within_one_workday", "time_zones.*"],
            size: "\(people.count) of \(active) people active in the period",
            details: listed(people.map { "\(label(facts.people[$0])): \(activity.describe($0))" }),
            fixes: listed(people.map { "maturity people set \(PeopleOverride.quoted(facts.people[$0].reference)) --timezone ZONE" })
                + ["(or fill in the timezone column of people.csv and import it again)"])]
    }

    static func missingTeam(_ dataset: Dataset, _ facts: DoctorFacts, _ activity: Activity) -> [DoctorFinding] {
        let people = facts.people.indices.filter { !facts.people[$0].isBot && facts.people[$0].team == "unassigned"
            && activity.isActiveMember($0) }
        guard !people.isEmpty else { return [] }
        let outside = people.filter { !facts.people[$0].fromDirectory }.count
        return [DoctorFinding(
            check: "missing-team",
            summary: "\(plural(people.count, "active person", "active people")) \(have(people.count)) no team: they count in the "
                + "organisation's values and in a team 'unassigned'",
            affects: ["every metric per team"],
            size: "\(people.count) people (\(outside) of them not in the directory), "
                + "\(people.map { activity.total($0) }.reduce(0, +)) activities in the period",
            details: listed(people.map { "\(label(facts.people[$0])): \(activity.describe($0))"
                + (facts.people[$0].fromDirectory ? "" : "; not in the directory") }),
            fixes: listed(people.map { "maturity people set \(PeopleOverride.quoted(facts.people[$0].reference)) --team TEAM" })
                + ["(someone not in the directory may be a person who is, under another reference: see "
                    + "unmerged-people, and merge them)"])]
    }

    // MARK: Identities that look like one person

    /// Lower-cased, `.`, `_`, `-` and `+` read as spaces, runs of white space as one.
    static func normalisedName(_ s: String) -> String {
        let mapped = s.lowercased().map { ".-_+".contains($0) ? " " : $0 }
        return String(mapped).split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    static func localPart(_ email: String) -> String {
        String(email[..<(email.firstIndex(of: "@") ?? email.endIndex)])
    }

    /// The finding, and the people it proposes to merge into someone else.
    static func unmergedPeople(_ dataset: Dataset, _ facts: DoctorFacts,
                               _ activity: Activity) -> ([DoctorFinding], Set<Int>) {
        let people = facts.people
        let humans = people.indices.filter { !people[$0].isBot }
        var names: [String: [Int]] = [:]
        var firstNames: [String: [Int]] = [:]
        var locals: [String: [Int]] = [:]
        for p in humans {
            if let name = people[p].name.map(normalisedName), !name.isEmpty {
                names[name, default: []].append(p)
                if let first = name.split(separator: " ").first, name.contains(" ") {
                    firstNames[String(first), default: []].append(p)
                }
            }
            for email in people[p].emails {
                let local = normalisedName(localPart(email))
                if !(locals[local]?.contains(p) ?? false) { locals[local, default: []].append(p) }
            }
        }
        struct Pair: Hashable { var a: Int; var b: Int }
        var reasons: [Pair: String] = [:]
        var order: [Pair] = []
        func add(_ x: Int, _ y: Int, _ reason: String) {
            guard x != y else { return }
            let pair = Pair(a: min(x, y), b: max(x, y))
            if reasons[pair] == nil { order.append(pair); reasons[pair] = reason }
        }
        // The same display name.
        for (name, group) in names.sorted(by: { $0.key < $1.key }) where group.count > 1 {
            for other in group.dropFirst() { add(group[0], other, "both are named '\(name)'") }
        }
        for p in humans {
            for email in people[p].emails {
                let local = normalisedName(localPart(email))
                // An e-mail's local part equal to someone's name (`noa.walsh@…` and Noa Walsh) ...
                for other in names[local] ?? [] { add(p, other, "the local part of \(email) is \(people[other].name ?? local)'s name") }
                // ... or to another person's e-mail local part, at another domain.
                for other in locals[local] ?? [] where other != p {
                    add(p, other, "the e-mails share the local part '\(localPart(email))'")
                }
                // ... or, for someone without a name outside the directory, the first name of exactly one person.
                if people[p].name == nil, !people[p].fromDirectory, let only = firstNames[local], only.count == 1 {
                    add(p, only[0], "the local part of \(email) is the first name of \(people[only[0]].name ?? ""), "
                        + "the only person so named")
                }
            }
        }
        guard !order.isEmpty else { return ([], []) }
        var details: [String] = []
        var merged = Set<Int>()
        var fixes: [PeopleFix] = []
        var split = 0
        for pair in order {
            // Keep the directory person (else the more active one): the first reference of the merge.
            let aFirst = people[pair.a].fromDirectory != people[pair.b].fromDirectory
                ? people[pair.a].fromDirectory : activity.total(pair.a) >= activity.total(pair.b)
            let (keep, merge) = aFirst ? (pair.a, pair.b) : (pair.b, pair.a)
            split += activity.total(merge)
            merged.insert(merge)
            details.append("\(label(people[merge])) looks like \(label(people[keep])): \(reasons[pair]!); "
                + "\(people[merge].reference) has \(activity.describe(merge)) in the period")
            fixes.append(.merge(keep: people[keep].reference, other: people[merge].reference))
        }
        return ([DoctorFinding(
            check: "unmerged-people",
            summary: "\(plural(order.count, "pair")) of people \(order.count == 1 ? "looks" : "look") like one person but "
                + "\(order.count == 1 ? "is" : "are") not merged",
            affects: ["every metric per person and per team (response_latency.*, ownership.*, meeting_load.*, "
                + "focus_time.*, after_hours.*)"],
            size: "\(split) activities in the period are counted for a second person",
            details: listed(details), fixes: listed(fixes.map(\.command)), peopleFixes: fixes)], merged)
    }

    // MARK: Accounts that behave like bots

    /// The finding, and the accounts it proposes to flag.
    static func unflaggedBots(_ dataset: Dataset, _ facts: DoctorFacts, _ tally: DoctorMessageTally)
        -> ([DoctorFinding], Set<Int>)
    {
        let n = dataset.people.count
        // Messages, hours of the day, days of the week, the most used minute and the answers per person: one
        // pass over the messages (`DoctorMessageTally`); bots' own messages are not counted.
        var count = Array(repeating: 0, count: n)
        var hourMask = Array(repeating: UInt32(0), count: n)
        var dayMask = Array(repeating: UInt8(0), count: n)
        var answered = Array(repeating: 0, count: n)
        for p in 0..<n where !dataset.people[p].isBot {
            count[p] = tally.count[p] ?? 0
            hourMask[p] = tally.hourMask[p] ?? 0
            dayMask[p] = tally.dayMask[p] ?? 0
            answered[p] = tally.answered[p] ?? 0
        }
        let many = Set((0..<n).filter { count[$0] >= botMinimumMessages && !facts.people[$0].isBot })
        guard !many.isEmpty else { return ([], []) }
        var pattern: [Int: (roundTheClock: Bool, topMinute: Int)] = [:]
        for p in many {
            let top = tally.minutes[p]?.values.max() ?? 0
            let roundTheClock = hourMask[p].nonzeroBitCount >= botMinimumHours && dayMask[p].nonzeroBitCount >= 6
            if roundTheClock || top * 2 >= count[p] { pattern[p] = (roundTheClock, top) }
        }
        guard !pattern.isEmpty else { return ([], []) }
        var candidates: [(Int, String)] = []
        for (p, shape) in pattern.sorted(by: { $0.key < $1.key }) {
            let share = Double(answered[p]) / Double(count[p])
            guard share <= botMaximumAnsweredShare else { continue }
            let scheduled = shape.topMinute * 2 >= count[p]
            let topMinute = shape.topMinute
            let hours = hourMask[p].nonzeroBitCount, days = dayMask[p].nonzeroBitCount
            let pattern = scheduled ? "\(topMinute) of them at the same minute of the day"
                : "at \(hours) different hours of the day, on \(days) days of the week"
            candidates.append((p, "\(label(facts.people[p])): \(count[p]) messages, \(pattern), "
                + "\(answered[p]) answered (\(Int((share * 100).rounded()))%)"))
        }
        guard !candidates.isEmpty else { return ([], []) }
        let messagesOfBots = candidates.map { count[$0.0] }.reduce(0, +)
        let fixes = candidates.map { PeopleFix.flagBot(facts.people[$0.0].reference) }
        return ([DoctorFinding(
            check: "unflagged-bots",
            summary: "\(plural(candidates.count, "account")) \(candidates.count == 1 ? "behaves like a bot" : "behave like bots") (many messages "
                + "round the clock or on a schedule, almost never answered) but \(candidates.count == 1 ? "is" : "are") "
                + "not flagged is_bot",
            affects: ["response_latency.answered_rate", "response_latency.*", "after_hours.message_share",
                      "documentation.open_channel_share", "every metric per team"],
            size: "\(messagesOfBots) messages in the store are counted as a person's",
            details: listed(candidates.map(\.1)),
            fixes: listed(fixes.map(\.command)), peopleFixes: fixes)], Set(candidates.map(\.0)))
    }

    // MARK: Weeks with unusually little activity

    static func quietWeeks(_ dataset: Dataset, _ tally: DoctorMessageTally, period: Period) -> [DoctorFinding] {
        let full = tally.fullWeeks
        guard full.count >= 3 else { return [] }
        var counts = tally.weekCounts
        func add(_ t: Instant) {
            // Weeks are few: a linear search is enough.
            if let w = full.firstIndex(where: { $0.contains(t) }) { counts[w] += 1 }
        }
        for meeting in dataset.meetings where period.contains(meeting.start) && !meeting.cancelled { add(meeting.start) }
        for item in dataset.workItems { for t in OwnershipMetric.activity(of: item) where period.contains(t) { add(t) } }
        let sorted = counts.sorted()
        let median = sorted.count % 2 == 1 ? Double(sorted[sorted.count / 2])
            : Double(sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
        guard median > 0 else { return [] }
        let quiet = full.indices.filter { Double(counts[$0]) < quietWeekShare * median }
        guard !quiet.isEmpty else { return [] }
        let zone = period.timeZone
        return [DoctorFinding(
            check: "quiet-weeks",
            summary: "\(plural(quiet.count, "week")) of \(period.label) \(quiet.count == 1 ? "has" : "have") unusually little activity "
                + "(below \(Int(quietWeekShare * 100))% of the median week): holidays, or a gap in an export",
            affects: ["weekly trends", "meeting_load.*", "focus_time.*", "after_hours.*"],
            size: "median week \(median == median.rounded() ? String(Int(median)) : String(median)) messages, meetings and work item changes",
            details: listed(quiet.map { "\(full[$0].label) (from \(LocalDate.of(full[$0].start, in: zone))): "
                + "\(counts[$0]) (\(Int((Double(counts[$0]) / median * 100).rounded()))% of the median)" }),
            fixes: ["if it was a holiday: import the holidays or time off (maturity import holidays.csv time_off.csv) "
                + "so those days are not working time",
                    "if an export has a gap: export that week again and import it (maturity import FOLDER)"])]
    }

    // MARK: Sources that cover only part of the period

    static func partialSources(_ dataset: Dataset, _ tally: DoctorMessageTally, period: Period) -> [DoctorFinding] {
        var spans: [(String, Instant, Instant)] = []
        for (s, span) in tally.sourceSpans.sorted(by: { $0.key < $1.key }) {
            let name = Int(s) < dataset.sources.count ? dataset.sources[Int(s)] : "?"
            spans.append(("messages from \(name)", span.0, span.1))
        }
        for kind in DataCoverage.of(dataset, period: period) where kind.kind != "messages" {
            spans.append((kind.kind, kind.first, kind.last))
        }
        let zone = period.timeZone
        let first = period.firstDate.daysSinceEpoch, last = period.lastDate.daysSinceEpoch
        var details: [String] = []
        for (name, lo, hi) in spans {
            let from = LocalDate.of(lo, in: zone).daysSinceEpoch, to = LocalDate.of(hi, in: zone).daysSinceEpoch
            let covered = max(0, min(last, to) - max(first, from) + 1)
            guard from - first > partialSourceDays || last - to > partialSourceDays else { continue }
            // Data wholly outside the period is another period's, unless other kinds do reach into it.
            details.append("\(name): \(covered) of \(period.dayCount) days (data from \(LocalDate.of(lo, in: zone)) "
                + "to \(LocalDate.of(hi, in: zone)))")
        }
        guard !details.isEmpty else { return [] }
        return [DoctorFinding(
            check: "partial-sources",
            summary: "\(plural(details.count, "source")) \(details.count == 1 ? "covers" : "cover") only part of \(period.label)",
            affects: ["the metrics of each source's kind: messages (response_latency.*, after_hours.*, "
                + "documentation.open_channel_share), meetings (meeting_load.*, focus_time.*, "
                + "documentation.meeting_*), work items (ownership.*, documentation.task_*)"],
            size: details.count == 1 ? "1 source" : "\(details.count) sources",
            details: listed(details),
            fixes: ["export the missing days from the source and import them (maturity import FOLDER); or "
                + "assess only the covered days (maturity assess --from YYYY-MM-DD --to YYYY-MM-DD)"])]
    }

    // MARK: A Slack export of public channels only

    static func slackPublicOnly(_ facts: DoctorFacts) -> [DoctorFinding] {
        let kinds = facts.slackChannelKinds
        let total = kinds.values.reduce(0, +)
        guard total > 0, kinds.keys.allSatisfy({ $0 == "public" }) else { return [] }
        return [DoctorFinding(
            check: "slack-public-only",
            summary: "the Slack export holds public channels only: no private channels, group or direct messages",
            affects: ["documentation.open_channel_share (reads 100% open)", "response_latency.* (direct "
                + "questions are missing)", "after_hours.message_share"],
            size: "\(plural(total, "public channel")), 0 private channels, 0 conversations",
            fixes: ["export again with private channels and direct messages (Slack's export of all "
                + "conversations, on plans that allow it) and import that export (maturity import FOLDER)"])]
    }

    // MARK: Calendars exported for only some people

    static func partialCalendars(_ dataset: Dataset, _ facts: DoctorFacts, _ activity: Activity,
                                 period: Period) -> [DoctorFinding] {
        let on = PersonWeeks.peopleOnTheCalendar(dataset, from: period.start, to: period.end)
        guard on.contains(true) else { return [] }
        let missing = facts.people.indices.filter { !facts.people[$0].isBot && !on[$0] && activity.isActiveMember($0) }
        guard !missing.isEmpty else { return [] }
        let onCount = on.filter { $0 }.count
        return [DoctorFinding(
            check: "partial-calendars",
            summary: "\(plural(missing.count, "active person", "active people")) \(have(missing.count)) no meeting in \(period.label): "
                + "their calendars were most likely not exported, so meeting load and focus time leave them out",
            affects: ["meeting_load.*", "focus_time.*"],
            size: "\(plural(onCount, "person", "people")) on the calendar, \(missing.count) active \(missing.count == 1 ? "person" : "people") not",
            details: listed(missing.map { "\(label(facts.people[$0])): \(activity.describe($0))" }),
            fixes: ["export these people's calendars (an ICS file each) and import them (maturity import FILE.ics)",
                    "if one is the same person as someone on the calendar, merge them (see unmerged-people)"])]
    }

    // MARK: Timestamps in the future

    static func futureTimestamps(_ facts: DoctorFacts, now: Instant) -> [DoctorFinding] {
        let total = facts.futureMessages + facts.futureWorkItems + facts.futureEvents
        guard total > 0 else { return [] }
        var parts: [String] = []
        if facts.futureMessages > 0 { parts.append(plural(facts.futureMessages, "message")) }
        if facts.futureWorkItems > 0 { parts.append(plural(facts.futureWorkItems, "work item")) }
        if facts.futureEvents > 0 { parts.append(plural(facts.futureEvents, "work item event")) }
        return [DoctorFinding(
            check: "future-timestamps",
            summary: "\(plural(total, "row")) \(total == 1 ? "carries" : "carry") a timestamp after now (\(Timestamp.format(now))): a wrong clock or "
                + "time zone in an export (meetings scheduled ahead are not counted here)",
            affects: ["the data span and the default quarter of assess", "every metric of the weeks they fall in"],
            size: parts.joined(separator: ", ") + (facts.latestFuture.map { "; the latest at \(Timestamp.format($0))" } ?? ""),
            fixes: ["find them: maturity sql \"SELECT * FROM message WHERE sent_at > \(now)\"",
                    "import the file again with its real zone (maturity import --timezone ZONE FILE), or correct "
                        + "and re-import the export"])]
    }

    // MARK: Teams below the minimum group size

    /// Teams are counted, never named: a team below the minimum group size is not shown anywhere, and naming
    /// it beside its size would tell the reader which people it is.
    static func smallTeams(_ dataset: Dataset, _ facts: DoctorFacts, minGroupSize: Int) -> [DoctorFinding] {
        var sizes: [String: Int] = [:]
        for person in facts.people where !person.isBot && person.team != "unassigned" { sizes[person.team, default: 0] += 1 }
        let small = sizes.filter { $0.value < minGroupSize }
        guard !small.isEmpty else { return [] }
        let people = small.values.reduce(0, +)
        return [DoctorFinding(
            check: "small-teams",
            summary: "\(plural(small.count, "team")) \(have(small.count)) fewer than \(minGroupSize) people (the minimum group size): "
                + "every report suppresses their values",
            affects: ["every metric per team (shown as suppressed)"],
            size: "\(plural(small.count, "team")), \(plural(people, "person", "people")) in all; teams are not named "
                + "here, as reports never name a group below the minimum size",
            fixes: ["see the teams and their members: maturity people list --format csv",
                    "move people into a larger team: maturity people set REF --team TEAM",
                    "or, if smaller groups may be shown in your organisation: maturity settings --min-group-size N"])]
    }
}
