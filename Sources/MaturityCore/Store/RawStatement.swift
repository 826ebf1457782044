import Foundation
import GRDB
import GRDBSQLite

/// A prepared statement on GRDB's raw connection, bound value by value: the bulk path (GRDB's argument
/// boxing costs twice the time at millions of rows). Used only inside a GRDB transaction.
final class RawStatement {
    private let handle: OpaquePointer
    private let connection: OpaquePointer
    let sql: String
    private var index: Int32 = 0

    init(_ db: Database, _ sql: String) throws {
        guard let connection = db.sqliteConnection else { throw DatabaseError(message: "no connection") }
        self.connection = connection
        self.sql = sql
        var statement: OpaquePointer?
        let code = sqlite3_prepare_v3(connection, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard code == SQLITE_OK, let statement else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)), sql: sql)
        }
        handle = statement
    }

    deinit { sqlite3_finalize(handle) }

    @discardableResult
    func bind(_ value: Int64?) -> RawStatement {
        index += 1
        if let value { sqlite3_bind_int64(handle, index, value) } else { sqlite3_bind_null(handle, index) }
        return self
    }

    @discardableResult
    func bind(_ value: Int) -> RawStatement { bind(Int64(value)) }

    @discardableResult
    func bind(_ value: Bool) -> RawStatement { bind(Int64(value ? 1 : 0)) }

    @discardableResult
    func bind(_ value: String?) -> RawStatement {
        index += 1
        if let value {
            var value = value
            value.withUTF8 { buffer in
                // An empty string still needs a pointer: a nil one would bind NULL.
                let pointer = UnsafeRawPointer(buffer.baseAddress ?? UnsafePointer(emptyText))
                    .assumingMemoryBound(to: CChar.self)
                _ = sqlite3_bind_text(handle, index, pointer, Int32(buffer.count), SQLITE_TRANSIENT)
            }
        } else {
            sqlite3_bind_null(handle, index)
        }
        return self
    }

    /// Binds UTF-8 bytes as text (nil binds NULL) without copying them: they must stay valid until `run()`,
    /// which clears the bindings.
    @discardableResult
    func bind(bytes: UnsafeBufferPointer<UInt8>?) -> RawStatement {
        index += 1
        if let bytes {
            let pointer = UnsafeRawPointer(bytes.baseAddress ?? UnsafePointer(emptyText))
                .assumingMemoryBound(to: CChar.self)
            // No destructor (SQLITE_STATIC): SQLite reads the bytes in place.
            sqlite3_bind_text(handle, index, pointer, Int32(bytes.count), nil)
        } else {
            sqlite3_bind_null(handle, index)
        }
        return self
    }

    /// Executes; returns the number of rows changed.
    @discardableResult
    func run() throws -> Int {
        defer { reset() }
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE || code == SQLITE_ROW else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)), sql: sql)
        }
        return Int(sqlite3_changes(connection))
    }

    /// Executes and returns the first column of the first row as an integer, if any.
    func int64() throws -> Int64? {
        defer { reset() }
        let code = sqlite3_step(handle)
        if code == SQLITE_ROW { return sqlite3_column_int64(handle, 0) }
        guard code == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)), sql: sql)
        }
        return nil
    }

    func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        index = 0
    }

    var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(connection) }
}

let SQLITE_TRANSIENT = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
/// A valid pointer for an empty text (a nil pointer would bind NULL); never written.
nonisolated(unsafe) private let emptyText = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)

/// A read-only query stepped row by row with typed access to its columns, on GRDB's raw connection and
/// without GRDB's `Row` boxing: the metrics loader reads millions of rows through it. Use it inside a GRDB
/// read (or write) closure, and do not keep it past that closure. Columns are numbered from 0.
public final class RawCursor {
    private let handle: OpaquePointer
    private let connection: OpaquePointer
    /// The SQL text, for errors.
    public let sql: String

    /// Prepares `sql` on the connection of `db`.
    public init(_ db: Database, _ sql: String) throws {
        guard let connection = db.sqliteConnection else { throw DatabaseError(message: "no connection") }
        self.connection = connection
        self.sql = sql
        var statement: OpaquePointer?
        let code = sqlite3_prepare_v2(connection, sql, -1, &statement, nil)
        guard code == SQLITE_OK, let statement else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code),
                                message: String(cString: sqlite3_errmsg(connection)), sql: sql)
        }
        handle = statement
    }

    deinit { sqlite3_finalize(handle) }

    /// Moves to the next row; false after the last one.
    public func next() throws -> Bool {
        let code = sqlite3_step(handle)
        if code == SQLITE_ROW { return true }
        guard code == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code),
                                message: String(cString: sqlite3_errmsg(connection)), sql: sql)
        }
        return false
    }

    /// Whether the column is NULL in the current row.
    @inline(__always)
    public func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }

    /// The column as an integer (0 for NULL).
    @inline(__always)
    public func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }

    /// The column as an integer, nil for NULL.
    @inline(__always)
    public func optionalInt64(_ column: Int32) -> Int64? { isNull(column) ? nil : int64(column) }

    /// The column as a boolean (non-zero integer).
    @inline(__always)
    public func bool(_ column: Int32) -> Bool { sqlite3_column_int64(handle, column) != 0 }

    /// The column's UTF-8 bytes (empty for NULL), valid only inside `body`.
    @inline(__always)
    public func withBytes<T>(_ column: Int32, _ body: (UnsafeBufferPointer<UInt8>) throws -> T) rethrows -> T {
        let text = sqlite3_column_text(handle, column)
        let count = Int(sqlite3_column_bytes(handle, column))
        guard let text, count > 0 else { return try body(UnsafeBufferPointer(start: nil, count: 0)) }
        return try body(UnsafeBufferPointer(start: text, count: count))
    }

    /// The column as text ("" for NULL).
    public func string(_ column: Int32) -> String {
        withBytes(column) { String(decoding: $0, as: UTF8.self) }
    }

    /// The column as text, nil for NULL.
    public func optionalString(_ column: Int32) -> String? { isNull(column) ? nil : string(column) }
}
