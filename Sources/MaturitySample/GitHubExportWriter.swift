import Foundation
import MaturityCore

/// Writes sample work items as GitHub's REST API returns them: the issues endpoint's items and the repository's
/// issue events (`TrackerExports`). Logins are the people's Jira user names; the automation bot is
/// `automation[bot]`.
enum GitHubExportWriter {
    static let repository = "orbitlabs/mobile"

    static func time(_ instant: Instant) -> String {
        TrackerExports.format(instant, "yyyy-MM-dd'T'HH:mm:ss'Z'", zone: TimeZone(identifier: "UTC")!)
    }

    static func login(_ reference: String, _ people: SampleDirectory) -> String {
        let name = people.userName(reference)
        return people.person(reference)?.isBot == true ? name + "[bot]" : name
    }

    static func user(_ login: String) -> [String: Any] {
        ["login": login, "type": login.hasSuffix("[bot]") ? "Bot" : "User", "site_admin": false,
         "html_url": "https://github.com/" + login.replacingOccurrences(of: "[bot]", with: "")]
    }

    /// The issue object of an item, as the issues endpoint and each event's `issue` hold it.
    static func issue(_ row: [String: String], number: Int, events: [[String: String]], people: SampleDirectory) -> [String: Any] {
        let status = row["status"] ?? "To Do"
        let closed = status == "Done" || status == "Won't Do"
        let assignees = (row["assignees"] ?? "").split(separator: ";").map { user(login(String($0), people)) }
        let created = TrackerExports.instant(row["created_at"]) ?? 0
        let updated = TrackerExports.instant(row["updated_at"])
        let lastStatus = events.last { $0["field"] == "status" }.flatMap { TrackerExports.instant($0["at"]) }
        let closedAt = closed ? TrackerExports.instant(row["resolved_at"]) ?? lastStatus ?? updated ?? created : nil
        var object: [String: Any] = [
            "url": "https://api.github.com/repos/\(repository)/issues/\(number)",
            "repository_url": "https://api.github.com/repos/\(repository)",
            "html_url": "https://github.com/\(repository)/issues/\(number)",
            "number": number, "title": row["title"] ?? "",
            "user": user((row["reporter"] ?? "").isEmpty ? "ghost" : login(row["reporter"]!, people)),
            "labels": [Any](), "state": closed ? "closed" : "open", "locked": false,
            "assignee": assignees.first ?? NSNull(), "assignees": assignees, "comments": 0,
            "created_at": time(created), "updated_at": time(max(updated ?? created, closedAt ?? created)),
            "closed_at": closedAt.map(time) ?? NSNull(), "author_association": "MEMBER",
            "body": TrackerExports.description(row),
            "state_reason": closed ? (status == "Won't Do" ? "not_planned" : "completed") : NSNull(),
        ]
        if let due = TrackerExports.dueDate(row["due_at"]) {
            object["milestone"] = ["title": "Due \(due)", "due_on": due + "T07:00:00Z", "state": "open"]
        } else {
            object["milestone"] = NSNull()
        }
        return object
    }

    /// The issues (numbered by their item's number) and the events: each assignee change as `unassigned` and
    /// `assigned` events of one person each, a change to Done or Won't Do as `closed`.
    static func write(_ rows: [[String: String]], events: [[String: String]], people: SampleDirectory, issues url: URL,
                      events eventsURL: URL) throws -> (issues: Int, events: Int) {
        let byItem = Dictionary(grouping: events, by: { $0["item_id"] ?? "" })
        var issues: [Any] = []
        var repositoryEvents: [(at: Instant, order: Int, event: [String: Any])] = []
        for row in rows {
            let key = row["item_id"] ?? ""
            let number = Int(key.split(separator: "-").last ?? "") ?? issues.count + 1
            let history = byItem[key] ?? []
            let object = issue(row, number: number, events: history, people: people)
            issues.append(object)
            for event in history {
                guard let at = TrackerExports.instant(event["at"]) else { continue }
                let actor = user((event["actor"] ?? "").isEmpty ? "ghost" : login(event["actor"]!, people))
                var changes: [(String, [String: Any]?, String?)] = []
                if event["field"]?.lowercased() == "assignee" {
                    let from = (event["from"] ?? "").split(separator: ";").map { login(String($0), people) }
                    let to = (event["to"] ?? "").split(separator: ";").map { login(String($0), people) }
                    for removed in from where !to.contains(removed) { changes.append(("unassigned", user(removed), nil)) }
                    for added in to where !from.contains(added) { changes.append(("assigned", user(added), nil)) }
                } else if event["to"] == "Done" || event["to"] == "Won't Do" {
                    changes.append(("closed", nil, event["to"] == "Won't Do" ? "not_planned" : "completed"))
                } else if event["from"] == "Done" || event["from"] == "Won't Do" {
                    changes.append(("reopened", nil, nil))
                }
                for (kind, assignee, reason) in changes {
                    var value: [String: Any] = ["event": kind, "actor": actor, "created_at": time(at), "issue": object]
                    if let assignee { value["assignee"] = assignee; value["assigner"] = actor }
                    if let reason { value["state_reason"] = reason }
                    repositoryEvents.append((at, repositoryEvents.count, value))
                }
            }
        }
        // The events endpoint lists the newest first; ids count up in time.
        let sorted = repositoryEvents.sorted { ($0.at, $0.order) < ($1.at, $1.order) }
        var listed: [Any] = []
        for (index, entry) in sorted.enumerated().reversed() {
            var event = entry.event
            let id = 900_000 + index + 1
            event["id"] = id
            event["url"] = "https://api.github.com/repos/\(repository)/issues/events/\(id)"
            listed.append(event)
        }
        try TrackerExports.write(try TrackerExports.json(issues), to: url)
        try TrackerExports.write(try TrackerExports.json(listed), to: eventsURL)
        return (issues.count, listed.count)
    }

    /// `people.csv` again, every person with a Jira name (bots excepted) given the GitHub login of that name as
    /// an alias, so GitHub's `github:<login>` references resolve to them.
    static func addAliases(_ table: SampleCSV, directory: SampleDirectory, to url: URL) throws -> Int {
        guard let aliasColumn = table.header.firstIndex(of: "aliases") else { return table.rows.count }
        var rows = table.rows
        for index in rows.indices where index < directory.people.count {
            let person = directory.people[index]
            guard let jira = person.jira, !person.isBot else { continue }
            let alias = "github:" + jira
            var aliases = rows[index][aliasColumn].split(separator: ";").map(String.init)
            if !aliases.contains(alias) { aliases.append(alias) }
            rows[index][aliasColumn] = aliases.joined(separator: ";")
        }
        return try table.rewrite(url, rows: rows)
    }
}
