import GRDB
import GRDBSQLite

extension ArchiveLedger {
    /// Every key the ledger knows for `account` (archived or imported, deleted or not): the set the
    /// fetch planner diffs the server's UIDL list against.
    ///
    /// Unlike ``knownMessages(account:)`` it reads only the `(account_id, key)` index that the
    /// `UNIQUE` constraint created (a covering index: the table's wide rows are never touched), and
    /// builds no per-row state. With 20,000 archived messages that is ~1/15 of the pages read.
    public func knownKeys(account: Int64) throws -> Set<String> {
        try read("known keys") { db in
            var keys = Set<String>(minimumCapacity: try Self.keyCount(db, account: account))
            let cursor = try String.fetchCursor(db, sql: Self.keysSQL, arguments: [account])
            while let key = try cursor.next() {
                keys.insert(key)
            }
            return keys
        }
    }

    /// The same keys as ``knownKeys(account:)``, as the ``KeyIndex`` the POP3 fetch planner diffs against;
    /// each key's bytes are copied from SQLite's row buffer, never made into a `String` (or a `Data`).
    public func knownKeyIndex(account: Int64) throws -> KeyIndex {
        try read("known keys") { db in
            var keys = KeyIndex(minimumCapacity: try Self.keyCount(db, account: account))
            let statement = try db.makeStatement(sql: Self.keysSQL)
            let rows = try Row.fetchCursor(statement, arguments: [account])
            let sqlite = statement.sqliteStatement
            while try rows.next() != nil {
                // sqlite3_column_text first, then sqlite3_column_bytes (the order SQLite documents). The
                // column is NOT NULL: a NULL pointer is SQLite out of memory, never a key to skip (a skipped
                // key would be fetched and stored a second time).
                guard let text = sqlite3_column_text(sqlite, 0) else {
                    throw DatabaseError(resultCode: ResultCode(rawValue: sqlite3_errcode(db.sqliteConnection)))
                }
                keys.insert(bytes: UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(sqlite, 0))))
            }
            return keys
        }
    }

    private static let keysSQL = "SELECT key FROM messages WHERE account_id = ?"

    private static func keyCount(_ db: Database, account: Int64) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT count(*) FROM messages WHERE account_id = ?", arguments: [account]) ?? 0
    }
}
