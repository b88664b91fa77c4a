import Foundation
import GRDB

/// Mapping between ``LedgerMessage`` and a row of the `messages` table.
enum MessageRow {
    static let columns = """
        account_id, key, server_size, stored_size, sha256, message_id, date, from_addr, subject, \
        location_kind, location_path, location_offset, location_length, state, archived_at, deleted_at
        """

    static let upsertSQL = """
        INSERT INTO messages (\(columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (account_id, key) DO UPDATE SET
            server_size = excluded.server_size, stored_size = excluded.stored_size, sha256 = excluded.sha256,
            message_id = excluded.message_id, date = excluded.date, from_addr = excluded.from_addr,
            subject = excluded.subject, location_kind = excluded.location_kind,
            location_path = excluded.location_path, location_offset = excluded.location_offset,
            location_length = excluded.location_length, state = excluded.state,
            archived_at = excluded.archived_at, deleted_at = excluded.deleted_at
        """

    static func arguments(_ message: LedgerMessage) -> StatementArguments {
        let kind: String
        let locationPath: String
        let offset: Int64?
        let length: Int64?
        switch message.location {
        case let .maildir(path):
            (kind, locationPath, offset, length) = ("maildir", path, nil, nil)
        case let .mbox(segment, start, count):
            (kind, locationPath, offset, length) = ("mbox", segment, start, count)
        }
        return [
            message.account, message.key, message.serverSize, message.storedSize, message.sha256,
            message.messageID, message.date?.timeIntervalSince1970, message.from, message.subject,
            kind, locationPath, offset, length, message.state.rawValue,
            message.archivedAt.timeIntervalSince1970, message.deletedAt?.timeIntervalSince1970,
        ]
    }

    /// Decodes a row selected with ``columns``. Only rows with a location (archived) are valid here.
    static func decode(_ row: Row, path: String) throws -> LedgerMessage {
        let key: String = row["key"]
        func corrupt(_ what: String) -> LedgerError {
            LedgerError.corruptRow(path: path, detail: "key \(key): \(what)")
        }
        let stateText: String = row["state"]
        guard let state = MessageState(rawValue: stateText) else { throw corrupt("unknown state \"\(stateText)\"") }
        guard let serverSize: Int64 = row["server_size"], let storedSize: Int64 = row["stored_size"],
            let sha256: String = row["sha256"], let kind: String = row["location_kind"],
            let locationPath: String = row["location_path"]
        else { throw corrupt("no stored copy recorded") }
        let location: LedgerLocation
        switch kind {
        case "maildir":
            location = .maildir(path: locationPath)
        case "mbox":
            guard let offset: Int64 = row["location_offset"], let length: Int64 = row["location_length"] else {
                throw corrupt("mbox location without offset or length")
            }
            location = .mbox(segment: locationPath, offset: offset, length: length)
        default:
            throw corrupt("unknown location kind \"\(kind)\"")
        }
        let date: Double? = row["date"]
        let archivedAt: Double = row["archived_at"]
        let deletedAt: Double? = row["deleted_at"]
        return LedgerMessage(
            account: row["account_id"], key: key, serverSize: serverSize, storedSize: storedSize, sha256: sha256,
            messageID: row["message_id"], date: date.map(Date.init(timeIntervalSince1970:)), from: row["from_addr"],
            subject: row["subject"], location: location, state: state,
            archivedAt: Date(timeIntervalSince1970: archivedAt),
            deletedAt: deletedAt.map(Date.init(timeIntervalSince1970:)))
    }
}
