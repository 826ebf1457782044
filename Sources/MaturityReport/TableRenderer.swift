import Foundation

/// A plain table (column names and rows of optional text) rendered as aligned text, CSV or JSON.
/// Used by `maturity sql`, `maturity status` and `maturity metric`.
public struct DataTable: Sendable, Equatable {
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
        case .number(let d): Formatting.plainDecimal(d) ?? ""
        case .text(let s): s
        }
    }
}

public enum TableRenderer {
    /// Aligned columns; numbers right-aligned, `-` for null.
    public static func text(_ table: DataTable) -> String {
        let cells = table.rows.map { row in row.map { cell -> String in
            if case .null = cell { return "-" }
            return cell.plain.replacingOccurrences(of: "\n", with: "↵")
        } }
        var widths = table.columns.map { Formatting.displayWidth($0) }
        for row in cells {
            for (i, c) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], Formatting.displayWidth(c)) }
        }
        func pad(_ s: String, _ w: Int, right: Bool) -> String {
            let fill = String(repeating: " ", count: max(0, w - Formatting.displayWidth(s)))
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
    public static func csv(_ table: DataTable) -> String {
        var out = table.columns.map { CSVRenderer.textCell($0) }.joined(separator: ",") + "\n"
        for row in table.rows {
            out += row.map { cell -> String in
                switch cell {
                case .text(let s): CSVRenderer.textCell(s)
                default: cell.plain
                }
            }.joined(separator: ",") + "\n"
        }
        return out
    }

    /// A JSON array of objects keyed by column name, in column order.
    public static func json(_ table: DataTable) -> String {
        var out = "["
        for (r, row) in table.rows.enumerated() {
            out += r == 0 ? "\n  {" : ",\n  {"
            out += zip(table.columns, row).map { column, cell in
                "\(JSONRenderer.quoted(column)): \(jsonValue(cell))"
            }.joined(separator: ", ")
            out += "}"
        }
        out += table.rows.isEmpty ? "]\n" : "\n]\n"
        return out
    }
}

extension TableRenderer {
    static func jsonValue(_ cell: TableCell) -> String {
        switch cell {
        case .null: "null"
        case .integer(let i): String(i)
        case .number(let d): Formatting.plainDecimal(d) ?? "null"
        case .text(let s): JSONRenderer.quoted(s)
        }
    }
}
