import Foundation
import MaturityCore

/// Section 6 of the metric definitions: whether work items have one clear, lasting owner.
///
/// Rows are work items active in the period (created before its end, not resolved before its start). An item
/// belongs to the team of the first non-bot person of its current assignees, else of its non-bot reporter,
/// else to `unassigned`; for `.person`, to that person (items without one are left out). The organisation
/// group `all` is always present (undefined values when no item is in scope). `details(_:period:)` exposes
/// the per-item decisions behind the values.
public enum OwnershipMetric: MetricFamily {
    /// `ownership.single_owner_rate`.
    public static let singleOwnerRate = "ownership.single_owner_rate"
    /// `ownership.unowned_rate`.
    public static let unownedRate = "ownership.unowned_rate"
    /// `ownership.due_date_rate`.
    public static let dueDateRate = "ownership.due_date_rate"
    /// `ownership.reassigned_rate`.
    public static let reassignedRate = "ownership.reassigned_rate"
    /// `ownership.stale_rate`.
    public static let staleRate = "ownership.stale_rate"
    /// `ownership.median_hours_to_owner`.
    public static let medianHoursToOwner = "ownership.median_hours_to_owner"

    /// An open item without activity in this window before the period's end is stale: 720 h, elapsed time.
    public static let staleWindow: Instant = 720 * 3_600_000

    public static var definitions: [MetricDefinition] {
        [
            MetricDefinition(
                name: singleOwnerRate,
                summary: "active work items with exactly one assignee at the evaluation instant",
                unit: .rate, better: .higher,
                groupings: [.person]),
            MetricDefinition(
                name: unownedRate,
                summary: "active work items with no assignee at the evaluation instant",
                unit: .rate, better: .lower,
                groupings: [.person]),
            MetricDefinition(
                name: dueDateRate,
                summary: "active work items with a due date",
                unit: .rate, better: .higher,
                groupings: [.person]),
            MetricDefinition(
                name: reassignedRate,
                summary: "active work items handed over from one assignee to another in the period",
                unit: .rate, better: .lower,
                groupings: [.person]),
            MetricDefinition(
                name: staleRate,
                summary: "work items open at the end without activity in the last 720 hours",
                unit: .rate, better: .lower,
                groupings: [.person]),
            MetricDefinition(
                name: medianHoursToOwner,
                summary: "median hours from creation to first assignment of work items created in the period",
                unit: .hours, better: .lower,
                groupings: [.person]),
        ]
    }

    public static func compute(_ dataset: Dataset, period: Period, groupBy: GroupBy) -> GroupedValues {
        switch groupBy {
        case .org, .team, .person: break
        case .week, .channel, .kind: return [:]
        }
        struct Tally {
            var active = 0, singleOwner = 0, unowned = 0, due = 0, reassigned = 0
            var openAtEnd = 0, stale = 0
            var hoursToOwner: [Double] = []
        }
        var tallies: [GroupName: Tally] = [:]
        // Tracker coverage (v2): without any item activity or resolution in the period, the tracker's data does
        // not reach it, and every ownership value is undefined.
        let covered = trackerReaches(dataset, period: period)
        for (index, item) in dataset.workItems.enumerated() where covered {
            guard let detail = detail(of: item, index: index, in: dataset, period: period) else { continue }
            let key: GroupName
            switch groupBy {
            case .team: key = GroupName(detail.team)
            case .person:
                guard let person = TeamAttribution.person(of: item, in: dataset) else { continue }
                key = GroupName(dataset.people[Int(person)].displayId)
            default: key = "all"
            }
            // Moved out and back, so that appending to `hoursToOwner` does not copy the array each time.
            var tally = tallies.removeValue(forKey: key) ?? Tally()
            if detail.activeInPeriod {
                tally.active += 1
                if detail.owners.count == 1 { tally.singleOwner += 1 }
                if detail.owners.isEmpty { tally.unowned += 1 }
                if item.hasDue { tally.due += 1 }
                if detail.reassigned { tally.reassigned += 1 }
                if detail.openAtEnd {
                    tally.openAtEnd += 1
                    if detail.stale == true { tally.stale += 1 }
                }
            }
            if let hours = detail.hoursToOwner { tally.hoursToOwner.append(hours) }
            tallies[key] = tally
        }
        if groupBy == .org, tallies["all"] == nil { tallies["all"] = Tally() }
        var result: GroupedValues = [:]
        for (key, tally) in tallies {
            func rate(_ hits: Int, _ total: Int) -> MetricValue {
                MetricValue(Statistics.rate(Double(hits), Double(total)), n: total)
            }
            result[key] = [
                singleOwnerRate: rate(tally.singleOwner, tally.active),
                unownedRate: rate(tally.unowned, tally.active),
                dueDateRate: rate(tally.due, tally.active),
                reassignedRate: rate(tally.reassigned, tally.active),
                staleRate: rate(tally.stale, tally.openAtEnd),
                medianHoursToOwner: MetricValue(Statistics.median(tally.hoursToOwner), n: tally.hoursToOwner.count),
            ]
        }
        return result
    }
}

/// What section 6 decides about one work item in a period: the rows behind the ownership metrics.
public struct OwnershipItemDetail: Sendable, Equatable {
    /// Index into `Dataset.workItems`.
    public var item: Int
    /// The team the item belongs to (section 0, team attribution).
    public var team: String
    /// Created in the period.
    public var createdInPeriod: Bool
    /// Created before the period's end and not resolved before its start.
    public var activeInPeriod: Bool
    /// The distinct non-bot assignees at the evaluation instant, in assignment order.
    public var owners: [PersonIndex]
    /// At least one hand-over in the period.
    public var reassigned: Bool
    /// Not resolved before the period's end.
    public var openAtEnd: Bool
    /// For items open at the end: no activity in [end − 720 h, end). Nil for items not open at the end.
    public var stale: Bool?
    /// For items created in the period and first assigned before its end: hours from creation to that
    /// assignment (0 when assigned at creation). Nil otherwise.
    public var hoursToOwner: Double?

    public init(item: Int, team: String, createdInPeriod: Bool, activeInPeriod: Bool, owners: [PersonIndex],
                reassigned: Bool, openAtEnd: Bool, stale: Bool?, hoursToOwner: Double?) {
        self.item = item; self.team = team; self.createdInPeriod = createdInPeriod
        self.activeInPeriod = activeInPeriod; self.owners = owners; self.reassigned = reassigned
        self.openAtEnd = openAtEnd; self.stale = stale; self.hoursToOwner = hoursToOwner
    }
}

extension OwnershipMetric {
    /// Tracker coverage (metrics v2, section 6): whether some work item of the store, of any team, has activity
    /// (its creation, an event, its `updated_at`) or its resolution inside the period.
    public static func trackerReaches(_ dataset: Dataset, period: Period) -> Bool {
        dataset.memoized("tracker_reaches:\(period.start)-\(period.end)") {
            dataset.workItems.contains { item in
                activity(of: item).contains(where: period.contains) || resolution(of: item).map(period.contains) == true
            }
        }
    }

    /// One detail per work item created or active in the period, in the order of `Dataset.workItems`.
    public static func details(_ dataset: Dataset, period: Period) -> [OwnershipItemDetail] {
        dataset.workItems.enumerated().compactMap { index, item in
            detail(of: item, index: index, in: dataset, period: period)
        }
    }

    /// The detail of one item, nil when it is neither created nor active in the period.
    static func detail(of item: DatasetWorkItem, index: Int, in dataset: Dataset, period: Period)
        -> OwnershipItemDetail?
    {
        let resolution = resolution(of: item)
        let created = period.contains(item.createdAt)
        let active = item.createdAt < period.end && !(resolution.map { $0 < period.start } ?? false)
        guard created || active else { return nil }
        let openAtEnd = !(resolution.map { $0 < period.end } ?? false)
        let evaluation: Instant
        if let resolution, period.contains(resolution) { evaluation = resolution } else { evaluation = period.end }
        var stale: Bool?
        if openAtEnd {
            let windowStart = period.end - staleWindow
            stale = !activity(of: item).contains { $0 >= windowStart && $0 < period.end }
        }
        var hoursToOwner: Double?
        if created, let first = firstAssignment(of: item, in: dataset), first < period.end {
            hoursToOwner = Double(first - item.createdAt) / 3_600_000
        }
        return OwnershipItemDetail(
            item: index, team: TeamAttribution.team(of: item, in: dataset), createdInPeriod: created,
            activeInPeriod: active, owners: assignees(of: item, at: evaluation, in: dataset),
            reassigned: hasHandOver(item, in: dataset, period: period), openAtEnd: openAtEnd, stale: stale,
            hoursToOwner: hoursToOwner)
    }

    /// The instant an item is resolved at, nil when unresolved: its `resolved_at`; else, for a `done` or
    /// `cancelled` status, its last status event to that status, or without one its last activity.
    public static func resolution(of item: DatasetWorkItem) -> Instant? {
        if let resolved = item.resolvedAt { return resolved }
        guard item.status == .done || item.status == .cancelled else { return nil }
        if let event = item.events.last(where: { $0.field == .status && $0.toStatus == item.status }) {
            return event.at
        }
        return activity(of: item).max()
    }

    /// An item's activity: its creation, each of its events and its `updated_at`.
    public static func activity(of item: DatasetWorkItem) -> [Instant] {
        var instants = [item.createdAt] + item.events.map(\.at)
        if let updated = item.updatedAt { instants.append(updated) }
        return instants
    }

    /// The distinct non-bot assignees in effect just before `instant`: from the assignee events when the item
    /// has any (before the first one, its `from`), otherwise the current assignees.
    public static func assignees(of item: DatasetWorkItem, at instant: Instant, in dataset: Dataset)
        -> [PersonIndex]
    {
        let events = item.events.filter { $0.field == .assignee }
        guard let first = events.first else { return humans(item.assignees, in: dataset) }
        var current = first.from
        for event in events where event.at < instant { current = event.to }
        return humans(current, in: dataset)
    }

    /// Whether an assignee event in the period hands the item over: after it, the assignees include someone
    /// who was not, and exclude someone who was, among the last non-empty assignees before it (counting the
    /// first event's `from`).
    static func hasHandOver(_ item: DatasetWorkItem, in dataset: Dataset, period: Period) -> Bool {
        let events = item.events.filter { $0.field == .assignee }
        guard let first = events.first else { return false }
        var lastNonEmpty = Set(humans(first.from, in: dataset))
        for event in events {
            let after = Set(humans(event.to, in: dataset))
            if period.contains(event.at), !lastNonEmpty.isEmpty,
                !after.isSubset(of: lastNonEmpty), !lastNonEmpty.isSubset(of: after)
            {
                return true
            }
            if !after.isEmpty { lastNonEmpty = after }
        }
        return false
    }

    /// The first assignment: the creation when the item was assigned at creation (its first assignee event
    /// has a non-empty `from`, or it has no assignee events and has current assignees); otherwise the first
    /// assignee event with a non-empty `to`, or the creation if that event is earlier. Nil when never assigned.
    public static func firstAssignment(of item: DatasetWorkItem, in dataset: Dataset) -> Instant? {
        let events = item.events.filter { $0.field == .assignee }
        guard let first = events.first else {
            return humans(item.assignees, in: dataset).isEmpty ? nil : item.createdAt
        }
        if !humans(first.from, in: dataset).isEmpty { return item.createdAt }
        guard let assigned = events.first(where: { !humans($0.to, in: dataset).isEmpty }) else { return nil }
        return max(assigned.at, item.createdAt)
    }

    /// The distinct people of `people` that are not bots, in order.
    private static func humans(_ people: [PersonIndex], in dataset: Dataset) -> [PersonIndex] {
        var seen: Set<PersonIndex> = []
        return people.filter { person in
            TeamAttribution.human(person, in: dataset) != nil && seen.insert(person).inserted
        }
    }
}

/// Team attribution of section 0 for work items, meetings and messages, shared by the documentation and
/// ownership families. Bots are skipped everywhere.
enum TeamAttribution {
    /// The team of rows without a person, and of people without a team.
    static let unassigned = "unassigned"

    /// `person` when it names a person of the dataset who is not a bot; nil otherwise.
    static func human(_ person: PersonIndex, in dataset: Dataset) -> PersonIndex? {
        let index = Int(person)
        guard dataset.people.indices.contains(index), !dataset.people[index].isBot else { return nil }
        return person
    }

    /// The person a work item belongs to: the first non-bot person of its current assignees, else its
    /// reporter when that is not a bot; nil without either.
    static func person(of item: DatasetWorkItem, in dataset: Dataset) -> PersonIndex? {
        if let assignee = item.assignees.lazy.compactMap({ human($0, in: dataset) }).first { return assignee }
        return item.reporter.flatMap { human($0, in: dataset) }
    }

    /// The team a work item belongs to: its person's team, `unassigned` without one.
    static func team(of item: DatasetWorkItem, in dataset: Dataset) -> String {
        person(of: item, in: dataset).map { dataset.people[Int($0)].team } ?? unassigned
    }
}
