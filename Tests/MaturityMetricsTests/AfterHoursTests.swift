import Foundation
import MaturityCore
import MaturityMetrics
import MaturityTestSupport
import Testing

private func zone(_ id: String) -> TimeZone { TimeZone(identifier: id) ?? .gmt }

@Suite struct AfterHoursTests {
    static let berlin = zone("Europe/Berlin")

    /// Anna (Berlin, team alpha), Ben (London, team beta), a bot (Berlin). Channels: #general (public) and a
    /// direct conversation. Period 2026Q1 in Berlin: [2025-12-31T23:00Z, 2026-03-31T22:00Z).
    static func dataset() -> Dataset {
        let people = [
            DatasetPerson(displayId: "anna", team: "alpha", schedule: WorkSchedule(timeZone: berlin)),
            DatasetPerson(displayId: "ben", team: "beta", schedule: WorkSchedule(timeZone: zone("Europe/London"))),
            DatasetPerson(displayId: "bot", team: "alpha", isBot: true, schedule: WorkSchedule(timeZone: berlin)),
        ]
        let channels = [DatasetChannel(name: "general"), DatasetChannel(name: "dm-anna-ben", kind: .direct)]
        let messages = [
            // Wednesday 11 February 2026, 09:00:00 Berlin: inside 09:00-17:00.
            message("m1", 0, 0, "2026-02-11T08:00:00Z"),
            // 17:00:00 Berlin: outside (the end is excluded).
            message("m2", 0, 0, "2026-02-11T16:00:00Z"),
            // 16:00 London: inside.
            message("m3", 0, 1, "2026-02-11T16:00:00Z"),
            // Saturday noon in London: outside.
            message("m4", 1, 1, "2026-02-14T12:00:00Z"),
            // A bot's message and a system message are no messages.
            message("m5", 0, 2, "2026-02-11T03:00:00Z"),
            message("m6", 0, 0, "2026-02-11T03:00:00Z", system: true),
            // 23:59:59.999 on 31 December in Berlin: before the period.
            message("m7", 0, 0, "2025-12-31T22:59:59.999Z"),
            // 23:59 on Tuesday 31 March in Berlin: the last minute of the period, outside working hours.
            message("m8", 0, 0, "2026-03-31T21:59:00Z"),
            // Midnight of 1 April in Berlin: after the period.
            message("m9", 0, 1, "2026-03-31T22:00:00Z"),
        ]
        return Dataset(organisation: OrganisationSettings(timeZone: berlin), people: people, channels: channels,
                       messages: messages)
    }

    static func q1() throws -> Period { try Period.quarter("2026Q1", zone: berlin) }

    @Test func organisationCountsOnlyHumanNonSystemMessagesOfThePeriod() throws {
        let values = AfterHoursMetric.compute(Self.dataset(), period: try Self.q1(), groupBy: .org)
        // In the period: m1 (in), m2 (out), m3 (in), m4 (out), m8 (out): 3 of 5.
        #expect(values == ["all": [AfterHoursMetric.messageShare: MetricValue(0.6, n: 5)]])
    }

    @Test func teamsCountTheirAuthorsMessages() throws {
        let values = AfterHoursMetric.compute(Self.dataset(), period: try Self.q1(), groupBy: .team)
        #expect(values == [
            "alpha": [AfterHoursMetric.messageShare: MetricValue(2.0 / 3.0, n: 3)],
            "beta": [AfterHoursMetric.messageShare: MetricValue(0.5, n: 2)],
        ])
    }

    @Test func weeksChannelsAndPeople() throws {
        let dataset = Self.dataset()
        let period = try Self.q1()
        #expect(AfterHoursMetric.compute(dataset, period: period, groupBy: .week) == [
            "2026-W07": [AfterHoursMetric.messageShare: MetricValue(0.5, n: 4)],
            "2026-W14": [AfterHoursMetric.messageShare: MetricValue(1.0, n: 1)],
        ])
        #expect(AfterHoursMetric.compute(dataset, period: period, groupBy: .channel) == [
            "general": [AfterHoursMetric.messageShare: MetricValue(0.5, n: 4)],
            "dm-anna-ben": [AfterHoursMetric.messageShare: MetricValue(1.0, n: 1)],
        ])
        #expect(AfterHoursMetric.compute(dataset, period: period, groupBy: .person) == [
            "anna": [AfterHoursMetric.messageShare: MetricValue(2.0 / 3.0, n: 3)],
            "ben": [AfterHoursMetric.messageShare: MetricValue(0.5, n: 2)],
        ])
        #expect(AfterHoursMetric.compute(dataset, period: period, groupBy: .kind).isEmpty)
    }

    @Test func aPeriodWithoutMessagesIsUndefined() throws {
        let period = try Period.quarter("2026Q3", zone: Self.berlin)
        let values = AfterHoursMetric.compute(Self.dataset(), period: period, groupBy: .org)
        #expect(values == ["all": [AfterHoursMetric.messageShare: .undefined]])
        #expect(AfterHoursMetric.compute(Self.dataset(), period: period, groupBy: .team).isEmpty)
    }

    @Test func workingHoursFollowTheAuthorsDaysAndNightShifts() throws {
        // Night shift 22:00-06:00 Monday to Friday in Berlin: Friday's hours run into Saturday 06:00, and
        // Sunday 23:00 is not working time (Sunday is no workday).
        let night = WorkSchedule(timeZone: Self.berlin, start: 22 * 60, end: 6 * 60)
        let people = [DatasetPerson(displayId: "nora", schedule: night)]
        let messages = [
            DatasetMessage(channel: 0, messageId: "a", author: 0, sentAt: instant("2026-02-14T04:59:59Z")),
            DatasetMessage(channel: 0, messageId: "b", author: 0, sentAt: instant("2026-02-14T05:00:00Z")),
            DatasetMessage(channel: 0, messageId: "c", author: 0, sentAt: instant("2026-02-15T22:00:00Z")),
            DatasetMessage(channel: 0, messageId: "d", author: 0, sentAt: instant("2026-02-16T21:00:00Z")),
        ]
        let dataset = Dataset(organisation: OrganisationSettings(timeZone: Self.berlin), people: people,
                              channels: [DatasetChannel(name: "ops")], messages: messages)
        // a: Saturday 05:59:59 (Friday's shift, inside); b: Saturday 06:00 (outside); c: Sunday 23:00
        // (outside); d: Monday 22:00 (inside). Two of four outside.
        #expect(AfterHoursMetric.compute(dataset, period: try Self.q1(), groupBy: .org)
            == ["all": [AfterHoursMetric.messageShare: MetricValue(0.5, n: 4)]])
    }
}

@Suite("After hours conformance")
struct AfterHoursConformanceTests {
    @Test("org and team values match expected/metrics.csv", arguments: ConformanceData.names)
    func metricValues(name: String) throws {
        let lines = try ConformanceData.mismatches(AfterHoursMetric.self, dataset: name)
        #expect(lines.isEmpty, "\(lines.joined(separator: "\n"))")
    }
}
