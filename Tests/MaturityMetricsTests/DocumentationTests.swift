import Foundation
import MaturityCore
import MaturityMetrics
import MaturityTestSupport
import Testing

private let hour: Instant = 3_600_000

@Suite struct DocumentationTests {
    static let berlin = TimeZone(identifier: "Europe/Berlin") ?? .gmt
    typealias Doc = DocumentationMetric

    /// People: 0 anna (alpha), 1 ben (beta), 2 a bot (alpha). Period 2026Q1 in Berlin:
    /// [2025-12-31T23:00Z, 2026-03-31T22:00Z).
    static func dataset() -> Dataset {
        let people = [
            DatasetPerson(displayId: "anna", team: "alpha", schedule: WorkSchedule(timeZone: berlin)),
            DatasetPerson(displayId: "ben", team: "beta", schedule: WorkSchedule(timeZone: berlin)),
            DatasetPerson(displayId: "bot", team: "alpha", isBot: true, schedule: WorkSchedule(timeZone: berlin)),
        ]
        func item(_ id: String, _ created: String, assignees: [PersonIndex] = [], reporter: PersonIndex? = nil,
                  description: Int, acceptance: Bool, url: Bool) -> DatasetWorkItem {
            DatasetWorkItem(itemId: id, createdAt: instant(created), assignees: assignees, reporter: reporter,
                            descriptionLength: description, hasAcceptanceCriteria: acceptance, hasURL: url)
        }
        let items = [
            // The bot is skipped: the first assignee is ben (beta). 80 characters are a description.
            item("W-1", "2026-01-14T10:00:00Z", assignees: [2, 1], reporter: 0, description: 80, acceptance: true,
                 url: false),
            // No assignee: the reporter's team (alpha). 79 characters are not a description.
            item("W-2", "2026-02-11T10:00:00Z", reporter: 0, description: 79, acceptance: false, url: true),
            // Only bots: unassigned.
            item("W-3", "2026-02-12T10:00:00Z", assignees: [2], reporter: 2, description: 0, acceptance: false,
                 url: true),
            // One millisecond before the period.
            item("W-4", "2025-12-31T22:59:59.999Z", assignees: [0], description: 200, acceptance: true, url: true),
            // Exactly at the period's start (ISO week 2026-W01).
            item("W-5", "2025-12-31T23:00:00Z", assignees: [0], description: 120, acceptance: true, url: true),
            // Exactly at the period's end.
            item("W-6", "2026-03-31T22:00:00Z", assignees: [0], description: 200, acceptance: true, url: true),
        ]
        func meeting(_ id: String, _ start: String, length: Instant = hour, organizer: PersonIndex?,
                     attendees: [DatasetAttendee], agenda: Int, notes: Bool, cancelled: Bool = false)
            -> DatasetMeeting
        {
            let begin = instant(start)
            return DatasetMeeting(meetingId: id, start: begin, end: begin + length, organizer: organizer,
                                  cancelled: cancelled, agendaLength: agenda, hasNotes: notes, attendees: attendees)
        }
        let both = [DatasetAttendee(person: 0), DatasetAttendee(person: 1)]
        let meetings = [
            meeting("M-1", "2026-02-11T09:00:00Z", organizer: 0, attendees: [DatasetAttendee(person: 1)], agenda: 40,
                    notes: true),
            // A bot organiser: unassigned.
            meeting("M-2", "2026-02-12T09:00:00Z", organizer: 2, attendees: both, agenda: 39, notes: false),
            // One participant (ben declined): no occurrence.
            meeting("M-3", "2026-02-12T12:00:00Z", organizer: 0,
                    attendees: [DatasetAttendee(person: 1, declined: true)], agenda: 100, notes: true),
            // No organiser: unassigned.
            meeting("M-4", "2026-02-13T09:00:00Z", organizer: nil, attendees: both, agenda: 100, notes: false),
            meeting("M-5", "2026-02-13T12:00:00Z", organizer: 0, attendees: both, agenda: 100, notes: true,
                    cancelled: true),
            // Longer than 12 h: no occurrence.
            meeting("M-6", "2026-02-14T06:00:00Z", length: 12 * hour + 1, organizer: 0, attendees: both, agenda: 100,
                    notes: true),
            // Exactly 12 h, starting in the last hour of the period (2026-W14): counts.
            meeting("M-7", "2026-03-31T21:00:00Z", length: 12 * hour, organizer: 1,
                    attendees: [DatasetAttendee(person: 0)], agenda: 0, notes: true),
            // Starts before the period, ends inside it: out of scope.
            meeting("M-8", "2025-12-31T22:00:00Z", organizer: 0, attendees: both, agenda: 100, notes: true),
        ]
        let channels = [
            DatasetChannel(name: "general"), DatasetChannel(name: "secret", kind: .private),
            DatasetChannel(name: "dm-anna-ben", kind: .direct),
        ]
        let messages = [
            message("g1", 0, 0, "2026-02-11T10:00:00Z"),
            message("g2", 0, 0, "2026-02-11T11:00:00Z"),
            message("g3", 0, 1, "2026-02-11T12:00:00Z"),
            message("g4", 0, 0, "2026-02-11T13:00:00Z", system: true),
            message("g5", 0, 2, "2026-02-11T14:00:00Z"),
            message("g6", 0, 0, "2026-03-31T22:00:00Z"),
            message("s1", 1, 0, "2026-02-11T10:00:00Z"),
            message("d1", 2, 1, "2026-02-11T10:00:00Z"),
        ]
        return Dataset(organisation: OrganisationSettings(timeZone: berlin), people: people, channels: channels,
                       messages: messages, meetings: meetings, workItems: items)
    }

    static func q1() throws -> Period { try Period.quarter("2026Q1", zone: berlin) }

    /// The six values in the order description, acceptance, link, agenda, notes, open channel: (hits, total).
    static func values(_ description: (Int, Int), _ acceptance: (Int, Int), _ link: (Int, Int),
                       _ agenda: (Int, Int), _ notes: (Int, Int), _ open: (Int, Int)) -> [String: MetricValue] {
        func rate(_ tally: (Int, Int)) -> MetricValue {
            MetricValue(tally.1 == 0 ? nil : Double(tally.0) / Double(tally.1), n: tally.1)
        }
        return [
            Doc.taskDescriptionRate: rate(description), Doc.taskAcceptanceRate: rate(acceptance),
            Doc.taskLinkRate: rate(link), Doc.meetingAgendaRate: rate(agenda), Doc.meetingNotesRate: rate(notes),
            Doc.openChannelShare: rate(open),
        ]
    }

    @Test func organisation() throws {
        // Items W-1, W-2, W-3, W-5; occurrences M-1, M-2, M-4, M-7; messages g1, g2, g3, s1, d1.
        #expect(Doc.compute(Self.dataset(), period: try Self.q1(), groupBy: .org)
            == ["all": Self.values((2, 4), (2, 4), (3, 4), (2, 4), (2, 4), (3, 5))])
    }

    @Test func teams() throws {
        #expect(Doc.compute(Self.dataset(), period: try Self.q1(), groupBy: .team) == [
            // W-2, W-5; M-1; g1, g2, s1.
            "alpha": Self.values((1, 2), (1, 2), (2, 2), (1, 1), (1, 1), (2, 3)),
            // W-1; M-7; g3, d1.
            "beta": Self.values((1, 1), (1, 1), (0, 1), (0, 1), (1, 1), (1, 2)),
            // W-3; M-2, M-4; no message.
            "unassigned": Self.values((0, 1), (0, 1), (1, 1), (1, 2), (0, 2), (0, 0)),
        ])
    }

    @Test func people() throws {
        // Rows without a person (W-3, M-2, M-4) are left out; the reporter owns W-2.
        #expect(Doc.compute(Self.dataset(), period: try Self.q1(), groupBy: .person) == [
            "anna": Self.values((1, 2), (1, 2), (2, 2), (1, 1), (1, 1), (2, 3)),
            "ben": Self.values((1, 1), (1, 1), (0, 1), (0, 1), (1, 1), (1, 2)),
        ])
    }

    @Test func weeksByCreationStartAndSendingInstant() throws {
        #expect(Doc.compute(Self.dataset(), period: try Self.q1(), groupBy: .week) == [
            "2026-W01": Self.values((1, 1), (1, 1), (1, 1), (0, 0), (0, 0), (0, 0)),
            "2026-W03": Self.values((1, 1), (1, 1), (0, 1), (0, 0), (0, 0), (0, 0)),
            "2026-W07": Self.values((0, 2), (0, 2), (2, 2), (2, 3), (1, 3), (3, 5)),
            "2026-W14": Self.values((0, 0), (0, 0), (0, 0), (0, 1), (1, 1), (0, 0)),
        ])
    }

    @Test func channelsCarryOnlyTheOpenChannelShare() throws {
        #expect(Doc.compute(Self.dataset(), period: try Self.q1(), groupBy: .channel) == [
            "general": [Doc.openChannelShare: MetricValue(1, n: 3)],
            "secret": [Doc.openChannelShare: MetricValue(0, n: 1)],
            "dm-anna-ben": [Doc.openChannelShare: MetricValue(0, n: 1)],
        ])
        #expect(Doc.compute(Self.dataset(), period: try Self.q1(), groupBy: .kind).isEmpty)
    }

    @Test func anEmptyPeriodIsUndefined() throws {
        let period = try Period.quarter("2026Q3", zone: Self.berlin)
        #expect(Doc.compute(Self.dataset(), period: period, groupBy: .org)
            == ["all": Self.values((0, 0), (0, 0), (0, 0), (0, 0), (0, 0), (0, 0))])
        #expect(Doc.compute(Self.dataset(), period: period, groupBy: .team).isEmpty)
        #expect(Self.values((0, 0), (0, 0), (0, 0), (0, 0), (0, 0), (0, 0)).values.allSatisfy { $0 == .undefined })
    }

    @Test func definitionsNameEveryMetricOnce() {
        #expect(Doc.definitions.map(\.name) == [
            "documentation.task_description_rate", "documentation.task_acceptance_rate",
            "documentation.task_link_rate", "documentation.meeting_agenda_rate", "documentation.meeting_notes_rate",
            "documentation.open_channel_share",
        ])
        #expect(Doc.definitions.filter { $0.groupings.contains(.channel) }.map(\.name) == [Doc.openChannelShare])
    }
}

// MARK: - Conformance

/// The rows behind documentation coverage (work items created in the period, occurrences that start in it)
/// against `expected/work_items.csv` and `expected/occurrences.csv`, and the org and team values against
/// `expected/metrics.csv`, for both conformance data sets.
@Suite("Documentation conformance")
struct DocumentationConformanceTests {
    static func differences(_ name: String) throws -> [String] {
        let dataset = try ConformanceData.dataset(name)
        let period = try ConformanceData.period()
        func flag(_ value: Bool) -> String { value ? "1" : "0" }
        func team(_ person: PersonIndex?) -> String {
            guard let person, dataset.people.indices.contains(Int(person)), !dataset.people[Int(person)].isBot
            else { return "unassigned" }
            return dataset.people[Int(person)].team
        }
        var lines: [String] = []
        func compare(_ what: String, _ got: [String: String]?, _ row: [String: String], _ columns: [String]) {
            guard let got else { return lines.append("\(name) \(what): not computed") }
            for column in columns where got[column] != row[column] {
                lines.append("\(name) \(what) \(column): computed \(got[column] ?? ""), expected \(row[column] ?? "")")
            }
        }

        var items: [String: [String: String]] = [:]
        for item in dataset.workItems where period.contains(item.createdAt) {
            let owner = item.assignees.first { !dataset.people[Int($0)].isBot } ?? item.reporter
            items[item.itemId] = [
                "team": team(owner), "description": flag(item.descriptionLength >= 80),
                "acceptance": flag(item.hasAcceptanceCriteria), "link": flag(item.hasURL),
            ]
        }
        let itemRows = try ConformanceData.expectedRows(name, file: "work_items")
            .filter { $0["created_in_period"] == "1" }
        for row in itemRows {
            let id = row["item_id"] ?? ""
            compare(id, items[id], row, ["team", "description", "acceptance", "link"])
        }
        if itemRows.count != items.count { lines.append("\(name): \(items.count) items, expected \(itemRows.count)") }

        var meetings: [String: [String: String]] = [:]
        for occurrence in Occurrences.all(in: dataset) where period.contains(occurrence.start) {
            let meeting = dataset.meetings[occurrence.meeting]
            meetings[meeting.meetingId] = [
                "team": team(meeting.organizer), "agenda": flag(meeting.agendaLength >= 40),
                "notes": flag(meeting.hasNotes),
            ]
        }
        var occurrenceRows = 0
        for row in try ConformanceData.expectedRows(name, file: "occurrences") {
            guard let start = try? Timestamp.parse(row["start"] ?? "", zone: nil), period.contains(start) else {
                continue
            }
            occurrenceRows += 1
            compare(row["meeting_id"] ?? "", meetings[row["meeting_id"] ?? ""], row, ["team", "agenda", "notes"])
        }
        if occurrenceRows != meetings.count {
            lines.append("\(name): \(meetings.count) occurrences, expected \(occurrenceRows)")
        }
        return lines
    }

    @Test("rows match expected/work_items.csv and expected/occurrences.csv", arguments: ConformanceData.names)
    func rows(name: String) throws {
        let lines = try Self.differences(name)
        #expect(lines.isEmpty, "\(lines.count) differences:\n\(lines.prefix(40).joined(separator: "\n"))")
    }

    @Test("org and team values match expected/metrics.csv", arguments: ConformanceData.names)
    func metricValues(name: String) throws {
        let lines = try ConformanceData.mismatches(DocumentationMetric.self, dataset: name)
        #expect(lines.isEmpty, "\(lines.joined(separator: "\n"))")
    }
}
