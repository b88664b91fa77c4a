import Foundation
import GRDB

extension ArchiveLedger {
    /// Opens a run row for `account` and returns its id. Runs of this account left open by a process
    /// that died are closed first with outcome ``RunOutcome/interrupted`` (the caller holds the
    /// account's ``AccountLock``, so no other run can be in progress).
    public func startRun(account: Int64, at: Date) throws -> Int64 {
        try write("start run") { db in
            try db.execute(
                sql: "UPDATE runs SET outcome = 'interrupted' WHERE account_id = ? AND outcome IS NULL",
                arguments: [account])
            try db.execute(
                sql: "INSERT INTO runs (account_id, started_at) VALUES (?, ?)",
                arguments: [account, at.timeIntervalSince1970])
            return db.lastInsertedRowID
        }
    }

    /// Closes run `id` with its counts and outcome.
    public func finishRun(_ id: Int64, _ summary: RunSummary) throws {
        let path = self.path
        try write("finish run") { db in
            try db.execute(
                sql: """
                    UPDATE runs SET finished_at = ?, fetched = ?, fetched_bytes = ?, deleted = ?, failed = ?,
                        outcome = ?, error = ?
                    WHERE id = ?
                    """,
                arguments: [
                    summary.finishedAt.timeIntervalSince1970, summary.fetched, summary.fetchedBytes,
                    summary.deleted, summary.failed, summary.outcome.rawValue, summary.error, id,
                ])
            if db.changesCount == 0 { throw LedgerError.unknownRun(path: path, id: id) }
        }
    }

    /// Inside a batch's transaction: run `id` archived `messages` too. The counts are current after
    /// every batch, so a run killed before ``finishRun(_:_:)`` still shows what it archived.
    static func count(_ messages: [LedgerMessage], inRun id: Int64, in db: Database) throws {
        try db.execute(
            sql: "UPDATE runs SET fetched = fetched + ?, fetched_bytes = fetched_bytes + ? WHERE id = ?",
            arguments: [messages.count, messages.reduce(Int64(0)) { $0 + $1.storedSize }, id])
    }

    /// Per account (by name): archived count and bytes, deletions, imported keys, last run, last error.
    public func status() throws -> [AccountStatus] {
        let path = self.path
        return try read("status") { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT a.id, a.name, a.protocol,
                    COUNT(m.id) FILTER (WHERE m.state = 'archived'),
                    COALESCE(SUM(m.stored_size) FILTER (WHERE m.state = 'archived'), 0),
                    COUNT(m.id) FILTER (WHERE m.state = 'archived' AND m.deleted_at IS NOT NULL),
                    COUNT(m.id) FILTER (WHERE m.state = 'imported')
                FROM accounts a LEFT JOIN messages m ON m.account_id = a.id
                GROUP BY a.id ORDER BY a.name
                """)
            return try rows.map { row in
                let id: Int64 = row[0]
                let lastRun = try Row.fetchOne(
                    db, sql: "SELECT * FROM runs WHERE account_id = ? ORDER BY id DESC LIMIT 1", arguments: [id])
                let lastError = try Row.fetchOne(
                    db, sql: "SELECT * FROM runs WHERE account_id = ? AND error IS NOT NULL ORDER BY id DESC LIMIT 1",
                    arguments: [id])
                return AccountStatus(
                    id: id, name: row[1], protocol: row[2], archivedCount: row[3], archivedBytes: row[4],
                    deletedCount: row[5], importedCount: row[6],
                    lastRun: try lastRun.map { try Self.decodeRun($0, path: path) },
                    lastError: try lastError.map { try Self.decodeRun($0, path: path) })
            }
        }
    }

    /// The runs of `account`, newest first, at most `limit`.
    public func runs(account: Int64, limit: Int = 20) throws -> [RunRecord] {
        let path = self.path
        return try read("runs") { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM runs WHERE account_id = ? ORDER BY id DESC LIMIT ?", arguments: [account, limit]
            ).map { try Self.decodeRun($0, path: path) }
        }
    }

    static func decodeRun(_ row: Row, path: String) throws -> RunRecord {
        let outcomeText: String? = row["outcome"]
        var outcome: RunOutcome?
        if let outcomeText {
            guard let value = RunOutcome(rawValue: outcomeText) else {
                let id: Int64 = row["id"]
                throw LedgerError.corruptRow(path: path, detail: "run \(id): unknown outcome \"\(outcomeText)\"")
            }
            outcome = value
        }
        let startedAt: Double = row["started_at"]
        let finishedAt: Double? = row["finished_at"]
        return RunRecord(
            id: row["id"], account: row["account_id"], startedAt: Date(timeIntervalSince1970: startedAt),
            finishedAt: finishedAt.map(Date.init(timeIntervalSince1970:)), fetched: row["fetched"],
            fetchedBytes: row["fetched_bytes"], deleted: row["deleted"], failed: row["failed"], outcome: outcome,
            error: row["error"])
    }
}
