import Foundation
import MaturityCore

/// Everything the metrics read, loaded once from the store's domain tables into plain values.
/// People are referred to by their index in `people` (`PersonIndex`); references have already been
/// resolved through the directory. Metric families are pure functions of a `Dataset` and a `Period`.
public typealias PersonIndex = Int32

public struct DatasetPerson: Sendable, Equatable {
    /// The directory's `person_id`, or the reference itself for a person created from a reference.
    public var displayId: String
    public var team: String
    public var isBot: Bool
    public var schedule: WorkSchedule
    /// The person's days off (metrics v2, section 0 "Days off"): the dates of their time off and of their holiday
    /// calendar, as day numbers (`LocalDate.daysSinceEpoch`) of local dates in the person's own zone.
    public var daysOff: Set<Int>

    public init(displayId: String, team: String = "unassigned", isBot: Bool = false, schedule: WorkSchedule,
                daysOff: Set<Int> = []) {
        self.displayId = displayId; self.team = team; self.isBot = isBot; self.schedule = schedule
        self.daysOff = daysOff
    }
}

public struct DatasetChannel: Sendable, Equatable {
    public var name: String
    public var kind: ChannelKind
    /// True when some message of the channel (any author, bots' and system messages included) is a reply.
    public var hasReplies: Bool

    public init(name: String, kind: ChannelKind = .public, hasReplies: Bool = false) {
        self.name = name; self.kind = kind; self.hasReplies = hasReplies
    }

    /// Direct and group conversations, and channels without any reply, follow conversation rules.
    public var followsConversationRules: Bool { kind.isConversation || !hasReplies }
}

public struct DatasetMessage: Sendable, Equatable {
    /// Index into `Dataset.channels`.
    public var channel: Int32
    public var messageId: String
    public var author: PersonIndex
    public var sentAt: Instant
    /// The raw `thread_id`; nil when empty. A message is a root when this is nil or equals `messageId`.
    public var threadId: String?
    /// Distinct people named in the `mentions` column or by a resolving `@` token, in first-seen order.
    /// Not filtered: may include bots and the author (the metrics ignore those).
    public var mentions: [PersonIndex]
    public var isQuestion: Bool
    public var isSystem: Bool
    /// Index into `Dataset.sources`.
    public var source: Int32

    public init(channel: Int32, messageId: String, author: PersonIndex, sentAt: Instant, threadId: String? = nil,
                mentions: [PersonIndex] = [], isQuestion: Bool = false, isSystem: Bool = false, source: Int32 = 0) {
        self.channel = channel; self.messageId = messageId; self.author = author; self.sentAt = sentAt
        self.threadId = threadId; self.mentions = mentions; self.isQuestion = isQuestion
        self.isSystem = isSystem; self.source = source
    }

    /// Ids compare exactly (byte for byte), not by Unicode canonical equivalence.
    public var isRoot: Bool { threadId.map { $0.utf8.elementsEqual(messageId.utf8) } ?? true }
}

public struct DatasetAttendee: Sendable, Equatable {
    public var person: PersonIndex
    /// True only when every attendee row of this person for the occurrence declined.
    public var declined: Bool

    public init(person: PersonIndex, declined: Bool = false) { self.person = person; self.declined = declined }
}

public struct DatasetMeeting: Sendable, Equatable {
    public var meetingId: String
    public var title: String
    public var start: Instant
    public var end: Instant
    public var organizer: PersonIndex?
    public var seriesId: String?
    public var allDay: Bool
    public var cancelled: Bool
    public var free: Bool
    /// Length (Unicode scalars) of the agenda text after boilerplate removal (Appendix A).
    public var agendaLength: Int
    public var hasNotes: Bool
    /// One entry per distinct person listed (rows of the same person already merged).
    public var attendees: [DatasetAttendee]

    public init(meetingId: String, title: String = "", start: Instant, end: Instant, organizer: PersonIndex? = nil,
                seriesId: String? = nil, allDay: Bool = false, cancelled: Bool = false, free: Bool = false,
                agendaLength: Int = 0, hasNotes: Bool = false, attendees: [DatasetAttendee] = []) {
        self.meetingId = meetingId; self.title = title; self.start = start; self.end = end
        self.organizer = organizer; self.seriesId = seriesId; self.allDay = allDay; self.cancelled = cancelled
        self.free = free; self.agendaLength = agendaLength; self.hasNotes = hasNotes; self.attendees = attendees
    }
}

public struct DatasetWorkItemEvent: Sendable, Equatable {
    public var at: Instant
    public var field: WorkItemField
    /// Assignee events: the complete sets before and after (resolved people, bots included, in order).
    public var from: [PersonIndex]
    public var to: [PersonIndex]
    /// Status events: the normalised new status.
    public var toStatus: WorkStatus?
    public var actor: PersonIndex?

    public init(at: Instant, field: WorkItemField, from: [PersonIndex] = [], to: [PersonIndex] = [],
                toStatus: WorkStatus? = nil, actor: PersonIndex? = nil) {
        self.at = at; self.field = field; self.from = from; self.to = to; self.toStatus = toStatus; self.actor = actor
    }
}

public struct DatasetWorkItem: Sendable, Equatable {
    public var itemId: String
    public var createdAt: Instant
    public var status: WorkStatus
    public var resolvedAt: Instant?
    public var hasDue: Bool
    /// Current (exported) assignees, resolved, in order; bots included.
    public var assignees: [PersonIndex]
    public var reporter: PersonIndex?
    public var descriptionLength: Int
    public var hasAcceptanceCriteria: Bool
    public var hasURL: Bool
    public var updatedAt: Instant?
    /// Sorted by `at`, ties in input order.
    public var events: [DatasetWorkItemEvent]

    public init(itemId: String, createdAt: Instant, status: WorkStatus = .todo, resolvedAt: Instant? = nil,
                hasDue: Bool = false, assignees: [PersonIndex] = [], reporter: PersonIndex? = nil,
                descriptionLength: Int = 0, hasAcceptanceCriteria: Bool = false, hasURL: Bool = false,
                updatedAt: Instant? = nil, events: [DatasetWorkItemEvent] = []) {
        self.itemId = itemId; self.createdAt = createdAt; self.status = status; self.resolvedAt = resolvedAt
        self.hasDue = hasDue; self.assignees = assignees; self.reporter = reporter
        self.descriptionLength = descriptionLength; self.hasAcceptanceCriteria = hasAcceptanceCriteria
        self.hasURL = hasURL; self.updatedAt = updatedAt; self.events = events
    }
}

public struct InputFingerprint: Sendable, Equatable, Codable {
    public var file: String
    public var sha256: String
    public init(file: String, sha256: String) { self.file = file; self.sha256 = sha256 }
}

public struct Dataset: Sendable {
    public var organisation: OrganisationSettings { didSet { changed() } }
    public var people: [DatasetPerson] { didSet { changed() } }
    public var channels: [DatasetChannel] { didSet { changed() } }
    /// Sorted by channel, then `sentAt`, then `messageId` compared code point by code point. Empty in a dataset
    /// streamed from the store (`messageSummary` then holds what the metrics need of the messages).
    public var messages: [DatasetMessage] { didSet { changed() } }
    /// Import source names; `DatasetMessage.source` indexes this.
    public var sources: [String] { didSet { changed() } }
    public var meetings: [DatasetMeeting] { didSet { changed() } }
    public var workItems: [DatasetWorkItem] { didSet { changed() } }
    public var inputs: [InputFingerprint] { didSet { changed() } }
    /// What the metrics need of the messages, when the messages were streamed from the store instead of loaded
    /// (`DatasetLoader.load(_:periods:streamingMessages:)`): the latency requests, the span of the messages
    /// and the tallies of the periods given to the loader. Nil for a dataset that holds its messages: the same
    /// pass then runs over `messages` on first use.
    public let messageSummary: MessageSummary?
    /// Holiday calendars that people use (through the directory or the organisation's setting) but that no
    /// imported holiday file holds: a warning, since those people then have no public holidays.
    public var holidayCalendarsWithoutDates: [String] = []
    /// One working calendar per person, covering every workday whose hours touch the data's span
    /// (padded by two weeks on each side) and any period asked for.
    public let calendars: [WorkCalendar]
    /// Values derived from the dataset alone (all requests, all occurrences, a period's person-weeks), computed
    /// once on first use: an assessment asks for each from several families, groupings and periods. Changing
    /// any property starts a fresh cache.
    private var derived = DerivedValues()

    public init(organisation: OrganisationSettings, people: [DatasetPerson], channels: [DatasetChannel] = [],
                messages: [DatasetMessage] = [], sources: [String] = ["csv"], meetings: [DatasetMeeting] = [],
                workItems: [DatasetWorkItem] = [], inputs: [InputFingerprint] = [],
                calendarSpan: (from: Instant, to: Instant)? = nil, presorted: Bool = false) {
        self.organisation = organisation; self.people = people; self.channels = channels
        self.sources = sources; self.meetings = meetings; self.workItems = workItems; self.inputs = inputs
        self.messages = presorted ? messages : messages.sorted(by: Dataset.messageOrder)
        let span = calendarSpan ?? Dataset.span(messages: messages, meetings: meetings, workItems: workItems) ?? (0, 0)
        self.calendars = Dataset.calendars(people: people, span: span)
        self.messageSummary = nil
    }

    /// A dataset whose messages were streamed: `summary` stands for them; `calendars` are `calendars(people:span:)`.
    init(organisation: OrganisationSettings, people: [DatasetPerson], channels: [DatasetChannel],
         summary: MessageSummary, sources: [String], meetings: [DatasetMeeting], workItems: [DatasetWorkItem],
         inputs: [InputFingerprint], calendars: [WorkCalendar]) {
        self.organisation = organisation; self.people = people; self.channels = channels
        self.sources = sources; self.meetings = meetings; self.workItems = workItems; self.inputs = inputs
        self.messages = []
        self.calendars = calendars
        self.messageSummary = summary
    }

    /// One working calendar per person, covering the span padded by two weeks on each side.
    static func calendars(people: [DatasetPerson], span: (from: Instant, to: Instant)) -> [WorkCalendar] {
        let pad: Instant = 14 * 86_400_000
        return people.map {
            WorkCalendar(schedule: $0.schedule, daysOff: $0.daysOff, from: span.from - pad, to: span.to + pad)
        }
    }

    private mutating func changed() {
        precondition(messageSummary == nil, "a dataset streamed from the store cannot change: load it again")
        derived = DerivedValues()
    }

    /// The requests of the latency family (all periods), in message order.
    func latencyRequests() -> [StoredRequest] {
        if let messageSummary { return messageSummary.requests }
        return memoized("messages.requests") {
            MessagePass.run(messages, people: people, channels: channels, calendars: calendars, latency: true,
                            targets: []).requests
        }
    }

    /// The message tallies of `period` (its weeks: `period.weeks`).
    func messageTallies(_ period: Period) -> PeriodMessageTallies {
        if let messageSummary {
            guard let tallies = messageSummary.tallies[period] else {
                preconditionFailure("the messages were streamed for other periods than \(period.label): "
                    + "pass every period to DatasetLoader.load")
            }
            return tallies
        }
        return memoized("messages.tallies \(period.start) \(period.end) \(period.timeZone.identifier)") {
            MessagePass.run(messages, people: people, channels: channels, calendars: calendars, latency: false,
                            targets: [.init(period: period, weeks: period.weeks)]).tallies[period]!
        }
    }

    /// `[person][week]`: the person authored a message (not a system message) in the week.
    func messageActivity(weeks: [Week]) -> [[Bool]] {
        if let messageSummary {
            guard let tallies = messageSummary.tallies.first(where: { $0.key.weeks == weeks })?.value else {
                preconditionFailure("the messages were streamed for other weeks: pass every period to "
                    + "DatasetLoader.load")
            }
            return tallies.active
        }
        let key = weeks.map { "\($0.start)-\($0.end)" }.joined(separator: ",")
        return memoized("messages.activity " + key) {
            var pass = MessagePass(people: people, channels: channels, calendars: calendars, computeHasReplies: false,
                                   latency: false, targets: [.init(period: nil, weeks: weeks)])
            for message in messages { pass.add(message) }
            _ = pass.finish()
            return pass.tallies[0].active
        }
    }

    /// The first and last instant of any message; nil without messages.
    public var messageSpan: (from: Instant, to: Instant)? {
        if let messageSummary { return messageSummary.span }
        var lo = Instant.max, hi = Instant.min
        for m in messages { lo = min(lo, m.sentAt); hi = max(hi, m.sentAt) }
        return lo <= hi ? (lo, hi) : nil
    }

    /// The order of messages within a channel: instant, then message id code point by code point.
    public static func messageOrder(_ a: DatasetMessage, _ b: DatasetMessage) -> Bool {
        if a.channel != b.channel { return a.channel < b.channel }
        if a.sentAt != b.sentAt { return a.sentAt < b.sentAt }
        return a.messageId.unicodeScalars.lexicographicallyPrecedes(b.messageId.unicodeScalars)
    }

    static func span(messages: [DatasetMessage], meetings: [DatasetMeeting], workItems: [DatasetWorkItem])
        -> (from: Instant, to: Instant)?
    {
        var lo = Instant.max, hi = Instant.min
        func see(_ t: Instant) { lo = min(lo, t); hi = max(hi, t) }
        for m in messages { see(m.sentAt) }
        for m in meetings { see(m.start); see(m.end) }
        for w in workItems {
            see(w.createdAt)
            if let r = w.resolvedAt { see(r) }
            if let u = w.updatedAt { see(u) }
            for e in w.events { see(e.at) }
        }
        if lo > hi { return nil }
        return (lo, hi)
    }

    /// `make()`'s value, computed on the first call for `key` and kept with the dataset (which never changes).
    func memoized<T>(_ key: String, _ make: () -> T) -> T { derived.value(key, make) }

    /// The working calendar of a person.
    public func calendar(_ p: PersonIndex) -> WorkCalendar { calendars[Int(p)] }
}

/// The cache behind `Dataset.memoized`. A class, so that copies of a dataset share it.
final class DerivedValues: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [String: Any] = [:]

    /// `make` runs outside the lock: it may itself ask for other derived values.
    func value<T>(_ key: String, _ make: () -> T) -> T {
        lock.lock()
        let known = values[key] as? T
        lock.unlock()
        if let known { return known }
        let value = make()
        lock.lock()
        values[key] = value
        lock.unlock()
        return value
    }
}
