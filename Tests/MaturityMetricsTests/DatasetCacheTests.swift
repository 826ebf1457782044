import Foundation
import MaturityCore
@testable import MaturityMetrics
import MaturityTestSupport
import Testing

/// Derived values (requests, occurrences, person-weeks) are computed once per dataset and dropped when the
/// dataset changes.
@Suite struct DatasetCacheTests {
    static let berlin = TimeZone(identifier: "Europe/Berlin")!

    static func dataset(respondentTeam: String) -> Dataset {
        let schedule = WorkSchedule(timeZone: berlin)
        return Dataset(
            organisation: OrganisationSettings(timeZone: berlin),
            people: [DatasetPerson(displayId: "a", team: "asking", schedule: schedule),
                     DatasetPerson(displayId: "b", team: respondentTeam, schedule: schedule)],
            channels: [DatasetChannel(name: "general", kind: .public, hasReplies: true)],
            messages: [
                DatasetMessage(channel: 0, messageId: "1", author: 0, sentAt: instant("2026-02-02T09:00:00Z"),
                               isQuestion: true),
                DatasetMessage(channel: 0, messageId: "2", author: 1, sentAt: instant("2026-02-02T10:00:00Z"),
                               threadId: "1"),
                // The source's last message, more than 168 h later: the request is not censored.
                DatasetMessage(channel: 0, messageId: "3", author: 0, sentAt: instant("2026-02-20T10:00:00Z"),
                               isSystem: true),
            ])
    }

    @Test func aChangedDatasetIsComputedAfresh() throws {
        let period = try Period.quarter("2026Q1", zone: Self.berlin)
        var dataset = Self.dataset(respondentTeam: "answering")
        let before = ResponseLatencyMetric.compute(dataset, period: period, groupBy: .team)
        #expect(before["answering"]?[ResponseLatencyMetric.medianHours]?.value == 1.0)
        // The same dataset answers from its cache; a changed one recomputes.
        #expect(ResponseLatencyMetric.compute(dataset, period: period, groupBy: .team) == before)
        dataset.people[1].team = "moved"
        let after = ResponseLatencyMetric.compute(dataset, period: period, groupBy: .team)
        #expect(after["answering"] == nil)
        #expect(after["moved"]?[ResponseLatencyMetric.medianHours]?.value == 1.0)
    }
}
