import Foundation
import MaturityCore

/// Writes sample work items as Jira exports them: "Export CSV (all fields)" and a REST search page with its
/// changelog (`TrackerExports`).
enum JiraExportWriter {
    static let csvHeader = ["Summary", "Issue key", "Issue id", "Issue Type", "Status", "Project key", "Project name",
                            "Priority", "Assignee", "Reporter", "Created", "Updated", "Resolved", "Due date", "Labels",
                            "Labels", "Description", "Watchers", "Watchers"]

    /// Jira's display format of dates (`12/Mar/26 3:15 PM`), in the exporting user's zone.
    static func displayDate(_ text: String?) -> String? {
        TrackerExports.instant(text).map { TrackerExports.format($0, "dd/MMM/yy h:mm a", zone: TrackerExports.zone) }
    }

    /// The CSV export of the rows (one issue each, assignee the first of the item's assignees: Jira has one).
    static func writeCSV(_ rows: [[String: String]], people: SampleDirectory, to url: URL) throws -> Int {
        var writer = try CSVFileWriter(url: url, header: csvHeader)
        for (index, row) in rows.enumerated() {
            let assignee = (row["assignees"] ?? "").split(separator: ";").first.map { people.userName(String($0)) }
            let reporter = (row["reporter"] ?? "").isEmpty ? nil : people.userName(row["reporter"]!)
            let due = TrackerExports.dueDate(row["due_at"]).flatMap { day -> String? in
                (try? Timestamp.parse(day, zone: TrackerExports.zone)).map {
                    TrackerExports.format($0, "dd/MMM/yy", zone: TrackerExports.zone)
                }
            }
            let cells: [String?] = [
                row["title"], row["item_id"], String(10_000 + index + 1), "Task", row["status"], row["project"],
                "Support", "Medium", assignee, reporter, displayDate(row["created_at"]), displayDate(row["updated_at"]),
                displayDate(row["resolved_at"]), due, "support", index % 3 == 0 ? "customer" : nil,
                TrackerExports.description(row), reporter, assignee == reporter ? nil : assignee,
            ]
            for cell in cells {
                if let cell, !cell.isEmpty { writer.field(cell) } else { writer.empty() }
            }
            try writer.endRow()
        }
        try writer.close()
        return writer.rows
    }

    static func user(_ name: String?) -> Any {
        guard let name else { return NSNull() }
        return ["name": name, "key": name, "displayName": name]
    }

    static func isoDate(_ text: String?) -> Any {
        TrackerExports.instant(text).map { TrackerExports.format($0, "yyyy-MM-dd'T'HH:mm:ss.SSSZ", zone: TrackerExports.zone) }
            ?? NSNull()
    }

    static func category(_ status: String) -> [String: Any] {
        switch status {
        case "Done", "Won't Do": ["key": "done", "name": "Done"]
        case "To Do": ["key": "new", "name": "To Do"]
        default: ["key": "indeterminate", "name": "In Progress"]
        }
    }

    /// One search page (`/rest/api/2/search?expand=changelog`) holding every row, with each item's events as its
    /// changelog (assignee changes reduced to Jira's single assignee).
    static func writeJSON(_ rows: [[String: String]], events: [[String: String]], people: SampleDirectory,
                          to url: URL) throws -> Int {
        let byItem = Dictionary(grouping: events, by: { $0["item_id"] ?? "" })
        var historyId = 50_000
        var issues: [Any] = []
        for (index, row) in rows.enumerated() {
            let key = row["item_id"] ?? ""
            func name(_ references: String?) -> String? {
                (references ?? "").split(separator: ";").first.map { people.userName(String($0)) }
            }
            var histories: [Any] = []
            for event in byItem[key] ?? [] {
                historyId += 1
                let item: [String: Any]
                if event["field"]?.lowercased() == "assignee" {
                    let from = name(event["from"]), to = name(event["to"])
                    if from == to { continue }
                    item = ["field": "assignee", "fieldtype": "jira", "from": from ?? NSNull(), "fromString": from ?? NSNull(),
                            "to": to ?? NSNull(), "toString": to ?? NSNull()]
                } else {
                    item = ["field": "status", "fieldtype": "jira", "from": NSNull(), "fromString": event["from"] ?? "",
                            "to": NSNull(), "toString": event["to"] ?? ""]
                }
                histories.append(["id": String(historyId), "author": user(name(event["actor"])),
                                  "created": isoDate(event["at"]), "items": [item]])
            }
            let status = row["status"] ?? "To Do"
            let fields: [String: Any] = [
                "summary": row["title"] ?? "", "issuetype": ["name": "Task"], "project": ["key": row["project"] ?? ""],
                "status": ["name": status, "statusCategory": category(status)],
                "created": isoDate(row["created_at"]), "updated": isoDate(row["updated_at"]),
                "resolutiondate": isoDate(row["resolved_at"]),
                "duedate": TrackerExports.dueDate(row["due_at"]) ?? NSNull(),
                "assignee": user(name(row["assignees"])), "reporter": user(name(row["reporter"])),
                "description": TrackerExports.description(row),
                "comment": ["comments": [Any](), "maxResults": 0, "total": 0, "startAt": 0],
            ]
            issues.append(["id": String(20_000 + index + 1), "key": key, "fields": fields,
                           "changelog": ["startAt": 0, "maxResults": histories.count, "total": histories.count,
                                         "histories": histories]])
        }
        let page: [String: Any] = ["expand": "schema,names", "startAt": 0, "maxResults": issues.count,
                                   "total": issues.count, "issues": issues]
        try TrackerExports.write(try TrackerExports.json(page), to: url)
        return issues.count
    }
}
