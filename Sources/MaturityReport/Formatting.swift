import Foundation
import MaturityMetrics

/// Number and text formatting shared by the renderers: pure, deterministic, independent of the locale.
public enum Formatting {
    /// Full precision without exponent: Swift's shortest round-trip spelling of the double (`0.1`, `20.0`,
    /// `2.8494444444444444`), with an exponent written out (`1e-05` → `0.00001`, `1e+16` →
    /// `10000000000000000.0`). Negative zero is `0.0`. nil for NaN and infinities, which no output carries.
    public static func plainDecimal(_ x: Double) -> String? {
        guard x.isFinite else { return nil }
        if x == 0 { return "0.0" }
        let text = x.description
        guard let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) else { return text }
        let negative = text.hasPrefix("-")
        let mantissa = text[text.index(text.startIndex, offsetBy: negative ? 1 : 0)..<e]
        guard let exponent = Int(text[text.index(after: e)...]) else { return text }
        let digits = mantissa.filter { $0 != "." }
        let integerDigits = mantissa.firstIndex(of: ".").map { mantissa.distance(from: mantissa.startIndex, to: $0) }
            ?? mantissa.count
        let point = integerDigits + exponent
        let body: String
        if point <= 0 {
            body = "0." + String(repeating: "0", count: -point) + digits
        } else if point >= digits.count {
            body = digits + String(repeating: "0", count: point - digits.count) + ".0"
        } else {
            let split = digits.index(digits.startIndex, offsetBy: point)
            body = String(digits[..<split]) + "." + String(digits[split...])
        }
        return (negative ? "-" : "") + body
    }

    /// `plainDecimal` without the `.0` of whole numbers (`20`, `0.5`): rubric floors, targets, weights and
    /// level starts as people write them. `-` for NaN and infinities.
    public static func compact(_ x: Double) -> String {
        guard let text = plainDecimal(x) else { return "-" }
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }

    /// `x` rounded half away from zero to `decimals` places (after scaling by 10^decimals), written with exactly
    /// that many decimals; never `-0.0`. Values too large for that fall back to `plainDecimal`.
    public static func fixed(_ x: Double, decimals: Int) -> String {
        guard x.isFinite else { return "-" }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (x * scale).rounded(.toNearestOrAwayFromZero)
        guard abs(scaled) < 1e15 else { return plainDecimal(x) ?? "-" }
        let magnitude = Int64(abs(scaled))
        let sign = scaled < 0 && magnitude != 0 ? "-" : ""
        guard decimals > 0 else { return sign + String(magnitude) }
        let divisor = Int64(scale)
        let fraction = String(magnitude % divisor)
        return sign + String(magnitude / divisor) + "."
            + String(repeating: "0", count: decimals - fraction.count) + fraction
    }

    /// A metric value for people, in the unit of its definition (`MetricDefinition.unit`): hours with one
    /// decimal (`2.8 h`), rates as percentages with one decimal (`77.5%`), `-` when undefined.
    public static func displayValue(_ value: Double?, unit: MetricUnit) -> String {
        guard let value, value.isFinite else { return "-" }
        switch unit {
        case .hours: return fixed(value, decimals: 1) + " h"
        case .rate: return fixed(value * 100, decimals: 1) + "%"
        case .number: return fixed(value, decimals: 1)
        }
    }

    /// A score (0-100) with one decimal, `-` when undefined: 79.996 shows as `80.0`.
    public static func displayScore(_ score: Double?) -> String {
        guard let score, score.isFinite else { return "-" }
        return fixed(score, decimals: 1)
    }

    /// The change from `old` to `new`: an arrow and the signed delta rounded like the values (hours, percentage
    /// points `pp` for rates, points for scores), then `better` or `worse` when the direction is known.
    /// A delta that rounds to zero is `→ 0.0` with no verdict; `-` when either side is undefined.
    /// - Parameter higherIsBetter: the metric's direction (`MetricDefinition.better.higherIsBetter`); nil when
    ///   no direction is better (no verdict).
    public static func change(from old: Double?, to new: Double?, unit: MetricUnit,
                              higherIsBetter: Bool? = nil) -> String {
        guard let old, let new, old.isFinite, new.isFinite else { return "-" }
        let delta = unit == .rate ? (new - old) * 100 : new - old
        let suffix: String
        switch unit {
        case .hours: suffix = " h"
        case .rate: suffix = " pp"
        case .number: suffix = ""
        }
        let rounded = fixed(delta, decimals: 1)
        if rounded == "0.0" { return "→ 0.0" + suffix }
        let arrow = delta > 0 ? "↑ +" : "↓ "
        var text = arrow + rounded + suffix
        if let higherIsBetter { text += (delta > 0) == higherIsBetter ? " better" : " worse" }
        return text
    }

    /// Text from the data (team, file and rubric names) made safe for a terminal: control characters
    /// (category Cc, escape sequences included) and bidirectional overrides become U+FFFD.
    public static func terminalSafe(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let v = scalar.value
            let isControl = v < 0x20 || (0x7F...0x9F).contains(v)
            let isBidi = (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
            out.append(isControl || isBidi ? "\u{FFFD}" : scalar)
        }
        return String(out)
    }
}

/// A plain-text table: columns padded to their widest cell (counted in characters), two spaces apart,
/// trailing spaces removed. A row with fewer cells than columns lets its last cell run on freely (it does not
/// widen its column): used for `suppressed (n < 5)`.
struct TextTable {
    enum Alignment { case left, right }

    var columns: [(title: String, alignment: Alignment)]
    var rows: [[String]] = []

    init(_ columns: [(String, Alignment)]) { self.columns = columns.map { (title: $0.0, alignment: $0.1) } }

    mutating func add(_ row: [String]) { rows.append(row) }

    func lines() -> [String] {
        var widths = columns.map { Formatting.displayWidth($0.title) }
        for row in rows {
            let measured = row.count < columns.count ? row.dropLast() : row[...]
            for (i, cell) in measured.enumerated() where i < widths.count {
                widths[i] = max(widths[i], Formatting.displayWidth(cell))
            }
        }
        return ([columns.map(\.title)] + rows).map { row in
            var parts: [String] = []
            for (i, cell) in row.enumerated() where i < columns.count {
                let freeRunning = row.count < columns.count && i == row.count - 1
                let padding = freeRunning ? "" : String(repeating: " ", count: max(0, widths[i] - Formatting.displayWidth(cell)))
                parts.append(columns[i].alignment == .right && !freeRunning ? padding + cell : cell + padding)
            }
            var line = parts.joined(separator: "  ")
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }
    }
}

extension Formatting {
    /// The columns a text takes in a terminal, by Unicode East Asian Width (UAX #11): wide and fullwidth
    /// characters (CJK, Hangul, fullwidth forms) and emoji shown as emoji take two, combining marks and other
    /// zero-width characters none, everything else one. Counted per grapheme cluster, so an emoji sequence
    /// joined by U+200D or a letter with combining accents is measured as the one symbol it is shown as.
    public static func displayWidth(_ text: String) -> Int {
        text.reduce(0) { $0 + width(of: $1) }
    }

    static func width(of character: Character) -> Int {
        let scalars = character.unicodeScalars
        guard let first = scalars.first else { return 0 }
        let properties = first.properties
        if properties.isEmojiPresentation || (properties.isEmoji && scalars.contains("\u{FE0F}")) { return 2 }
        switch properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format, .control: return 0
        default: break
        }
        return isWide(first.value) ? 2 : 1
    }

    /// East Asian Width W or F (the ranges of UAX #11 outside the emoji, which the emoji property covers).
    static func isWide(_ value: UInt32) -> Bool {
        for range in wideRanges where range.contains(value) { return true }
        return false
    }

    static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
        0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F,
        0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x16FE0...0x16FE4, 0x17000...0x18AFF, 0x1B000...0x1B2FF,
        0x1F200...0x1F251, 0x20000...0x3FFFD,
    ]
}
