import Foundation

/// A plain table (column names and rows of optional text) rendered as aligned text, CSV or JSON.
/// Used by `maturity sql`, `maturity status` and `maturity metric`.
public struct Table: Sendable, Equatable {
    public var columns: [String]
    public var rows: [[TableCell]]
    public init(columns: [String], rows: [[TableCell]]) { self.columns = columns; self.rows = rows }
}

public enum TableCell: Sendable, Equatable {
    case null
    case integer(Int64)
    case number(Double)
    case text(String)

    var plain: String {
        switch self {
        case .null: ""
        case .integer(let i): String(i)
        case .number(let d): NumberFormatting.plainDecimal(d)
        case .text(let s): s
        }
    }
}

public enum TableRenderer {
    /// Aligned columns; numbers right-aligned, `-` for null.
    public static func text(_ table: Table) -> String {
        let cells = table.rows.map { row in row.map { cell -> String in
            if case .null = cell { return "-" }
            return cell.plain.replacingOccurrences(of: "\n", with: "↵")
        } }
        var widths = table.columns.map { $0.unicodeScalars.count }
        for row in cells { for (i, c) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], c.unicodeScalars.count) } }
        func pad(_ s: String, _ w: Int, right: Bool) -> String {
            let fill = String(repeating: " ", count: max(0, w - s.unicodeScalars.count))
            return right ? fill + s : s + fill
        }
        var out = ""
        out += zip(table.columns, widths).map { pad($0, $1, right: false) }.joined(separator: "  ")
            .replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) + "\n"
        for (r, row) in cells.enumerated() {
            let line = row.enumerated().map { i, c -> String in
                var numeric = false
                switch table.rows[r][i] { case .integer, .number: numeric = true; default: break }
                return pad(c, i < widths.count ? widths[i] : 0, right: numeric)
            }.joined(separator: "  ")
            out += line.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) + "\n"
        }
        return out
    }

    /// RFC 4180 CSV with LF line ends; text cells safe against formula injection.
    public static func csv(_ table: Table) -> String {
        var out = table.columns.map { CSVCell.text($0) }.joined(separator: ",") + "\n"
        for row in table.rows {
            out += row.map { cell -> String in
                switch cell {
                case .text(let s): CSVCell.text(s)
                default: cell.plain
                }
            }.joined(separator: ",") + "\n"
        }
        return out
    }

    /// A JSON array of objects keyed by column name, in column order.
    public static func json(_ table: Table) -> String {
        var out = "["
        for (r, row) in table.rows.enumerated() {
            out += r == 0 ? "\n  {" : ",\n  {"
            out += zip(table.columns, row).map { column, cell in
                "\(JSONText.string(column)): \(JSONText.value(cell))"
            }.joined(separator: ", ")
            out += "}"
        }
        out += table.rows.isEmpty ? "]\n" : "\n]\n"
        return out
    }
}

/// CSV cell encoding shared by every CSV output.
public enum CSVCell {
    /// Neutralises a text that a spreadsheet would read as a formula (leading `=`, `+`, `-`, `@`, tab or CR)
    /// by prefixing `'`, then quotes it when needed (RFC 4180).
    public static func text(_ s: String) -> String {
        var value = s
        if let first = value.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) {
            value = "'" + value
        }
        if value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return value
    }
}

public enum JSONText {
    public static func string(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    static func value(_ cell: TableCell) -> String {
        switch cell {
        case .null: "null"
        case .integer(let i): String(i)
        case .number(let d): d.isFinite ? NumberFormatting.plainDecimal(d) : "null"
        case .text(let s): string(s)
        }
    }
}

public enum NumberFormatting {
    /// A plain decimal with full precision (shortest round-trip digits), never in exponent notation.
    public static func plainDecimal(_ d: Double) -> String {
        guard d.isFinite else { return "" }
        if d == d.rounded(), abs(d) < 1e15 { return String(format: "%.1f", d) }
        let s = "\(d)"
        guard let e = s.firstIndex(where: { $0 == "e" || $0 == "E" }) else { return s }
        let mantissa = String(s[..<e])
        guard let exponent = Int(s[s.index(after: e)...]) else { return s }
        let negative = mantissa.hasPrefix("-")
        let digits = mantissa.replacingOccurrences(of: "-", with: "")
        let parts = digits.split(separator: ".", omittingEmptySubsequences: false)
        let intPart = String(parts[0])
        let fracPart = parts.count > 1 ? String(parts[1]) : ""
        var all = intPart + fracPart
        var point = intPart.count + exponent
        if point <= 0 {
            all = String(repeating: "0", count: -point + 1) + all
            point = 1
        } else if point > all.count {
            all += String(repeating: "0", count: point - all.count)
        }
        var result = String(all.prefix(point)) + "." + String(all.dropFirst(point))
        if result.hasSuffix(".") { result += "0" }
        while result.hasSuffix("0") && !result.hasSuffix(".0") { result.removeLast() }
        return (negative ? "-" : "") + result
    }
}
