import Foundation
import GRDB

/// The open append of an mbox segment: where popvault began writing past the ledger's last record.
///
/// The row is written before the first byte of a run's messages, moved to the new end in the same
/// transaction that records each batch, and removed once the sink is closed with nothing pending.
/// So bytes past the ledger's end are popvault's own torn batch only while a row starts exactly at
/// that end; anything else there was written by someone else and must never be cut.
public struct MboxAppend: Sendable, Equatable {
    /// The account's row id.
    public var account: Int64
    /// The segment's file name, as in the messages' locations.
    public var segment: String
    /// The offset popvault writes from: the end of what the ledger records in the segment.
    public var start: Int64

    /// Creates an append record.
    public init(account: Int64, segment: String, start: Int64) {
        self.account = account
        self.segment = segment
        self.start = start
    }
}

extension ArchiveLedger {
    /// The offset the open append of `segment` starts from, or `nil` when none is journalled.
    public func openAppend(account: Int64, segment: String) throws -> Int64? {
        try read("open append") { db in
            try Int64.fetchOne(
                db, sql: "SELECT start_offset FROM appends WHERE account_id = ? AND segment = ?",
                arguments: [account, segment])
        }
    }

    /// Journals `append` (before its first byte is written), replacing an older row of the segment.
    public func beginAppend(_ append: MboxAppend) throws {
        try write("journal of the append to \(append.segment)") { db in
            try db.execute(
                sql: """
                    INSERT INTO appends (account_id, segment, start_offset) VALUES (?, ?, ?)
                    ON CONFLICT (account_id, segment) DO UPDATE SET start_offset = excluded.start_offset
                    """, arguments: [append.account, append.segment, append.start])
        }
    }

    /// Removes the journal row of `segment`: the file ends where the ledger says, nothing is open.
    public func endAppend(account: Int64, segment: String) throws {
        try write("end of the append to \(segment)") { db in
            try db.execute(
                sql: "DELETE FROM appends WHERE account_id = ? AND segment = ?", arguments: [account, segment])
        }
    }

    /// Inside a batch's transaction: the open append now starts at the batch's end.
    static func advance(_ append: MboxAppend, in db: Database) throws {
        try db.execute(
            sql: "UPDATE appends SET start_offset = ? WHERE account_id = ? AND segment = ?",
            arguments: [append.start, append.account, append.segment])
    }
}
