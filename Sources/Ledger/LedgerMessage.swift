import Foundation

/// Where an archived message lives, relative to its account's archive directory.
public enum LedgerLocation: Sendable, Equatable, Hashable {
    /// A Maildir file, e.g. `cur/1700000000.M1P2.host:2,S` or, for IMAP, `.Folder/new/…`.
    case maildir(path: String)
    /// A byte range of an mbox segment (plain `work.mbox` or rotated `work-2024-05.mbox.gz`).
    /// `offset` is the position of the record's `From ` separator line, `length` the bytes of the
    /// whole record including its separator and trailing blank line.
    case mbox(segment: String, offset: Int64, length: Int64)
}

/// How popvault came to know a message.
public enum MessageState: String, Sendable, Equatable, Hashable, CaseIterable {
    /// popvault archived it and knows where it is.
    case archived
    /// Another tool (mpop, getmail, fetchmail) archived it; `import-state` recorded its key only.
    case imported
}

/// What the fetch planner needs to know about one key already in the ledger.
public struct LedgerMessageState: Sendable, Equatable {
    /// Archived by popvault, or imported from another tool.
    public var state: MessageState
    /// The size the server reported when popvault archived it; `nil` for imported keys.
    public var serverSize: Int64?
    /// Whether the message was deleted on the server (after `+OK` to QUIT).
    public var deleted: Bool

    /// Creates a state summary.
    public init(state: MessageState, serverSize: Int64?, deleted: Bool) {
        self.state = state
        self.serverSize = serverSize
        self.deleted = deleted
    }
}

/// One archived message as recorded in the ledger.
public struct LedgerMessage: Sendable, Equatable {
    /// The account's row id (from ``ArchiveLedger/account(named:protocol:)``).
    public var account: Int64
    /// The POP3 UIDL, or for IMAP `"folder\tuidvalidity\tuid"`
    /// (see ``LedgerMessage/imapKey(folder:uidValidity:uid:)``).
    public var key: String
    /// Octets as the server reported them (POP3 LIST / IMAP RFC822.SIZE).
    public var serverSize: Int64
    /// Octets actually stored (LF line endings, before any mbox quoting).
    public var storedSize: Int64
    /// SHA-256 of the stored bytes, lowercase hex.
    public var sha256: String
    /// The `Message-ID` header, if any.
    public var messageID: String?
    /// The `Date` header, parsed, if any.
    public var date: Date?
    /// The `From` header, decoded, if any.
    public var from: String?
    /// The `Subject` header, decoded, if any.
    public var subject: String?
    /// Where the stored copy is.
    public var location: LedgerLocation
    /// Always ``MessageState/archived`` for messages popvault stored itself.
    public var state: MessageState
    /// When the stored copy became durable and was recorded.
    public var archivedAt: Date
    /// When the server confirmed its deletion (`+OK` to QUIT), or `nil`.
    public var deletedAt: Date?
    /// IMAP: SHA-256 (lowercase hex) of the message as the server sent it, before any change popvault
    /// makes (the mbox `Status:` lines): what recognises it after a UIDVALIDITY change. `nil` for POP3.
    public var sourceSHA256: String?

    /// Creates a ledger message.
    public init(
        account: Int64, key: String, serverSize: Int64, storedSize: Int64, sha256: String,
        messageID: String? = nil, date: Date? = nil, from: String? = nil, subject: String? = nil,
        location: LedgerLocation, state: MessageState = .archived, archivedAt: Date, deletedAt: Date? = nil,
        sourceSHA256: String? = nil
    ) {
        self.account = account
        self.key = key
        self.serverSize = serverSize
        self.storedSize = storedSize
        self.sha256 = sha256
        self.messageID = messageID
        self.date = date
        self.from = from
        self.subject = subject
        self.location = location
        self.state = state
        self.archivedAt = archivedAt
        self.deletedAt = deletedAt
        self.sourceSHA256 = sourceSHA256
    }

    /// The ledger key of an IMAP message: folder, UIDVALIDITY and UID separated by tabs.
    public static func imapKey(folder: String, uidValidity: UInt32, uid: UInt32) -> String {
        "\(folder)\t\(uidValidity)\t\(uid)"
    }

    /// The parts of an IMAP key made by ``imapKey(folder:uidValidity:uid:)``, or `nil` for another key
    /// (a POP3 UIDL never contains a tab: RFC 1939 §7 allows only 0x21–0x7E).
    public static func imapKeyComponents(_ key: String) -> (folder: String, uidValidity: UInt32, uid: UInt32)? {
        guard let last = key.lastIndex(of: "\t") else { return nil }
        let head = key[..<last]
        guard let middle = head.lastIndex(of: "\t"),
            let uidValidity = UInt32(head[head.index(after: middle)...]),
            let uid = UInt32(key[key.index(after: last)...])
        else { return nil }
        return (String(head[..<middle]), uidValidity, uid)
    }
}
