import Foundation

/// The derived features of a work item (metrics section 5) and status normalisation (canonical CSV).
public enum WorkItemFeatures {
    /// The minimum trimmed length, in Unicode scalars, of a description that counts.
    public static let minimumDescriptionLength = 80

    /// The phrases that mark acceptance criteria, matched anywhere ignoring ASCII case.
    public static let acceptancePhrases = ["acceptance criteria", "definition of done", "expected outcome",
                                           "expected result"]

    /// The length of the trimmed description in Unicode scalars.
    public static func descriptionLength(_ description: String) -> Int {
        TextRules.scalarCount(TextRules.trim(description[...]))
    }

    /// Whether the trimmed description has at least 80 characters (Unicode scalars).
    public static func hasDescription(_ description: String) -> Bool {
        descriptionLength(description) >= minimumDescriptionLength
    }

    /// Whether the description has acceptance criteria: one of ``acceptancePhrases`` (ignoring ASCII case), a
    /// checklist line (after leading white space: `-`, `*` or `+`, one space, then `[ ]`, `[x]` or `[X]`), or the
    /// words `given`, `when`, `then` in that order, each as a word, across lines if need be.
    public static func hasAcceptanceCriteria(_ description: String) -> Bool {
        UTF8Scanning.withBytes(of: description) { bytes in
            let whole = 0..<bytes.count
            for phrase in loweredAcceptancePhrases
            where UTF8Scanning.firstMatch(of: phrase, in: bytes, range: whole, from: 0, asWord: false) != nil {
                return true
            }
            for line in UTF8Scanning.lineRanges(bytes) where isChecklistLine(bytes, line) { return true }
            return hasGivenWhenThen(bytes)
        }
    }

    /// Whether the description holds a URL or one of the `links` entries does (`PLAT-12` is not a URL).
    public static func holdsURL(description: String, links: [String]) -> Bool {
        if MessageFeatures.urlCount(description) > 0 { return true }
        return links.contains { MessageFeatures.urlCount($0) > 0 }
    }

    /// The normalised status of a raw status (canonical CSV, "Status normalisation"): trim, ASCII lower case,
    /// read `_` and `-` as spaces and `’` as `'`, collapse white space, then look the result up; anything not
    /// listed (`To Do`, `Open`, `Backlog`, empty, nil) is `todo`.
    public static func normaliseStatus(_ raw: String?) -> WorkStatus {
        guard let raw else { return .todo }
        var scalars = String.UnicodeScalarView()
        for scalar in raw.unicodeScalars {
            switch scalar {
            case "_", "-": scalars.append(" ")
            case "\u{2019}": scalars.append("'")
            case "A"..."Z": scalars.append(Unicode.Scalar(scalar.value | 0x20) ?? scalar)
            default: scalars.append(scalar)
            }
        }
        return statusTable[TextRules.collapse(String(scalars))] ?? .todo
    }

    /// The normalised words of canonical CSV and their status.
    public static let statusTable: [String: WorkStatus] = {
        var table: [String: WorkStatus] = [:]
        for word in ["done", "closed", "resolved", "complete", "completed", "fixed", "merged", "shipped",
                     "released"] {
            table[word] = .done
        }
        for word in ["cancelled", "canceled", "won't do", "wont do", "won't fix", "wontfix", "rejected", "declined",
                     "duplicate", "invalid", "obsolete", "abandoned"] {
            table[word] = .cancelled
        }
        for word in ["in progress", "in review", "review", "code review", "doing", "started", "active", "blocked",
                     "testing", "qa", "in qa"] {
            table[word] = .inProgress
        }
        return table
    }()

    // MARK: Rules

    private static let loweredAcceptancePhrases = acceptancePhrases.map(UTF8Scanning.loweredBytes)
    private static let givenWhenThen = ["given", "when", "then"].map(UTF8Scanning.loweredBytes)

    /// After leading white space: `-`, `*` or `+`, one space, then `[ ]`, `[x]` or `[X]`.
    private static func isChecklistLine(_ bytes: UnsafeBufferPointer<UInt8>, _ line: Range<Int>) -> Bool {
        var index = line.lowerBound
        while index < line.upperBound {
            let length = UTF8Scanning.whiteSpaceLength(bytes, at: index)
            if length == 0 { break }
            index += length
        }
        guard index + 5 <= line.upperBound else { return false }
        let marker = bytes[index]
        guard marker == UInt8(ascii: "-") || marker == UInt8(ascii: "*") || marker == UInt8(ascii: "+"),
              bytes[index + 1] == UInt8(ascii: " "),
              bytes[index + 2] == UInt8(ascii: "["),
              bytes[index + 4] == UInt8(ascii: "]")
        else { return false }
        let box = bytes[index + 3]
        return box == UInt8(ascii: " ") || box == UInt8(ascii: "x") || box == UInt8(ascii: "X")
    }

    /// `given`, then `when`, then `then`, each as a word, anywhere after the previous one.
    private static func hasGivenWhenThen(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var position = 0
        for word in givenWhenThen {
            guard let found = UTF8Scanning.firstMatch(of: word, in: bytes, range: 0..<bytes.count, from: position,
                                                      asWord: true)
            else { return false }
            position = found + word.count
        }
        return true
    }
}
