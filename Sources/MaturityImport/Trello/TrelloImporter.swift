import Foundation
import MaturityCore

/// A Trello board export (Menu > Print and export > JSON), or a list of a board's actions fetched apart
/// (`/1/boards/<id>/actions`, the way round the export's cap). Cards are work items
/// (`trello:work_item:<card id>`) whose status is their list's name through the status mapping; members are
/// assignees; the description and the checklists (as `- [ ]` lines) are the description text; actions are
/// events (list moves, members added and removed) and comments (messages in the card's thread, the
/// description its root, in a channel per board). Documentation/Importers.md, "Trello".
public struct TrelloImporter: Importer {
    public static let format = ImportFormat(id: "trello", name: "Trello board export (JSON)", keySource: "trello",
                                            mainEntity: .workItem, recordNoun: "cards and actions", repeatedIds: .merge)
    public var format: ImportFormat { Self.format }
    public let statuses: StatusMapping

    /// Trello's export holds at most this many actions, newest first.
    public static let actionsCap = 1000

    public init(statuses: StatusMapping = StatusMapping()) { self.statuses = statuses }

    static let cardFields = FieldNames([
        "item_id": (nil, "id"), "title": (nil, "name"), "created_at": (nil, "id"), "status": (nil, "idList"),
        "assignees": (nil, "idMembers"), "updated_at": (nil, "dateLastActivity"), "description": (nil, "desc"),
        "message_id": (nil, "id"),
    ])

    /// The creation instant of a Trello id: its first 8 hex digits are Unix seconds.
    static func createdAt(id: String) -> Instant? {
        guard id.count == 24, id.allSatisfy(\.isHexDigit), let seconds = Int64(id.prefix(8), radix: 16) else { return nil }
        return seconds * 1000
    }

    public func read(_ input: ImportInput, into sink: RecordSink) throws -> Int {
        let root = try JSONInput.read(input)
        if let actions = root as? [Any] {
            return try readActions(actions, board: nil, file: input.path, prefix: "", sink: sink)
        }
        guard let board = root as? [String: Any], board["cards"] != nil || board["actions"] != nil else {
            throw ImportError(file: input.path, line: nil, column: nil,
                              message: "this JSON is not a Trello board export (no cards, no actions)",
                              fix: "export the board with Menu > Print and export > JSON")
        }
        let boardName = JSONInput.string(board["name"]) ?? JSONInput.string(board["id"]) ?? "trello"
        var lists: [String: (name: String, closed: Bool)] = [:]
        for value in JSONInput.array(board["lists"]) {
            guard let list = value as? [String: Any], let id = JSONInput.string(list["id"]) else { continue }
            lists[id] = (JSONInput.string(list["name"]) ?? id, (list["closed"] as? Bool) ?? false)
        }
        var people = People()
        for value in JSONInput.array(board["members"]) { people.learn(value) }
        var checklists: [String: [[String: Any]]] = [:]
        for value in JSONInput.array(board["checklists"]) {
            guard let checklist = value as? [String: Any], let card = JSONInput.string(checklist["idCard"]) else { continue }
            checklists[card, default: []].append(checklist)
        }
        let actions = JSONInput.array(board["actions"])
        var creators: [String: String] = [:]
        var createdDates: [String: String] = [:]
        for value in actions {
            guard let action = value as? [String: Any] else { continue }
            people.learn(action["memberCreator"])
            people.learn(action["member"])
            if JSONInput.string(action["type"]) == "createCard",
               let card = JSONInput.string(JSONInput.object(JSONInput.object(action["data"])?["card"])?["id"]),
               let creator = people.reference(JSONInput.string(action["idMemberCreator"])) {
                creators[card] = creator
                createdDates[card] = JSONInput.string(action["date"])
            }
        }
        let unknown = UnknownStatuses()
        var count = 0
        var current: [String: [String]] = [:]
        for (index, value) in JSONInput.array(board["cards"]).enumerated() {
            guard let card = value as? [String: Any] else { continue }
            let location = InputLocation(file: input.path, path: "cards[\(index)]", fields: Self.cardFields)
            count += 1
            do {
                guard let id = JSONInput.string(card["id"]), !TextRules.trim(id).isEmpty else {
                    throw ImportError(at: location.field("item_id"), message: "the card has no id",
                                      fix: "export the board again (every card has a 24-digit hex id)")
                }
                // A Trello id holds its creation time; an id that does not (a hand-made export) takes its
                // createCard action's date, else its last activity.
                guard let created = try Self.createdAt(id: id)
                    ?? JSONInput.instant(createdDates[id], at: location.field("created_at"), required: false)
                    ?? JSONInput.instant(card["dateLastActivity"], at: location.field("updated_at"), required: false) else {
                    throw ImportError(at: location.field("item_id"), message: "the card's id '\(id)' holds no creation time, "
                                        + "and it has no createCard action nor dateLastActivity",
                                      fix: "export the board again (every card has a 24-digit hex id)")
                }
                let list = JSONInput.string(card["idList"]).flatMap { lists[$0] }
                let listName = list?.name ?? JSONInput.string(card["idList"]) ?? ""
                var mapped = statuses.map(listName)
                unknown.check(listName, known: mapped.known, at: location.field("status"), sink: sink)
                var raw = listName
                if (card["closed"] as? Bool) ?? false {
                    raw += " (archived)"
                    if mapped.status != .done && mapped.status != .cancelled { mapped.status = .cancelled }
                }
                let assignees = JSONInput.array(card["idMembers"]).compactMap { people.reference(JSONInput.string($0)) }
                current[id] = assignees
                var description = JSONInput.string(card["desc"]) ?? ""
                for checklist in checklists[id] ?? [] {
                    var lines: [String] = []
                    let items = JSONInput.array(checklist["checkItems"]).compactMap { $0 as? [String: Any] }
                        .sorted { (($0["pos"] as? NSNumber)?.doubleValue ?? 0) < (($1["pos"] as? NSNumber)?.doubleValue ?? 0) }
                    for item in items {
                        let done = JSONInput.string(item["state"]) == "complete"
                        lines.append((done ? "- [x] " : "- [ ] ") + (JSONInput.string(item["name"]) ?? ""))
                    }
                    let title = JSONInput.string(checklist["name"]) ?? "Checklist"
                    description += (description.isEmpty ? "" : "\n\n") + title + ":\n" + lines.joined(separator: "\n")
                }
                let links = JSONInput.array(card["attachments"]).compactMap { value -> String? in
                    guard let attachment = value as? [String: Any], (attachment["isUpload"] as? Bool) != true else { return nil }
                    return JSONInput.string(attachment["url"])
                }
                var due = JSONInput.string(card["due"])
                if due.map({ TextRules.trim($0).isEmpty }) ?? false { due = nil }
                let reporter = creators[id]
                try sink.add(WorkItemRecord(
                    itemId: id, title: JSONInput.string(card["name"]) ?? "", createdAt: created, status: mapped.status,
                    originalStatus: raw, dueAt: due, assignees: assignees, reporter: reporter, project: boardName,
                    links: links, updatedAt: try JSONInput.instant(card["dateLastActivity"], at: location.field("updated_at"),
                                                                   required: false),
                    description: description, kind: "card", location: location))
                if let reporter {
                    try sink.add(MessageRecord(messageId: id, channel: boardName, channelKind: .public, author: reporter,
                                               sentAt: created, source: "trello", text: description, location: location))
                }
            } catch let error as ImportError {
                try sink.fail(error)
            }
        }
        count += try readActions(actions, board: boardName, file: input.path, prefix: "actions", sink: sink,
                                 people: people, lists: lists, current: current)
        if actions.count >= Self.actionsCap {
            let oldest = actions.compactMap { JSONInput.string(JSONInput.object($0)?["date"]) }.min() ?? "?"
            sink.warn("the export holds \(actions.count) actions, Trello's cap: the history before \(oldest) (events "
                + "and comments) is missing; import the board's actions fetched with the API (/1/boards/ID/actions) too",
                      at: InputLocation(file: input.path, path: "actions"))
        }
        return count
    }

    /// Trello members by id, as references `trello:<username>` (the id when the username is unknown).
    struct People {
        private var usernames: [String: String] = [:]

        mutating func learn(_ value: Any?) {
            guard let member = JSONInput.object(value), let id = JSONInput.string(member["id"]),
                  let username = JSONInput.string(member["username"]), !TextRules.trim(username).isEmpty else { return }
            usernames[id] = username
        }

        func reference(_ id: String?) -> String? {
            guard let id, !TextRules.trim(id).isEmpty else { return nil }
            return "trello:" + (usernames[id] ?? id)
        }
    }

    /// The actions (newest first, as Trello writes them) as events and comments.
    private func readActions(_ actions: [Any], board: String?, file: String, prefix: String, sink: RecordSink,
                             people known: People = People(), lists: [String: (name: String, closed: Bool)] = [:],
                             current: [String: [String]] = [:]) throws -> Int {
        var people = known
        for value in actions {
            people.learn(JSONInput.object(value)?["memberCreator"])
            people.learn(JSONInput.object(value)?["member"])
        }
        var deltas: [String: AssigneeDeltas] = [:]
        var statusEvents: [WorkItemEventRecord] = []
        var count = 0
        let unknown = UnknownStatuses()
        for (index, value) in actions.enumerated() {
            guard let action = value as? [String: Any] else { continue }
            let location = InputLocation(file: file, path: prefix + "[\(index)]")
            let type = JSONInput.string(action["type"]) ?? ""
            let data = JSONInput.object(action["data"]) ?? [:]
            guard let card = JSONInput.string(JSONInput.object(data["card"])?["id"]) else { continue }
            count += 1
            do {
                let at = try JSONInput.instant(action["date"], at: location.field("date"), required: true)!
                let actor = people.reference(JSONInput.string(action["idMemberCreator"]))
                switch type {
                case "commentCard":
                    guard let actor else {
                        sink.skip(reason: "comments without an author")
                        continue
                    }
                    let channel = board ?? JSONInput.string(JSONInput.object(data["board"])?["name"])
                        ?? JSONInput.string(JSONInput.object(data["board"])?["id"]) ?? "trello"
                    try sink.add(MessageRecord(
                        messageId: JSONInput.string(action["id"]) ?? "\(card)/\(index)", channel: channel,
                        channelKind: .public, author: actor, sentAt: at, threadId: card, source: "trello",
                        text: JSONInput.string(data["text"]) ?? "", location: location))
                case "updateCard":
                    let before = JSONInput.object(data["listBefore"]), after = JSONInput.object(data["listAfter"])
                    guard before != nil || after != nil else { continue }
                    let from = JSONInput.string(before?["name"]) ?? JSONInput.string(before?["id"]).flatMap { lists[$0]?.name } ?? ""
                    let to = JSONInput.string(after?["name"]) ?? JSONInput.string(after?["id"]).flatMap { lists[$0]?.name } ?? ""
                    let toStatus = statuses.map(to)
                    unknown.check(to, known: toStatus.known, at: location, sink: sink)
                    statusEvents.append(WorkItemEventRecord(
                        itemId: card, at: at, field: .status,
                        from: from.isEmpty ? [] : [StatusMapping.eventValue(from, statuses.map(from).status)],
                        to: to.isEmpty ? [] : [StatusMapping.eventValue(to, toStatus.status)], actor: actor,
                        location: location))
                case "addMemberToCard", "removeMemberFromCard":
                    guard let member = people.reference(JSONInput.string(data["idMember"])) else { continue }
                    deltas[card, default: AssigneeDeltas()].deltas.append(AssigneeDeltas.Delta(
                        at: at, added: type == "addMemberToCard" ? member : nil,
                        removed: type == "removeMemberFromCard" ? member : nil, actor: actor, location: location))
                default:
                    continue
                }
            } catch let error as ImportError {
                try sink.fail(error)
            }
        }
        var events = EventDeduplicator()
        var all = statusEvents
        for (card, changes) in deltas.sorted(by: { $0.key < $1.key }) {
            // Without the board (an actions file), the current members are not known: replay from the last
            // change (the member added last is there, the one removed last is not).
            let now = current[card] ?? Self.membersAfter(changes)
            all += changes.events(itemId: card, current: now)
        }
        for event in all.enumerated().sorted(by: { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }).map(\.element)
        where events.isNew(event) {
            try sink.add(event)
        }
        return count
    }

    /// The members a card has after its changes, as far as the changes tell: each member's last change decides.
    static func membersAfter(_ changes: AssigneeDeltas) -> [String] {
        var members: [String] = []
        for delta in changes.deltas.sorted(by: { $0.at < $1.at }) {
            if let added = delta.added, !members.contains(added) { members.append(added) }
            if let removed = delta.removed { members.removeAll { $0 == removed } }
        }
        return members
    }
}
