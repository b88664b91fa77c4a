import Foundation

/// What a sink needs to know about a message before its bytes arrive.
public struct MessageEnvelope: Sendable, Equatable {
    /// When the message was received (mbox `From ` line date, Maildir name time).
    public var receivedAt: Date
    /// Maildir info flags (e.g. "S", "F", "R"), sorted; empty for none.
    public var flags: String
    /// For `MboxSink`: the `From ` line to write, without `From ` and the line end (e.g. one kept
    /// from the mbox a message was exported from); `nil` derives it from Return-Path and `receivedAt`.
    public var separator: String?

    public init(receivedAt: Date = Date(), flags: String = "", separator: String? = nil) {
        self.receivedAt = receivedAt
        self.flags = flags
        self.separator = separator
    }
}

/// Where a committed message lives, relative to the sink's root.
public enum StoredLocation: Sendable, Equatable, Hashable {
    /// A Maildir file, e.g. `new/1700000000.M1P2Q3.host` (relative to the Maildir).
    case maildir(path: String)
    /// A byte range in an mbox segment: `offset` is where the `From ` line starts, `length` runs
    /// to the end of the message's trailing blank line.
    case mbox(segment: String, offset: Int64, length: Int64)
}

/// The few header fields the ledger keeps, read from the header block as it streams past
/// (unfolded, raw: not RFC 2047 decoded).
public struct HeaderSummary: Sendable, Equatable {
    public var messageID: String?
    public var date: String?
    public var from: String?
    public var subject: String?
    public var returnPath: String?

    public init(
        messageID: String? = nil, date: String? = nil, from: String? = nil, subject: String? = nil,
        returnPath: String? = nil
    ) {
        self.messageID = messageID
        self.date = date
        self.from = from
        self.subject = subject
        self.returnPath = returnPath
    }
}

/// A message made durable and visible by `MessageSink.commit()`.
public struct StoredMessage: Sendable, Equatable {
    public var location: StoredLocation
    /// Bytes of the message as stored (LF line ends, without mbox quoting or separator).
    public var size: Int64
    /// Lower-case hex SHA-256 of those bytes.
    public var sha256: String
    public var headers: HeaderSummary

    public init(location: StoredLocation, size: Int64, sha256: String, headers: HeaderSummary) {
        self.location = location
        self.size = size
        self.sha256 = sha256
        self.headers = headers
    }
}

/// A destination for messages, written as a stream and made durable in batches.
///
/// The order (DESIGN.md §1): `begin` → `append`… → `end` for each message of a batch, then one
/// `commit` that fsyncs the data, makes every ended message visible and returns where each landed.
/// `abort` discards the open message and every ended-but-uncommitted one; nothing of them stays
/// visible. `append` takes the bytes as the server sent them (CRLF or LF line ends); the sink stores
/// LF line ends and hashes what it stores. After an error from `begin`, `append`, `end` or
/// `commit` the sink accepts only `abort` (it throws `MailStoreError.Kind.outOfOrder` otherwise).
public protocol MessageSink: AnyObject {
    /// Starts a message (the previous one must have ended).
    func begin(_ envelope: MessageEnvelope) throws
    /// Streams the next bytes of the message, in any chunking.
    func append(_ chunk: UnsafeRawBufferPointer) throws
    /// Ends the message; it is pending until `commit`.
    func end() throws
    /// Makes every pending message durable and visible; returns them in `end` order.
    func commit() throws -> [StoredMessage]
    /// Discards the open message, if any, and keeps the ended ones pending for `commit` (a source that
    /// failed in the middle of a message: what came whole before it can still be kept).
    func discardOpenMessage() throws
    /// Discards the open message and the pending ones, leaving nothing of them visible.
    func abort() throws
    /// Releases the sink's files and locks (the mbox lock in particular); an open or uncommitted
    /// batch is aborted first. The sink is not used afterwards. Deinit does the same.
    func close() throws
}

extension MessageSink {
    /// Sinks without anything to release need no `close`.
    public func close() throws {}
}
