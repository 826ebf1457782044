import Foundation
import MaturityCore

/// The dates a Jira CSV export writes, in the exporting user's display format and locale, without an offset:
/// `12/Mar/24 3:15 PM`, `12/Mar/24 15:15`, `10/oct./16 11:54 AM`, `06/août/15` (a date alone), `2024-03-12 15:15`,
/// `2016-10-10 11:54:44.723`, ISO 8601 (with an offset, which is then used), and an Excel re-save's
/// `16/02/2017 15:26` (day first; month first when the first number is over 12 or the second is). Local times
/// are read in `zone`. `--date-format` replaces all this with one pattern (Unicode/Java style, such as
/// `dd.MM.yyyy HH:mm`), read with English and French month names.
public struct JiraDates: Sendable {
    public let zone: TimeZone
    public let format: String?

    public init(zone: TimeZone, format: String? = nil) {
        self.zone = zone
        self.format = format
    }

    /// Month names and abbreviations, English and French, lower case, with and without a final dot.
    static let months: [String: Int] = {
        let names: [[String]] = [
            ["jan", "january", "janv", "janvier"], ["feb", "february", "févr", "fevr", "février", "fevrier", "fév"],
            ["mar", "march", "mars"], ["apr", "april", "avr", "avril"], ["may", "mai"], ["jun", "june", "juin"],
            ["jul", "july", "juil", "juillet"], ["aug", "august", "août", "aout", "aoû"],
            ["sep", "sept", "september", "septembre"], ["oct", "october", "octobre"],
            ["nov", "november", "novembre"], ["dec", "december", "déc", "décembre", "decembre"],
        ]
        var table: [String: Int] = [:]
        for (index, list) in names.enumerated() {
            for name in list { table[name] = index + 1 }
        }
        return table
    }()

    /// The instant of a Jira date, or nil when it is none of the forms.
    public func parse(_ raw: String) -> Instant? {
        let text = TextRules.trim(raw)
        if text.isEmpty { return nil }
        if let format { return parse(text, pattern: format) }
        if Timestamp.hasOffset(text), let instant = try? Timestamp.parse(text, zone: nil) { return instant }
        if let instant = try? Timestamp.parse(text, zone: zone) { return instant }
        return parseDisplay(text)
    }

    /// `dd/MMM/yy[ h:mm[:ss] AM|PM]`, `dd/MM/yyyy[ HH:mm]`.
    private func parseDisplay(_ text: String) -> Instant? {
        let parts = text.split(separator: " ", omittingEmptySubsequences: true)
        guard let datePart = parts.first, parts.count <= 3 else { return nil }
        let pieces = datePart.split(separator: "/", omittingEmptySubsequences: false)
        guard pieces.count == 3, let first = Int(pieces[0]), var year = Int(pieces[2]) else { return nil }
        var day = first
        var month: Int
        if let number = Int(pieces[1]) {
            month = number
            if month > 12 && day <= 12 { swap(&day, &month) }
        } else {
            var name = pieces[1].lowercased()
            if name.hasSuffix(".") { name.removeLast() }
            guard let known = Self.months[name] else { return nil }
            month = known
        }
        if pieces[2].count == 2 { year += year < 70 ? 2000 : 1900 } else if pieces[2].count != 4 { return nil }
        var hour = 0, minute = 0, second = 0
        if parts.count >= 2 {
            let clock = parts[1].split(separator: ":")
            guard clock.count == 2 || clock.count == 3, let h = Int(clock[0]), let m = Int(clock[1]),
                  clock.count == 2 || Int(clock[2]) != nil else { return nil }
            hour = h; minute = m; second = clock.count == 3 ? Int(clock[2])! : 0
            if parts.count == 3 {
                switch parts[2].uppercased() {
                case "AM": guard (1...12).contains(hour) else { return nil }; if hour == 12 { hour = 0 }
                case "PM": guard (1...12).contains(hour) else { return nil }; if hour != 12 { hour += 12 }
                default: return nil
                }
            }
        }
        return instant(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
    }

    /// A local time in `zone` (a time in a DST gap moves forward by the gap; a repeated one is the earlier).
    func instant(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) -> Instant? {
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard (1...12).contains(month), day >= 1, day <= days[month - 1], (0...23).contains(hour),
              (0...59).contains(minute), (0...59).contains(second) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let components = DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        guard let date = calendar.date(from: components) else { return nil }
        return Instant((date.timeIntervalSince1970 * 1000).rounded())
    }

    /// A date read with the user's pattern (`--date-format`).
    private func parse(_ text: String, pattern: String) -> Instant? {
        for locale in ["en_US_POSIX", "fr_FR"] {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: locale)
            formatter.timeZone = zone
            formatter.dateFormat = pattern
            formatter.isLenient = false
            if let date = formatter.date(from: text) { return Instant((date.timeIntervalSince1970 * 1000).rounded()) }
        }
        return nil
    }
}
