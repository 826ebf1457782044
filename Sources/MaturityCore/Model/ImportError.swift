import Foundation

/// An error in an input file: names the file, the line and column when known, what is wrong and how to fix it.
public struct ImportError: Error, Equatable, CustomStringConvertible, LocalizedError {
    public var file: String
    public var line: Int?
    public var column: Int?
    /// The column's name, when the error concerns one.
    public var columnName: String?
    public var message: String
    public var fix: String

    public init(file: String, line: Int?, column: Int?, columnName: String? = nil, message: String, fix: String) {
        self.file = file; self.line = line; self.column = column; self.columnName = columnName
        self.message = message; self.fix = fix
    }

    public var description: String {
        var location = file
        if let line { location += ":\(line)" }
        if let column {
            location += ", column \(column)"
            if let columnName { location += " (\(columnName))" }
        } else if let columnName {
            location += ", column \(columnName)"
        }
        return "\(location): \(message). Fix: \(fix)."
    }

    public var errorDescription: String? { description }
}
