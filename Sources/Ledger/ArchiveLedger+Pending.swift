import Foundation
import GRDB

/// The journal that closes the gap between a Maildir rename and the ledger transaction.
///
/// A batch is journalled as pending (with the names its files will have in `new/`) before the sink
/// renames it; `commitPending` then records it and clears the journal in one transaction. After a
/// crash in between, the next run finds the pending rows and settles them: a file that is visible
/// is recorded (its rename happened, its data was fsynced before), the rest is forgotten.
extension ArchiveLedger {
    /// Journals `messages` as about to become visible.
    public func recordPending(_ messages: [LedgerMessage]) throws {
        guard !messages.isEmpty else { return }
        try write("journal of \(messages.count) pending messages") { db in
            let statement = try db.cachedStatement(sql: MessageRow.upsertSQL(table: .pending))
            for message in messages {
                try statement.execute(arguments: MessageRow.arguments(message))
            }
        }
    }

    /// Records `messages` as archived and removes them from the journal, in one transaction (which
    /// also adds them to the counts of `run`, when given).
    public func commitPending(_ messages: [LedgerMessage], run: Int64? = nil) throws {
        guard !messages.isEmpty else { return }
        try write("record of \(messages.count) messages") { db in
            let insert = try db.cachedStatement(sql: MessageRow.upsertSQL)
            let clear = try db.cachedStatement(sql: "DELETE FROM pending WHERE account_id = ? AND key = ?")
            for message in messages {
                try insert.execute(arguments: MessageRow.arguments(message))
                try clear.execute(arguments: [message.account, message.key])
            }
            if let run { try Self.count(messages, inRun: run, in: db) }
        }
    }

    /// The journalled messages of `account` (left by a run that stopped between journal and record).
    public func pendingMessages(account: Int64) throws -> [LedgerMessage] {
        let path = self.path
        return try read("pending messages") { db in
            try Row.fetchAll(
                db, sql: "SELECT \(MessageRow.columns) FROM pending WHERE account_id = ? ORDER BY rowid",
                arguments: [account]
            ).map { try MessageRow.decode($0, path: path) }
        }
    }

    /// Removes `keys` from the journal of `account`.
    public func clearPending(account: Int64, keys: [String]) throws {
        guard !keys.isEmpty else { return }
        try write("clear pending") { db in
            let statement = try db.cachedStatement(sql: "DELETE FROM pending WHERE account_id = ? AND key = ?")
            for key in keys {
                try statement.execute(arguments: [account, key])
            }
        }
    }

    /// The length the mbox segment had when popvault first opened it for `account`; recorded as
    /// `currentLength` on that first call. Bytes between it and the last recorded message belong to
    /// nobody: they are a torn tail.
    public func segmentBase(account: Int64, segment: String, currentLength: Int64) throws -> Int64 {
        try write("segment base") { db in
            try db.execute(
                sql: "INSERT INTO segments (account_id, segment, base_length) VALUES (?, ?, ?) "
                    + "ON CONFLICT (account_id, segment) DO NOTHING",
                arguments: [account, segment, currentLength])
            return try Int64.fetchOne(
                db, sql: "SELECT base_length FROM segments WHERE account_id = ? AND segment = ?",
                arguments: [account, segment]) ?? currentLength
        }
    }

    /// The id of the account named `name`, or nil if the ledger has never seen it (read-only).
    public func existingAccount(named name: String) throws -> Int64? {
        try read("account lookup") { db in
            try Int64.fetchOne(db, sql: "SELECT id FROM accounts WHERE name = ?", arguments: [name])
        }
    }
}
