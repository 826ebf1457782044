import Foundation
import MaturityCore
import MaturityMetrics

/// What `maturity people` prints: pure functions of what the store answered.
public enum PeopleReport {
    /// `people list`: one row per person.
    public static func listTable(_ people: [PersonEntry]) -> DataTable {
        DataTable(columns: ["id", "name", "email", "team", "timezone", "work_hours", "workdays", "bot", "directory",
                            "references", "messages"],
                  rows: people.map { p in
            [.text(p.id), p.name.map { .text($0) } ?? .null, p.email.map { .text($0) } ?? .null, .text(p.team),
             p.timezone.map { .text($0) } ?? .null, hours(p).map { .text($0) } ?? .null,
             p.workdays.map { .text($0) } ?? .null, .text(p.isBot ? "yes" : "no"), .text(p.fromDirectory ? "yes" : "no"),
             .integer(Int64(p.references.count)), .integer(Int64(p.messages))]
        })
    }

    static func hours(_ p: PersonEntry) -> String? {
        p.workStart == nil && p.workEnd == nil ? nil : (p.workStart ?? "") + "-" + (p.workEnd ?? "")
    }

    /// `people show`: one field a line, then the references.
    public static func showText(_ p: PersonEntry) -> String {
        let fields: [(String, String)] = [
            ("id", p.id), ("name", p.name ?? "-"), ("email", p.email ?? "-"), ("team", p.team),
            ("timezone", p.timezone ?? "- (the organisation's)"),
            ("work hours", hours(p) ?? "- (the organisation's)"), ("workdays", p.workdays ?? "- (the organisation's)"),
            ("bot", p.isBot ? "yes" : "no"),
            ("directory", p.fromDirectory ? "yes (people.csv)" : "no (created by an import)"),
            ("messages", String(p.messages)), ("meetings", String(p.meetings) + " (organised or invited to)"),
            ("work items reported", String(p.workItems)),
        ]
        let width = fields.map(\.0.count).max() ?? 0
        var out = fields.map { $0.0.padding(toLength: width, withPad: " ", startingAt: 0) + "  "
            + Formatting.terminalSafe($0.1) }.joined(separator: "\n") + "\n"
        out += "references (\(p.references.count))\n"
        for reference in p.references { out += "  " + Formatting.terminalSafe(reference) + "\n" }
        return out
    }

    /// `people show --format json`.
    public static func showJSON(_ p: PersonEntry) -> String {
        struct Person: Encodable {
            var id: String
            var name: String?
            var email: String?
            var team: String
            var timezone: String?
            var work_start: String?
            var work_end: String?
            var workdays: String?
            var is_bot: Bool
            var from_directory: Bool
            var references: [String]
            var messages: Int
            var meetings: Int
            var work_items_reported: Int
        }
        return StoreReport.encode(Person(
            id: p.id, name: p.name, email: p.email, team: p.team, timezone: p.timezone, work_start: p.workStart,
            work_end: p.workEnd, workdays: p.workdays, is_bot: p.isBot, from_directory: p.fromDirectory,
            references: p.references, messages: p.messages, meetings: p.meetings, work_items_reported: p.workItems))
    }

    /// `people overrides` (and the overrides section of `runs`): one row per override, oldest first.
    public static func overridesTable(_ overrides: [PeopleOverride]) -> DataTable {
        DataTable(columns: ["id", "created", "kind", "command"], rows: overrides.map { o in
            [.integer(o.id), .text(Timestamp.format(o.createdAt)), .text(o.kind.rawValue), .text("maturity " + o.command)]
        })
    }
}

/// What `maturity doctor` prints: the findings as text or JSON.
public enum DoctorReport {
    public static func text(_ findings: [DoctorFinding], period: String) -> String {
        if findings.isEmpty { return "doctor: nothing found in \(period) that could mislead the assessment\n" }
        var out = "doctor: \(findings.count) finding\(findings.count == 1 ? "" : "s") in \(period)\n"
        for (i, f) in findings.enumerated() {
            out += "\n\(i + 1). [\(f.check)] \(Formatting.terminalSafe(f.summary))\n"
            out += "   affects: \(f.affects.joined(separator: ", "))\n"
            out += "   size: \(Formatting.terminalSafe(f.size))\n"
            for line in f.details { out += "   - \(Formatting.terminalSafe(line))\n" }
            out += "   fix:\n"
            for fix in f.fixes { out += "     \(Formatting.terminalSafe(fix))\n" }
        }
        return out
    }

    public static func json(_ findings: [DoctorFinding], period: String) -> String {
        struct Finding: Encodable {
            var check: String
            var summary: String
            var affects: [String]
            var size: String
            var details: [String]
            var fixes: [String]
        }
        struct Report: Encodable {
            var period: String
            var clean: Bool
            var findings: [Finding]
        }
        return StoreReport.encode(Report(period: period, clean: findings.isEmpty, findings: findings.map {
            Finding(check: $0.check, summary: $0.summary, affects: $0.affects, size: $0.size, details: $0.details,
                    fixes: $0.fixes)
        }))
    }
}
