import Foundation

/// Where a record, an error or a warning comes from (named apart from Swift Testing's `SourceLocation`), in the terms its format has: `file:line, column N (name)`
/// for CSV, `file:line` for line-based formats (iCalendar, mbox), and `file: entry: JSON path` for JSON exports,
/// where the entry is the file inside a ZIP archive or an export folder (`export.zip: general/2016-03-01.json:
/// [14].ts`).
public struct InputLocation: Sendable, Equatable, CustomStringConvertible {
    /// The input's path as the user named it.
    public var file: String
    /// The file inside an archive or folder, when the input has several.
    public var entry: String?
    /// 1-based line, when the format has lines.
    public var line: Int?
    /// 1-based column (CSV).
    public var column: Int?
    /// The column's or field's name.
    public var columnName: String?
    /// A JSON path such as `[14].ts`.
    public var path: String?
    /// How the format names its fields: a domain field (`timezone`) to the column or key holding it.
    public var fields: FieldNames?

    public init(file: String, entry: String? = nil, line: Int? = nil, column: Int? = nil, columnName: String? = nil,
                path: String? = nil, fields: FieldNames? = nil) {
        self.file = file; self.entry = entry; self.line = line; self.column = column; self.columnName = columnName
        self.path = path; self.fields = fields
    }

    /// This location at another line (the rows of one input share everything else).
    public func atLine(_ line: Int) -> InputLocation {
        var location = self
        location.line = line
        return location
    }

    /// A location nobody can name (records built in code).
    public static let unknown = InputLocation(file: "")

    /// The location of a field of this record: the CSV column holding it, or the JSON path to its key. A field
    /// the format does not name keeps the record's location with the domain name.
    public func field(_ name: String) -> InputLocation {
        var location = self
        if let known = fields?.names[name] {
            location.column = known.column
            location.columnName = known.name
            if let path, known.column == nil { location.path = path + "." + known.name; location.columnName = nil }
        } else if path != nil {
            location.path = path! + "." + name
        } else {
            location.columnName = name
        }
        return location
    }

    public var description: String {
        var text = file
        if let entry { text += (text.isEmpty ? "" : ": ") + entry }
        if let line { text += ":\(line)" }
        if let column {
            text += ", column \(column)"
            if let columnName { text += " (\(columnName))" }
        } else if let columnName {
            text += ", column \(columnName)"
        }
        if let path { text += ": " + path }
        return text
    }

    public static func == (a: InputLocation, b: InputLocation) -> Bool {
        a.file == b.file && a.entry == b.entry && a.line == b.line && a.column == b.column
            && a.columnName == b.columnName && a.path == b.path
    }
}

/// A format's names for the domain fields: for CSV, each field's column number and header name; for JSON,
/// each field's key. Shared by every record of one input (a reference, built once).
public final class FieldNames: Sendable {
    public let names: [String: (column: Int?, name: String)]

    public init(_ names: [String: (column: Int?, name: String)]) { self.names = names }

    /// CSV columns by header name (0-based index in `columns`), each domain field named as its column.
    public static func csv(columns: [String: Int]) -> FieldNames {
        FieldNames(Dictionary(uniqueKeysWithValues: columns.map { ($0.key, (column: $0.value + 1, name: $0.key)) }))
    }
}
