import Foundation
import GRDB

/// The rotation journal and the queries rotation needs (see ``SegmentRotation`` for the steps).
extension ArchiveLedger {
    /// Journals the start of a rotation (step 1). Fails when the segment is already being rotated
    /// or the target name is already taken by another rotation of the account.
    public func beginRotation(_ rotation: SegmentRotation) throws {
        try write("begin rotation of \(rotation.segment)") { db in
            try db.execute(
                sql: """
                    INSERT INTO rotations (account_id, segment, target, length, sha256, phase, started_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    rotation.account, rotation.segment, rotation.target, rotation.length, rotation.sha256,
                    rotation.phase.rawValue, rotation.startedAt.timeIntervalSince1970,
                ])
        }
    }

    /// The journalled rotations of `account` (normally none: a row outlives only an interrupted run).
    public func rotations(account: Int64) throws -> [SegmentRotation] {
        let path = self.path
        return try read("rotations") { db in
            try Row.fetchAll(
                db, sql: """
                    SELECT account_id, segment, target, length, sha256, phase, started_at FROM rotations
                    WHERE account_id = ? ORDER BY started_at, segment
                    """, arguments: [account]
            ).map { row in
                let phaseText: String = row[5]
                guard let phase = SegmentRotation.Phase(rawValue: phaseText) else {
                    throw LedgerError.corruptRow(path: path, detail: "rotation: unknown phase \"\(phaseText)\"")
                }
                let startedAt: Double = row[6]
                return SegmentRotation(
                    account: row[0], segment: row[1], target: row[2], length: row[3], sha256: row[4],
                    phase: phase, startedAt: Date(timeIntervalSince1970: startedAt))
            }
        }
    }

    /// Keeps the SHA-256 of the compressed bytes once the compressed copy is verified (step 2).
    public func recordRotationDigest(account: Int64, segment: String, sha256: String) throws {
        let path = self.path
        try write("rotation digest") { db in
            try db.execute(
                sql: "UPDATE rotations SET sha256 = ? WHERE account_id = ? AND segment = ?",
                arguments: [sha256, account, segment])
            if db.changesCount == 0 {
                throw LedgerError.database(
                    path: path, operation: "rotation digest", reason: "no rotation of \(segment)")
            }
        }
    }

    /// Points the segment's messages at the compressed segment, forgets the plain segment's base
    /// length and marks the rotation adopted, in ONE transaction (step 4). Returns how many messages
    /// moved. Fails, changing nothing, when a recorded message of the segment lies beyond the
    /// compressed length (the plain file would still be needed for it).
    @discardableResult
    public func adoptRotation(account: Int64, segment: String) throws -> Int {
        let path = self.path
        return try write("adopt rotation of \(segment)") { db in
            guard let row = try Row.fetchOne(
                db, sql: "SELECT target, length, phase FROM rotations WHERE account_id = ? AND segment = ?",
                arguments: [account, segment])
            else {
                throw LedgerError.database(path: path, operation: "adopt rotation", reason: "no rotation of \(segment)")
            }
            let target: String = row[0]
            let length: Int64 = row[1]
            let beyond = try Int.fetchOne(
                db, sql: """
                    SELECT COUNT(*) FROM messages WHERE account_id = ? AND location_kind = 'mbox'
                    AND location_path = ? AND location_offset + location_length > ?
                    """, arguments: [account, segment, length]) ?? 0
            guard beyond == 0 else {
                throw LedgerError.database(
                    path: path, operation: "adopt rotation",
                    reason: "\(beyond) messages of \(segment) lie beyond the \(length) bytes compressed to \(target)")
            }
            try db.execute(
                sql: """
                    UPDATE messages SET location_path = ?
                    WHERE account_id = ? AND location_kind = 'mbox' AND location_path = ?
                    """, arguments: [target, account, segment])
            let moved = db.changesCount
            try db.execute(
                sql: "DELETE FROM segments WHERE account_id = ? AND segment = ?", arguments: [account, segment])
            try db.execute(
                sql: "UPDATE rotations SET phase = 'adopted' WHERE account_id = ? AND segment = ?",
                arguments: [account, segment])
            return moved
        }
    }

    /// Removes the journal entry: the rotation is complete (step 5), or was undone before step 4.
    public func finishRotation(account: Int64, segment: String) throws {
        try write("finish rotation of \(segment)") { db in
            try db.execute(
                sql: "DELETE FROM rotations WHERE account_id = ? AND segment = ?", arguments: [account, segment])
        }
    }

    /// The mbox segment names the ledger uses for `account`: where messages are recorded, plus the
    /// targets of journalled rotations.
    public func mboxSegmentNames(account: Int64) throws -> Set<String> {
        try read("segment names") { db in
            let recorded = try String.fetchAll(
                db, sql: "SELECT DISTINCT location_path FROM messages WHERE account_id = ? AND location_kind = 'mbox'",
                arguments: [account])
            let targets = try String.fetchAll(
                db, sql: "SELECT target FROM rotations WHERE account_id = ?", arguments: [account])
            return Set(recorded + targets)
        }
    }

    /// When the first message recorded in the mbox segment `segment` was archived, or `nil` when it
    /// holds none.
    public func firstArchivedAt(account: Int64, segment: String) throws -> Date? {
        try read("first archived in segment") { db in
            try Double.fetchOne(
                db, sql: """
                    SELECT MIN(archived_at) FROM messages
                    WHERE account_id = ? AND location_kind = 'mbox' AND location_path = ?
                    """, arguments: [account, segment]
            ).map(Date.init(timeIntervalSince1970:))
        }
    }
}
