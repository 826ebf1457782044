import Foundation
import GRDB

/// What `maturity doctor` needs from the store beyond the metrics' `Dataset`: the people's directory fields
/// and e-mail addresses, channel kinds per source and timestamps after a given instant.
public struct DoctorFacts: Sendable, Equatable {
    public struct Person: Sendable, Equatable {
        /// The `person` row id; the people come in row id order, the order of the metrics' `Dataset.people`.
        public var row: Int64
        public var id: String
        public var name: String?
        public var team: String
        public var timezone: String?
        public var isBot: Bool
        public var fromDirectory: Bool
        /// The person's e-mail addresses (their `email` and every `email` identity), lower-cased, sorted.
        public var emails: [String]
        /// Their first reference in this order: directory id, e-mail, any other: what a command names them by.
        public var reference: String
        /// The person has a Slack identity (`slack:…`): a member of the workspace, not a guest of a meeting.
        public var inSlack: Bool

        public init(row: Int64, id: String, name: String?, team: String, timezone: String?, isBot: Bool,
                    fromDirectory: Bool, emails: [String], reference: String, inSlack: Bool = false) {
            self.row = row; self.id = id; self.name = name; self.team = team; self.timezone = timezone
            self.isBot = isBot; self.fromDirectory = fromDirectory; self.emails = emails; self.reference = reference
            self.inSlack = inSlack
        }
    }

    public var people: [Person]
    /// Channels of Slack exports (keys `slack:channel:…`) by kind (`public`, `private`, `direct`, `group`).
    public var slackChannelKinds: [String: Int]
    /// Rows with an instant after `now`: messages sent, work items created or resolved, work item events.
    public var futureMessages: Int
    public var futureWorkItems: Int
    public var futureEvents: Int
    /// The latest of those instants (nil when there is none).
    public var latestFuture: Instant?

    public init(people: [Person], slackChannelKinds: [String: Int] = [:], futureMessages: Int = 0,
                futureWorkItems: Int = 0, futureEvents: Int = 0, latestFuture: Instant? = nil) {
        self.people = people; self.slackChannelKinds = slackChannelKinds; self.futureMessages = futureMessages
        self.futureWorkItems = futureWorkItems; self.futureEvents = futureEvents; self.latestFuture = latestFuture
    }
}

extension Store {
    /// The doctor's facts; timestamps count as in the future when they lie after `now`.
    public func doctorFacts(now: Instant) throws -> DoctorFacts {
        try dbQueue.read { db in try Self.doctorFacts(db, now: now) }
    }

    /// The doctor's facts, inside a read the caller holds.
    public static func doctorFacts(_ db: Database, now: Instant) throws -> DoctorFacts {
        do {
            var emails: [Int64: [String]] = [:]
            var firstReference: [Int64: String] = [:]
            var inSlack = Set<Int64>()
            for row in try Row.fetchAll(db, sql: """
                SELECT person_id, reference, source FROM identity
                ORDER BY person_id, CASE source WHEN 'id' THEN 0 WHEN 'email' THEN 1 ELSE 2 END, reference
                """) {
                let person: Int64 = row["person_id"]
                let reference: String = row["reference"]
                if firstReference[person] == nil { firstReference[person] = reference }
                let source: String = row["source"]
                if source == "email" { emails[person, default: []].append(reference) }
                if source == "slack" { inSlack.insert(person) }
            }
            let people = try Row.fetchAll(db, sql: """
                SELECT id, display_id, directory_id, name, email, team, timezone, is_bot, from_directory
                FROM person ORDER BY id
                """).map { row -> DoctorFacts.Person in
                let id: Int64 = row["id"]
                var own = emails[id] ?? []
                if let email: String = row["email"], !own.contains(email) { own.append(email) }
                let displayId: String = row["display_id"]
                let reference = (row["directory_id"] as String?) ?? firstReference[id] ?? displayId
                return DoctorFacts.Person(row: id, id: displayId, name: row["name"], team: row["team"],
                                          timezone: row["timezone"], isBot: row["is_bot"],
                                          fromDirectory: row["from_directory"], emails: own.sorted(),
                                          reference: reference, inSlack: inSlack.contains(id))
            }
            var kinds: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT kind, count(*) AS n FROM channel WHERE key LIKE 'slack:channel:%' GROUP BY kind
                """) {
                kinds[row["kind"]] = row["n"]
            }
            func count(_ sql: String) throws -> Int { try Int.fetchOne(db, sql: sql, arguments: [now]) ?? 0 }
            let latest = try Int64.fetchOne(db, sql: """
                SELECT max(t) FROM (SELECT max(sent_at) AS t FROM message WHERE sent_at > :now
                    UNION ALL SELECT max(max(created_at, coalesce(resolved_at, 0))) FROM work_item
                        WHERE created_at > :now OR resolved_at > :now
                    UNION ALL SELECT max(at) FROM work_item_event WHERE at > :now)
                """, arguments: ["now": now])
            return DoctorFacts(
                people: people, slackChannelKinds: kinds,
                futureMessages: try count("SELECT count(*) FROM message WHERE sent_at > ?"),
                futureWorkItems: try Int.fetchOne(db, sql: """
                    SELECT count(*) FROM work_item WHERE created_at > ? OR resolved_at > ?
                    """, arguments: [now, now]) ?? 0,
                futureEvents: try count("SELECT count(*) FROM work_item_event WHERE at > ?"),
                latestFuture: latest)
        }
    }
}
