import Foundation

/// Instants are epoch milliseconds, UTC.
public typealias Instant = Int64

/// The kind of a channel (canonical `channel_kind`).
public enum ChannelKind: String, Sendable, CaseIterable, Codable {
    case `public`, `private`, direct, group

    /// Direct and group conversations always follow conversation rules.
    public var isConversation: Bool { self == .direct || self == .group }
}

/// Normalised work-item status (canonical CSV, "Status normalisation").
public enum WorkStatus: String, Sendable, CaseIterable, Codable {
    case todo, inProgress = "in_progress", done, cancelled
}

/// An attendee's answer.
public enum AttendeeResponse: String, Sendable, CaseIterable, Codable {
    case accepted, tentative, declined, needsAction = "needs_action"
}

/// One row of the people directory, as an importer hands it to a sink.
public struct PersonRecord: Sendable, Equatable {
    public var personId: String
    public var name: String?
    public var email: String?
    public var team: String
    public var timezone: String?
    public var workStart: String?
    public var workEnd: String?
    public var workdays: String?
    public var aliases: [String]
    public var isBot: Bool
    /// The person's holiday calendar (metrics v2): a calendar name of `holidays.csv`, `none` for no calendar,
    /// nil for the organisation's.
    public var holidayCalendar: String?
    /// True for a row of the people directory (canonical `people.csv`): it owns the person's team, zone, hours
    /// and bot flag, and takes over the references it claims. False for a source's own profile of a user (a
    /// Slack `users.json` entry, a bot seen in an export): `personId` is its identity (`slack:U024BE7LH`), and
    /// the profile joins the person who already holds one of its references (its e-mail), only filling in what
    /// that person lacks (name, e-mail, time zone, and the bot flag of a person not from the directory), or
    /// creates a person outside the directory.
    public var fromDirectory: Bool
    public var location: InputLocation

    public init(personId: String, name: String? = nil, email: String? = nil, team: String = "unassigned",
                timezone: String? = nil, workStart: String? = nil, workEnd: String? = nil, workdays: String? = nil,
                aliases: [String] = [], isBot: Bool = false, holidayCalendar: String? = nil, fromDirectory: Bool = true,
                location: InputLocation = .unknown) {
        self.personId = personId; self.name = name; self.email = email; self.team = team
        self.timezone = timezone; self.workStart = workStart; self.workEnd = workEnd; self.workdays = workdays
        self.aliases = aliases; self.isBot = isBot; self.holidayCalendar = holidayCalendar
        self.fromDirectory = fromDirectory; self.location = location
    }
}

/// One row of time off (metrics v2, canonical `time_off.csv`): a person away from `start` to `end`, both local
/// dates of that person, both included.
public struct TimeOffRecord: Sendable, Equatable {
    public var person: String
    public var start: LocalDate
    public var end: LocalDate
    /// `vacation`, `sick`, ...: kept and shown, no effect on metrics.
    public var kind: String?
    public var location: InputLocation

    public init(person: String, start: LocalDate, end: LocalDate, kind: String? = nil,
                location: InputLocation = .unknown) {
        self.person = person; self.start = start; self.end = end; self.kind = kind; self.location = location
    }
}

/// One public holiday of a named calendar (metrics v2, canonical `holidays.csv`).
public struct HolidayRecord: Sendable, Equatable {
    public var calendar: String
    public var date: LocalDate
    public var name: String?
    public var location: InputLocation

    public init(calendar: String, date: LocalDate, name: String? = nil, location: InputLocation = .unknown) {
        self.calendar = calendar; self.date = date; self.name = name; self.location = location
    }
}

public struct MessageRecord: Sendable, Equatable {
    public var messageId: String
    public var channel: String
    /// The channel's name for people, when the source keys channels by id (Slack: `C024BE91L` is `general`);
    /// nil: the channel is named by `channel`. Used when the channel is first stored.
    public var channelName: String?
    /// nil when the cell is empty (the first row of a channel fixes its kind; empty there means public).
    public var channelKind: ChannelKind?
    public var author: String
    public var sentAt: Instant
    public var threadId: String?
    /// Person references from the `mentions` column.
    public var mentions: [String]
    /// The `@` tokens of the text (resolved when metrics run). Derived from `text` by the import's checks, like
    /// `isQuestion`, `length` and `urlCount`: what an importer puts in these four is replaced.
    public var mentionTokens: [String]
    public var isQuestion: Bool
    public var length: Int
    public var urlCount: Int
    public var isSystem: Bool
    public var source: String
    /// The body. The import's checks derive the features from it, then drop it unless the session keeps text
    /// (`--keep-text`): an importer always hands it over.
    public var text: String?
    public var location: InputLocation

    public init(messageId: String, channel: String, channelKind: ChannelKind? = nil, author: String, sentAt: Instant,
                threadId: String? = nil, mentions: [String] = [], mentionTokens: [String] = [], isQuestion: Bool = false,
                length: Int = 0, urlCount: Int = 0, isSystem: Bool = false, source: String = "csv", text: String? = nil,
                channelName: String? = nil, location: InputLocation = .unknown) {
        self.messageId = messageId; self.channel = channel; self.channelKind = channelKind; self.author = author
        self.channelName = channelName
        self.sentAt = sentAt; self.threadId = threadId; self.mentions = mentions; self.mentionTokens = mentionTokens
        self.isQuestion = isQuestion; self.length = length; self.urlCount = urlCount; self.isSystem = isSystem
        self.source = source; self.text = text; self.location = location
    }
}

public struct WorkItemRecord: Sendable, Equatable {
    public var itemId: String
    public var title: String
    public var createdAt: Instant
    public var status: WorkStatus
    public var originalStatus: String?
    public var resolvedAt: Instant?
    /// Raw due value; only its presence is used.
    public var dueAt: String?
    public var assignees: [String]
    public var reporter: String?
    public var project: String?
    public var descriptionLength: Int
    public var hasAcceptanceCriteria: Bool
    public var hasURL: Bool
    public var links: [String]
    public var updatedAt: Instant?
    public var description: String?
    /// What the source calls the item (`pr`, `issue`, a Jira issue type such as `Bug`, `card`); nil in canonical CSV.
    public var kind: String?
    public var location: InputLocation

    public init(itemId: String, title: String, createdAt: Instant, status: WorkStatus = .todo, originalStatus: String? = nil,
                resolvedAt: Instant? = nil, dueAt: String? = nil, assignees: [String] = [], reporter: String? = nil,
                project: String? = nil, descriptionLength: Int = 0, hasAcceptanceCriteria: Bool = false,
                hasURL: Bool = false, links: [String] = [], updatedAt: Instant? = nil, description: String? = nil,
                kind: String? = nil, location: InputLocation = .unknown) {
        self.itemId = itemId; self.title = title; self.createdAt = createdAt; self.status = status
        self.originalStatus = originalStatus; self.resolvedAt = resolvedAt; self.dueAt = dueAt
        self.assignees = assignees; self.reporter = reporter; self.project = project
        self.descriptionLength = descriptionLength; self.hasAcceptanceCriteria = hasAcceptanceCriteria
        self.hasURL = hasURL; self.links = links; self.updatedAt = updatedAt; self.description = description
        self.kind = kind; self.location = location
    }
}

public enum WorkItemField: String, Sendable, Codable { case assignee, status }

public struct WorkItemEventRecord: Sendable, Equatable {
    public var itemId: String
    public var at: Instant
    public var field: WorkItemField
    /// For `assignee`: person references; for `status`: one raw status (or empty).
    public var from: [String]
    public var to: [String]
    public var actor: String?
    public var location: InputLocation

    public init(itemId: String, at: Instant, field: WorkItemField, from: [String] = [], to: [String] = [],
                actor: String? = nil, location: InputLocation = .unknown) {
        self.itemId = itemId; self.at = at; self.field = field; self.from = from; self.to = to
        self.actor = actor; self.location = location
    }
}

public struct MeetingRecord: Sendable, Equatable {
    public var meetingId: String
    public var title: String?
    public var start: Instant
    public var end: Instant
    public var organizer: String?
    public var seriesId: String?
    public var allDay: Bool
    public var cancelled: Bool
    public var free: Bool
    public var agendaLength: Int
    public var hasNotes: Bool
    public var notesURL: String?
    public var description: String?
    public var location: InputLocation

    public init(meetingId: String, title: String? = nil, start: Instant, end: Instant, organizer: String? = nil,
                seriesId: String? = nil, allDay: Bool = false, cancelled: Bool = false, free: Bool = false,
                agendaLength: Int = 0, hasNotes: Bool = false, notesURL: String? = nil, description: String? = nil,
                location: InputLocation = .unknown) {
        self.meetingId = meetingId; self.title = title; self.start = start; self.end = end
        self.organizer = organizer; self.seriesId = seriesId; self.allDay = allDay; self.cancelled = cancelled
        self.free = free; self.agendaLength = agendaLength; self.hasNotes = hasNotes; self.notesURL = notesURL
        self.description = description; self.location = location
    }
}

public struct AttendanceRecord: Sendable, Equatable {
    public var meetingId: String
    public var person: String
    public var response: AttendeeResponse
    public var location: InputLocation
    /// Whether the answer comes from the person's own calendar (or a canonical file): false for the answer of
    /// another attendee as a copy of the meeting in someone else's calendar export shows it, which never
    /// replaces an own answer (calendar imports).
    public var ownAnswer: Bool

    public init(meetingId: String, person: String, response: AttendeeResponse = .needsAction, location: InputLocation = .unknown,
                ownAnswer: Bool = true) {
        self.meetingId = meetingId; self.person = person; self.response = response; self.location = location
        self.ownAnswer = ownAnswer
    }
}
