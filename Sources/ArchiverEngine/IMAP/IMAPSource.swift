import Foundation

/// A folder as the server's LIST names it.
public struct IMAPFolder: Sendable, Hashable {
    /// The name decoded to UTF-8 (modified UTF-7 undone), e.g. `Work/其他文件夹`; the ledger's key.
    public var name: String
    /// The hierarchy delimiter the server announced for it, `nil` for a flat namespace.
    public var delimiter: Character?
    /// False for `\Noselect` and `\NonExistent` entries, which hold no messages.
    public var isSelectable: Bool
    /// The name exactly as the server sent it (modified UTF-7), to address the folder again.
    public var serverName: [UInt8]

    /// Creates a folder; `serverName` defaults to the UTF-8 bytes of `name`.
    public init(name: String, delimiter: Character?, isSelectable: Bool = true, serverName: [UInt8]? = nil) {
        self.name = name
        self.delimiter = delimiter
        self.isSelectable = isSelectable
        self.serverName = serverName ?? Array(name.utf8)
    }

    /// Whether this is the INBOX (RFC 3501 §5.1: the name `INBOX` is case-insensitive).
    public var isInbox: Bool { name.uppercased() == "INBOX" }
}

/// What EXAMINE (or SELECT) reports about a folder.
public struct IMAPFolderStatus: Sendable, Equatable {
    public var uidValidity: UInt32
    /// The UID the next message will get, when the server says (RFC 3501 §7.1: `[UIDNEXT n]`).
    public var uidNext: UInt32?
    /// How many messages the folder holds.
    public var exists: Int

    /// Creates a status.
    public init(uidValidity: UInt32, uidNext: UInt32?, exists: Int) {
        self.uidValidity = uidValidity
        self.uidNext = uidNext
        self.exists = exists
    }
}

/// One message's metadata from `UID FETCH … (UID RFC822.SIZE FLAGS INTERNALDATE)`.
public struct IMAPMessageInfo: Sendable, Equatable {
    public var uid: UInt32
    /// RFC822.SIZE: octets of `BODY[]`, CRLF line ends.
    public var size: Int
    public var flags: IMAPMessageFlags
    /// INTERNALDATE, when the server sent one.
    public var internalDate: Date?

    /// Creates message metadata.
    public init(uid: UInt32, size: Int, flags: IMAPMessageFlags = [], internalDate: Date? = nil) {
        self.uid = uid
        self.size = size
        self.flags = flags
        self.internalDate = internalDate
    }
}

/// An IMAP account as the engine sees it. Everything happens in the folder last opened with
/// `examine` (or `select`); the implementation over `IMAPSession` is ``IMAPSessionSource``, tests
/// add fakes for fault injection.
public protocol IMAPSource: AnyObject, Sendable {
    /// LIST "" "*": every folder, selectable or not.
    func folders() async throws -> [IMAPFolder]
    /// EXAMINE: opens `folder` read-only.
    func examine(_ folder: IMAPFolder) async throws -> IMAPFolderStatus
    /// Metadata of the messages with a UID of at least `first`, ascending by UID (`UID FETCH
    /// first:4294967295`, see ``IMAPSession/fetchMetadata(from:)``).
    func messages(fromUID first: UInt32) async throws -> [IMAPMessageInfo]
    /// Metadata of exactly these UIDs (those the server still has).
    func messages(uids: [UInt32]) async throws -> [IMAPMessageInfo]
    /// `UID FETCH … BODY.PEEK[]` for `messages` (their `number` is the UID), streamed in order into
    /// `receiver`; flags on the server do not change.
    func retrieve(_ messages: [SourceMessage], into receiver: SourceMessageReceiver) async throws
    /// Whether the server offers UID EXPUNGE (RFC 4315 UIDPLUS): without it popvault never expunges,
    /// because a plain EXPUNGE would also remove what other clients marked `\Deleted`.
    func canExpungeByUID() async throws -> Bool
    /// SELECT: opens `folder` read-write to expunge in it, and returns what the server reports of it
    /// now (its UIDVALIDITY may differ from the one EXAMINE reported); `nil` when the server refuses to
    /// open it (renamed or deleted since).
    func select(_ folder: IMAPFolder) async throws -> IMAPFolderStatus?
    /// `UID STORE uids +FLAGS.SILENT (\Deleted)`, `UID EXPUNGE uids` in the folder last opened with
    /// `select`, provided that SELECT reported `uidValidity` (else it throws
    /// ``IMAPArchiveError/foldersChanged(_:)`` and flags nothing); returns once the server confirmed.
    func expunge(uids: [UInt32], uidValidity: UInt32) async throws
    /// LOGOUT; returns once the server answered.
    func logout() async throws
    /// Drops the connection.
    func close() async
}
