import Foundation
import MaturityCore

/// Jira REST search results (`/rest/api/2/search?expand=changelog`, or v3): a page `{"issues": [...]}`, an
/// array of such pages, or an array of issues. Each issue is a work item (`jira:work_item:<key>`, the same key
/// as the CSV export's); its changelog's assignee and status changes are work-item events, so ownership is
/// replayed from history; its description and comments are a thread in the project's channel.
/// Documentation/Importers.md, "Jira JSON".
public struct JiraJSONImporter: Importer {
    public static let format = ImportFormat(id: "jira-json", name: "Jira JSON (REST search with changelog)",
                                            keySource: "jira", mainEntity: .workItem, recordNoun: "issues",
                                            repeatedIds: .merge)
    public var format: ImportFormat { Self.format }
    public let statuses: StatusMapping

    public init(statuses: StatusMapping = StatusMapping()) { self.statuses = statuses }

    static let fields = FieldNames([
        "item_id": (nil, "key"), "title": (nil, "fields.summary"), "created_at": (nil, "fields.created"),
        "resolved_at": (nil, "fields.resolutiondate"), "updated_at": (nil, "fields.updated"),
        "status": (nil, "fields.status.name"), "reporter": (nil, "fields.reporter"),
        "assignees": (nil, "fields.assignee"), "message_id": (nil, "key"), "author": (nil, "fields.reporter"),
    ])

    public func read(_ input: ImportInput, into sink: RecordSink) throws -> Int {
        let root = try JSONInput.read(input)
        var issues: [(path: String, issue: [String: Any])] = []
        var names: [String: String] = [:]
        func page(_ object: [String: Any], prefix: String) {
            for (field, name) in JSONInput.object(object["names"]) ?? [:] {
                if let name = name as? String { names[field] = name }
            }
            for (index, issue) in JSONInput.array(object["issues"]).enumerated() {
                if let issue = issue as? [String: Any] { issues.append(("\(prefix)issues[\(index)]", issue)) }
            }
        }
        if let object = root as? [String: Any], object["issues"] != nil {
            page(object, prefix: "")
        } else if let array = root as? [Any] {
            for (index, element) in array.enumerated() {
                guard let object = element as? [String: Any] else { continue }
                if object["issues"] != nil { page(object, prefix: "[\(index)].") }
                else if object["key"] != nil && object["fields"] != nil { issues.append(("[\(index)]", object)) }
            }
        } else {
            throw ImportError(file: input.path, line: nil, column: nil,
                              message: "this JSON holds no Jira issues (expected {\"issues\": [...]} or an array of pages)",
                              fix: "save the response of /rest/api/2/search?jql=...&expand=changelog")
        }
        let unknown = UnknownStatuses()
        var events = EventDeduplicator()
        for (path, issue) in issues {
            let location = InputLocation(file: input.path, path: path, fields: Self.fields)
            do {
                try add(issue, names: names, location: location, sink: sink, unknown: unknown, events: &events)
            } catch let error as ImportError {
                try sink.fail(error)
            }
        }
        return issues.count
    }

    /// A Jira user as a person reference: `jira:<name>` (Server), `jira:<accountId>` (Cloud), else the e-mail.
    static func person(_ value: Any?) -> String? {
        guard let user = JSONInput.object(value) else { return nil }
        for key in ["name", "accountId", "key"] {
            if let id = JSONInput.string(user[key]), !TextRules.trim(id).isEmpty { return "jira:" + id }
        }
        return JSONInput.string(user["emailAddress"])
    }

    /// A description or comment body: a string (API v2), or the text of an Atlassian document (API v3).
    static func text(_ value: Any?) -> String {
        if let text = value as? String { return text }
        guard let node = JSONInput.object(value) else { return "" }
        var parts: [String] = []
        if let text = node["text"] as? String { parts.append(text) }
        let children = JSONInput.array(node["content"]).map { text($0) }
        let block = ["paragraph", "heading", "listItem", "codeBlock", "blockquote"].contains(node["type"] as? String ?? "")
        parts.append(children.joined(separator: block ? "" : "\n"))
        let type = node["type"] as? String ?? ""
        let joined = parts.joined()
        if type == "taskItem" {
            return (JSONInput.object(node["attrs"])?["state"] as? String == "DONE" ? "- [x] " : "- [ ] ") + joined
        }
        return type == "listItem" ? "- " + joined : joined
    }

    private func add(_ issue: [String: Any], names: [String: String], location: InputLocation, sink: RecordSink,
                     unknown: UnknownStatuses, events: inout EventDeduplicator) throws {
        guard let key = JSONInput.string(issue["key"]), !TextRules.trim(key).isEmpty else {
            throw ImportError(at: location.field("item_id"), message: "the issue has no key",
                              fix: "export the search results again (each issue has a key such as PROJ-12)")
        }
        let fields = JSONInput.object(issue["fields"]) ?? [:]
        let statusObject = JSONInput.object(fields["status"])
        let rawStatus = JSONInput.string(statusObject?["name"])
        let category: WorkStatus? = switch JSONInput.object(statusObject?["statusCategory"])?["key"] as? String {
        case "new": .todo
        case "indeterminate": .inProgress
        case "done": .done
        default: nil
        }
        let mapped = statuses.map(rawStatus, category: category)
        unknown.check(rawStatus, known: mapped.known, at: location.field("status"), sink: sink)
        let created = try JSONInput.instant(fields["created"], at: location.field("created_at"), required: true)!
        let reporter = Self.person(fields["reporter"]) ?? Self.person(fields["creator"])
        var description = Self.text(fields["description"])
        for (field, name) in names.sorted(by: { $0.key < $1.key }) {
            let lowered = name.lowercased()
            guard lowered.contains("acceptance criteria") || lowered.contains("definition of done") else { continue }
            let text = Self.text(fields[field])
            if !TextRules.trim(text).isEmpty { description += (description.isEmpty ? "" : "\n\n") + text }
        }
        let project = JSONInput.string(JSONInput.object(fields["project"])?["key"])
            ?? key.split(separator: "-").dropLast().joined(separator: "-")
        var due = JSONInput.string(fields["duedate"])
        if due.map({ TextRules.trim($0).isEmpty }) ?? false { due = nil }
        let assignee = Self.person(fields["assignee"])
        try sink.add(WorkItemRecord(
            itemId: key, title: JSONInput.string(fields["summary"]) ?? "", createdAt: created,
            status: StatusMapping.resolved(mapped.status, resolution: JSONInput.string(JSONInput.object(fields["resolution"])?["name"])),
            originalStatus: rawStatus, resolvedAt: try JSONInput.instant(fields["resolutiondate"],
                                                                         at: location.field("resolved_at"), required: false),
            dueAt: due, assignees: assignee.map { [$0] } ?? [], reporter: reporter, project: project,
            updatedAt: try JSONInput.instant(fields["updated"], at: location.field("updated_at"), required: false),
            description: description, kind: JSONInput.string(JSONInput.object(fields["issuetype"])?["name"]),
            location: location))
        let channel = project.isEmpty ? key : project
        if let reporter {
            try sink.add(MessageRecord(messageId: key, channel: channel, channelKind: .public, author: reporter,
                                       sentAt: created, source: "jira", text: description, location: location))
        }
        let comments = JSONInput.array(JSONInput.object(fields["comment"])?["comments"])
        for (index, value) in comments.enumerated() {
            guard let comment = value as? [String: Any] else { continue }
            let path = InputLocation(file: location.file, path: (location.path ?? "") + ".fields.comment.comments[\(index)]")
            guard let author = Self.person(comment["author"]) else {
                sink.skip(reason: "comments without an author")
                continue
            }
            let id = JSONInput.string(comment["id"]) ?? String(index + 1)
            let at = try JSONInput.instant(comment["created"], at: path.field("created"), required: true)!
            try sink.add(MessageRecord(messageId: "\(key)/comment-\(id)", channel: channel, channelKind: .public,
                                       author: author, sentAt: at, threadId: key, source: "jira",
                                       text: Self.text(comment["body"]), location: path))
        }
        // The changelog, oldest first (Jira pages it newest first in some versions).
        var history: [WorkItemEventRecord] = []
        let changelog = JSONInput.object(issue["changelog"])
        let histories = JSONInput.array(changelog?["histories"])
        if let total = (changelog?["total"] as? NSNumber)?.intValue, total > histories.count {
            sink.warn("the changelog of \(key) holds \(histories.count) of its \(total) changes: the others are missing "
                + "(fetch /rest/api/2/issue/\(key)/changelog for all of them)",
                      at: InputLocation(file: location.file, path: (location.path ?? "") + ".changelog"))
        }
        for (index, value) in histories.enumerated() {
            guard let entry = value as? [String: Any] else { continue }
            let path = InputLocation(file: location.file, path: (location.path ?? "") + ".changelog.histories[\(index)]")
            let at = try JSONInput.instant(entry["created"], at: path.field("created"), required: true)!
            let actor = Self.person(entry["author"])
            for item in JSONInput.array(entry["items"]) {
                guard let item = item as? [String: Any] else { continue }
                switch (JSONInput.string(item["field"]) ?? "").lowercased() {
                case "assignee":
                    let from = JSONInput.string(item["from"]) ?? JSONInput.string(item["fromString"])
                    let to = JSONInput.string(item["to"]) ?? JSONInput.string(item["toString"])
                    history.append(WorkItemEventRecord(
                        itemId: key, at: at, field: .assignee,
                        from: from.flatMap { TextRules.trim($0).isEmpty ? nil : ["jira:" + $0] } ?? [],
                        to: to.flatMap { TextRules.trim($0).isEmpty ? nil : ["jira:" + $0] } ?? [],
                        actor: actor, location: path))
                case "status":
                    let from = JSONInput.string(item["fromString"]) ?? ""
                    let to = JSONInput.string(item["toString"]) ?? ""
                    let toStatus = statuses.map(to)
                    unknown.check(to, known: toStatus.known, at: path, sink: sink)
                    history.append(WorkItemEventRecord(
                        itemId: key, at: at, field: .status,
                        from: from.isEmpty ? [] : [StatusMapping.eventValue(from, statuses.map(from).status)],
                        to: to.isEmpty ? [] : [StatusMapping.eventValue(to, toStatus.status)],
                        actor: actor, location: path))
                default:
                    continue
                }
            }
        }
        for event in history.enumerated().sorted(by: { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) })
            .map(\.element) where events.isNew(event) {
            try sink.add(event)
        }
    }
}
