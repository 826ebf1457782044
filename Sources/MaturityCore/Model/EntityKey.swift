import Foundation

/// The kinds of entity an import writes, as they appear in keys (`<source>:<entity>:<id>`) and summaries.
public enum EntityKind: String, Sendable, CaseIterable, Codable, Comparable {
    case person, timeOff = "time_off", holiday, workItem = "work_item", workItemEvent = "work_item_event", meeting, attendance, channel, message

    /// The plural people read in summaries and `maturity runs` (`work items`, `attendees`).
    public var plural: String {
        switch self {
        case .person: "people"
        case .timeOff: "time-off rows"
        case .holiday: "holidays"
        case .channel: "channels"
        case .message: "messages"
        case .workItem: "work items"
        case .workItemEvent: "work-item events"
        case .meeting: "meetings"
        case .attendance: "attendees"
        }
    }

    /// Dependency order, as a folder is imported: people first, events after their items, attendees after their
    /// meetings, messages last.
    public static func < (a: EntityKind, b: EntityKind) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// The deterministic identity of an imported entity: `<source>:<entity>:<id>`, such as
/// `slack:message:C024/1736478630.905399`, `jira:work_item:PROJ-12` or `ics:meeting:<uid>/<recurrence-id>`.
/// Every key is built by this type, never by string concatenation at the call site, so two sources can never
/// claim each other's rows and re-importing the same export finds the same rows.
public struct EntityKey: Sendable, Hashable, CustomStringConvertible {
    /// The source that owns the key (`csv`, `slack`, `jira`, ...): lower-case ASCII letters, digits and `-`.
    public let source: String
    public let entity: EntityKind
    /// The source's own id of the entity; for a message, `<channel>/<message id>`.
    public let id: String

    public init(source: String, entity: EntityKind, id: String) {
        precondition(EntityKey.isValidSource(source), "a key source is lower-case ASCII letters, digits and '-'")
        self.source = source; self.entity = entity; self.id = id
    }

    /// The key of a message: its channel's id and its own id within the channel.
    public static func message(source: String, channel: String, id: String) -> EntityKey {
        EntityKey(source: source, entity: .message, id: channel + "/" + id)
    }

    /// `<source>:<entity>:<id>`.
    public var description: String { source + ":" + entity.rawValue + ":" + id }

    /// Whether `source` can name the source of a key.
    public static func isValidSource(_ source: String) -> Bool {
        !source.isEmpty && source.utf8.allSatisfy { byte in
            (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2D
        }
    }
}
