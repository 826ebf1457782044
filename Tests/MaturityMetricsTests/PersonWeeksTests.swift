import Foundation
import MaturityCore
import MaturityTestSupport
import Testing

@testable import MaturityMetrics

/// Builders for the hand-made datasets of the meeting-load, focus-time and person-week tests.
enum MeetingFocusFixture {
    static let utc = TimeZone(identifier: "UTC")!
    static let berlin = TimeZone(identifier: "Europe/Berlin")!
    static let losAngeles = TimeZone(identifier: "America/Los_Angeles")!
    static let sydney = TimeZone(identifier: "Australia/Sydney")!

    static func person(_ id: String, team: String = "a", zone: TimeZone = utc, start: Int = 540, end: Int = 1020,
                       workdays: Set<Weekday> = WorkSchedule.mondayToFriday, bot: Bool = false) -> DatasetPerson {
        DatasetPerson(displayId: id, team: team, isBot: bot,
                      schedule: WorkSchedule(timeZone: zone, start: start, end: end, workdays: workdays))
    }

    static func meeting(_ id: String, _ start: String, _ end: String, organizer: PersonIndex?,
                        attendees: [PersonIndex] = [], declined: [PersonIndex] = [], title: String = "",
                        series: String? = nil, allDay: Bool = false, cancelled: Bool = false,
                        free: Bool = false) -> DatasetMeeting {
        DatasetMeeting(meetingId: id, title: title, start: instant(start), end: instant(end), organizer: organizer,
                       seriesId: series, allDay: allDay, cancelled: cancelled, free: free,
                       attendees: attendees.map { DatasetAttendee(person: $0) }
                           + declined.map { DatasetAttendee(person: $0, declined: true) })
    }

    static func message(_ author: PersonIndex, _ sentAt: String, system: Bool = false,
                        id: String = "m") -> DatasetMessage {
        DatasetMessage(channel: 0, messageId: id, author: author, sentAt: instant(sentAt), isSystem: system)
    }

    /// A dataset whose calendars cover the period.
    static func dataset(zone: TimeZone = utc, people: [DatasetPerson], meetings: [DatasetMeeting] = [],
                        messages: [DatasetMessage] = [], workItems: [DatasetWorkItem] = [],
                        period: Period) -> Dataset {
        Dataset(organisation: OrganisationSettings(timeZone: zone), people: people,
                channels: [DatasetChannel(name: "general")], messages: messages, meetings: meetings,
                workItems: workItems, calendarSpan: (period.start, period.end))
    }

    /// A cancelled invitation at the start of `period` that puts `people` on the calendar (metrics v2, calendar
    /// coverage) without giving anyone meeting time: the first organises, the others are invited.
    static func onCalendar(_ people: [PersonIndex], in period: Period) -> DatasetMeeting {
        DatasetMeeting(meetingId: "calendar-\(period.start)", start: period.start, end: period.start + 3_600_000,
                       organizer: people.first, cancelled: true,
                       attendees: people.dropFirst().map { DatasetAttendee(person: $0) })
    }

    /// 5 to 11 January 2026, the whole ISO week 2026-W02, in UTC.
    static func weekTwo() throws -> Period { try Period.range(from: "2026-01-05", to: "2026-01-11", zone: utc) }

    static func row(_ rows: [PersonWeek], _ person: PersonIndex, _ week: String,
                    sourceLocation: SourceLocation = #_sourceLocation) -> PersonWeek? {
        let found = rows.first { $0.person == person && $0.week == week }
        if found == nil { Issue.record("no row for person \(person) in \(week)", sourceLocation: sourceLocation) }
        return found
    }
}

private typealias F = MeetingFocusFixture

@Suite struct OccurrenceTests {
    @Test func countingRulesOfSection2() throws {
        let people = [F.person("ann"), F.person("ben"), F.person("cat"), F.person("bot", bot: true)]
        let meetings = [
            F.meeting("ok", "2026-01-05T10:00:00Z", "2026-01-05T11:00:00Z", organizer: 0, attendees: [1]),
            F.meeting("cancelled", "2026-01-05T10:00:00Z", "2026-01-05T11:00:00Z", organizer: 0, attendees: [1],
                      cancelled: true),
            F.meeting("all-day", "2026-01-05T00:00:00Z", "2026-01-06T00:00:00Z", organizer: 0, attendees: [1],
                      allDay: true),
            F.meeting("free", "2026-01-05T10:00:00Z", "2026-01-05T11:00:00Z", organizer: 0, attendees: [1],
                      free: true),
            F.meeting("zero", "2026-01-05T10:00:00Z", "2026-01-05T10:00:00Z", organizer: 0, attendees: [1]),
            F.meeting("negative", "2026-01-05T11:00:00Z", "2026-01-05T10:00:00Z", organizer: 0, attendees: [1]),
            F.meeting("twelve", "2026-01-05T06:00:00Z", "2026-01-05T18:00:00Z", organizer: 0, attendees: [1]),
            F.meeting("over", "2026-01-05T06:00:00Z", "2026-01-05T18:00:00.001Z", organizer: 0, attendees: [1]),
            // Only one human participant: the bot does not count.
            F.meeting("with-bot", "2026-01-05T10:00:00Z", "2026-01-05T11:00:00Z", organizer: 3, attendees: [0]),
            // The organiser declined: one participant left.
            F.meeting("org-declined", "2026-01-05T10:00:00Z", "2026-01-05T11:00:00Z", organizer: 0,
                      attendees: [1], declined: [0]),
            // The organiser declined but two attendees remain; the declined attendee is still an invitee.
            F.meeting("org-declined-2", "2026-01-05T10:00:00Z", "2026-01-05T11:00:00Z", organizer: 0,
                      attendees: [1, 2], declined: [0]),
            // No organiser, attendees who did not answer attend; a listed organiser is counted once.
            F.meeting("no-organizer", "2026-01-05T10:00:00Z", "2026-01-05T11:00:00Z", organizer: nil,
                      attendees: [1, 2, 3]),
            F.meeting("organizer-listed", "2026-01-05T10:00:00Z", "2026-01-05T11:00:00Z", organizer: 0,
                      attendees: [0, 1], series: "s-1"),
            F.meeting("empty-series", "2026-01-05T10:00:00Z", "2026-01-05T11:00:00Z", organizer: 0,
                      attendees: [1], series: ""),
            // Everyone else declined.
            F.meeting("alone", "2026-01-05T10:00:00Z", "2026-01-05T11:00:00Z", organizer: 0, declined: [1, 2]),
        ]
        let dataset = F.dataset(people: people, meetings: meetings, period: try F.weekTwo())
        let occurrences = Occurrences.all(in: dataset)
        #expect(occurrences.map { dataset.meetings[$0.meeting].meetingId }
            == ["ok", "twelve", "org-declined-2", "no-organizer", "organizer-listed", "empty-series"])
        let byId = Dictionary(uniqueKeysWithValues: occurrences.map { (dataset.meetings[$0.meeting].meetingId, $0) })
        #expect(byId["ok"]?.participants == [0, 1])
        #expect(byId["ok"]?.isRecurring == false)
        #expect(byId["org-declined-2"]?.participants == [1, 2])
        #expect(byId["org-declined-2"]?.invitees == [0, 1, 2])
        #expect(byId["no-organizer"]?.participants == [1, 2])
        #expect(byId["no-organizer"]?.invitees == [1, 2])
        #expect(byId["organizer-listed"]?.participants == [0, 1])
        #expect(byId["organizer-listed"]?.isRecurring == true)
        #expect(byId["empty-series"]?.isRecurring == false)
        #expect(byId["twelve"]?.end == instant("2026-01-05T18:00:00Z"))
    }

    @Test func largeMeansNineInviteesWithoutBots() throws {
        var people = (0..<9).map { F.person("p\($0)") }
        people.append(F.person("bot", bot: true))
        let meetings = [
            // Nine human invitees, seven of whom declined: large.
            F.meeting("nine", "2026-01-05T10:00:00Z", "2026-01-05T11:00:00Z", organizer: 0, attendees: [1],
                      declined: [2, 3, 4, 5, 6, 7, 8]),
            // Eight humans and a bot: not large.
            F.meeting("eight-and-bot", "2026-01-05T10:00:00Z", "2026-01-05T11:00:00Z", organizer: 0,
                      attendees: [1, 2, 3, 4, 5, 6, 7, 9]),
        ]
        let occurrences = Occurrences.all(in: F.dataset(people: people, meetings: meetings, period: try F.weekTwo()))
        #expect(occurrences.map(\.invitees.count) == [9, 8])
        #expect(occurrences.map(\.isLarge) == [true, false])
    }

    @Test func statusTitlesOfTheSpec() throws {
        let statusTitles = ["Daily-standup", "Re-sync on roadmap", "Weekly Sync:", "DAILY planning"]
        let otherTitles = ["Async review", "status_report", "Check-ins", "standups", "Checkin"]
        let titles = statusTitles + otherTitles
        let meetings = titles.enumerated().map { i, title in
            F.meeting("m\(i)", "2026-01-05T10:00:00Z", "2026-01-05T11:00:00Z", organizer: 0, attendees: [1],
                      title: title)
        }
        let dataset = F.dataset(people: [F.person("ann"), F.person("ben")], meetings: meetings,
                                period: try F.weekTwo())
        let occurrences = Occurrences.all(in: dataset)
        #expect(occurrences.map(\.isStatus) == statusTitles.map { _ in true } + otherTitles.map { _ in false })
    }
}

@Suite struct PersonWeeksTests {
    /// Ann (UTC, 09:00-17:00 Mon-Fri) in 2026-W02 with overlapping, after-hours, week- and period-crossing
    /// meetings; Ben shares A-E, Cat shares F-I.
    static func annWeek() throws -> (Dataset, Period) {
        let period = try F.weekTwo()
        var people = [F.person("ann"), F.person("ben"), F.person("cat", team: "b")]
        people += (1...7).map { F.person("x\($0)", team: "x") }
        let meetings = [
            F.meeting("A", "2026-01-05T08:00:00Z", "2026-01-05T10:00:00Z", organizer: 0, attendees: [1],
                      series: "weekly"),
            F.meeting("B", "2026-01-05T09:30:00Z", "2026-01-05T10:30:00Z", organizer: 0, attendees: [1],
                      title: "Daily-standup"),
            F.meeting("C", "2026-01-05T16:30:00Z", "2026-01-05T18:00:00Z", organizer: 0, attendees: [1],
                      declined: [3, 4, 5, 6, 7, 8, 9]),
            F.meeting("D", "2026-01-11T23:00:00Z", "2026-01-12T01:00:00Z", organizer: 1, attendees: [0]),
            F.meeting("E", "2026-01-04T23:00:00Z", "2026-01-05T00:30:00Z", organizer: 1, attendees: [0],
                      title: "DAILY planning"),
            F.meeting("F", "2026-01-06T11:00:00Z", "2026-01-06T11:30:00Z", organizer: 2, attendees: [0]),
            F.meeting("G", "2026-01-06T13:00:00Z", "2026-01-06T14:00:00Z", organizer: 2, attendees: [0]),
            F.meeting("H", "2026-01-07T08:00:00Z", "2026-01-07T09:00:00Z", organizer: 2, attendees: [0]),
            F.meeting("I", "2026-01-07T17:00:00Z", "2026-01-07T18:00:00Z", organizer: 2, attendees: [0]),
        ]
        return (F.dataset(people: people, meetings: meetings, period: period), period)
    }

    @Test func meetingAndFocusColumnsOfOneWeek() throws {
        let (dataset, period) = try Self.annWeek()
        let rows = PersonWeeks.compute(dataset, period: period)
        #expect(rows.count == 10)
        #expect(rows.map(\.week) == Array(repeating: "2026-W02", count: 10))
        let ann = try #require(F.row(rows, 0, "2026-W02"))
        // Union: E 00:00-00:30 (clipped), A∪B 08:00-10:30, C 16:30-18:00, F, G, H 08:00-09:00, I, D 23:00-24:00.
        let expected = PersonWeek(
            person: 0, team: "a", week: "2026-W02", active: true, meetingHours: 9, conflictHours: 0.5,
            afterHours: 5.5, insideHours: 3.5, workingHours: 40, share: 3.5 / 40, attendedHours: 9.5,
            largeHours: 1.5, recurringHours: 2, statusHours: 1.5, workdays: 5, meetingFreeDays: 3,
            focusHours: 6 + 5 + 8 + 8 + 8, fragmentedHours: 1.5, focusWorkingHours: 40)
        #expect(ann == expected)

        let ben = try #require(F.row(rows, 1, "2026-W02"))
        #expect(ben.meetingHours == 5.5)
        #expect(ben.attendedHours == 6)
        #expect(ben.insideHours == 2)
        #expect(ben.afterHours == 3.5)
        #expect(ben.share == 0.05)
        #expect(ben.meetingFreeDays == 4)
        #expect(ben.focusHours == 38)
        #expect(ben.fragmentedHours == 0)

        // The seven who declined C: invitees only, inactive, no meeting time; their workdays are all free.
        let x1 = try #require(F.row(rows, 3, "2026-W02"))
        #expect(x1 == PersonWeek(person: 3, team: "x", week: "2026-W02", active: false, workingHours: 40, share: 0,
                                 workdays: 5, meetingFreeDays: 5, focusHours: 40, focusWorkingHours: 40))
    }

    @Test func botsHaveNoPersonWeeks() throws {
        let period = try F.weekTwo()
        let dataset = F.dataset(people: [F.person("ann"), F.person("bot", bot: true)],
                                meetings: [F.onCalendar([0, 1], in: period)],
                                messages: [F.message(1, "2026-01-06T10:00:00Z")], period: period)
        let rows = PersonWeeks.compute(dataset, period: period)
        #expect(rows.map(\.person) == [0])
    }

    @Test func weeksAreClippedToThePeriodAndKeepTheirISOLabel() throws {
        // 1-4 January 2026 is 2026-W01; 1-3 January 2027 is 2026-W53.
        let period = try Period.range(from: "2027-01-01", to: "2027-01-05", zone: F.utc)
        let start2026 = try Period.range(from: "2026-01-01", to: "2026-01-06", zone: F.utc)
        let meetings = [
            F.meeting("new-year", "2026-12-31T23:00:00Z", "2027-01-01T01:00:00Z", organizer: 0, attendees: [1]),
            F.onCalendar([0, 1], in: period),
        ]
        let people = [F.person("ann"), F.person("ben")]
        let rows = PersonWeeks.compute(F.dataset(people: people, meetings: meetings, period: period), period: period)
        #expect(rows.map(\.week) == ["2026-W53", "2027-W01", "2026-W53", "2027-W01"])
        // Friday 1 January 2027, then Monday and Tuesday 4-5 January.
        #expect(rows.map(\.workingHours) == [8, 16, 8, 16])
        // The hour before the period is cut off.
        #expect(rows[0].meetingHours == 1)
        #expect(rows[0].attendedHours == 1)
        let early = PersonWeeks.compute(F.dataset(people: people, meetings: [F.onCalendar([0, 1], in: start2026)],
                                                  period: start2026), period: start2026)
        #expect(early.map(\.week) == ["2026-W01", "2026-W02", "2026-W01", "2026-W02"])
        // Thursday and Friday 1-2 January, then Monday and Tuesday 5-6 January.
        #expect(early.map(\.workingHours) == [16, 16, 16, 16])
        #expect(early.map(\.workdays) == [2, 2, 2, 2])
    }

    @Test func activityOfSection0() throws {
        let period = try Period.range(from: "2026-01-05", to: "2026-01-25", zone: F.utc)
        let people = [F.person("author"), F.person("system-only"), F.person("reporter"), F.person("actor"),
                      F.person("assignee"), F.person("bot", bot: true), F.person("attendee"), F.person("idle")]
        let messages = [
            F.message(0, "2026-01-05T00:00:00Z", id: "a"),
            F.message(1, "2026-01-06T10:00:00Z", system: true, id: "b"),
            F.message(5, "2026-01-06T10:00:00Z", id: "c"),
        ]
        let items = [
            // Created in W03; its event in W04; assignee 4 is never active through it.
            DatasetWorkItem(itemId: "i1", createdAt: instant("2026-01-12T09:00:00Z"), assignees: [4], reporter: 2,
                            events: [DatasetWorkItemEvent(at: instant("2026-01-25T23:59:59.999Z"), field: .status,
                                                          toStatus: .done, actor: 3)]),
            // Created before the period: no activity for its reporter.
            DatasetWorkItem(itemId: "i2", createdAt: instant("2026-01-04T23:59:59.999Z"), reporter: 2),
        ]
        // An occurrence ending exactly at the start of W03 overlaps W02 only. Everyone is on the calendar (v2).
        let meetings = [
            F.meeting("m", "2026-01-11T23:00:00Z", "2026-01-12T00:00:00Z", organizer: 6, attendees: [7],
                      declined: [0]),
            F.onCalendar([0, 1, 2, 3, 4, 5, 6, 7], in: period),
        ]
        let dataset = F.dataset(people: people, meetings: meetings, messages: messages, workItems: items,
                                period: period)
        let active = PersonWeeks.activity(dataset, weeks: period.weeks, occurrences: Occurrences.all(in: dataset))
        #expect(active == [
            [true, false, false], [false, false, false], [false, true, false], [false, false, true],
            [false, false, false], [false, false, false], [true, false, false], [true, false, false],
        ])
        let rows = PersonWeeks.compute(dataset, period: period)
        #expect(rows.filter(\.active).map { "\(dataset.people[Int($0.person)].displayId) \($0.week)" } == [
            "author 2026-W02", "reporter 2026-W03", "actor 2026-W04", "attendee 2026-W02", "idle 2026-W02",
        ])
    }

    @Test func losAngelesWorkdayBelongsToTheWeekItStartsIn() throws {
        // 09:00-17:00 in Los Angeles on Tuesday 31 March 2026 is 18:00 Tuesday to 02:00 Wednesday in Berlin:
        // the whole workday belongs to 2026-W14 of 2026Q1.
        let period = try Period.quarter("2026Q1", zone: F.berlin)
        let people = [F.person("la", zone: F.losAngeles), F.person("berlin", zone: F.berlin)]
        let meetings = [
            // 15:00-16:00 in Los Angeles: 00:00-01:00 Wednesday 1 April in Berlin, after the period.
            F.meeting("late", "2026-03-31T15:00:00-07:00", "2026-03-31T16:00:00-07:00", organizer: 0,
                      attendees: [1]),
            F.onCalendar([0, 1], in: period),
        ]
        let messages = [F.message(0, "2026-03-30T12:00:00+02:00")]
        let dataset = F.dataset(zone: F.berlin, people: people, meetings: meetings, messages: messages,
                                period: period)
        let rows = PersonWeeks.compute(dataset, period: period)
        #expect(rows.filter { $0.person == 0 }.map(\.week) == (1...14).map { String(format: "2026-W%02d", $0) })
        let la = try #require(F.row(rows, 0, "2026-W14"))
        #expect(la.active)
        #expect(la.meetingHours == 0)
        // Monday's 8 h and Tuesday's 6 h up to Berlin midnight.
        #expect(la.workingHours == 14)
        #expect(la.workdays == 2)
        #expect(la.focusWorkingHours == 16)
        #expect(la.meetingFreeDays == 1)
        #expect(la.focusHours == 8 + 6)
        #expect(la.fragmentedHours == 1)
        // Thursday 1 January in Los Angeles starts at 18:00 in Berlin: in the period, in 2026-W01.
        let first = try #require(F.row(rows, 0, "2026-W01"))
        #expect(first.workdays == 2)
        #expect(first.focusWorkingHours == 16)
    }

    @Test func sydneyMondayBelongsToThePreviousWeek() throws {
        // Monday 12 January 09:00 in Sydney is Sunday 11 January 23:00 in Berlin: 2026-W02.
        let period = try Period.quarter("2026Q1", zone: F.berlin)
        let people = [F.person("syd", zone: F.sydney), F.person("berlin", zone: F.berlin)]
        let meetings = [
            // Monday 12 January 10:00-11:00 Sydney = 00:00-01:00 Berlin: meeting time of 2026-W03, but it
            // splits the Monday workday of 2026-W02.
            F.meeting("monday", "2026-01-12T10:00:00+11:00", "2026-01-12T11:00:00+11:00", organizer: 0,
                      attendees: [1]),
        ]
        let messages = [F.message(0, "2026-01-08T12:00:00+01:00")]
        let dataset = F.dataset(zone: F.berlin, people: people, meetings: meetings, messages: messages,
                                period: period)
        let rows = PersonWeeks.compute(dataset, period: period)
        let w01 = try #require(F.row(rows, 0, "2026-W01"))
        // Friday 2 January and Monday 5 January (Thursday 1 January starts on 31 December in Berlin).
        #expect(w01.workdays == 2)
        let w02 = try #require(F.row(rows, 0, "2026-W02"))
        #expect(w02.active)
        #expect(w02.meetingHours == 0)
        #expect(w02.workdays == 5)
        #expect(w02.meetingFreeDays == 4)
        #expect(w02.focusHours == 4 * 8 + 6)
        #expect(w02.fragmentedHours == 1)
        #expect(w02.focusWorkingHours == 40)
        // W(p) inside W02 (Berlin): Tuesday to Friday, Monday 12 January's first hour, Monday 5 January but
        // its first hour.
        #expect(w02.workingHours == 40)
        let w03 = try #require(F.row(rows, 0, "2026-W03"))
        #expect(w03.meetingHours == 1)
        #expect(w03.insideHours == 1)
        #expect(w03.active)
        #expect(w03.workdays == 5)
        #expect(w03.meetingFreeDays == 5)
        // Monday 30 and Tuesday 31 March start in 2026-W14; Wednesday 1 April starts at the period's end.
        let w14 = try #require(F.row(rows, 0, "2026-W14"))
        #expect(w14.workdays == 2)
        let w13 = try #require(F.row(rows, 0, "2026-W13"))
        #expect(w13.workdays == 4)
        #expect(w13.workingHours == 39)
        #expect(w13.focusWorkingHours == 32)
    }

    @Test func partTimerInAClippedWeekHasNoWorkingHours() throws {
        // Mon-Wed part-timer active in 2026-W01 (Thursday 1 to Sunday 4 January).
        let period = try Period.quarter("2026Q1", zone: F.berlin)
        let people = [F.person("part", zone: F.berlin, workdays: [.monday, .tuesday, .wednesday])]
        let messages = [F.message(0, "2026-01-02T10:00:00+01:00")]
        let dataset = F.dataset(zone: F.berlin, people: people, meetings: [F.onCalendar([0], in: period)],
                                messages: messages, period: period)
        let rows = PersonWeeks.compute(dataset, period: period)
        let w01 = try #require(F.row(rows, 0, "2026-W01"))
        #expect(w01 == PersonWeek(person: 0, team: "a", week: "2026-W01", active: true, share: nil))
        let w02 = try #require(F.row(rows, 0, "2026-W02"))
        #expect(w02.workingHours == 24)
        #expect(w02.share == 0)
        #expect(!w02.active)
    }

    @Test func aWeekWithMeetingTimeIsActive() throws {
        let period = try F.weekTwo()
        let meetings = [F.meeting("m", "2026-01-10T10:00:00Z", "2026-01-10T10:15:00Z", organizer: 0,
                                  attendees: [1]),
                        F.onCalendar([2], in: period)]
        let dataset = F.dataset(people: [F.person("ann"), F.person("ben"), F.person("cat")], meetings: meetings,
                                period: period)
        let rows = PersonWeeks.compute(dataset, period: period)
        #expect(rows.map(\.active) == [true, true, false])
        // A Saturday meeting is all after hours and leaves the workdays meeting-free.
        #expect(rows[0].afterHours == 0.25)
        #expect(rows[0].share == 0)
        #expect(rows[0].meetingFreeDays == 5)
    }

    /// A large input stays consistent (speed is measured in Benchmarks/, not here).
    @Test func manyOccurrencesStayConsistent() throws {
        // 2,000 people, 200,000 occurrences of up to 5 people each over a quarter.
        let period = try Period.quarter("2026Q1", zone: F.berlin)
        let people = (0..<2000).map { F.person("p\($0)", team: "t\($0 % 20)", zone: F.berlin) }
        let quarterStart = period.start
        var meetings: [DatasetMeeting] = []
        meetings.reserveCapacity(200_000)
        var seed: UInt64 = 42
        func next(_ bound: Int) -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int((seed >> 33) % UInt64(bound))
        }
        for i in 0..<200_000 {
            let start = quarterStart + Instant(next(90 * 96)) * 900_000
            let attendees = (0..<4).map { _ in PersonIndex(next(2000)) }
            meetings.append(DatasetMeeting(meetingId: "m\(i)", title: i % 3 == 0 ? "sync" : "review",
                                           start: start, end: start + Instant(1 + next(8)) * 900_000,
                                           organizer: PersonIndex(next(2000)),
                                           attendees: attendees.map { DatasetAttendee(person: $0) }))
        }
        let dataset = F.dataset(zone: F.berlin, people: people, meetings: meetings, period: period)
        let rows = PersonWeeks.compute(dataset, period: period)
        #expect(rows.count == 2000 * 14)
        #expect(rows.allSatisfy { $0.attendedHours >= $0.meetingHours && $0.meetingHours >= $0.insideHours })
    }
}

@Suite struct PersonWeeksConformanceTests {
    static let columns = ["meeting_h", "conflict_h", "after_h", "inside_h", "working_h", "share", "attended_h",
                          "large_h", "recurring_h", "status_h", "focus_h", "fragmented_h", "focus_working_h"]

    static func columnValue(_ row: PersonWeek, _ column: String) -> Double? {
        switch column {
        case "meeting_h": row.meetingHours
        case "conflict_h": row.conflictHours
        case "after_h": row.afterHours
        case "inside_h": row.insideHours
        case "working_h": row.workingHours
        case "share": row.share
        case "attended_h": row.attendedHours
        case "large_h": row.largeHours
        case "recurring_h": row.recurringHours
        case "status_h": row.statusHours
        case "focus_h": row.focusHours
        case "fragmented_h": row.fragmentedHours
        case "focus_working_h": row.focusWorkingHours
        default: nil
        }
    }

    /// Every person-week of `expected/person_weeks.csv`, column by column (tolerance 1e-9), and no other rows.
    @Test(arguments: ConformanceData.names) func personWeeksMatchTheOracle(_ name: String) throws {
        let dataset = try ConformanceData.dataset(name)
        let rows = PersonWeeks.compute(dataset, period: try ConformanceData.period())
        var computed: [String: PersonWeek] = [:]
        for row in rows { computed["\(dataset.people[Int(row.person)].displayId) \(row.week)"] = row }
        let expected = try ConformanceData.expectedRows(name, file: "person_weeks")
        #expect(expected.count == rows.count)
        #expect(expected.count > 400)
        var differences: [String] = []
        for line in expected {
            let key = "\(line["person"] ?? "") \(line["week"] ?? "")"
            guard let row = computed.removeValue(forKey: key) else {
                differences.append("\(name) \(key): missing")
                continue
            }
            if row.team != line["team"] {
                differences.append("\(name) \(key) team: \(row.team) vs \(line["team"] ?? "")")
            }
            if (row.active ? "1" : "0") != line["active"] {
                differences.append("\(name) \(key) active: \(row.active)")
            }
            if String(row.workdays) != line["workdays"] {
                differences.append("\(name) \(key) workdays: \(row.workdays) vs \(line["workdays"] ?? "")")
            }
            if String(row.meetingFreeDays) != line["meeting_free_days"] {
                differences.append("\(name) \(key) meeting_free_days: \(row.meetingFreeDays) vs "
                    + "\(line["meeting_free_days"] ?? "")")
            }
            for column in Self.columns {
                let text = line[column] ?? ""
                let value = text.isEmpty ? nil : Double(text)
                let mine = Self.columnValue(row, column)
                if !Tolerance.matches(mine, value) {
                    differences.append("\(name) \(key) \(column): \(mine.map { "\($0)" } ?? "-") vs \(text)")
                }
            }
        }
        for key in computed.keys.sorted() { differences.append("\(name) \(key): not expected") }
        let report = differences.prefix(60).joined(separator: "\n")
        #expect(differences.isEmpty, "\(differences.count) differences:\n\(report)")
    }
}
