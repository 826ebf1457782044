import Foundation
import MaturityCore

/// One meeting occurrence that counts (metrics section 2), with its people resolved.
public struct Occurrence: Sendable, Equatable {
    /// Index into `Dataset.meetings`.
    public var meeting: Int
    public var start: Instant
    public var end: Instant
    /// Distinct non-bot people who attend: the organiser unless listed as a declining attendee, and every
    /// attendee who did not decline. In first-seen order, organiser first.
    public var participants: [PersonIndex]
    /// Distinct non-bot people among the organiser and all attendees, whatever their answer.
    public var invitees: [PersonIndex]
    /// True for an occurrence of a recurring series (non-empty series id).
    public var isRecurring: Bool
    /// True when the title makes it a status meeting (`MeetingFeatures.isStatusTitle`).
    public var isStatus: Bool

    public init(meeting: Int, start: Instant, end: Instant, participants: [PersonIndex], invitees: [PersonIndex],
                isRecurring: Bool, isStatus: Bool) {
        self.meeting = meeting; self.start = start; self.end = end; self.participants = participants
        self.invitees = invitees; self.isRecurring = isRecurring; self.isStatus = isStatus
    }

    /// Occurrences with this many invitees or more are large (`meeting_load.large_share`).
    public static let largeInviteeCount = 9

    /// True when the occurrence has 9 or more invitees.
    public var isLarge: Bool { invitees.count >= Occurrence.largeInviteeCount }
}

/// The meeting occurrences of a dataset that count in the metrics.
public enum Occurrences {
    /// The longest occurrence that counts: 12 hours, in milliseconds.
    public static let maximumLength: Instant = 12 * 3_600_000

    /// Every counting occurrence of the dataset, in `Dataset.meetings` order: not cancelled, not all-day, not
    /// free, 0 < end − start ≤ 12 h, and at least two participants (metrics section 2). Periods are not
    /// applied here: an occurrence of any date is returned.
    public static func all(in dataset: Dataset) -> [Occurrence] {
        dataset.memoized("occurrences") { build(in: dataset) }
    }

    private static func build(in dataset: Dataset) -> [Occurrence] {
        var result: [Occurrence] = []
        result.reserveCapacity(dataset.meetings.count)
        // Occurrences of a series repeat their title: judge each distinct title once.
        var statusByTitle: [String: Bool] = [:]
        for (index, meeting) in dataset.meetings.enumerated() {
            let occurrence = occurrence(meeting, index: index, people: dataset.people) { title in
                if let known = statusByTitle[title] { return known }
                let status = MeetingFeatures.isStatusTitle(title)
                statusByTitle[title] = status
                return status
            }
            if let occurrence { result.append(occurrence) }
        }
        return result
    }

    /// The occurrence of one meeting row, or nil when it does not count. `isStatusTitle` judges the title
    /// (by default `MeetingFeatures.isStatusTitle`).
    public static func occurrence(_ meeting: DatasetMeeting, index: Int, people: [DatasetPerson],
                                  isStatusTitle: (String) -> Bool = MeetingFeatures.isStatusTitle) -> Occurrence? {
        if meeting.cancelled || meeting.allDay || meeting.free { return nil }
        let length = meeting.end - meeting.start
        guard length > 0, length <= maximumLength else { return nil }

        func isHuman(_ p: PersonIndex) -> Bool {
            let i = Int(p)
            return i >= 0 && i < people.count && !people[i].isBot
        }
        var participants: [PersonIndex] = []
        var invitees: [PersonIndex] = []
        func add(_ p: PersonIndex, to list: inout [PersonIndex]) {
            if !list.contains(p) { list.append(p) }
        }
        if let organizer = meeting.organizer, isHuman(organizer) {
            add(organizer, to: &invitees)
            let declined = meeting.attendees.contains { $0.person == organizer && $0.declined }
            if !declined { add(organizer, to: &participants) }
        }
        for attendee in meeting.attendees where isHuman(attendee.person) {
            add(attendee.person, to: &invitees)
            if !attendee.declined { add(attendee.person, to: &participants) }
        }
        guard participants.count >= 2 else { return nil }
        return Occurrence(meeting: index, start: meeting.start, end: meeting.end, participants: participants,
                          invitees: invitees, isRecurring: !(meeting.seriesId ?? "").isEmpty,
                          isStatus: isStatusTitle(meeting.title))
    }
}

/// The meeting and focus figures of one person in one (clipped) week of a period: one row of the
/// conformance file `person_weeks.csv`. Hours are decimal hours (1 h = 3,600 s).
public struct PersonWeek: Sendable, Equatable {
    public var person: PersonIndex
    public var team: String
    /// ISO week label in the organisation zone, e.g. `2026-W01`.
    public var week: String
    /// An active person-week (metrics section 0); a person-week with meeting time is always active.
    public var active: Bool
    /// Length of the union of the attended occurrences inside the week.
    public var meetingHours: Double
    /// `attendedHours − meetingHours`.
    public var conflictHours: Double
    /// Part of the union outside the person's working hours W(p).
    public var afterHours: Double
    /// Part of the union inside W(p).
    public var insideHours: Double
    /// Length of W(p) inside the week.
    public var workingHours: Double
    /// `insideHours / workingHours`; nil when the person has no working hours in the week.
    public var share: Double?
    /// Sum of the lengths of the attended occurrences inside the week (overlaps counted each time).
    public var attendedHours: Double
    /// The part of `attendedHours` in occurrences with 9 or more invitees.
    public var largeHours: Double
    /// The part of `attendedHours` in occurrences of a recurring series.
    public var recurringHours: Double
    /// The part of `attendedHours` in status meetings.
    public var statusHours: Double
    /// Workdays whose working hours start in this week (and in the period).
    public var workdays: Int
    /// Those of `workdays` that no attended occurrence overlaps by more than an instant.
    public var meetingFreeDays: Int
    /// Free intervals of 2 h or more within the working hours of `workdays`.
    public var focusHours: Double
    /// Free intervals shorter than 2 h within the working hours of `workdays`.
    public var fragmentedHours: Double
    /// The working hours of `workdays` (whole workdays, even where they run past the week or period).
    public var focusWorkingHours: Double

    public init(person: PersonIndex, team: String, week: String, active: Bool = false, meetingHours: Double = 0,
                conflictHours: Double = 0, afterHours: Double = 0, insideHours: Double = 0,
                workingHours: Double = 0, share: Double? = nil, attendedHours: Double = 0, largeHours: Double = 0,
                recurringHours: Double = 0, statusHours: Double = 0, workdays: Int = 0, meetingFreeDays: Int = 0,
                focusHours: Double = 0, fragmentedHours: Double = 0, focusWorkingHours: Double = 0) {
        self.person = person; self.team = team; self.week = week; self.active = active
        self.meetingHours = meetingHours; self.conflictHours = conflictHours; self.afterHours = afterHours
        self.insideHours = insideHours; self.workingHours = workingHours; self.share = share
        self.attendedHours = attendedHours; self.largeHours = largeHours; self.recurringHours = recurringHours
        self.statusHours = statusHours; self.workdays = workdays; self.meetingFreeDays = meetingFreeDays
        self.focusHours = focusHours; self.fragmentedHours = fragmentedHours
        self.focusWorkingHours = focusWorkingHours
    }
}

/// The person-weeks of a period: every non-bot person × every (clipped) week of the period.
public enum PersonWeeks {
    /// A free interval at least this long (2 h, in milliseconds) is focus time.
    public static let focusThreshold: Instant = 2 * 3_600_000

    /// Every person-week of the period of the non-bot people on the calendar in the period (metrics v2, section 0,
    /// "Calendar coverage"), people in `Dataset.people` order, weeks in period order. Rows of inactive weeks carry
    /// their values too; the metrics skip them.
    public static func compute(_ dataset: Dataset, period: Period) -> [PersonWeek] {
        compute(dataset, weeks: period.weeks, period: (period.start, period.end))
    }

    /// The same from explicit weeks (sorted, contiguous, clipped) and period bounds.
    static func compute(_ dataset: Dataset, weeks: [Week], period: (start: Instant, end: Instant)) -> [PersonWeek] {
        let occurrences = Occurrences.all(in: dataset)
        let attended = attendedOccurrences(occurrences, personCount: dataset.people.count)
        let active = activity(dataset, weeks: weeks, occurrences: occurrences)
        var rows: [PersonWeek] = []
        rows.reserveCapacity(dataset.people.count * weeks.count)
        let onCalendar = peopleOnTheCalendar(dataset, from: period.start, to: period.end)
        for (index, person) in dataset.people.enumerated() where !person.isBot && onCalendar[index] {
            let p = PersonIndex(index)
            let mine = attended[index]
            let calendar = dataset.calendar(p)
            var personRows = meetingRows(person: p, team: person.team, weeks: weeks, occurrences: mine,
                                         calendar: calendar)
            addFocus(to: &personRows, weeks: weeks, period: period, occurrences: mine, calendar: calendar)
            for w in personRows.indices {
                // The week-away rule (v2): a week whose scheduled working days are all days off is not active,
                // whatever the person did in it.
                personRows[w].active = (active[index][w] || personRows[w].meetingHours > 0)
                    && !calendar.isAway(weeks[w].start, weeks[w].end)
            }
            rows.append(contentsOf: personRows)
        }
        return rows
    }

    /// Calendar coverage (metrics v2, section 0), indexed by person: true for the people who are the organiser or
    /// an invitee (any answer) of at least one meeting row starting in [from, to), whatever the row is (cancelled,
    /// all-day, free, one-person and over-12-hour rows count). Bots are never on the calendar.
    public static func peopleOnTheCalendar(_ dataset: Dataset, from: Instant, to: Instant) -> [Bool] {
        var on = Array(repeating: false, count: dataset.people.count)
        func mark(_ p: PersonIndex?) {
            guard let p, Int(p) >= 0, Int(p) < on.count, !dataset.people[Int(p)].isBot else { return }
            on[Int(p)] = true
        }
        for meeting in dataset.meetings where meeting.start >= from && meeting.start < to {
            mark(meeting.organizer)
            for attendee in meeting.attendees { mark(attendee.person) }
        }
        return on
    }

    /// What the person-week columns need of one attended occurrence (a plain value, cheap to sort and copy).
    struct Attendance: Sendable, Equatable {
        var start: Instant
        var end: Instant
        var isLarge: Bool
        var isRecurring: Bool
        var isStatus: Bool
    }

    /// For each person (by index), the occurrences they attend, sorted by start (then end): the per-person
    /// index built once.
    static func attendedOccurrences(_ occurrences: [Occurrence], personCount: Int) -> [[Attendance]] {
        var attended = Array(repeating: [Attendance](), count: personCount)
        for occurrence in occurrences {
            let attendance = Attendance(start: occurrence.start, end: occurrence.end, isLarge: occurrence.isLarge,
                                        isRecurring: occurrence.isRecurring, isStatus: occurrence.isStatus)
            for p in occurrence.participants where Int(p) >= 0 && Int(p) < personCount {
                attended[Int(p)].append(attendance)
            }
        }
        for p in attended.indices {
            attended[p].sort { $0.start != $1.start ? $0.start < $1.start : $0.end < $1.end }
        }
        return attended
    }

    /// Active person-weeks (metrics section 0), indexed `[person][week]` by person index and index into
    /// `weeks`: the person authored a message (not a system message), attended an occurrence overlapping the
    /// week, was the reporter of a work item created in the week, or the actor of a work-item event in it.
    /// Bots are never active. `occurrences` are the counting occurrences (`Occurrences.all(in:)`).
    public static func activity(_ dataset: Dataset, weeks: [Week], occurrences: [Occurrence]) -> [[Bool]] {
        // Messages: from the one pass over them (`MessagePass`).
        var active = dataset.messageActivity(weeks: weeks)
        func mark(_ person: PersonIndex?, at t: Instant) {
            guard let person, Int(person) >= 0, Int(person) < dataset.people.count,
                  !dataset.people[Int(person)].isBot, let w = weekIndex(of: t, in: weeks) else { return }
            active[Int(person)][w] = true
        }
        for item in dataset.workItems {
            mark(item.reporter, at: item.createdAt)
            for event in item.events { mark(event.actor, at: event.at) }
        }
        for occurrence in occurrences {
            // Every week the occurrence shares more than an instant with.
            guard var w = weekIndex(of: max(occurrence.start, weeks.first?.start ?? occurrence.start), in: weeks)
            else { continue }
            while w < weeks.count, weeks[w].start < occurrence.end {
                if occurrence.start < weeks[w].end {
                    for p in occurrence.participants where Int(p) >= 0 && Int(p) < dataset.people.count {
                        active[Int(p)][w] = true
                    }
                }
                w += 1
            }
        }
        return active
    }

    /// Index of the week containing `t` (start ≤ t < end), by binary search; nil outside the weeks.
    public static func weekIndex(of t: Instant, in weeks: [Week]) -> Int? {
        var lo = 0, hi = weeks.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if weeks[mid].end <= t { lo = mid + 1 } else { hi = mid }
        }
        guard lo < weeks.count, weeks[lo].start <= t, t < weeks[lo].end else { return nil }
        return lo
    }

    static func hours(_ milliseconds: Instant) -> Double { Double(milliseconds) / 3_600_000 }

    /// The meeting columns of one person's weeks (focus columns and `active` left at their defaults).
    /// `occurrences` are the ones the person attends, sorted by start.
    static func meetingRows(person: PersonIndex, team: String, weeks: [Week], occurrences: [Attendance],
                            calendar: WorkCalendar) -> [PersonWeek] {
        var rows: [PersonWeek] = []
        rows.reserveCapacity(weeks.count)
        // Occurrences starting at or before `weeks[w].start − 12 h` cannot reach week w or any later week.
        var first = 0
        for week in weeks {
            while first < occurrences.count, occurrences[first].start <= week.start - Occurrences.maximumLength {
                first += 1
            }
            var attended: Instant = 0, large: Instant = 0, recurring: Instant = 0, status: Instant = 0
            var union: [(start: Instant, end: Instant)] = []
            var i = first
            while i < occurrences.count, occurrences[i].start < week.end {
                let occurrence = occurrences[i]
                i += 1
                let a = max(occurrence.start, week.start), b = min(occurrence.end, week.end)
                guard a < b else { continue }
                let length = b - a
                attended += length
                if occurrence.isLarge { large += length }
                if occurrence.isRecurring { recurring += length }
                if occurrence.isStatus { status += length }
                // Clipped starts are non-decreasing, so merging with the last interval suffices.
                if let last = union.last, a <= last.end {
                    union[union.count - 1].end = max(last.end, b)
                } else {
                    union.append((a, b))
                }
            }
            var meeting: Instant = 0, inside: Instant = 0
            for interval in union {
                meeting += interval.end - interval.start
                inside += calendar.work(interval.start, interval.end)
            }
            let working = calendar.work(week.start, week.end)
            rows.append(PersonWeek(
                person: person, team: team, week: week.label, meetingHours: hours(meeting),
                conflictHours: hours(attended - meeting), afterHours: hours(meeting - inside),
                insideHours: hours(inside), workingHours: hours(working),
                share: working > 0 ? Double(inside) / Double(working) : nil, attendedHours: hours(attended),
                largeHours: hours(large), recurringHours: hours(recurring), statusHours: hours(status)))
        }
        return rows
    }

    /// Fills the focus columns: each workday whose working hours start in the period belongs to the week in
    /// which they start; its free intervals are its working hours minus the union of every occurrence the
    /// person attends (whole occurrences, whatever week or period).
    static func addFocus(to rows: inout [PersonWeek], weeks: [Week], period: (start: Instant, end: Instant),
                         occurrences: [Attendance], calendar: WorkCalendar) {
        let busy = union(occurrences)
        var focus = Array(repeating: Instant(0), count: weeks.count)
        var fragmented = focus, working = focus
        for workday in calendar.workdays(startingIn: period.start, period.end) {
            // Days off and days whose hours are empty (inside a DST gap) are not workdays of the calendar (v2).
            guard let w = weekIndex(of: workday.start, in: weeks) else { continue }
            var cursor = workday.start, touched = false
            func free(until t: Instant) {
                guard t > cursor else { return }
                if t - cursor >= focusThreshold { focus[w] += t - cursor } else { fragmented[w] += t - cursor }
            }
            var i = firstInterval(endingAfter: workday.start, in: busy)
            while i < busy.count, busy[i].start < workday.end {
                touched = true
                free(until: busy[i].start)
                cursor = max(cursor, busy[i].end)
                i += 1
            }
            free(until: workday.end)
            working[w] += workday.end - workday.start
            rows[w].workdays += 1
            if !touched { rows[w].meetingFreeDays += 1 }
        }
        for w in rows.indices {
            rows[w].focusHours = hours(focus[w])
            rows[w].fragmentedHours = hours(fragmented[w])
            rows[w].focusWorkingHours = hours(working[w])
        }
    }

    /// The union of the occurrences (sorted by start) as sorted, disjoint intervals; touching ones merge.
    static func union(_ occurrences: [Attendance]) -> [(start: Instant, end: Instant)] {
        var result: [(start: Instant, end: Instant)] = []
        for occurrence in occurrences {
            if let last = result.last, occurrence.start <= last.end {
                result[result.count - 1].end = max(last.end, occurrence.end)
            } else {
                result.append((occurrence.start, occurrence.end))
            }
        }
        return result
    }

    /// Index of the first interval whose end is after `t` (binary search over sorted disjoint intervals).
    static func firstInterval(endingAfter t: Instant, in intervals: [(start: Instant, end: Instant)]) -> Int {
        var lo = 0, hi = intervals.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if intervals[mid].end <= t { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}

// MARK: - Shared by the metric families computed from person-weeks (meeting load, focus time)

extension PersonWeeks {
    /// The groupings (besides `org` and `team`) of the metric families computed from person-weeks.
    static let groupings: Set<GroupBy> = [.week, .person]

    /// One metric family's values in every group: the period's person-weeks (`compute(_:period:)`), grouped by
    /// `grouped(_:dataset:groupBy:)`, each group reduced by the family's `values`.
    static func groupedValues(_ dataset: Dataset, period: Period, groupBy: GroupBy,
                              values: ([PersonWeek]) -> [String: MetricValue]) -> GroupedValues {
        grouped(memoizedRows(dataset, period: period), dataset: dataset, groupBy: groupBy).mapValues(values)
    }

    /// `compute(_:period:)`, computed once per dataset and period.
    static func memoizedRows(_ dataset: Dataset, period: Period) -> [PersonWeek] {
        dataset.memoized("person_weeks:\(period.label):\(period.start)-\(period.end):\(period.timeZone.identifier)") {
            compute(dataset, period: period)
        }
    }

    /// Person-weeks grouped for a metric family: `org` → `all`; `team` → the person's team; `week` → the week
    /// label; `person` → the person's `displayId`. Other groupings give no groups. The organisation is always
    /// a group, even without rows (its values are then undefined).
    public static func grouped(_ rows: [PersonWeek], dataset: Dataset, groupBy: GroupBy) -> [GroupName: [PersonWeek]] {
        switch groupBy {
        case .org: return ["all": rows]
        case .team: return Dictionary(grouping: rows) { GroupName($0.team) }
        case .week: return Dictionary(grouping: rows) { GroupName($0.week) }
        case .person:
            return Dictionary(grouping: rows) { row in
                let i = Int(row.person)
                return GroupName(i >= 0 && i < dataset.people.count ? dataset.people[i].displayId : String(row.person))
            }
        case .channel, .kind: return [:]
        }
    }

    /// The sum of one column over `rows`, added in row order.
    static func sum<Value: AdditiveArithmetic>(_ rows: [PersonWeek], _ column: KeyPath<PersonWeek, Value>) -> Value {
        rows.reduce(.zero) { $0 + $1[keyPath: column] }
    }
}
