import Foundation
import Testing
@testable import MaturityCore
import MaturityTestSupport

// Checks the text features against the per-row detail of the conformance data
// (expected/occurrences.csv and expected/work_items.csv).

/// Reads the conformance data for the text tests (found by `ConformanceData`: the copy bundled with
/// MaturityTestSupport, or `$MATURITY_CONFORMANCE_DIR`).
enum TextConformanceData {
    static let dataSets = ["basic", "edges"]

    /// The rows of a CSV file as dictionaries keyed by the trimmed, lower-case header names.
    static func rows(_ dataSet: String, _ file: String) throws -> [[String: String]] {
        let url = try ConformanceData.folder(dataSet).appendingPathComponent(file)
        let records = parseCSV(try String(contentsOf: url, encoding: .utf8))
        guard let header = records.first else { return [] }
        let names = header.map { TextRules.asciiLowercased(TextRules.trim($0)) }
        return records.dropFirst().map { record in
            var row: [String: String] = [:]
            for (index, name) in names.enumerated() { row[name] = index < record.count ? record[index] : "" }
            return row
        }
    }

    /// A small RFC 4180 reader: quoted fields may hold separators, quotes (doubled) and line breaks, which are
    /// kept as they are (CR LF inside a quoted field stays CR LF). A leading BOM is skipped.
    static func parseCSV(_ text: String) -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = String.UnicodeScalarView()
        var inQuotes = false
        var scalars = Array(text.unicodeScalars)
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
        var index = 0
        func endField() { record.append(String(field)); field = String.UnicodeScalarView() }
        func endRecord() { endField(); records.append(record); record = [] }
        while index < scalars.count {
            let scalar = scalars[index]
            if inQuotes {
                if scalar == "\"" {
                    if index + 1 < scalars.count && scalars[index + 1] == "\"" {
                        field.append("\"")
                        index += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    field.append(scalar)
                }
            } else {
                switch scalar {
                case "\"": inQuotes = true
                case ",": endField()
                case "\r":
                    if index + 1 < scalars.count && scalars[index + 1] == "\n" { index += 1 }
                    endRecord()
                case "\n": endRecord()
                default: field.append(scalar)
                }
            }
            index += 1
        }
        if !field.isEmpty || !record.isEmpty { endRecord() }
        return records
    }
}

@Suite struct TextConformanceTests {
    @Test func csvReaderKeepsQuotedLineBreaks() {
        let records = TextConformanceData.parseCSV("\u{FEFF}a, B \r\n\"x,\"\"y\"\"\r\nz\",\n")
        #expect(records == [["a", " B "], ["x,\"y\"\r\nz", ""]])
    }

    @Test(arguments: TextConformanceData.dataSets)
    func meetingFeaturesMatchExpectedOccurrences(dataSet: String) throws {
        var meetings: [String: [String: String]] = [:]
        for row in try TextConformanceData.rows(dataSet, "meetings.csv") {
            meetings[TextRules.trim(row["meeting_id"] ?? "")] = row
        }
        let expected = try TextConformanceData.rows(dataSet, "expected/occurrences.csv")
        #expect(!expected.isEmpty)
        var matching = 0
        var mismatches: [String] = []
        for row in expected {
            let id = row["meeting_id"] ?? ""
            guard let meeting = meetings[id] else {
                mismatches.append("\(id): not in meetings.csv")
                continue
            }
            let description = meeting["description"] ?? ""
            let notesURL = meeting["notes_url"]
            let title = meeting["title"] ?? ""
            var problems: [String] = []
            let agendaText = MeetingFeatures.agendaText(description)
            let expectedText = row["agenda_text"] ?? ""
            if !agendaText.unicodeScalars.elementsEqual(expectedText.unicodeScalars) {
                problems.append("agenda_text \(agendaText.debugDescription) != \(expectedText.debugDescription)")
            }
            if flag(MeetingFeatures.hasAgenda(description)) != row["agenda"] { problems.append("agenda") }
            if flag(MeetingFeatures.hasNotes(description: description, notesURL: notesURL)) != row["notes"] {
                problems.append("notes")
            }
            if flag(MeetingFeatures.isStatusTitle(title)) != row["status_title"] { problems.append("status_title") }
            if problems.isEmpty { matching += 1 } else { mismatches.append("\(id): \(problems)") }
        }
        print("[text conformance] \(dataSet) occurrences: \(matching) of \(expected.count) rows match")
        #expect(mismatches.isEmpty, "\(dataSet): \(mismatches.joined(separator: "\n"))")
    }

    @Test(arguments: TextConformanceData.dataSets)
    func workItemFeaturesMatchExpectedWorkItems(dataSet: String) throws {
        var items: [String: [String: String]] = [:]
        for row in try TextConformanceData.rows(dataSet, "work_items.csv") {
            items[TextRules.trim(row["item_id"] ?? "")] = row
        }
        let expected = try TextConformanceData.rows(dataSet, "expected/work_items.csv")
        #expect(!expected.isEmpty)
        var matching = 0
        var mismatches: [String] = []
        for row in expected {
            let id = row["item_id"] ?? ""
            guard let item = items[id] else {
                mismatches.append("\(id): not in work_items.csv")
                continue
            }
            let description = item["description"] ?? ""
            let links = (item["links"] ?? "").split(separator: ";").map { TextRules.trim(String($0)) }
                .filter { !$0.isEmpty }
            var problems: [String] = []
            if flag(WorkItemFeatures.hasDescription(description)) != row["description"] {
                problems.append("description")
            }
            if flag(WorkItemFeatures.hasAcceptanceCriteria(description)) != row["acceptance"] {
                problems.append("acceptance")
            }
            if flag(WorkItemFeatures.holdsURL(description: description, links: links)) != row["link"] {
                problems.append("link")
            }
            if problems.isEmpty { matching += 1 } else { mismatches.append("\(id): \(problems)") }
        }
        print("[text conformance] \(dataSet) work items: \(matching) of \(expected.count) rows match")
        #expect(mismatches.isEmpty, "\(dataSet): \(mismatches.joined(separator: "\n"))")
    }

    /// Every raw status of the data normalises to one of the four values without surprises.
    @Test(arguments: TextConformanceData.dataSets)
    func statusesOfTheDataNormalise(dataSet: String) throws {
        var seen: [String: WorkStatus] = [:]
        for row in try TextConformanceData.rows(dataSet, "work_items.csv") {
            let raw = row["status"] ?? ""
            seen[raw] = WorkItemFeatures.normaliseStatus(raw)
        }
        let expected: [String: WorkStatus] = ["Done": .done, "To Do": .todo, "In Progress": .inProgress,
                                              "In Review": .inProgress, "Won't Do": .cancelled]
        for (raw, status) in seen {
            #expect(expected[raw] == status, "\(dataSet): \(raw.debugDescription) -> \(status)")
        }
    }

    private func flag(_ value: Bool) -> String { value ? "1" : "0" }
}
