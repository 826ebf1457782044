import Foundation
import MaturityCore
import MaturityTestSupport
import Testing

@testable import MaturityMetrics

private typealias F = MeetingFocusFixture

@Suite struct MeetingLoadTests {
    static func row(active: Bool = true, meeting: Double = 0, conflict: Double = 0, after: Double = 0,
                    share: Double?, attended: Double = 0, large: Double = 0, recurring: Double = 0,
                    status: Double = 0) -> PersonWeek {
        PersonWeek(person: 0, team: "a", week: "2026-W02", active: active, meetingHours: meeting,
                   conflictHours: conflict, afterHours: after, workingHours: share == nil ? 0 : 40, share: share,
                   attendedHours: attended, largeHours: large, recurringHours: recurring, statusHours: status)
    }

    @Test func valuesOfAGroupOfPersonWeeks() {
        let rows = [
            Self.row(meeting: 2, conflict: 1, after: 1, share: 0.5, attended: 3, large: 1, recurring: 3),
            // Active without working hours: counts in hours, not in shares.
            Self.row(meeting: 4, share: nil, attended: 4, status: 2),
            Self.row(meeting: 0, share: 0),
            // Exactly 0.4 is not overloaded.
            Self.row(meeting: 10, conflict: 2, after: 2, share: 0.4, attended: 12, large: 6, recurring: 6,
                     status: 6),
            // Inactive: left out everywhere (it has no meeting time, or it would be active).
            Self.row(active: false, share: 0),
        ]
        let values = MeetingLoadMetric.values(rows)
        // Active hours sorted: 0, 2, 4, 10.
        #expect(values["meeting_load.median_hours_per_week"] == MetricValue(3, n: 4))
        // h = 3 × 0.9 = 2.7: 4 + 0.7 × (10 − 4).
        let p90 = values["meeting_load.p90_hours_per_week"]
        #expect(p90?.n == 4)
        #expect(abs((p90?.value ?? 0) - 8.2) < 1e-12)
        #expect(values["meeting_load.mean_share"]?.n == 3)
        #expect(abs((values["meeting_load.mean_share"]?.value ?? 0) - 0.3) < 1e-12)
        #expect(values["meeting_load.overloaded_share"] == MetricValue(1.0 / 3, n: 3))
        #expect(values["meeting_load.conflict_hours_per_week"] == MetricValue(0.75, n: 4))
        #expect(values["meeting_load.after_hours_share"] == MetricValue(3.0 / 16, n: 3))
        #expect(values["meeting_load.large_share"] == MetricValue(7.0 / 19, n: 3))
        #expect(values["meeting_load.recurring_share"] == MetricValue(9.0 / 19, n: 3))
        #expect(values["meeting_load.status_share"] == MetricValue(8.0 / 19, n: 3))
        #expect(values.count == MeetingLoadMetric.definitions.count)
        #expect(Set(values.keys) == Set(MeetingLoadMetric.definitions.map(\.name)))
    }

    @Test func undefinedWithoutActivePersonWeeks() {
        let values = MeetingLoadMetric.values([Self.row(active: false, share: 0), Self.row(active: false, share: nil)])
        for definition in MeetingLoadMetric.definitions {
            #expect(values[definition.name] == .undefined, "\(definition.name)")
        }
        #expect(MeetingLoadMetric.values([]) == values)
    }

    @Test func sharesUndefinedWhenNoActiveWeekHasWorkingHours() {
        let values = MeetingLoadMetric.values([Self.row(meeting: 0, share: nil), Self.row(meeting: 0, share: nil)])
        #expect(values["meeting_load.median_hours_per_week"] == MetricValue(0, n: 2))
        #expect(values["meeting_load.p90_hours_per_week"] == MetricValue(0, n: 2))
        #expect(values["meeting_load.conflict_hours_per_week"] == MetricValue(0, n: 2))
        #expect(values["meeting_load.mean_share"] == .undefined)
        #expect(values["meeting_load.overloaded_share"] == .undefined)
        // No meeting time at all: the hour ratios have a zero denominator.
        #expect(values["meeting_load.after_hours_share"] == .undefined)
        #expect(values["meeting_load.large_share"] == .undefined)
        #expect(values["meeting_load.recurring_share"] == .undefined)
        #expect(values["meeting_load.status_share"] == .undefined)
    }

    /// The clipped week 2026-W01 (Thursday 1 to Sunday 4 January) of a Mon-Wed part-timer who wrote a
    /// message, next to a full-time colleague in a 2 h meeting with them on Friday.
    @Test func partTimerWithoutWorkingHoursCountsInHoursButNotInShares() throws {
        let period = try Period.quarter("2026Q1", zone: F.berlin)
        let people = [F.person("part", team: "p", zone: F.berlin, workdays: [.monday, .tuesday, .wednesday]),
                      F.person("full", team: "f", zone: F.berlin)]
        let meetings = [F.meeting("friday", "2026-01-02T10:00:00+01:00", "2026-01-02T12:00:00+01:00",
                                  organizer: 1, attendees: [0], title: "Status")]
        let messages = [F.message(0, "2026-01-02T09:00:00+01:00")]
        let dataset = F.dataset(zone: F.berlin, people: people, meetings: meetings, messages: messages,
                                period: period)
        let byWeek = MeetingLoadMetric.compute(dataset, period: period, groupBy: .week)
        let w01 = try #require(byWeek["2026-W01"])
        // Both active; hours 2 and 2 (the part-timer's meeting is all after hours).
        #expect(w01["meeting_load.median_hours_per_week"] == MetricValue(2, n: 2))
        // Only the full-timer's share counts: 2 h of 16 h.
        #expect(w01["meeting_load.mean_share"] == MetricValue(0.125, n: 1))
        #expect(w01["meeting_load.overloaded_share"] == MetricValue(0, n: 1))
        #expect(w01["meeting_load.after_hours_share"] == MetricValue(0.5, n: 2))
        #expect(w01["meeting_load.status_share"] == MetricValue(1, n: 2))
        #expect(w01["meeting_load.large_share"] == MetricValue(0, n: 2))
        #expect(w01["meeting_load.recurring_share"] == MetricValue(0, n: 2))
        let byTeam = MeetingLoadMetric.compute(dataset, period: period, groupBy: .team)
        #expect(byTeam["p"]?["meeting_load.mean_share"] == .undefined)
        #expect(byTeam["p"]?["meeting_load.median_hours_per_week"] == MetricValue(2, n: 1))
        #expect(byTeam["p"]?["meeting_load.after_hours_share"] == MetricValue(1, n: 1))
        #expect(byTeam["f"]?["meeting_load.after_hours_share"] == MetricValue(0, n: 1))
    }

    @Test func groupsByOrgTeamWeekAndPerson() throws {
        let period = try Period.range(from: "2026-01-05", to: "2026-01-18", zone: F.utc)
        let people = [F.person("ann", team: "a"), F.person("ben", team: "a"), F.person("cat", team: "b"),
                      F.person("bot", team: "b", bot: true)]
        let meetings = [
            // W02: Ann and Cat (the bot does not count), 4 h on Monday.
            F.meeting("m1", "2026-01-05T09:00:00Z", "2026-01-05T13:00:00Z", organizer: 0, attendees: [2, 3]),
            // W03: Ann and Ben, 20 h in total (overloaded: 20/40 > 0.4), recurring.
            F.meeting("m2", "2026-01-12T09:00:00Z", "2026-01-12T17:00:00Z", organizer: 0, attendees: [1],
                      series: "s"),
            F.meeting("m3", "2026-01-13T09:00:00Z", "2026-01-13T17:00:00Z", organizer: 0, attendees: [1],
                      series: "s"),
            F.meeting("m4", "2026-01-14T09:00:00Z", "2026-01-14T13:00:00Z", organizer: 0, attendees: [1],
                      series: "s"),
        ]
        let dataset = F.dataset(people: people, meetings: meetings, period: period)

        let org = MeetingLoadMetric.compute(dataset, period: period, groupBy: .org)
        #expect(Array(org.keys) == ["all"])
        // Active person-weeks: Ann W02 (4), Cat W02 (4), Ann W03 (20), Ben W03 (20).
        #expect(org["all"]?["meeting_load.median_hours_per_week"] == MetricValue(12, n: 4))
        #expect(org["all"]?["meeting_load.overloaded_share"] == MetricValue(0.5, n: 4))
        #expect(org["all"]?["meeting_load.recurring_share"] == MetricValue(40.0 / 48, n: 4))

        let teams = MeetingLoadMetric.compute(dataset, period: period, groupBy: .team)
        #expect(Set(teams.keys) == ["a", "b"])
        #expect(teams["a"]?["meeting_load.median_hours_per_week"] == MetricValue(20, n: 3))
        #expect(teams["b"]?["meeting_load.median_hours_per_week"] == MetricValue(4, n: 1))
        #expect(teams["b"]?["meeting_load.mean_share"] == MetricValue(0.1, n: 1))

        let weeks = MeetingLoadMetric.compute(dataset, period: period, groupBy: .week)
        #expect(Set(weeks.keys) == ["2026-W02", "2026-W03"])
        #expect(weeks["2026-W02"]?["meeting_load.median_hours_per_week"] == MetricValue(4, n: 2))
        #expect(weeks["2026-W03"]?["meeting_load.overloaded_share"] == MetricValue(1, n: 2))

        let persons = MeetingLoadMetric.compute(dataset, period: period, groupBy: .person)
        #expect(Set(persons.keys) == ["ann", "ben", "cat"])
        #expect(persons["ann"]?["meeting_load.median_hours_per_week"] == MetricValue(12, n: 2))
        #expect(persons["ben"]?["meeting_load.median_hours_per_week"] == MetricValue(20, n: 1))
        #expect(persons["ben"]?["meeting_load.after_hours_share"] == MetricValue(0, n: 1))

        #expect(MeetingLoadMetric.compute(dataset, period: period, groupBy: .channel).isEmpty)
        #expect(MeetingLoadMetric.compute(dataset, period: period, groupBy: .kind).isEmpty)
    }

    @Test func orgIsAlwaysAGroup() throws {
        let period = try F.weekTwo()
        let dataset = F.dataset(people: [F.person("bot", bot: true)], period: period)
        let org = MeetingLoadMetric.compute(dataset, period: period, groupBy: .org)
        #expect(org["all"]?["meeting_load.median_hours_per_week"] == .undefined)
    }

    @Test func definitionsNameTheNineMetrics() {
        #expect(MeetingLoadMetric.definitions.map(\.name) == [
            "meeting_load.median_hours_per_week", "meeting_load.p90_hours_per_week", "meeting_load.mean_share",
            "meeting_load.overloaded_share", "meeting_load.conflict_hours_per_week",
            "meeting_load.after_hours_share", "meeting_load.large_share", "meeting_load.recurring_share",
            "meeting_load.status_share",
        ])
        #expect(MeetingLoadMetric.definitions.allSatisfy { $0.groupings == [.week, .person] })
    }

    @Test(arguments: ConformanceData.names)
    func matchesTheConformanceValues(_ name: String) throws {
        let differences = try ConformanceData.mismatches(MeetingLoadMetric.self, dataset: name)
        #expect(differences.isEmpty, "\(differences.joined(separator: "\n"))")
        let expected = try ConformanceData.expectedMetrics(name).filter { $0.metric.hasPrefix("meeting_load.") }
        #expect(expected.count == 9 * 6)
    }
}
