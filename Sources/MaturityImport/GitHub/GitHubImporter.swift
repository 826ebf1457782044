import Foundation
import MaturityCore

/// GitHub issues and pull requests as their exports come: the REST issues endpoint (an array, or several pages
/// in one array of arrays), the search endpoint (`{"total_count", "items"}`, one page or an array of pages),
/// `gh issue list --json` / `gh pr list --json`; the repository's issue events (`assigned`, `unassigned`,
/// `closed`, `reopened`) as work-item events; comments and pull-request reviews as messages in the item's
/// thread. Items are keyed `github:work_item:<owner>/<repo>#<number>`; people are `github:<login>`, and a
/// `[bot]` login (or a `Bot` user) is a person flagged as a bot. Documentation/Importers.md, "GitHub".
public struct GitHubImporter: Importer {
    /// What a file mainly holds, as recognition found it (a folder imports items before their events).
    public enum Content: Sendable { case items, events, messages }

    public static let format = ImportFormat(id: "github", name: "GitHub issues and pull requests (JSON)",
                                            keySource: "github", mainEntity: .workItem, recordNoun: "records",
                                            repeatedIds: .merge)
    public let content: Content
    public var format: ImportFormat {
        var format = Self.format
        format.mainEntity = switch content {
        case .items: .workItem
        case .events: .workItemEvent
        case .messages: .message
        }
        return format
    }

    public init(content: Content = .items) { self.content = content }

    static let itemFields = FieldNames([
        "item_id": (nil, "number"), "title": (nil, "title"), "created_at": (nil, "created_at"),
        "resolved_at": (nil, "closed_at"), "updated_at": (nil, "updated_at"), "status": (nil, "state"),
        "reporter": (nil, "user"), "assignees": (nil, "assignees"), "message_id": (nil, "number"),
        "author": (nil, "user"),
    ])
    static let ghFields = FieldNames([
        "item_id": (nil, "number"), "title": (nil, "title"), "created_at": (nil, "createdAt"),
        "resolved_at": (nil, "closedAt"), "updated_at": (nil, "updatedAt"), "status": (nil, "state"),
        "reporter": (nil, "author"), "assignees": (nil, "assignees"), "message_id": (nil, "number"),
        "author": (nil, "author"),
    ])

    /// The kind of one element of an export.
    enum Element { case restItem, ghItem, event, comment, review, unknown }

    static func classify(_ object: [String: Any]) -> Element {
        if object["event"] != nil && (object["issue"] != nil || object["actor"] != nil) { return .event }
        if object["pull_request_url"] != nil && (object["submitted_at"] != nil || object["state"] != nil) { return .review }
        if object["issue_url"] != nil && object["body"] != nil && object["title"] == nil { return .comment }
        if object["number"] != nil && object["title"] != nil {
            return object["created_at"] != nil || object["html_url"] != nil ? .restItem : .ghItem
        }
        return .unknown
    }

    public func read(_ input: ImportInput, into sink: RecordSink) throws -> Int {
        let root = try JSONInput.read(input)
        var elements: [(path: String, object: [String: Any])] = []
        func collect(_ value: Any, path: String) {
            if let object = value as? [String: Any] {
                if let items = object["items"] as? [Any], object["total_count"] != nil {
                    for (index, item) in items.enumerated() { collect(item, path: path + (path.isEmpty ? "" : ".") + "items[\(index)]") }
                } else {
                    elements.append((path, object))
                }
            } else if let array = value as? [Any] {
                for (index, element) in array.enumerated() {
                    collect(element, path: path.isEmpty ? "[\(index)]" : path + "[\(index)]")
                }
            }
        }
        collect(root, path: "")
        let reader = Reader(file: input.path, sink: sink)
        var count = 0
        for (path, object) in elements {
            let location = InputLocation(file: input.path, path: path.isEmpty ? nil : path)
            do {
                switch Self.classify(object) {
                case .restItem: try reader.restItem(object, at: location)
                case .ghItem: try reader.ghItem(object, at: location)
                case .event: try reader.event(object, at: location)
                case .comment: try reader.comment(object, at: location)
                case .review: try reader.review(object, at: location)
                case .unknown:
                    sink.skip(reason: "JSON objects that are no issue, pull request, event, comment or review")
                    continue
                }
                count += 1
            } catch let error as ImportError {
                try sink.fail(error)
            }
        }
        try reader.finishEvents()
        return count
    }

    /// `owner/repo` and the number from a URL (`https://api.github.com/repos/o/r/issues/12`,
    /// `https://github.com/o/r/pull/12#issuecomment-3`, `https://api.github.com/repos/o/r`).
    static func repository(_ url: String?) -> (repo: String, number: Int?)? {
        guard let url, let components = URLComponents(string: url) else { return nil }
        var parts = components.path.split(separator: "/").map(String.init)
        if components.host == "api.github.com" {
            guard parts.first == "repos" else { return nil }
            parts.removeFirst()
        }
        guard parts.count >= 2 else { return nil }
        let repo = parts[0] + "/" + parts[1]
        let number = parts.count >= 4 && ["issues", "pull", "pulls"].contains(parts[2]) ? Int(parts[3]) : nil
        return (repo, number)
    }

    /// Everything one input's records share: the bots already handed over, the items' current assignees and
    /// the assignee changes waiting to be replayed.
    final class Reader {
        let file: String
        let sink: RecordSink
        private var bots: Set<String> = []
        private var deltas: [String: AssigneeDeltas] = [:]
        private var currentAssignees: [String: [String]] = [:]
        private var events = EventDeduplicator()

        init(file: String, sink: RecordSink) {
            self.file = file
            self.sink = sink
        }

        /// A user object as a reference (`github:login`); a bot is first handed over as a person flagged so.
        func person(_ value: Any?) throws -> String? {
            guard let user = JSONInput.object(value), let login = JSONInput.string(user["login"]),
                  !TextRules.trim(login).isEmpty else { return nil }
            let reference = "github:" + login
            let isBot = login.hasSuffix("[bot]") || (user["type"] as? String) == "Bot" || (user["is_bot"] as? Bool) == true
            if isBot && bots.insert(login).inserted {
                try sink.add(PersonRecord(personId: reference, name: login, isBot: true))
            }
            return reference
        }

        func restItem(_ object: [String: Any], at location: InputLocation) throws {
            var location = location
            location.fields = GitHubImporter.itemFields
            let url = JSONInput.string(object["repository_url"]) ?? JSONInput.string(object["html_url"])
            guard let repo = GitHubImporter.repository(url)?.repo else {
                throw ImportError(at: location.field("repository_url"), message: "the item names no repository",
                                  fix: "export the items with the REST API, whose items carry repository_url")
            }
            let pull = JSONInput.object(object["pull_request"])
            let isPull = object["pull_request"] != nil
            let merged = JSONInput.string(pull?["merged_at"]) != nil
            try item(repo: repo, number: object["number"], title: object["title"], state: object["state"],
                     reason: object["state_reason"], isPull: isPull, merged: merged, draft: (object["draft"] as? Bool) ?? false,
                     created: object["created_at"], closed: object["closed_at"], updated: object["updated_at"],
                     author: object["user"], assignees: JSONInput.array(object["assignees"]),
                     due: JSONInput.object(object["milestone"])?["due_on"], body: object["body"], location: location)
        }

        func ghItem(_ object: [String: Any], at location: InputLocation) throws {
            var location = location
            location.fields = GitHubImporter.ghFields
            let url = JSONInput.string(object["url"])
            guard let found = GitHubImporter.repository(url) else {
                throw ImportError(at: location.field("url"), message: "the item has no GitHub url",
                                  fix: "list the items with --json including url (gh issue list --json number,title,url,...)")
            }
            let state = (JSONInput.string(object["state"]) ?? "").lowercased()
            let isPull = url?.contains("/pull/") ?? false
            let reason = JSONInput.string(object["stateReason"])?.lowercased()
            try item(repo: found.repo, number: object["number"], title: object["title"],
                     state: state == "merged" ? "closed" : state, reason: reason, isPull: isPull,
                     merged: state == "merged" || JSONInput.string(object["mergedAt"]) != nil,
                     draft: (object["isDraft"] as? Bool) ?? false, created: object["createdAt"],
                     closed: object["closedAt"], updated: object["updatedAt"], author: object["author"],
                     assignees: JSONInput.array(object["assignees"]),
                     due: JSONInput.object(object["milestone"])?["dueOn"], body: object["body"], location: location)
            let itemId = found.repo + "#" + (JSONInput.string(object["number"]) ?? "")
            for (index, value) in JSONInput.array(object["comments"]).enumerated() {
                guard let comment = value as? [String: Any] else { continue }
                let path = InputLocation(file: file, path: (location.path ?? "") + ".comments[\(index)]")
                let id = JSONInput.string(comment["url"]).flatMap { $0.components(separatedBy: "#issuecomment-").last }
                    ?? JSONInput.string(comment["id"]) ?? String(index + 1)
                try message(itemId: itemId, id: "comment-" + id, author: comment["author"], at: comment["createdAt"],
                            body: comment["body"], location: path, timeField: "createdAt")
            }
            for (index, value) in JSONInput.array(object["reviews"]).enumerated() {
                guard let review = value as? [String: Any], review["submittedAt"] != nil else { continue }
                let path = InputLocation(file: file, path: (location.path ?? "") + ".reviews[\(index)]")
                let id = JSONInput.string(review["id"]) ?? String(index + 1)
                try message(itemId: itemId, id: "review-" + id, author: review["author"], at: review["submittedAt"],
                            body: review["body"], location: path, timeField: "submittedAt")
            }
        }

        private func item(repo: String, number: Any?, title: Any?, state: Any?, reason: Any?, isPull: Bool, merged: Bool,
                          draft: Bool, created: Any?, closed: Any?, updated: Any?, author: Any?, assignees: [Any],
                          due: Any?, body: Any?, location: InputLocation) throws {
            guard let number = JSONInput.string(number) else {
                throw ImportError(at: location.field("item_id"), message: "the item has no number",
                                  fix: "export the items again; every issue and pull request has a number")
            }
            let itemId = repo + "#" + number
            let state = (JSONInput.string(state) ?? "").lowercased()
            let reason = (JSONInput.string(reason) ?? "").lowercased()
            let (status, raw): (WorkStatus, String) = switch (state, isPull) {
            case ("open", false): (.todo, "open")
            case ("open", true): (.inProgress, draft ? "open (draft)" : "open")
            case ("closed", true): merged ? (.done, "merged") : (.cancelled, "closed (not merged)")
            case ("closed", false): reason == "not_planned" ? (.cancelled, "closed (not planned)") : (.done, "closed")
            default:
                throw ImportError(at: location.field("status"), message: "unknown state '\(state)'",
                                  fix: "export the items again; GitHub states are open and closed")
            }
            let reporter = try person(author)
            var references: [String] = []
            for assignee in assignees { if let reference = try person(assignee) { references.append(reference) } }
            currentAssignees[itemId] = references
            let createdAt = try JSONInput.instant(created, at: location.field("created_at"), required: true)!
            let text = JSONInput.string(body) ?? ""
            var dueAt = JSONInput.string(due)
            if dueAt.map({ TextRules.trim($0).isEmpty }) ?? false { dueAt = nil }
            try sink.add(WorkItemRecord(
                itemId: itemId, title: JSONInput.string(title) ?? "", createdAt: createdAt, status: status,
                originalStatus: raw, resolvedAt: try JSONInput.instant(closed, at: location.field("resolved_at"), required: false),
                dueAt: dueAt, assignees: references, reporter: reporter, project: repo,
                updatedAt: try JSONInput.instant(updated, at: location.field("updated_at"), required: false),
                description: text, kind: isPull ? "pr" : "issue", location: location))
            if let reporter {
                try sink.add(MessageRecord(messageId: "#" + number, channel: repo, channelKind: .public, author: reporter,
                                           sentAt: createdAt, source: "github", text: text, location: location))
            }
        }

        private func message(itemId: String, id: String, author: Any?, at: Any?, body: Any?, location: InputLocation,
                             timeField: String) throws {
            guard let reference = try person(author) else {
                sink.skip(reason: "comments and reviews without an author (deleted accounts)")
                return
            }
            let parts = itemId.split(separator: "#", maxSplits: 1)
            let sent = try JSONInput.instant(at, at: location.field(timeField), required: true)!
            try sink.add(MessageRecord(messageId: id, channel: String(parts[0]), channelKind: .public, author: reference,
                                       sentAt: sent, threadId: "#" + String(parts[1]), source: "github",
                                       text: JSONInput.string(body) ?? "", location: location))
        }

        /// A comment of the REST API (`/repos/o/r/issues/comments` or an issue's comments).
        func comment(_ object: [String: Any], at location: InputLocation) throws {
            guard let found = GitHubImporter.repository(JSONInput.string(object["issue_url"])), let number = found.number
            else {
                throw ImportError(at: location.field("issue_url"), message: "the comment names no issue",
                                  fix: "export the comments with the REST API, whose comments carry issue_url")
            }
            try message(itemId: "\(found.repo)#\(number)", id: "comment-" + (JSONInput.string(object["id"]) ?? ""),
                        author: object["user"], at: object["created_at"], body: object["body"], location: location,
                        timeField: "created_at")
        }

        /// A pull-request review (`/repos/o/r/pulls/N/reviews`); a pending one (not submitted) is passed over.
        func review(_ object: [String: Any], at location: InputLocation) throws {
            guard object["submitted_at"] != nil, JSONInput.string(object["state"]) != "PENDING" else {
                sink.skip(reason: "pending reviews (not submitted)")
                return
            }
            guard let found = GitHubImporter.repository(JSONInput.string(object["pull_request_url"])),
                  let number = found.number else {
                throw ImportError(at: location.field("pull_request_url"), message: "the review names no pull request",
                                  fix: "export the reviews with the REST API, whose reviews carry pull_request_url")
            }
            try message(itemId: "\(found.repo)#\(number)", id: "review-" + (JSONInput.string(object["id"]) ?? ""),
                        author: object["user"], at: object["submitted_at"], body: object["body"], location: location,
                        timeField: "submitted_at")
        }

        /// An issue event of the repository's events (`/repos/o/r/issues/events`, each with its `issue`).
        func event(_ object: [String: Any], at location: InputLocation) throws {
            let kind = JSONInput.string(object["event"]) ?? ""
            guard ["assigned", "unassigned", "closed", "reopened"].contains(kind) else {
                sink.skip(reason: "issue events other than assigned, unassigned, closed, reopened")
                return
            }
            let issue = JSONInput.object(object["issue"])
            guard let issue, let found = GitHubImporter.repository(JSONInput.string(issue["repository_url"])
                                                                    ?? JSONInput.string(issue["html_url"])),
                  let number = JSONInput.string(issue["number"]) else {
                throw ImportError(at: location.field("issue"), message: "the event names no issue",
                                  fix: "export the repository's events (/repos/OWNER/REPO/issues/events), whose events carry the issue")
            }
            let itemId = found.repo + "#" + number
            let at = try JSONInput.instant(object["created_at"], at: location.field("created_at"), required: true)!
            let actor = try person(object["actor"])
            switch kind {
            case "assigned", "unassigned":
                guard let assignee = try person(object["assignee"]) else { return }
                if currentAssignees[itemId] == nil {
                    var current: [String] = []
                    for value in JSONInput.array(issue["assignees"]) {
                        if let reference = try person(value) { current.append(reference) }
                    }
                    currentAssignees[itemId] = current
                }
                deltas[itemId, default: AssigneeDeltas()].deltas.append(AssigneeDeltas.Delta(
                    at: at, added: kind == "assigned" ? assignee : nil, removed: kind == "unassigned" ? assignee : nil,
                    actor: actor, location: location))
            default:
                let isPull = issue["pull_request"] != nil
                let reason = (JSONInput.string(object["state_reason"]) ?? "").lowercased()
                let closed = isPull ? "closed" : reason == "not_planned" ? "cancelled" : "closed"
                let event = WorkItemEventRecord(itemId: itemId, at: at, field: .status,
                                                from: [kind == "closed" ? "open" : closed],
                                                to: [kind == "closed" ? closed : "open"], actor: actor, location: location)
                if events.isNew(event) { try sink.add(event) }
            }
        }

        /// The assignee changes as complete sets, replayed back from the items' current assignees.
        func finishEvents() throws {
            for (itemId, changes) in deltas.sorted(by: { $0.key < $1.key }) {
                for event in changes.events(itemId: itemId, current: currentAssignees[itemId] ?? []) where events.isNew(event) {
                    try sink.add(event)
                }
            }
        }
    }
}
