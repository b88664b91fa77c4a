import Foundation
import GRDB

extension ArchiveLedger {
    /// Returns the id of the account named `name`, creating it, or updating its protocol, as needed.
    public func account(named name: String, protocol proto: String) throws -> Int64 {
        // Every run asks; the account almost always exists unchanged. A read needs no commit (and
        // so no fsync); only a new or changed account takes a write transaction.
        let existing = try read("account lookup") { db in
            try Int64.fetchOne(
                db, sql: "SELECT id FROM accounts WHERE name = ? AND protocol = ?", arguments: [name, proto])
        }
        if let existing { return existing }
        return try write("account upsert") { db in
            try db.execute(
                sql: """
                    INSERT INTO accounts (name, protocol) VALUES (?, ?)
                    ON CONFLICT (name) DO UPDATE SET protocol = excluded.protocol
                    """,
                arguments: [name, proto])
            guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM accounts WHERE name = ?", arguments: [name])
            else { throw DatabaseError(message: "account \"\(name)\" vanished after upsert") }
            return id
        }
    }

    /// Every key the ledger knows for `account` (archived or imported, deleted or not), with its state,
    /// in one query. Callers that need only the keys use ``knownKeys(account:)``, which reads the index.
    public func knownMessages(account: Int64) throws -> [String: LedgerMessageState] {
        let path = self.path
        return try read("known messages") { db in
            let cursor = try Row.fetchCursor(
                db, sql: "SELECT key, state, server_size, deleted_at IS NOT NULL FROM messages WHERE account_id = ?",
                arguments: [account])
            var known: [String: LedgerMessageState] = [:]
            while let row = try cursor.next() {
                let key: String = row[0]
                let stateText: String = row[1]
                guard let state = MessageState(rawValue: stateText) else {
                    throw LedgerError.corruptRow(path: path, detail: "key \(key): unknown state \"\(stateText)\"")
                }
                known[key] = LedgerMessageState(state: state, serverSize: row[2], deleted: row[3])
            }
            return known
        }
    }

    /// Records a batch of archived messages in ONE transaction: either all rows are committed
    /// (and on disk) when this returns, or none is. A key already present is overwritten, so the
    /// same call also records new locations after rotation or an imported key now archived.
    /// A fetch also passes its `run` (whose counts grow by the batch, so that a run killed later still
    /// shows what it archived) and its mbox `append` (which moves to the batch's end).
    public func record(_ messages: [LedgerMessage], run: Int64? = nil, append: MboxAppend? = nil) throws {
        guard !messages.isEmpty else { return }
        try write("record of \(messages.count) messages") { db in
            let statement = try db.cachedStatement(sql: MessageRow.upsertSQL)
            for message in messages {
                try statement.execute(arguments: MessageRow.arguments(message))
            }
            if let run { try Self.count(messages, inRun: run, in: db) }
            if let append { try Self.advance(append, in: db) }
        }
    }

    /// Messages popvault archived (not imported) and not yet deleted on the server, oldest first;
    /// with `archivedBefore`, only those archived strictly before that instant.
    public func deletionCandidates(account: Int64, archivedBefore: Date?) throws -> [LedgerMessage] {
        let path = self.path
        var sql = "SELECT \(MessageRow.columns) FROM messages "
            + "WHERE account_id = ? AND deleted_at IS NULL AND state = 'archived'"
        var arguments: StatementArguments = [account]
        if let archivedBefore {
            sql += " AND archived_at < ?"
            arguments += [archivedBefore.timeIntervalSince1970]
        }
        sql += " ORDER BY archived_at, id"
        let finalSQL = sql
        let finalArguments = arguments
        return try read("deletion candidates") { db in
            try Row.fetchAll(db, sql: finalSQL, arguments: finalArguments).map { try MessageRow.decode($0, path: path) }
        }
    }

    /// Marks `keys` deleted at `at` (call only after the server answered `+OK` to QUIT).
    /// Keys already marked keep their first deletion time; unknown keys are ignored.
    public func markDeleted(account: Int64, keys: [String], at: Date) throws {
        guard !keys.isEmpty else { return }
        try write("mark deleted") { db in
            let statement = try db.cachedStatement(
                sql: "UPDATE messages SET deleted_at = ? WHERE account_id = ? AND key = ? AND deleted_at IS NULL")
            for key in keys {
                try statement.execute(arguments: [at.timeIntervalSince1970, account, key])
            }
        }
    }

    /// Records `keys` as archived by another tool, so that fetch skips them. Keys the ledger already
    /// knows (archived or imported) are left as they are. Returns how many keys were new.
    @discardableResult
    public func markImported(account: Int64, keys: [String], at: Date) throws -> Int {
        guard !keys.isEmpty else { return 0 }
        return try write("import state") { db in
            let statement = try db.cachedStatement(sql: """
                INSERT INTO messages (account_id, key, state, archived_at) VALUES (?, ?, 'imported', ?)
                ON CONFLICT (account_id, key) DO NOTHING
                """)
            var inserted = 0
            for key in keys {
                try statement.execute(arguments: [account, key, at.timeIntervalSince1970])
                inserted += db.changesCount
            }
            return inserted
        }
    }

    /// Re-keys messages in one transaction, e.g. IMAP messages matched again (by size, Message-ID
    /// and SHA-256) after the folder's UIDVALIDITY changed. Every `from` key must exist and no `to`
    /// key may exist already; otherwise nothing changes and the error names the key.
    public func renameKeys(account: Int64, _ renames: [(from: String, to: String)]) throws {
        guard !renames.isEmpty else { return }
        let path = self.path
        let pairs = renames.map { [$0.from, $0.to] }
        try write("rename keys") { db in
            let statement = try db.cachedStatement(sql: "UPDATE messages SET key = ? WHERE account_id = ? AND key = ?")
            for pair in pairs {
                do {
                    try statement.execute(arguments: [pair[1], account, pair[0]])
                } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
                    throw LedgerError.database(
                        path: path, operation: "rename keys", reason: "key \"\(pair[1])\" is already recorded")
                }
                if db.changesCount == 0 {
                    throw LedgerError.database(
                        path: path, operation: "rename keys", reason: "no message with key \"\(pair[0])\"")
                }
            }
        }
    }

    /// Every message popvault archived for `account` (deleted on the server or not; imported keys,
    /// which have no stored copy, excluded), in archive order.
    public func messages(account: Int64) throws -> [LedgerMessage] {
        let path = self.path
        return try read("messages") { db in
            try Row.fetchAll(
                db, sql: "SELECT \(MessageRow.columns) FROM messages WHERE account_id = ? AND state = 'archived' "
                    + "ORDER BY id", arguments: [account]
            ).map { try MessageRow.decode($0, path: path) }
        }
    }

    /// The end (`max(offset + length)`) of the last record committed to the mbox segment `segment`,
    /// or `nil` when the ledger has none there. Bytes past it are a torn tail.
    public func lastCommittedEnd(account: Int64, segment: String) throws -> Int64? {
        try read("last committed end") { db in
            try Int64.fetchOne(
                db, sql: """
                    SELECT MAX(location_offset + location_length) FROM messages
                    WHERE account_id = ? AND location_kind = 'mbox' AND location_path = ?
                    """, arguments: [account, segment])
        }
    }
}
