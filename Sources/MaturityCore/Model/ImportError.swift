import Foundation

/// An error in an input: names where (`InputLocation`: file, line and column, or ZIP entry and JSON path),
/// what is wrong and how to fix it. Reads `<location>: <message>. Fix: <fix>.`
public struct ImportError: Error, Equatable, CustomStringConvertible, LocalizedError {
    public var location: InputLocation
    public var message: String
    public var fix: String

    public init(at location: InputLocation, message: String, fix: String) {
        self.location = location; self.message = message; self.fix = fix
    }

    /// An error in a CSV or line-based file.
    public init(file: String, line: Int?, column: Int?, columnName: String? = nil, message: String, fix: String) {
        self.init(at: InputLocation(file: file, line: line, column: column, columnName: columnName),
                  message: message, fix: fix)
    }

    public var file: String { location.file }
    public var line: Int? { location.line }
    public var column: Int? { location.column }
    public var columnName: String? { location.columnName }

    /// `<location>: message. Fix: fix.`, with one full stop however the parts end.
    public var description: String {
        "\(location): \(message.withoutFinalFullStop). Fix: \(fix.withoutFinalFullStop)."
    }

    public var errorDescription: String? { description }
}

/// A warning of an import: where, and what. Reads `<location>: <message>` (or the message alone when the
/// location is unknown).
public struct ImportWarning: Sendable, Equatable, CustomStringConvertible {
    public var location: InputLocation?
    public var message: String

    public init(_ message: String, at location: InputLocation? = nil) {
        self.message = message; self.location = location
    }

    public var description: String {
        guard let location, location != .unknown else { return message }
        return "\(location): \(message)"
    }
}

/// Every error one pass over an input found (at most `--max-errors`), in input order. Reads as one
/// `error: ` line per error, then a line saying how many and that nothing of the input was written.
public struct ImportErrors: Error, Equatable, CustomStringConvertible, LocalizedError {
    public var errors: [ImportError]
    /// True when the pass stopped at the limit: there may be more.
    public var stoppedAtLimit: Bool
    public var file: String

    public init(_ errors: [ImportError], stoppedAtLimit: Bool, file: String) {
        self.errors = errors; self.stoppedAtLimit = stoppedAtLimit; self.file = file
    }

    public var description: String {
        if errors.count == 1 && !stoppedAtLimit { return errors[0].description }
        let count = stoppedAtLimit ? "the first \(errors.count) errors" : "\(errors.count) errors"
        return errors.map(\.description).joined(separator: "\nerror: ")
            + "\nerror: \(file): \(count) of this input are above; nothing of it was written. Fix: correct them and "
            + "import the file again\(stoppedAtLimit ? " (--max-errors N shows more at once)" : "")."
    }

    public var errorDescription: String? { description }
}
