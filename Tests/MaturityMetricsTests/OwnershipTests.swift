import Foundation
import MaturityCore
import MaturityMetrics
import MaturityTestSupport
import Testing

private let hour: Instant = 3_600_000

/// People of every ownership test: 0 anna and 1 ben (platform), 2 chitra (data), 3 a bot, 4 dora (design).
private let anna: PersonIndex = 0, ben: PersonIndex = 1, chitra: PersonIndex = 2, bot: PersonIndex = 3
private let dora: PersonIndex = 4

private func assign(_ at: String, _ from: [PersonIndex], _ to: [PersonIndex]) -> DatasetWorkItemEvent {
    DatasetWorkItemEvent(at: instant(at), field: .assignee, from: from, to: to)
}

private func status(_ at: String, _ to: WorkStatus) -> DatasetWorkItemEvent {
    DatasetWorkItemEvent(at: instant(at), field: .status, toStatus: to)
}

private func item(_ id: String, created: String, status: WorkStatus = .todo, resolved: String? = nil,
                  due: Bool = false, assignees: [PersonIndex] = [], reporter: PersonIndex? = anna,
                  updated: String? = nil, events: [DatasetWorkItemEvent] = []) -> DatasetWorkItem {
    DatasetWorkItem(itemId: id, createdAt: instant(created), status: status, resolvedAt: resolved.map { instant($0) },
                    hasDue: due, assignees: assignees, reporter: reporter, updatedAt: updated.map { instant($0) },
                    events: events)
}

@Suite struct OwnershipTests {
    static let berlin = TimeZone(identifier: "Europe/Berlin") ?? .gmt

    static func dataset(_ items: [DatasetWorkItem]) -> Dataset {
        let schedule = WorkSchedule(timeZone: berlin)
        let people = [
            DatasetPerson(displayId: "anna", team: "platform", schedule: schedule),
            DatasetPerson(displayId: "ben", team: "platform", schedule: schedule),
            DatasetPerson(displayId: "chitra", team: "data", schedule: schedule),
            DatasetPerson(displayId: "bot", isBot: true, schedule: schedule),
            DatasetPerson(displayId: "dora", team: "design", schedule: schedule),
        ]
        return Dataset(organisation: OrganisationSettings(timeZone: berlin), people: people, workItems: items)
    }

    /// 2026Q1 in Berlin: [2025-12-31T23:00Z, 2026-03-31T22:00Z).
    static func q1() throws -> Period { try Period.quarter("2026Q1", zone: berlin) }

    /// The detail of the only item of a dataset, nil when it is neither created nor active in the period.
    static func detail(_ item: DatasetWorkItem, period: Period? = nil) throws -> OwnershipItemDetail? {
        let details = OwnershipMetric.details(dataset([item]), period: try period ?? q1())
        return details.first
    }

    // MARK: Resolution

    @Test func resolutionComesFromResolvedAtStatusEventsOrTheLastActivity() {
        let resolvedAt = item("A", created: "2026-01-05T09:00:00Z", resolved: "2026-01-09T09:00:00Z")
        #expect(OwnershipMetric.resolution(of: resolvedAt) == instant("2026-01-09T09:00:00Z"))
        // Done without resolved_at: the last status event to done.
        let done = item("B", created: "2026-01-05T09:00:00Z", status: .done, updated: "2026-01-30T09:00:00Z", events: [
            status("2026-01-10T09:00:00Z", .done), status("2026-01-12T09:00:00Z", .inProgress),
            status("2026-01-20T09:00:00Z", .done), status("2026-01-25T09:00:00Z", .cancelled),
        ])
        #expect(OwnershipMetric.resolution(of: done) == instant("2026-01-20T09:00:00Z"))
        // Won't Do without resolved_at nor a status event to cancelled: the last activity (updated_at here).
        let wontDo = item("C", created: "2026-01-14T09:00:00Z", status: .cancelled, updated: "2026-01-20T09:00:00Z",
                          events: [status("2026-01-20T08:00:00Z", .inProgress)])
        #expect(OwnershipMetric.resolution(of: wontDo) == instant("2026-01-20T09:00:00Z"))
        // Without events nor updated_at, the last activity is the creation; an event can be the last activity.
        #expect(OwnershipMetric.resolution(of: item("D", created: "2026-01-14T09:00:00Z", status: .done))
            == instant("2026-01-14T09:00:00Z"))
        let lateEvent = item("E", created: "2026-01-14T09:00:00Z", status: .done, updated: "2026-01-15T09:00:00Z",
                             events: [assign("2026-01-16T09:00:00Z", [], [anna])])
        #expect(OwnershipMetric.resolution(of: lateEvent) == instant("2026-01-16T09:00:00Z"))
        #expect(OwnershipMetric.resolution(of: item("F", created: "2026-01-14T09:00:00Z", status: .inProgress,
                                                    updated: "2026-01-15T09:00:00Z")) == nil)
    }

    // MARK: Scope

    @Test func anItemResolvedExactlyAtTheStartIsInScope() throws {
        let atStart = item("A", created: "2025-12-10T09:00:00Z", status: .done, resolved: "2025-12-31T23:00:00Z",
                           assignees: [anna])
        #expect(try Self.detail(atStart) == OwnershipItemDetail(
            item: 0, team: "platform", createdInPeriod: false, activeInPeriod: true, owners: [anna], reassigned: false,
            openAtEnd: false, stale: nil, hoursToOwner: nil))
        let justBefore = item("B", created: "2025-12-10T09:00:00Z", status: .done, resolved: "2025-12-31T22:59:59.999Z",
                              assignees: [anna])
        #expect(try Self.detail(justBefore) == nil)
    }

    @Test func creationAndResolutionAtThePeriodsEnd() throws {
        #expect(try Self.detail(item("A", created: "2026-03-31T22:00:00Z", assignees: [anna])) == nil)
        // Resolved exactly at the end: not resolved before the end, so open at the end; evaluated at the end.
        let resolvedAtEnd = item("B", created: "2026-03-31T21:00:00Z", resolved: "2026-03-31T22:00:00Z",
                                 events: [assign("2026-03-31T21:30:00Z", [], [ben])])
        #expect(try Self.detail(resolvedAtEnd) == OwnershipItemDetail(
            item: 0, team: "platform", createdInPeriod: true, activeInPeriod: true, owners: [ben], reassigned: false,
            openAtEnd: true, stale: false, hoursToOwner: 0.5))
    }

    // MARK: Assignees at an instant

    @Test func anUnassignAtTheResolutionInstantLeavesTheItemOwned() throws {
        // The spec's automation example (conformance item EDGE-15): no current assignee, reporter anna.
        let events = [
            assign("2026-01-21T11:00:00Z", [], [ben]), assign("2026-02-21T09:00:00Z", [ben], []),
            status("2026-02-21T09:00:00Z", .done),
        ]
        let unassigned = item("A", created: "2026-01-21T09:00:00Z", status: .done,
                              resolved: "2026-02-21T10:00:00+01:00", updated: "2026-02-21T09:00:00Z", events: events)
        #expect(try Self.detail(unassigned) == OwnershipItemDetail(
            item: 0, team: "platform", createdInPeriod: true, activeInPeriod: true, owners: [ben], reassigned: false,
            openAtEnd: false, stale: nil, hoursToOwner: 2))
    }

    @Test func beforeTheFirstEventTheAssigneesAreItsFrom() throws {
        // Resolved on 10 March; the only event, after the resolution, moves it from chitra to ben. The current
        // assignee (ben) decides the team, the history the owner; the event is still a hand-over in the period.
        let history = item("A", created: "2026-03-01T09:00:00Z", resolved: "2026-03-10T09:00:00Z", assignees: [ben],
                           events: [assign("2026-03-11T09:00:00Z", [chitra], [ben])])
        #expect(try Self.detail(history) == OwnershipItemDetail(
            item: 0, team: "platform", createdInPeriod: true, activeInPeriod: true, owners: [chitra],
            reassigned: true, openAtEnd: false, stale: nil, hoursToOwner: 0))
        #expect(OwnershipMetric.assignees(of: history, at: instant("2026-03-11T09:00:00.001Z"), in: Self.dataset([]))
            == [ben])
    }

    @Test func withoutEventsTheCurrentAssigneesAndNeverBots() throws {
        let three = item("A", created: "2026-03-01T09:00:00Z", assignees: [bot, chitra, anna, chitra],
                         updated: "2026-03-20T09:00:00Z")
        let detail = try #require(try Self.detail(three))
        #expect(detail.owners == [chitra, anna])
        #expect(detail.team == "data")
        let botOnly = item("B", created: "2026-02-10T09:00:00Z", assignees: [bot], updated: "2026-02-10T09:00:00Z")
        #expect(try Self.detail(botOnly) == OwnershipItemDetail(
            item: 0, team: "platform", createdInPeriod: true, activeInPeriod: true, owners: [], reassigned: false,
            openAtEnd: true, stale: true, hoursToOwner: nil))
        let nobody = item("C", created: "2026-02-10T09:00:00Z", assignees: [bot], reporter: bot)
        #expect(try Self.detail(nobody)?.team == "unassigned")
    }

    @Test func eventsAtTheSameInstantApplyInInputOrder() {
        let sameInstant = item("A", created: "2026-03-01T09:00:00Z", events: [
            assign("2026-03-02T09:00:00Z", [], [anna]), assign("2026-03-02T09:00:00Z", [anna], [ben]),
        ])
        let dataset = Self.dataset([sameInstant])
        #expect(OwnershipMetric.assignees(of: sameInstant, at: instant("2026-03-02T09:00:00Z"), in: dataset) == [])
        #expect(OwnershipMetric.assignees(of: sameInstant, at: instant("2026-03-02T09:00:00.001Z"), in: dataset)
            == [ben])
    }

    // MARK: Hand-overs

    static func reassigned(_ events: [DatasetWorkItemEvent], period: Period? = nil) throws -> Bool? {
        try detail(item("A", created: "2026-01-05T09:00:00Z", events: events), period: period)?.reassigned
    }

    @Test func handOverThroughNobody() throws {
        // A → nobody (2 February) → B (4 February): the 4 February event is a hand-over.
        let events = [
            assign("2026-01-23T12:00:00+01:00", [], [anna]),
            assign("2026-02-02T10:00:00+01:00", [anna], []),
            assign("2026-02-04T14:30:00+05:30", [], [chitra]),
        ]
        #expect(try Self.reassigned(events) == true)
        // Up to 3 February only the step to nobody lies in the period: no hand-over.
        let early = try Period.range(from: "2026-01-01", to: "2026-02-03", zone: Self.berlin)
        #expect(try Self.reassigned(events, period: early) == false)
        // From 4 February on, the last non-empty assignees before the event are still anna's.
        let late = try Period.range(from: "2026-02-04", to: "2026-02-28", zone: Self.berlin)
        #expect(try Self.reassigned(events, period: late) == true)
    }

    @Test func addingOrDroppingACoAssigneeIsNoHandOver() throws {
        #expect(try Self.reassigned([assign("2026-02-09T09:00:00Z", [anna], [anna, ben])]) == false)
        #expect(try Self.reassigned([assign("2026-02-09T09:00:00Z", [anna, ben], [ben])]) == false)
        #expect(try Self.reassigned([assign("2026-02-09T09:00:00Z", [anna, ben], [ben, chitra])]) == true)
        // The first assignment is no hand-over, nor is clearing the assignees.
        #expect(try Self.reassigned([assign("2026-02-09T09:00:00Z", [], [anna])]) == false)
        #expect(try Self.reassigned([assign("2026-02-09T09:00:00Z", [anna], [])]) == false)
    }

    @Test func handOversCountOnlyInThePeriodAndBotsAreNobody() throws {
        #expect(try Self.reassigned([assign("2025-12-20T09:00:00Z", [anna], [ben])]) == false)
        #expect(try Self.reassigned([assign("2026-04-02T09:00:00Z", [anna], [ben])]) == false)
        // anna → the bot → ben: the bot is nobody, so the second event hands anna's item over to ben.
        #expect(try Self.reassigned([
            assign("2026-02-09T09:00:00Z", [anna], [bot]), assign("2026-02-10T09:00:00Z", [bot], [ben]),
        ]) == true)
        // anna → anna, bot: nobody was added.
        #expect(try Self.reassigned([assign("2026-02-09T09:00:00Z", [anna], [anna, bot])]) == false)
    }

    // MARK: Staleness

    static func stale(updated: String?, events: [DatasetWorkItemEvent] = [], created: String = "2026-01-07T09:00:00Z")
        throws -> Bool?
    {
        try detail(item("A", created: created, status: .inProgress, updated: updated, events: events))?.stale
    }

    @Test func staleUsesA720HourWindowAcrossTheDSTSwitch() throws {
        // The period ends at 2026-04-01 00:00 CEST = 2026-03-31T22:00Z; 720 h earlier is 2026-03-01T22:00Z
        // (23:00 CET), while 30 calendar days earlier would be 2026-03-02 00:00 CET = 2026-03-01T23:00Z.
        #expect(try Self.stale(updated: "2026-03-01T22:30:00Z") == false)
        #expect(try Self.stale(updated: "2026-03-01T22:00:00Z") == false)
        #expect(try Self.stale(updated: "2026-03-01T21:59:59.999Z") == true)
        // Activity only after the end does not count.
        #expect(try Self.stale(updated: "2026-03-31T22:00:00Z") == true)
        #expect(try Self.stale(updated: "2026-03-31T21:59:59.999Z") == false)
        // Events and the creation are activity too.
        #expect(try Self.stale(updated: nil, events: [status("2026-03-15T09:00:00Z", .inProgress)]) == false)
        #expect(try Self.stale(updated: nil, created: "2026-03-20T09:00:00Z") == false)
        #expect(try Self.stale(updated: nil) == true)
    }

    // MARK: First assignment

    static func hoursToOwner(_ item: DatasetWorkItem) throws -> Double? { try detail(item)?.hoursToOwner }

    @Test func hoursFromCreationToTheFirstAssignment() throws {
        let created = "2026-02-10T09:00:00Z"
        #expect(try Self.hoursToOwner(item("A", created: created, events: [
            assign("2026-02-10T10:30:00Z", [], [bot]), assign("2026-02-10T11:00:00Z", [bot], []),
            assign("2026-02-10T12:15:00Z", [], [anna]),
        ])) == 3.25)
        // Assigned at creation: a non-empty first `from`, or current assignees without events.
        #expect(try Self.hoursToOwner(item("B", created: created, events: [
            assign("2026-02-12T09:00:00Z", [anna], [ben])
        ])) == 0)
        #expect(try Self.hoursToOwner(item("C", created: created, assignees: [ben])) == 0)
        // An event earlier than the creation counts as the creation.
        #expect(try Self.hoursToOwner(item("D", created: created, events: [
            assign("2026-02-10T08:00:00Z", [], [anna])
        ])) == 0)
        // Never assigned, assigned only to a bot, first assigned after the end, created before the period.
        #expect(try Self.hoursToOwner(item("E", created: created)) == nil)
        #expect(try Self.hoursToOwner(item("F", created: created, events: [
            assign("2026-02-10T10:00:00Z", [], [bot])
        ])) == nil)
        #expect(try Self.hoursToOwner(item("G", created: "2026-03-30T08:00:00Z", assignees: [ben], events: [
            assign("2026-04-02T09:00:00+02:00", [], [ben])
        ])) == nil)
        #expect(try Self.hoursToOwner(item("H", created: "2025-12-30T08:00:00Z", events: [
            assign("2026-01-02T09:00:00Z", [], [ben])
        ])) == nil)
    }

    // MARK: The metrics

    /// Items of the aggregate tests, with what section 6 decides for 2026Q1.
    static func portfolio() -> Dataset {
        dataset([
            // platform (anna); single owner; due; open, active on 20 March; 0 h to owner.
            item("I1", created: "2026-01-05T09:00:00Z", due: true, assignees: [anna], updated: "2026-03-20T09:00:00Z"),
            // platform (ben); single owner; resolved; 4 h to owner.
            item("I2", created: "2026-01-10T09:00:00Z", status: .done, resolved: "2026-02-01T09:00:00Z",
                 assignees: [ben], events: [assign("2026-01-10T13:00:00Z", [], [ben])]),
            // data (chitra), created before the period; handed over from anna; due; open and stale.
            item("I3", created: "2025-11-01T09:00:00Z", due: true, assignees: [chitra],
                 events: [assign("2026-02-02T09:00:00Z", [anna], [chitra])]),
            // design (reporter dora); unowned; open and stale (created 13 h before the window); never assigned.
            item("I4", created: "2026-03-01T09:00:00Z", reporter: dora),
            // platform (anna); two owners; open and stale; 10 h to owner.
            item("I5", created: "2026-02-01T09:00:00Z", assignees: [anna, ben],
                 events: [assign("2026-02-01T19:00:00Z", [], [anna, ben])]),
            // Resolved before the period: out of scope.
            item("I6", created: "2025-10-01T09:00:00Z", resolved: "2025-12-01T09:00:00Z", assignees: [anna]),
            // unassigned (only bots); unowned; open, active on 30 March.
            item("I7", created: "2026-01-20T09:00:00Z", assignees: [bot], reporter: bot,
                 updated: "2026-03-30T09:00:00Z"),
        ])
    }

    typealias Own = OwnershipMetric

    /// Values from (hits, total) tallies and the hours to owner.
    static func values(single: (Int, Int), unowned: (Int, Int), due: (Int, Int), reassigned: (Int, Int),
                       stale: (Int, Int), hours: [Double]) -> [String: MetricValue] {
        func rate(_ tally: (Int, Int)) -> MetricValue {
            MetricValue(tally.1 == 0 ? nil : Double(tally.0) / Double(tally.1), n: tally.1)
        }
        return [
            Own.singleOwnerRate: rate(single), Own.unownedRate: rate(unowned), Own.dueDateRate: rate(due),
            Own.reassignedRate: rate(reassigned), Own.staleRate: rate(stale),
            Own.medianHoursToOwner: MetricValue(Statistics.median(hours), n: hours.count),
        ]
    }

    @Test func detailsOfThePortfolio() throws {
        let details = Own.details(Self.portfolio(), period: try Self.q1())
        #expect(details.map(\.item) == [0, 1, 2, 3, 4, 6])
        #expect(details.map(\.team) == ["platform", "platform", "data", "design", "platform", "unassigned"])
        #expect(details.map(\.owners) == [[anna], [ben], [chitra], [], [anna, ben], []])
        #expect(details.map(\.reassigned) == [false, false, true, false, false, false])
        #expect(details.map(\.openAtEnd) == [true, false, true, true, true, true])
        #expect(details.map(\.stale) == [false, nil, true, true, true, false])
        #expect(details.map(\.hoursToOwner) == [0, 4, nil, nil, 10, nil])
    }

    @Test func organisationAndTeams() throws {
        let dataset = Self.portfolio()
        let period = try Self.q1()
        #expect(Own.compute(dataset, period: period, groupBy: .org) == [
            "all": Self.values(single: (3, 6), unowned: (2, 6), due: (2, 6), reassigned: (1, 6), stale: (3, 5),
                               hours: [0, 4, 10])
        ])
        #expect(Own.compute(dataset, period: period, groupBy: .team) == [
            "platform": Self.values(single: (2, 3), unowned: (0, 3), due: (1, 3), reassigned: (0, 3), stale: (1, 2),
                                    hours: [0, 4, 10]),
            "data": Self.values(single: (1, 1), unowned: (0, 1), due: (1, 1), reassigned: (1, 1), stale: (1, 1),
                                hours: []),
            "design": Self.values(single: (0, 1), unowned: (1, 1), due: (0, 1), reassigned: (0, 1), stale: (1, 1),
                                  hours: []),
            "unassigned": Self.values(single: (0, 1), unowned: (1, 1), due: (0, 1), reassigned: (0, 1),
                                      stale: (0, 1), hours: []),
        ])
        #expect(Own.compute(dataset, period: period, groupBy: .org)["all"]?[Own.medianHoursToOwner]
            == MetricValue(4, n: 3))
    }

    @Test func people() throws {
        let values = Own.compute(Self.portfolio(), period: try Self.q1(), groupBy: .person)
        #expect(Set(values.keys) == ["anna", "ben", "chitra", "dora"])
        #expect(values["anna"] == Self.values(single: (1, 2), unowned: (0, 2), due: (1, 2), reassigned: (0, 2),
                                              stale: (1, 2), hours: [0, 10]))
        #expect(values["anna"]?[Own.medianHoursToOwner] == MetricValue(5, n: 2))
        #expect(values["ben"] == Self.values(single: (1, 1), unowned: (0, 1), due: (0, 1), reassigned: (0, 1),
                                             stale: (0, 0), hours: [4]))
        #expect(values["ben"]?[Own.staleRate] == .undefined)
    }

    @Test func aPeriodBeforeEveryItemIsUndefined() throws {
        let period = try Period.quarter("2025Q1", zone: Self.berlin)
        let empty = Self.values(single: (0, 0), unowned: (0, 0), due: (0, 0), reassigned: (0, 0), stale: (0, 0),
                                hours: [])
        #expect(empty.values.allSatisfy { $0 == .undefined })
        #expect(Own.compute(Self.portfolio(), period: period, groupBy: .org) == ["all": empty])
        #expect(Own.compute(Self.portfolio(), period: period, groupBy: .team).isEmpty)
        #expect(Own.details(Self.portfolio(), period: period).isEmpty)
        #expect(Own.compute(Self.portfolio(), period: period, groupBy: .week).isEmpty)
    }
}

// MARK: - Conformance

/// `details` row by row against `expected/work_items.csv`, and the org and team values against
/// `expected/metrics.csv`, for both conformance data sets.
@Suite("Ownership conformance")
struct OwnershipConformanceTests {
    static let columns = [
        "team", "created_in_period", "active_in_period", "owners_at_evaluation", "reassigned", "open_at_end", "stale",
        "hours_to_owner",
    ]

    /// One readable line per difference between `details` and `expected/work_items.csv`.
    static func differences(_ name: String) throws -> [String] {
        let dataset = try ConformanceData.dataset(name)
        let period = try ConformanceData.period()
        func flag(_ value: Bool) -> String { value ? "1" : "0" }
        var computed: [String: [String: String]] = [:]
        for detail in OwnershipMetric.details(dataset, period: period) {
            let owners = detail.owners.map { dataset.people[Int($0)].displayId }.sorted()
            computed[dataset.workItems[detail.item].itemId] = [
                "team": detail.team, "created_in_period": flag(detail.createdInPeriod),
                "active_in_period": flag(detail.activeInPeriod), "owners_at_evaluation": owners.joined(separator: ";"),
                "reassigned": flag(detail.reassigned), "open_at_end": flag(detail.openAtEnd),
                "stale": detail.stale.map(flag) ?? "", "hours_to_owner": detail.hoursToOwner.map { "\($0)" } ?? "",
            ]
        }
        var lines: [String] = []
        var seen: Set<String> = []
        for row in try ConformanceData.expectedRows(name, file: "work_items") {
            let id = row["item_id"] ?? ""
            seen.insert(id)
            guard let mine = computed[id] else {
                lines.append("\(name) \(id): missing from the details")
                continue
            }
            for column in columns {
                var want = row[column] ?? "", got = mine[column] ?? ""
                if column == "owners_at_evaluation" {
                    want = want.split(separator: ";").map(String.init).sorted().joined(separator: ";")
                }
                if column == "hours_to_owner", Tolerance.matches(Double(got), Double(want)) {
                    got = want
                }
                if got != want { lines.append("\(name) \(id) \(column): computed \(got), expected \(want)") }
            }
        }
        for id in computed.keys.sorted() where !seen.contains(id) {
            lines.append("\(name) \(id): in the details, not in work_items.csv")
        }
        return lines
    }

    @Test("details match expected/work_items.csv row by row", arguments: ConformanceData.names)
    func itemRows(name: String) throws {
        let lines = try Self.differences(name)
        #expect(lines.isEmpty, "\(lines.count) differences:\n\(lines.prefix(40).joined(separator: "\n"))")
    }

    @Test("org and team values match expected/metrics.csv", arguments: ConformanceData.names)
    func metricValues(name: String) throws {
        let lines = try ConformanceData.mismatches(OwnershipMetric.self, dataset: name)
        #expect(lines.isEmpty, "\(lines.joined(separator: "\n"))")
    }
}
