/// Writes `work_items.csv` and `work_item_events.csv`: each team's tickets with their assignment and status
/// history, tidy or messy as the team's culture says.
struct WorkItemsGenerator {
    static let itemHeader = ["item_id", "title", "created_at", "status", "resolved_at", "due_at", "assignees",
                             "reporter", "project", "description", "links", "updated_at"]
    static let eventHeader = ["item_id", "at", "field", "from", "to", "actor"]

    /// Someone outside the directory (a contractor), referenced only by a source identity.
    private static let contractor = -2
    /// Items created before the first quarter, relative to those created inside the span.
    private static let backlogShare = 0.15

    private let organisation: SampleOrganisation
    private var items: CSVFileWriter
    private var events: CSVFileWriter
    private var random: SampleRandom

    init(organisation: SampleOrganisation, items: CSVFileWriter, events: CSVFileWriter, seed: UInt64) {
        self.organisation = organisation
        self.items = items
        self.events = events
        random = SampleRandom(seed: seed, stream: 2)
    }

    /// Writes what is buffered, closes both files and returns their numbers of data rows.
    mutating func close() throws(SampleError) -> (items: Int, events: Int) {
        try items.close()
        try events.close()
        return (items.rows, events.rows)
    }

    /// Items per team: natural volume, or `total` split in proportion to it.
    static func counts(organisation: SampleOrganisation, quarters: Int, total: Int?) -> [Int] {
        let natural = organisation.teams.map { team in
            team.culture.itemsPerPersonQuarter * Double(team.members.count * quarters) * (1 + backlogShare)
        }
        guard let total else { return natural.map { Int($0.rounded()) } }
        var sum = 0.0
        for value in natural { sum += value }
        var counts = [Int]()
        var cumulative = 0.0
        var assigned = 0
        for value in natural {
            cumulative += value
            let target = sum > 0 ? Int((Double(total) * cumulative / sum).rounded()) : 0
            counts.append(target - assigned)
            assigned = target
        }
        counts[counts.count - 1] += total - assigned
        return counts
    }

    private struct Event {
        var at: Int64
        var isStatus: Bool
        var from: [Int]
        var to: [Int]
        var fromStatus: String = ""
        var toStatus: String = ""
        var actor: Int
    }

    mutating func generate(counts: [Int]) throws(SampleError) {
        for team in organisation.teams {
            let count = counts[team.index]
            guard count > 0 else { continue }
            let timeline = organisation.timeline
            let backlogStart = timeline.start - 8 * Millis.week
            let backlogCount = Int((Double(count) * Self.backlogShare / (1 + Self.backlogShare)).rounded())
            var created = [(at: Int64, reporter: Int)]()
            created.reserveCapacity(count)
            for index in 0..<count {
                let reporter = pickReporter(team: team)
                let rangeStart = index < backlogCount ? backlogStart : timeline.start
                let rangeEnd = index < backlogCount ? timeline.start : timeline.end - Millis.day
                var at = random.int64(rangeStart, rangeEnd)
                if reporter >= 0 && !organisation.people[reporter].isBot {
                    at = organisation.people[reporter].advance(from: at, working: random.int64(0, Millis.hour))
                }
                created.append((at - at % 1_000, reporter))
            }
            created.sort { $0.at < $1.at || ($0.at == $1.at && $0.reporter < $1.reporter) }
            for (index, entry) in created.enumerated() {
                try item(team: team, number: index + 1, created: entry.at, reporter: entry.reporter)
            }
        }
    }

    private mutating func pickReporter(team: SampleTeam) -> Int {
        let roll = random.unit()
        if roll < 0.05 { return organisation.jiraBot }
        if roll < 0.1 { return random.int(below: organisation.humanCount) }
        return random.pick(team.members)
    }

    private mutating func pickOwner(team: SampleTeam, excluding: [Int]) -> Int {
        if team.culture.name == "support" && random.chance(0.03) && !excluding.contains(Self.contractor) {
            return Self.contractor
        }
        for _ in 0..<8 {
            let candidate = random.pick(team.members)
            if !excluding.contains(candidate) { return candidate }
        }
        return random.int(below: organisation.humanCount)
    }

    private mutating func days(_ quantiles: [Double]) -> Int64 {
        let length = Int64(random.quantile(quantiles) * Double(Millis.day))
        return length - length % 1_000
    }

    private mutating func item(team: SampleTeam, number: Int, created: Int64, reporter: Int) throws(SampleError) {
        let culture = team.culture
        let end = organisation.timeline.end
        let itemId = "\(culture.projectKey)-\(number)"
        var history = [Event]()
        var owners = [Int]()
        var status = "To Do"
        var resolvedAt: Int64?
        var lastActivity = created
        let lead = team.lead

        let unowned = random.chance(culture.unownedRate)
        var plannedOwners = [Int]()
        if !unowned {
            plannedOwners.append(pickOwner(team: team, excluding: []))
            if random.chance(culture.multipleOwnerRate) {
                plannedOwners.append(pickOwner(team: team, excluding: plannedOwners))
            }
        }
        // Assignment.
        var clock = created
        var initialOwners = [Int]()
        if !plannedOwners.isEmpty {
            owners = plannedOwners
            if random.chance(culture.assignedAtCreationRate) {
                initialOwners = plannedOwners
            } else {
                clock += days([0.002, 0.04, 0.25, 1, 3, 16])
                let actor = random.chance(0.3) ? organisation.jiraBot : (reporter >= 0 ? reporter : lead)
                history.append(Event(at: clock, isStatus: false, from: [], to: plannedOwners, actor: actor))
            }
        }
        // Fate.
        let fateRoll = random.unit()
        let stale = fateRoll < culture.staleRate
        let wontDo = !stale && fateRoll < culture.staleRate + culture.wontDoRate
        let done = !stale && !wontDo && fateRoll < culture.staleRate + culture.wontDoRate + culture.doneRate
        let silentClose = done && culture.missingResolutionRate > 0.2 && random.chance(0.3)
        let worker = owners.first ?? (reporter >= 0 ? reporter : lead)
        if wontDo {
            clock += days([0.5, 2, 5, 10, 20, 60])
            history.append(Event(at: clock, isStatus: true, from: [], to: [], fromStatus: status,
                                 toStatus: "Won't Do", actor: reporter >= 0 ? reporter : lead))
        } else if !stale {
            clock += days([0.1, 0.5, 1, 2, 4, 10])
            if !silentClose {
                history.append(Event(at: clock, isStatus: true, from: [], to: [], fromStatus: "To Do",
                                     toStatus: "In Progress", actor: worker))
            }
            if !owners.isEmpty && random.chance(culture.handOverRate) {
                clock += days([0.5, 1, 2, 4, 7, 15])
                let next = pickOwner(team: team, excluding: owners)
                let newOwners = owners.count > 1 && random.chance(0.5) ? [owners[1], next] : [next]
                let actor = random.chance(0.5) ? lead : (reporter >= 0 ? reporter : lead)
                history.append(Event(at: clock, isStatus: false, from: owners, to: newOwners, actor: actor))
                owners = newOwners
            }
            if done {
                clock += days(culture.cycleDays)
                let finisher = owners.first ?? worker
                if culture.usesReviewStatus && !silentClose {
                    let previous = history.last?.at ?? created
                    let review = previous + Int64(Double(clock - previous) * (0.5 + 0.4 * random.unit()))
                    history.append(Event(at: review - review % 1_000, isStatus: true, from: [],
                                         to: [], fromStatus: "In Progress", toStatus: "In Review",
                                         actor: finisher))
                }
                if !silentClose {
                    history.append(Event(at: clock, isStatus: true, from: [], to: [],
                                         fromStatus: culture.usesReviewStatus ? "In Review" : "In Progress",
                                         toStatus: "Done", actor: finisher))
                    if culture.automationClearsAssignee && !owners.isEmpty && random.chance(0.6) {
                        history.append(Event(at: clock, isStatus: false, from: owners, to: [],
                                             actor: organisation.jiraBot))
                    }
                }
            }
        }
        // Apply what happened before the end of the span.
        owners = initialOwners
        var applied = [Event]()
        for event in history where event.at < end {
            applied.append(event)
            lastActivity = max(lastActivity, event.at)
            if event.isStatus {
                status = event.toStatus
            } else {
                owners = event.to
            }
        }
        if silentClose && clock < end {
            status = "Done"
            lastActivity = max(lastActivity, clock)
        }
        if status == "Done" || status == "Won't Do" {
            let closing = applied.last(where: { $0.isStatus })?.at ?? lastActivity
            resolvedAt = random.chance(culture.missingResolutionRate) || silentClose ? nil : closing
        }
        // A comment or a field edit now and then, unless the item is left to rot; tidy teams keep touching
        // the items they still have open.
        if !stale && random.chance(0.3) {
            let comment = lastActivity + days([0.1, 0.5, 1, 3, 6, 12])
            if comment < end { lastActivity = comment }
        }
        if !stale && status != "Done" && status != "Won't Do" && random.chance(1 - 2 * culture.staleRate) {
            let touched = end - days([0.05, 2, 5, 10, 18, 28])
            if touched > lastActivity { lastActivity = touched }
        }
        try writeItem(team: team, itemId: itemId, created: created, status: status, resolvedAt: resolvedAt,
                      owners: owners, reporter: reporter, lastActivity: lastActivity, stale: stale)
        for event in applied { try writeEvent(itemId: itemId, event) }
    }

    private mutating func reference(_ p: Int) -> String {
        p == Self.contractor ? "ext:contractor-7" : organisation.reference(p, .tracker, &random)
    }

    private mutating func references(_ people: [Int]) -> String {
        var text = ""
        for (index, p) in people.enumerated() {
            if index > 0 { text += ";" }
            text += reference(p)
        }
        return text
    }

    /// How a tracker export writes an instant: mostly UTC, sometimes in the person's offset, now and then with
    /// milliseconds.
    private mutating func style(_ t: Int64, person: Int) -> (offset: Int?, millis: Bool) {
        let zone = person >= 0 ? organisation.people[person].zone : organisation.timeline.organisationZone
        let roll = random.int(below: 10)
        return (roll < 6 ? nil : zone.seconds(at: t), roll == 0 || roll == 9)
    }

    private mutating func itemTimestamp(_ t: Int64, person: Int) {
        let format = style(t, person: person)
        items.timestamp(t, offsetSeconds: format.offset, millis: format.millis)
    }

    private mutating func eventTimestamp(_ t: Int64, person: Int) {
        let format = style(t, person: person)
        events.timestamp(t, offsetSeconds: format.offset, millis: format.millis)
    }

    private mutating func writeItem(team: SampleTeam, itemId: String, created: Int64, status: String,
                                    resolvedAt: Int64?, owners: [Int], reporter: Int, lastActivity: Int64,
                                    stale: Bool) throws(SampleError) {
        let culture = team.culture
        let context = TextContext(topics: culture.topics, projectKey: culture.projectKey, itemCount: 50,
                                  repository: culture.repository,
                                  first: organisation.people[team.lead].firstName)
        items.field(itemId)
        items.field(title(context))
        itemTimestamp(created, person: reporter)
        items.field(status)
        if let resolvedAt { itemTimestamp(resolvedAt, person: owners.first ?? reporter) } else { items.empty() }
        if random.chance(culture.dueRate) {
            let zone = reporter >= 0 ? organisation.people[reporter].zone : organisation.timeline.organisationZone
            let dueDay = zone.day(of: created) + random.int(5...40)
            if random.chance(0.7) {
                items.date(dayNumber: dueDay)
            } else {
                let due = zone.instant(day: dueDay, minute: 17 * 60)
                items.timestamp(due, offsetSeconds: zone.seconds(at: due))
            }
        } else {
            items.empty()
        }
        items.field(references(owners))
        items.field(reporter >= 0 ? reference(reporter) : "")
        items.field(culture.projectKey)
        let description = self.description(culture: culture, context: context, stale: stale)
        items.field(description.text)
        items.field(description.links)
        if random.chance(0.05) { items.empty() } else { itemTimestamp(lastActivity, person: reporter) }
        try items.endRow()
    }

    private mutating func writeEvent(itemId: String, _ event: Event) throws(SampleError) {
        events.field(itemId)
        eventTimestamp(event.at, person: event.actor)
        if event.isStatus {
            events.field("status")
            events.field(event.fromStatus)
            events.field(event.toStatus)
        } else {
            events.field(random.chance(0.9) ? "assignee" : "Assignee")
            events.field(references(event.from))
            events.field(references(event.to))
        }
        events.field(reference(event.actor))
        try events.endRow()
    }

    // MARK: Text

    private mutating func title(_ context: TextContext) -> String {
        var title = random.pick(WorkItemPhrases.verbs) + " " + random.pick(context.topics)
        title += random.pick(WorkItemPhrases.titleSuffixes)
        return title
    }

    /// The description and the `links` cell of an item.
    private mutating func description(culture: TeamCulture, context: TextContext,
                                      stale: Bool) -> (text: String, links: String) {
        let described = random.chance(stale ? culture.descriptionRate * 0.5 : culture.descriptionRate)
        let withCriteria = described && random.chance(culture.acceptanceRate / max(culture.descriptionRate, 0.01))
        let withLink = random.chance(culture.linkRate)
        var text = ""
        if described {
            text = random.pick(WorkItemPhrases.problems).rendered(context, &random).capitalizedFirst
            text += "\n\n"
            random.pick(WorkItemPhrases.contexts).render(into: &text, context, &random)
            if withCriteria {
                text += "\n\n"
                random.pick(WorkItemPhrases.criteria).render(into: &text, context, &random)
            }
        } else if random.chance(0.6) {
            text = random.pick(WorkItemPhrases.shortDescriptions)
        }
        var links = ""
        if withLink {
            if described && random.chance(0.4) {
                text += "\n\nDesign: " + TextTemplate("{doc}").rendered(context, &random)
            } else {
                links = TextTemplate("{pr}").rendered(context, &random)
                if random.chance(0.3) { links += ";" + TextTemplate("{doc}").rendered(context, &random) }
            }
        }
        if random.chance(0.1) {
            links += (links.isEmpty ? "" : ";") + TextTemplate("{item}").rendered(context, &random)
        }
        return (text, links)
    }
}

/// The phrase book of the tracker.
enum WorkItemPhrases {
    static let verbs = ["Fix", "Add monitoring to", "Investigate", "Migrate", "Document", "Clean up", "Speed up",
                        "Remove the flag from", "Update", "Automate", "Refactor", "Test"]
    static let titleSuffixes = ["", "", "", " for EU customers", " (follow-up)", ", part 2", " before the freeze",
                                " – v2"]

    /// At least 80 characters each, and free of acceptance keywords and of the words given/when/then.
    static let problems = TextTemplate.list([
        "Problem: {topic} times out for about 3% of requests since the last release, mostly for large accounts.",
        "Customers report that {topic} shows stale data after an update; support has collected five cases so far.",
        "Goal: make {topic} cheaper to run. It costs about twice what we planned for this quarter, see the budget.",
        "{topic} has no owner on call and its alerts go to a channel nobody reads. We should fix the routing.",
        "The numbers in {topic} differ from the finance export by 1-2% per day; we need to find out which is right.",
    ])

    static let contexts = TextTemplate.list([
        "Context: this came up in the retro, \"we keep patching it by hand\". Related: {item}.",
        "Background: {first} looked into it last quarter, notes in the doc. Logs are in the usual place.",
        "Scope: only the API side; the UI part is tracked separately in {item}.",
        "Numbers from last week: p50 420 ms, p95 2.8 s, errors 0.4%.",
    ])

    static let criteria = TextTemplate.list([
        "Acceptance criteria:\n- p95 under 1 s on the staging load test\n- alert routed to the on-call rotation\n"
            + "- runbook updated",
        "- [ ] write the migration\n- [ ] backfill the last 90 days\n- [x] agree on the plan with {first}",
        "Given a signed-in admin,\nwhen they open {topic},\nthen they see yesterday's numbers within 2 seconds.",
        "Definition of done: deployed behind a flag, dashboards updated, {first} signed off.",
        "Expected result: the export and {topic} agree to the cent for every day of the last quarter.",
    ])

    static let shortDescriptions = ["See title", "TBD", "from the call", "customer asked again",
                                    "as discussed", "see thread in #support-desk", "ASAP!!", "dup?"]
}
