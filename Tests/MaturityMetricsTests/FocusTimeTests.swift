import Foundation
import MaturityCore
import MaturityTestSupport
import Testing

@testable import MaturityMetrics

private typealias F = MeetingFocusFixture

@Suite struct FocusTimeTests {
    static func row(active: Bool = true, focus: Double = 0, fragmented: Double = 0, working: Double = 0,
                    workdays: Int = 0, meetingFree: Int = 0) -> PersonWeek {
        PersonWeek(person: 0, team: "a", week: "2026-W02", active: active, workdays: workdays,
                   meetingFreeDays: meetingFree, focusHours: focus, fragmentedHours: fragmented,
                   focusWorkingHours: working)
    }

    @Test func valuesOfAGroupOfPersonWeeks() {
        let values = FocusTimeMetric.values([
            Self.row(focus: 30, fragmented: 2, working: 40, workdays: 5, meetingFree: 2),
            // Active without workdays: focus 0 in the median, nothing in the shares.
            Self.row(),
            Self.row(focus: 10, fragmented: 4, working: 16, workdays: 2),
            Self.row(active: false, focus: 40, working: 40, workdays: 5, meetingFree: 5),
        ])
        #expect(values["focus_time.median_hours_per_week"] == MetricValue(10, n: 3))
        #expect(values["focus_time.share"] == MetricValue(40.0 / 56, n: 2))
        #expect(values["focus_time.fragmented_share"] == MetricValue(6.0 / 56, n: 2))
        #expect(values["focus_time.meeting_free_day_share"] == MetricValue(2.0 / 7, n: 7))
        #expect(Set(values.keys) == Set(FocusTimeMetric.definitions.map(\.name)))
    }

    @Test func undefinedCases() {
        let none = FocusTimeMetric.values([Self.row(active: false, focus: 8, working: 8, workdays: 1)])
        for definition in FocusTimeMetric.definitions {
            #expect(none[definition.name] == .undefined, "\(definition.name)")
        }
        #expect(FocusTimeMetric.values([]) == none)
        // Only an active week without workdays (a Mon-Wed part-timer in Thursday-Sunday).
        let noWorkdays = FocusTimeMetric.values([Self.row()])
        #expect(noWorkdays["focus_time.median_hours_per_week"] == MetricValue(0, n: 1))
        #expect(noWorkdays["focus_time.share"] == .undefined)
        #expect(noWorkdays["focus_time.fragmented_share"] == .undefined)
        #expect(noWorkdays["focus_time.meeting_free_day_share"] == .undefined)
    }

    /// Ann and Ben (UTC, 09:00-17:00 Mon-Fri) share every meeting of 2026-W02.
    static func freeIntervalsWeek() throws -> (Dataset, Period) {
        let period = try F.weekTwo()
        let meetings = [
            // Starts in the week (and period) before: the whole occurrence takes Monday until 10:00.
            F.meeting("early", "2026-01-04T23:00:00Z", "2026-01-05T10:00:00Z", organizer: 0, attendees: [1]),
            // Tuesday: ends at 09:00 and starts at 17:00, touching nothing.
            F.meeting("before", "2026-01-06T08:00:00Z", "2026-01-06T09:00:00Z", organizer: 0, attendees: [1]),
            F.meeting("after", "2026-01-06T17:00:00Z", "2026-01-06T17:30:00Z", organizer: 0, attendees: [1]),
            // Wednesday: 09:00-11:00 free (exactly 2 h: focus), 11:30-13:29:59.999 free (fragmented).
            F.meeting("w1", "2026-01-07T11:00:00Z", "2026-01-07T11:30:00Z", organizer: 0, attendees: [1]),
            F.meeting("w2", "2026-01-07T13:29:59.999Z", "2026-01-07T14:00:00Z", organizer: 0, attendees: [1]),
            // Thursday: overlaps the start of the working hours.
            F.meeting("t", "2026-01-08T08:30:00Z", "2026-01-08T09:30:00Z", organizer: 0, attendees: [1]),
            // A meeting Ben declined does not touch his Friday.
            F.meeting("f", "2026-01-09T10:00:00Z", "2026-01-09T11:00:00Z", organizer: 0, attendees: [2],
                      declined: [1]),
        ]
        let people = [F.person("ann"), F.person("ben"), F.person("cat")]
        return (F.dataset(people: people, meetings: meetings, period: period), period)
    }

    @Test func freeIntervalsFocusAndMeetingFreeDays() throws {
        let (dataset, period) = try Self.freeIntervalsWeek()
        let rows = PersonWeeks.compute(dataset, period: period)
        let ben = try #require(F.row(rows, 1, "2026-W02"))
        let fragmentedHours = Double(2 * 3_600_000 - 1) / 3_600_000
        // Mon 7 h, Tue 8 h, Wed 2 h + 3 h, Thu 7.5 h, Fri 8 h.
        #expect(ben.focusHours == 35.5)
        #expect(ben.fragmentedHours == fragmentedHours)
        #expect(ben.focusWorkingHours == 40)
        #expect(ben.workdays == 5)
        // Tuesday and Friday.
        #expect(ben.meetingFreeDays == 2)
        let ann = try #require(F.row(rows, 0, "2026-W02"))
        // Friday's meeting leaves Ann 09:00-10:00 (fragmented) and 11:00-17:00.
        #expect(ann.focusHours == 35.5 - 2)
        #expect(abs(ann.fragmentedHours - (fragmentedHours + 1)) < 1e-12)
        #expect(ann.meetingFreeDays == 1)

        let org = try #require(FocusTimeMetric.compute(dataset, period: period, groupBy: .org)["all"])
        // Ann 33.5, Ben 35.5, Cat 38 (Friday's meeting), all active through meeting time.
        #expect(org["focus_time.median_hours_per_week"] == MetricValue(35.5, n: 3))
        #expect(org["focus_time.share"] == MetricValue((33.5 + 35.5 + 38) / 120, n: 3))
        let fragmented = try #require(org["focus_time.fragmented_share"]?.value)
        #expect(abs(fragmented - (2 * fragmentedHours + 1 + 1) / 120) < 1e-12)
        // Ann: Tuesday; Ben: Tuesday and Friday; Cat: Monday to Thursday.
        #expect(org["focus_time.meeting_free_day_share"] == MetricValue(7.0 / 15, n: 15))
    }

    @Test func onlyWorkdaysOfActivePersonWeeksCount() throws {
        let period = try Period.range(from: "2026-01-05", to: "2026-01-18", zone: F.utc)
        let messages = [F.message(0, "2026-01-07T12:00:00Z")]
        let dataset = F.dataset(people: [F.person("ann"), F.person("ben")], meetings: [F.onCalendar([0, 1], in: period)],
                                messages: messages, period: period)
        let org = try #require(FocusTimeMetric.compute(dataset, period: period, groupBy: .org)["all"])
        #expect(org["focus_time.median_hours_per_week"] == MetricValue(40, n: 1))
        #expect(org["focus_time.share"] == MetricValue(1, n: 1))
        #expect(org["focus_time.fragmented_share"] == MetricValue(0, n: 1))
        #expect(org["focus_time.meeting_free_day_share"] == MetricValue(1, n: 5))
        let weeks = FocusTimeMetric.compute(dataset, period: period, groupBy: .week)
        #expect(weeks["2026-W03"]?["focus_time.median_hours_per_week"] == .undefined)
        #expect(weeks["2026-W03"]?["focus_time.meeting_free_day_share"] == .undefined)
        let persons = FocusTimeMetric.compute(dataset, period: period, groupBy: .person)
        #expect(persons["ben"]?["focus_time.share"] == .undefined)
        #expect(persons["ann"]?["focus_time.share"] == MetricValue(1, n: 1))
    }

    @Test func sydneyMondayCountsInThePreviousWeek() throws {
        // Monday 12 January in Sydney starts on Sunday 11 January at 23:00 in Berlin: 2026-W02. A meeting on
        // that Monday morning lies in 2026-W03 yet splits W02's Monday.
        let period = try Period.range(from: "2026-01-05", to: "2026-01-18", zone: F.berlin)
        let people = [F.person("syd", team: "au", zone: F.sydney), F.person("ber", team: "eu", zone: F.berlin)]
        let meetings = [F.meeting("m", "2026-01-12T10:00:00+11:00", "2026-01-12T11:00:00+11:00", organizer: 0,
                                  attendees: [1])]
        let messages = [F.message(0, "2026-01-06T12:00:00+01:00")]
        let dataset = F.dataset(zone: F.berlin, people: people, meetings: meetings, messages: messages,
                                period: period)
        let teams = FocusTimeMetric.compute(dataset, period: period, groupBy: .team)
        let au = try #require(teams["au"])
        // W02: Tue-Fri and Monday 12 January (6 h focus, 1 h fragmented); W03 (active through the meeting):
        // Tue 13 to Fri 16 and Monday 19 January, all free. Monday 5 January started in W01, before the period.
        #expect(au["focus_time.median_hours_per_week"] == MetricValue((38 + 40) / 2, n: 2))
        #expect(au["focus_time.fragmented_share"] == MetricValue(1.0 / 80, n: 2))
        #expect(au["focus_time.meeting_free_day_share"] == MetricValue(9.0 / 10, n: 10))
    }

    @Test func definitionsNameTheFourMetrics() {
        #expect(FocusTimeMetric.definitions.map(\.name) == [
            "focus_time.median_hours_per_week", "focus_time.share", "focus_time.fragmented_share",
            "focus_time.meeting_free_day_share",
        ])
        #expect(FocusTimeMetric.definitions.allSatisfy { $0.groupings == [.week, .person] })
    }

    @Test(arguments: ConformanceData.names)
    func matchesTheConformanceValues(_ name: String) throws {
        let differences = try ConformanceData.mismatches(FocusTimeMetric.self, dataset: name)
        #expect(differences.isEmpty, "\(differences.joined(separator: "\n"))")
        let expected = try ConformanceData.expectedMetrics(name).filter { $0.metric.hasPrefix("focus_time.") }
        #expect(expected.count == 4 * 6)
    }
}
