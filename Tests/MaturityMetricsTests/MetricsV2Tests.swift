import Foundation
import MaturityCore
import MaturityTestSupport
import Testing

@testable import MaturityMetrics

// The worked examples and settled edge cases of metrics v2 (metrics.md, "Changes from version 1").

private let berlin = TimeZone(identifier: "Europe/Berlin")!

private func day(_ iso: String) -> Int { LocalDate.parse(iso)!.daysSinceEpoch }

private func days(_ first: String, _ last: String) -> Set<Int> { Set(day(first)...day(last)) }

@Suite("Metrics v2: days off")
struct DaysOffTests {
    /// Section 0, "Days off": p works Mon-Fri 09:00-17:00 in Europe/Berlin and is off Monday 6 to Friday
    /// 10 April 2026; a question on Friday 3 April at 16:00 answered Monday 13 April at 09:30 took 1.5 working
    /// hours (0.5 h with a calendar holding Good Friday, 3 April).
    @Test(arguments: [(false, 1.5), (true, 0.5)])
    func theWorkingLatencyClockStopsWhileTheRespondentIsAway(goodFriday: Bool, hours: Double) throws {
        var off = days("2026-04-06", "2026-04-10")
        if goodFriday { off.insert(day("2026-04-03")) }
        let people = [
            DatasetPerson(displayId: "q", schedule: WorkSchedule(timeZone: berlin)),
            DatasetPerson(displayId: "p", schedule: WorkSchedule(timeZone: berlin), daysOff: off),
        ]
        let messages = [
            DatasetMessage(channel: 0, messageId: "1", author: 0, sentAt: instant("2026-04-03T16:00:00+02:00"),
                           isQuestion: true),
            DatasetMessage(channel: 0, messageId: "2", author: 1, sentAt: instant("2026-04-13T09:30:00+02:00")),
            // A later message keeps the request out of the censoring window.
            DatasetMessage(channel: 1, messageId: "3", author: 0, sentAt: instant("2026-06-01T09:00:00+02:00")),
        ]
        let dataset = Dataset(organisation: OrganisationSettings(timeZone: berlin), people: people,
                              channels: [DatasetChannel(name: "dm", kind: .direct), DatasetChannel(name: "x")],
                              messages: messages)
        let requests = ResponseLatencyMetric.requests(in: dataset)
        let request = try #require(requests.first { $0.author == 0 && $0.channel == 0 })
        #expect(request.status == .answered)
        #expect(request.respondent == 1)
        #expect(request.wallHours == 233.5)
        let working = try #require(request.workingHours)
        #expect(abs(working - hours) < 1e-12)
    }

    @Test func aDayOffHasNoWorkingHours() {
        let schedule = WorkSchedule(timeZone: berlin)
        let from = instant("2026-04-01T00:00:00+02:00"), to = instant("2026-04-20T00:00:00+02:00")
        let calendar = WorkCalendar(schedule: schedule, daysOff: days("2026-04-06", "2026-04-10"), from: from, to: to)
        // A message on a day off is outside working hours (after-hours, "answered from the beach").
        #expect(!calendar.contains(instant("2026-04-08T10:00:00+02:00")))
        #expect(calendar.contains(instant("2026-04-13T10:00:00+02:00")))
        // The week of 6 April has no working time and no workdays; the week after has five.
        #expect(calendar.work(instant("2026-04-06T00:00:00+02:00"), instant("2026-04-13T00:00:00+02:00")) == 0)
        #expect(calendar.workdays(startingIn: instant("2026-04-06T00:00:00+02:00"),
                                  instant("2026-04-13T00:00:00+02:00")).isEmpty)
        #expect(calendar.workdays(startingIn: instant("2026-04-13T00:00:00+02:00"),
                                  instant("2026-04-20T00:00:00+02:00")).count == 5)
        #expect(calendar.isAway(instant("2026-04-06T00:00:00+02:00"), instant("2026-04-13T00:00:00+02:00")))
        #expect(!calendar.isAway(instant("2026-04-13T00:00:00+02:00"), instant("2026-04-20T00:00:00+02:00")))
        // A weekend has no scheduled working day: never "away".
        #expect(!calendar.isAway(instant("2026-04-11T00:00:00+02:00"), instant("2026-04-13T00:00:00+02:00")))
    }

    @Test func aDayOffThatIsNotAScheduledWorkdayChangesNothing() {
        // Sunday-Thursday in Dubai; a holiday on Friday 3 April is no working day of theirs.
        let dubai = TimeZone(identifier: "Asia/Dubai")!
        let schedule = WorkSchedule(timeZone: dubai, workdays: [.sunday, .monday, .tuesday, .wednesday, .thursday])
        let from = instant("2026-03-29T00:00:00+04:00"), to = instant("2026-04-12T00:00:00+04:00")
        let plain = WorkCalendar(schedule: schedule, from: from, to: to)
        let holiday = WorkCalendar(schedule: schedule, daysOff: [day("2026-04-03")], from: from, to: to)
        #expect(plain.work(from, to) == holiday.work(from, to))
        #expect(holiday.workdaysOff.isEmpty)
    }

    @Test func overlappingRowsCountOnce() {
        let off = DaysOff.days(timeOff: [(LocalDate.parse("2026-01-12")!, LocalDate.parse("2026-01-16")!),
                                         (LocalDate.parse("2026-01-14")!, LocalDate.parse("2026-01-20")!)],
                               holidays: [day("2026-01-01")])
        #expect(off == days("2026-01-12", "2026-01-20").union([day("2026-01-01")]))
    }

    @Test func aPersonsCalendarIsTheirOwnThenTheOrganisationsAndNoneMeansNone() {
        let organisation = OrganisationSettings(timeZone: berlin, holidayCalendar: "de")
        #expect(DaysOff.calendar(directory: nil, organisation: organisation) == "de")
        #expect(DaysOff.calendar(directory: "  ", organisation: organisation) == "de")
        #expect(DaysOff.calendar(directory: " in ", organisation: organisation) == "in")
        #expect(DaysOff.calendar(directory: "none", organisation: organisation) == nil)
        #expect(DaysOff.calendar(directory: nil, organisation: OrganisationSettings(timeZone: berlin)) == nil)
    }

    /// Section 0, the week-away rule: a week whose scheduled working days are all days off is not active, even
    /// with a message sent from the beach; the time-zone metrics keep the schedule.
    @Test func aWeekAwayIsNotActiveWhateverThePersonDid() throws {
        let period = try Period.range(from: "2026-04-06", to: "2026-04-19", zone: berlin)
        let people = [
            // Away the whole week of 6 April, and on Wednesday 15 April (the period's reference day).
            DatasetPerson(displayId: "away", schedule: WorkSchedule(timeZone: berlin),
                          daysOff: days("2026-04-06", "2026-04-10").union([day("2026-04-15")])),
            DatasetPerson(displayId: "here", schedule: WorkSchedule(timeZone: berlin)),
        ]
        let meetings = [
            DatasetMeeting(meetingId: "m", start: instant("2026-04-08T10:00:00+02:00"),
                           end: instant("2026-04-08T11:00:00+02:00"), organizer: 1,
                           attendees: [DatasetAttendee(person: 0)]),
        ]
        let messages = [DatasetMessage(channel: 0, messageId: "beach", author: 0,
                                       sentAt: instant("2026-04-09T10:00:00+02:00"))]
        let dataset = Dataset(organisation: OrganisationSettings(timeZone: berlin), people: people,
                              channels: [DatasetChannel(name: "general")], messages: messages, meetings: meetings,
                              calendarSpan: (period.start, period.end))
        let rows = PersonWeeks.compute(dataset, period: period)
        let away = try #require(rows.first { $0.person == 0 && $0.week == "2026-W15" })
        #expect(!away.active)
        // The meeting happened outside their working hours: all of it is after hours.
        #expect(away.meetingHours == 1)
        #expect(away.afterHours == 1)
        #expect(away.workingHours == 0)
        #expect(away.workdays == 0)
        #expect(try #require(rows.first { $0.person == 1 && $0.week == "2026-W15" }).active)
        // One day off of five is no week away (W16 is inactive for want of activity, not by the rule).
        #expect(!dataset.calendar(0).isAway(period.weeks[1].start, period.weeks[1].end))
        #expect(try #require(rows.first { $0.person == 0 && $0.week == "2026-W16" }).workdays == 4)
        // After hours: the message from the beach is outside W(p).
        let afterHours = try #require(AfterHoursMetric.compute(dataset, period: period, groupBy: .org)["all"])
        #expect(afterHours["after_hours.message_share"] == MetricValue(1, n: 1))
        // The time-zone metrics look at the schedule alone: both overlap on the reference day, 15 April, though
        // one of them is off that day.
        let zones = try #require(TimeZonesMetric.compute(dataset, period: period, groupBy: .org)["all"])
        #expect(zones["time_zones.team_overlap_hours"]?.value == 8)
    }
}

@Suite("Metrics v2: settled edge cases")
struct SettledEdgeCaseTests {
    /// Sunday hours 02:00-03:00 in Europe/Berlin on 29 March 2026 fall entirely in the skipped hour: that
    /// workday has no working hours and counts nowhere, not even as meeting-free.
    @Test func aWorkdayInsideTheDSTGapCountsNowhere() throws {
        let schedule = WorkSchedule(timeZone: berlin, start: 120, end: 180, workdays: [.sunday])
        let period = try Period.range(from: "2026-03-23", to: "2026-04-05", zone: berlin)
        let people = [DatasetPerson(displayId: "night", schedule: schedule),
                      DatasetPerson(displayId: "other", schedule: WorkSchedule(timeZone: berlin))]
        let meetings = [DatasetMeeting(meetingId: "c", start: period.start, end: period.start + 3_600_000,
                                       organizer: 0, cancelled: true, attendees: [DatasetAttendee(person: 1)])]
        let messages = [DatasetMessage(channel: 0, messageId: "1", author: 0,
                                       sentAt: instant("2026-03-27T12:00:00+01:00")),
                        DatasetMessage(channel: 0, messageId: "2", author: 0,
                                       sentAt: instant("2026-04-03T12:00:00+02:00"))]
        let dataset = Dataset(organisation: OrganisationSettings(timeZone: berlin), people: people,
                              channels: [DatasetChannel(name: "general")], messages: messages, meetings: meetings,
                              calendarSpan: (period.start, period.end))
        let rows = PersonWeeks.compute(dataset, period: period).filter { $0.person == 0 }
        // W13 ends with the gap Sunday (no workday at all); W14's Sunday 5 April has its hour.
        #expect(rows.map(\.week) == ["2026-W13", "2026-W14"])
        #expect(rows.map(\.workdays) == [0, 1])
        #expect(rows.map(\.meetingFreeDays) == [0, 1])
        #expect(rows.map(\.focusWorkingHours) == [0, 1])
        // With no scheduled working day with hours, W13 is not a week away: the person is active.
        #expect(rows.map(\.active) == [true, true])
    }
}

@Suite("Metrics v2: missing data is not good data")
struct CoverageTests {
    static let period = try! Period.quarter("2026Q1", zone: berlin)

    static func people() -> [DatasetPerson] {
        ["a", "b", "c"].map { DatasetPerson(displayId: $0, team: "t", schedule: WorkSchedule(timeZone: berlin)) }
    }

    static func messages() -> [DatasetMessage] {
        (0..<3).map { i in
            DatasetMessage(channel: 0, messageId: "\(i)", author: PersonIndex(i),
                           sentAt: instant("2026-02-0\(i + 2)T10:00:00+01:00"))
        }
    }

    @Test func withoutMeetingRowsMeetingLoadAndFocusTimeAreUndefined() throws {
        let dataset = Dataset(organisation: OrganisationSettings(timeZone: berlin), people: Self.people(),
                              channels: [DatasetChannel(name: "general")], messages: Self.messages())
        for family in [MeetingLoadMetric.self, FocusTimeMetric.self] as [any MetricFamily.Type] {
            let org = try #require(family.compute(dataset, period: Self.period, groupBy: .org)["all"])
            #expect(org.values.allSatisfy { $0.value == nil }, "\(family)")
        }
        let score = Scorecard.score(Assessor.complete(Assessor.values(dataset, period: Self.period, groupBy: .org)["all"]
                                                         ?? [:]),
                                    rubric: try Rubric.defaultRubric())
        #expect(score.dimension("Meetings") == nil)
        #expect(score.dimension("Focus") == nil)
        #expect(score.overall == nil)
        #expect(score.level == nil)
    }

    @Test func onlyPeopleOnTheCalendarCount() throws {
        // a organises a cancelled meeting to which b is invited (any row counts, any answer); c is on no row.
        let meetings = [
            DatasetMeeting(meetingId: "cancelled", start: instant("2026-02-10T10:00:00+01:00"),
                           end: instant("2026-02-10T11:00:00+01:00"), organizer: 0, cancelled: true,
                           attendees: [DatasetAttendee(person: 1, declined: true)]),
            // A row starting before the period does not put c on the period's calendar.
            DatasetMeeting(meetingId: "before", start: instant("2025-12-31T10:00:00+01:00"),
                           end: instant("2025-12-31T11:00:00+01:00"), organizer: 2),
        ]
        let dataset = Dataset(organisation: OrganisationSettings(timeZone: berlin), people: Self.people(),
                              channels: [DatasetChannel(name: "general")], messages: Self.messages(),
                              meetings: meetings)
        #expect(PersonWeeks.peopleOnTheCalendar(dataset, from: Self.period.start, to: Self.period.end)
            == [true, true, false])
        let rows = PersonWeeks.compute(dataset, period: Self.period)
        #expect(Set(rows.map(\.person)) == [0, 1])
        #expect(rows.count == 2 * 14)
    }

    @Test func ownershipNeedsTrackerActivityInThePeriod() throws {
        // One open item, created and last touched in 2025: the tracker's data does not reach 2026Q1.
        let items = [DatasetWorkItem(itemId: "OLD-1", createdAt: instant("2025-10-01T10:00:00+02:00"),
                                     reporter: 0, updatedAt: instant("2025-11-01T10:00:00+01:00"))]
        let dataset = Dataset(organisation: OrganisationSettings(timeZone: berlin), people: Self.people(),
                              workItems: items)
        #expect(!OwnershipMetric.trackerReaches(dataset, period: Self.period))
        let org = try #require(OwnershipMetric.compute(dataset, period: Self.period, groupBy: .org)["all"])
        #expect(org.values.allSatisfy { $0 == .undefined })
        // The quarter it was touched in is covered: the item is stale-free and active there.
        let q4 = try Period.quarter("2025Q4", zone: berlin)
        #expect(OwnershipMetric.trackerReaches(dataset, period: q4))
        let covered = try #require(OwnershipMetric.compute(dataset, period: q4, groupBy: .org)["all"])
        #expect(covered["ownership.unowned_rate"] == MetricValue(1, n: 1))
    }

    @Test func dataCoverageCountsThePeriodsDaysEachKindReaches() throws {
        let dataset = Dataset(organisation: OrganisationSettings(timeZone: berlin), people: Self.people(),
                              channels: [DatasetChannel(name: "general")], messages: Self.messages())
        let coverage = DataCoverage.of(dataset, period: Self.period)
        // Messages on 2, 3 and 4 February: 3 of the quarter's 90 days; no meetings, no work items.
        #expect(coverage.map(\.kind) == ["messages"])
        #expect(coverage.first?.coveredDays == 3)
        #expect(coverage.first?.periodDays == 90)
        let later = try Period.quarter("2026Q3", zone: berlin)
        #expect(DataCoverage.of(dataset, period: later).first?.coveredDays == 0)
    }
}

@Suite("Metrics v2: exact groups and anonymous channels")
struct ExactGroupTests {
    static let period = try! Period.quarter("2026Q1", zone: berlin)

    /// Teams `Café` (U+00E9) and `Cafe` + U+0301 of two people each are two teams, both below a minimum of 3:
    /// never one shown team of four.
    @Test func canonicallyEquivalentTeamsAreTwoGroups() throws {
        let composed = "Caf\u{E9}", decomposed = "Cafe\u{301}"
        #expect(composed == decomposed)  // Swift's String equality, which groups must not use
        let people = [composed, composed, decomposed, decomposed].enumerated().map { i, team in
            DatasetPerson(displayId: "p\(i)", team: team, schedule: WorkSchedule(timeZone: berlin))
        }
        let messages = (0..<4).map { i in
            DatasetMessage(channel: 0, messageId: "\(i)", author: PersonIndex(i),
                           sentAt: instant("2026-02-0\(i + 2)T10:00:00+01:00"))
        }
        let dataset = Dataset(organisation: OrganisationSettings(timeZone: berlin), people: people,
                              channels: [DatasetChannel(name: "general")], messages: messages)
        #expect(Assessor.teamSizes(dataset) == [GroupName(composed): 2, GroupName(decomposed): 2])
        let rows = Assessor.query(dataset, metric: "after_hours.message_share", period: Self.period, groupBy: .team,
                                  minGroupSize: 3)
        #expect(rows.count == 2)
        #expect(rows.allSatisfy { $0.status == .suppressed && $0.members == 2 })
        #expect(Set(rows.map { Array($0.group.unicodeScalars) })
            == [Array(composed.unicodeScalars), Array(decomposed.unicodeScalars)])
        let shown = Assessor.query(dataset, metric: "after_hours.message_share", period: Self.period,
                                   groupBy: .team, minGroupSize: 2)
        #expect(shown.map(\.value) == [MetricValue(0, n: 2), MetricValue(0, n: 2)])
        let assessment = Assessor.assess(dataset, period: Self.period, comparison: nil,
                                         rubric: try Rubric.defaultRubric(), minGroupSize: 3)
        #expect(assessment.groups.count == 2)
        #expect(assessment.groups.allSatisfy { $0.suppressed && $0.members == 2 })
    }

    /// A suppressed channel is not named: all of them are one row without a value.
    @Test func suppressedChannelsAreOneAnonymousRow() throws {
        let people = (0..<6).map { DatasetPerson(displayId: "p\($0)", schedule: WorkSchedule(timeZone: berlin)) }
        var messages: [DatasetMessage] = []
        for i in 0..<6 {  // six authors in #general
            messages.append(DatasetMessage(channel: 0, messageId: "g\(i)", author: PersonIndex(i),
                                           sentAt: instant("2026-02-0\(i + 2)T10:00:00+01:00")))
        }
        messages.append(DatasetMessage(channel: 1, messageId: "d1", author: 0, sentAt: instant("2026-02-02T11:00:00+01:00")))
        messages.append(DatasetMessage(channel: 2, messageId: "d2", author: 1, sentAt: instant("2026-02-02T11:00:00+01:00")))
        let dataset = Dataset(organisation: OrganisationSettings(timeZone: berlin), people: people,
                              channels: [DatasetChannel(name: "general"),
                                         DatasetChannel(name: "mpdm-p0--p1--p2", kind: .group),
                                         DatasetChannel(name: "dm-p1-p3", kind: .direct)],
                              messages: messages)
        let rows = Assessor.query(dataset, metric: "after_hours.message_share", period: Self.period,
                                  groupBy: .channel, minGroupSize: 5)
        #expect(rows.map(\.group) == ["general", "(2 channels below the minimum group size)"])
        #expect(rows.last?.status == .suppressed)
        #expect(rows.last?.value == .undefined)
        #expect(rows.last?.members == nil)
        #expect(rows.first?.members == 6)
    }
}
