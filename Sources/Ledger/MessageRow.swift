import Foundation
import GRDB

/// Mapping between ``LedgerMessage`` and a row of the `messages` table.
enum MessageRow {
    /// The tables whose rows have this shape: the archived messages, and the journal of a Maildir
    /// batch about to become visible (see ArchiveLedger+Pending). Both are keyed by (account_id, key).
    enum Table: String {
        case messages
        case pending
    }

    /// The columns, in the order of ``arguments(_:)`` and of the positions ``decode(_:path:)`` reads.
    static let columnNames = [
        "account_id", "key", "server_size", "stored_size", "sha256", "message_id", "date", "from_addr", "subject",
        "location_kind", "location_path", "location_offset", "location_length", "state", "archived_at", "deleted_at",
        "source_sha256",
    ]

    static let columns = columnNames.joined(separator: ", ")

    /// Inserts a row into `table`, or overwrites every column but the key of the row already there.
    static func upsertSQL(table: Table) -> String {
        let placeholders = Array(repeating: "?", count: columnNames.count).joined(separator: ", ")
        let updates = columnNames.dropFirst(2).map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
        return "INSERT INTO \(table.rawValue) (\(columns)) VALUES (\(placeholders)) "
            + "ON CONFLICT (account_id, key) DO UPDATE SET \(updates)"
    }

    /// ``upsertSQL(table:)`` into `messages`.
    static let upsertSQL = upsertSQL(table: .messages)

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
            message.archivedAt.timeIntervalSince1970, message.deletedAt?.timeIntervalSince1970, message.sourceSHA256,
        ]
    }

    /// Decodes a row selected with ``columns`` (by position, in that order: index lookups are the
    /// fast path for the 20,000-row reads). Only rows with a location (archived) are valid here.
    static func decode(_ row: Row, path: String) throws -> LedgerMessage {
        let key: String = row[1]
        func corrupt(_ what: String) -> LedgerError {
            LedgerError.corruptRow(path: path, detail: "key \(key): \(what)")
        }
        let stateText: String = row[13]
        guard let state = MessageState(rawValue: stateText) else { throw corrupt("unknown state \"\(stateText)\"") }
        guard let serverSize: Int64 = row[2], let storedSize: Int64 = row[3],
            let sha256: String = row[4], let kind: String = row[9],
            let locationPath: String = row[10]
        else { throw corrupt("no stored copy recorded") }
        let location: LedgerLocation
        switch kind {
        case "maildir":
            location = .maildir(path: locationPath)
        case "mbox":
            guard let offset: Int64 = row[11], let length: Int64 = row[12] else {
                throw corrupt("mbox location without offset or length")
            }
            location = .mbox(segment: locationPath, offset: offset, length: length)
        default:
            throw corrupt("unknown location kind \"\(kind)\"")
        }
        let date: Double? = row[6]
        let archivedAt: Double = row[14]
        let deletedAt: Double? = row[15]
        return LedgerMessage(
            account: row[0], key: key, serverSize: serverSize, storedSize: storedSize, sha256: sha256,
            messageID: row[5], date: date.map(Date.init(timeIntervalSince1970:)), from: row[7],
            subject: row[8], location: location, state: state,
            archivedAt: Date(timeIntervalSince1970: archivedAt),
            deletedAt: deletedAt.map(Date.init(timeIntervalSince1970:)), sourceSHA256: row[16])
    }
}
