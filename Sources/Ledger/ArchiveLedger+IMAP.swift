import Foundation
import GRDB

/// What the ledger remembers of one IMAP folder between runs.
public struct IMAPFolderState: Sendable, Equatable {
    /// The folder's name as the server lists it, decoded to UTF-8.
    public var folder: String
    /// The UIDVALIDITY of the folder when it was last archived.
    public var uidValidity: UInt32
    /// Every message with a lower UID (under this UIDVALIDITY) is recorded or was gone from the
    /// server: the next run asks only for UIDs from here on.
    public var uidWatermark: UInt32

    /// Creates a folder state.
    public init(folder: String, uidValidity: UInt32, uidWatermark: UInt32) {
        self.folder = folder
        self.uidValidity = uidValidity
        self.uidWatermark = uidWatermark
    }
}

extension ArchiveLedger {
    /// The folder states recorded for `account`, by folder name.
    public func imapFolders(account: Int64) throws -> [String: IMAPFolderState] {
        try read("IMAP folders") { db in
            var states: [String: IMAPFolderState] = [:]
            let rows = try Row.fetchAll(
                db, sql: "SELECT folder, uid_validity, uid_watermark FROM imap_folders WHERE account_id = ?",
                arguments: [account])
            for row in rows {
                let folder: String = row[0]
                let validity: Int64 = row[1]
                let watermark: Int64 = row[2]
                states[folder] = IMAPFolderState(
                    folder: folder, uidValidity: UInt32(truncatingIfNeeded: validity),
                    uidWatermark: UInt32(truncatingIfNeeded: watermark))
            }
            return states
        }
    }

    /// Records the state of one folder (replacing the previous one).
    public func setIMAPFolder(account: Int64, _ state: IMAPFolderState, at: Date = Date()) throws {
        try write("IMAP folder state") { db in
            try db.execute(
                sql: """
                    INSERT INTO imap_folders (account_id, folder, uid_validity, uid_watermark, updated_at)
                    VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (account_id, folder) DO UPDATE SET uid_validity = excluded.uid_validity,
                        uid_watermark = excluded.uid_watermark, updated_at = excluded.updated_at
                    """,
                arguments: [
                    account, state.folder, Int64(state.uidValidity), Int64(state.uidWatermark),
                    at.timeIntervalSince1970,
                ])
        }
    }
}
