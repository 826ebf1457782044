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
                _ = sqlite3_bind_text(handle, index, UnsafeRawPointer(buffer.baseAddress)?.assumingMemoryBound(to: CChar.self),
                                      Int32(buffer.count), SQLITE_TRANSIENT)
            }
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
