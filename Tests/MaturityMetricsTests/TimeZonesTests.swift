import Foundation
import MaturityCore
import MaturityMetrics
import MaturityTestSupport
import Testing

private func zone(_ id: String) -> TimeZone { TimeZone(identifier: id) ?? .gmt }

@Suite struct TimeZonesTests {
    static let berlin = zone("Europe/Berlin")

    static func person(_ id: String, _ team: String, _ zoneId: String, bot: Bool = false, start: Int = 540,
                       end: Int = 1020, days: Set<Weekday>? = nil) -> DatasetPerson {
        var schedule = WorkSchedule(timeZone: zone(zoneId), start: start, end: end)
        if let days { schedule.workdays = days }
        return DatasetPerson(displayId: id, team: team, isBot: bot, schedule: schedule)
    }

    /// The period 2026Q1 in Berlin: its reference day is Wednesday 11 February 2026 (00:00Z to 24:00Z).
    static func q1() throws -> Period { try Period.quarter("2026Q1", zone: berlin) }

    static func dataset(_ people: [DatasetPerson]) -> Dataset {
        Dataset(organisation: OrganisationSettings(timeZone: berlin), people: people)
    }

    static func values(overlap: Double, coverage: Double, members: Int) -> [String: MetricValue] {
        [
            TimeZonesMetric.teamOverlapHours: MetricValue(overlap, n: members),
            TimeZonesMetric.coverageHours: MetricValue(coverage, n: members),
        ]
    }

    @Test func berlinLondonKolkataExampleOfTheSpec() throws {
        // 09:00-17:00 each on 11 February 2026: Berlin 08:00Z-16:00Z, London 09:00Z-17:00Z, Kolkata
        // 03:30Z-11:30Z. Overlap 09:00Z-11:30Z = 2.5 h, coverage 03:30Z-17:00Z = 13.5 h.
        let people = [
            Self.person("anna", "platform", "Europe/Berlin"),
            Self.person("ben", "platform", "Europe/London"),
            Self.person("chitra", "platform", "Asia/Kolkata"),
            // A bot of the team working New York hours (14:00Z-22:00Z) would stretch the coverage to 22:00Z
            // and cut the overlap to nothing: bots are no members.
            Self.person("bot", "platform", "America/New_York", bot: true),
        ]
        let period = try Self.q1()
        let expected = Self.values(overlap: 2.5, coverage: 13.5, members: 3)
        #expect(TimeZonesMetric.compute(Self.dataset(people), period: period, groupBy: .team) == ["platform": expected])
        #expect(TimeZonesMetric.compute(Self.dataset(people), period: period, groupBy: .org) == ["all": expected])
    }

    @Test func theOrganisationIsEveryNonBotPerson() throws {
        let people = [
            Self.person("anna", "platform", "Europe/Berlin"),
            // Tokyo 09:00-17:00 is 00:00Z-08:00Z: it ends exactly when Berlin starts.
            Self.person("pia", "apac", "Asia/Tokyo"),
            Self.person("bot", "apac", "America/New_York", bot: true),
        ]
        let dataset = Self.dataset(people)
        let period = try Self.q1()
        #expect(TimeZonesMetric.compute(dataset, period: period, groupBy: .org)
            == ["all": Self.values(overlap: 0, coverage: 16, members: 2)])
        #expect(TimeZonesMetric.compute(dataset, period: period, groupBy: .team) == [
            "platform": Self.values(overlap: 8, coverage: 8, members: 1),
            "apac": Self.values(overlap: 8, coverage: 8, members: 1),
        ])
    }

    @Test func hoursRunningPastMidnightAreClippedToTheReferenceDay() throws {
        // 22:00-06:00 Berlin, Monday to Friday: Tuesday's hours reach 05:00Z on Wednesday, Wednesday's start
        // at 21:00Z. 5 h + 3 h inside the reference day.
        let people = [Self.person("nora", "night", "Europe/Berlin", start: 22 * 60, end: 6 * 60)]
        #expect(TimeZonesMetric.compute(Self.dataset(people), period: try Self.q1(), groupBy: .team)
            == ["night": Self.values(overlap: 8, coverage: 8, members: 1)])
    }

    @Test func aMemberWhoDoesNotWorkOnTheReferenceDayLeavesNoOverlap() throws {
        let people = [
            Self.person("anna", "platform", "Europe/Berlin"),
            Self.person("dana", "platform", "Europe/Berlin", days: [.monday, .tuesday, .thursday]),
        ]
        #expect(TimeZonesMetric.compute(Self.dataset(people), period: try Self.q1(), groupBy: .team)
            == ["platform": Self.values(overlap: 0, coverage: 8, members: 2)])
    }

    @Test func theReferenceDayOf2026Q3IsWednesday12August() throws {
        // Sydney 09:00-17:00 (AEST, +10): Wednesday's hours are 23:00Z on the 11th to 07:00Z on the 12th (7 h
        // of them on the reference day), Thursday's start at 23:00Z on the 12th (1 h). Berlin (CEST) works
        // 07:00Z-15:00Z: it touches Sydney at 07:00Z, no overlap; coverage 7 + 8 + 1 = 16 h.
        let people = [
            Self.person("uma", "global", "Australia/Sydney"),
            Self.person("anna", "global", "Europe/Berlin"),
        ]
        let period = try Period.quarter("2026Q3", zone: Self.berlin)
        #expect(TimeZonesMetric.compute(Self.dataset(people), period: period, groupBy: .team)
            == ["global": Self.values(overlap: 0, coverage: 16, members: 2)])
    }

    @Test func groupsWithoutMembersAndOtherGroupings() throws {
        let bots = [Self.person("bot", "robots", "Europe/Berlin", bot: true)]
        let period = try Self.q1()
        #expect(TimeZonesMetric.compute(Self.dataset(bots), period: period, groupBy: .team).isEmpty)
        #expect(TimeZonesMetric.compute(Self.dataset(bots), period: period, groupBy: .org) == [
            "all": [TimeZonesMetric.teamOverlapHours: .undefined, TimeZonesMetric.coverageHours: .undefined]
        ])
        let people = [Self.person("anna", "platform", "Europe/Berlin")]
        for grouping in [GroupBy.week, .channel, .kind, .person] {
            #expect(TimeZonesMetric.compute(Self.dataset(people), period: period, groupBy: grouping).isEmpty)
        }
    }
}

@Suite("Time zones conformance")
struct TimeZonesConformanceTests {
    @Test("org and team values match expected/metrics.csv", arguments: ConformanceData.names)
    func metricValues(name: String) throws {
        let lines = try ConformanceData.mismatches(TimeZonesMetric.self, dataset: name)
        #expect(lines.isEmpty, "\(lines.joined(separator: "\n"))")
    }
}
