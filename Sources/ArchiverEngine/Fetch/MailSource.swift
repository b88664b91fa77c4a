import Foundation

/// One message as the server lists it: its session number (IMAP: its UID), its stable key (the
/// POP3 UIDL, or the IMAP ledger key) and the size the server announced (octets on the wire, CRLF
/// line ends). IMAP also knows the message's flags and arrival time.
public struct SourceMessage: Sendable, Hashable {
    public var number: Int
    public var key: String
    public var size: Int
    /// Maildir info flags (`"FS"`…), empty for none; POP3 has none.
    public var flags: String
    /// When the server received the message (IMAP INTERNALDATE); `nil` means "now".
    public var receivedAt: Date?

    public init(number: Int, key: String, size: Int, flags: String = "", receivedAt: Date? = nil) {
        self.number = number
        self.key = key
        self.size = size
        self.flags = flags
        self.receivedAt = receivedAt
    }
}

/// Receives retrieved messages, strictly in the order they were asked for.
public protocol SourceMessageReceiver: AnyObject {
    func begin(_ message: SourceMessage) throws
    func bytes(_ chunk: UnsafeRawBufferPointer) throws
    /// `octets` counts the bytes delivered for the message (after dot-unstuffing).
    func end(_ message: SourceMessage, octets: Int) throws
}

/// A mailbox on a server, as the engine sees it: list, retrieve, delete, quit.
///
/// The POP3 implementation is `POP3MailSource`; tests add fakes for fault injection.
public protocol MailSource: AnyObject, Sendable {
    /// Every message on the server with its key and size (POP3: UIDL joined with LIST).
    func inventory() async throws -> [SourceMessage]
    /// Every message on the server with its key but no size (`size` is 0; POP3: UIDL alone), or `nil` when the
    /// source lists both together. A run that finds nothing new and deletes nothing needs no sizes.
    func keys() async throws -> [SourceMessage]?
    /// `listing` (from ``keys()``) with the sizes filled in (POP3: LIST, joined by message number).
    func sizes(of listing: [SourceMessage]) async throws -> [SourceMessage]
    /// Retrieves `messages` in order, pipelined where the server allows it.
    func retrieve(_ messages: [SourceMessage], into receiver: SourceMessageReceiver) async throws
    /// The header block of each of `messages` (POP3: `TOP n 0`), handed to `receiver` as if retrieved, in
    /// order; a message the server would not show is left out. Returns false, having asked nothing,
    /// when the source cannot show headers alone (see `DeletionCheck`).
    func headers(of messages: [SourceMessage], into receiver: SourceMessageReceiver) async throws -> Bool
    /// Marks `messages` for deletion. POP3 applies deletions only at a successful `quit()`.
    func delete(_ messages: [SourceMessage]) async throws
    /// Ends the session; returns only once the server confirmed (POP3: `+OK` to QUIT).
    func quit() async throws
    /// Drops the connection without ending the session (pending deletions are undone).
    func close() async
    /// The authentication method that logged in (`"CRAM-MD5"`, `"USER"`…), when the source knows it.
    var authenticationMethod: String? { get }
}

extension MailSource {
    public var authenticationMethod: String? { nil }

    /// Keys and sizes come together.
    public func keys() async throws -> [SourceMessage]? { nil }

    /// No headers without the body.
    public func headers(of messages: [SourceMessage], into receiver: SourceMessageReceiver) async throws -> Bool {
        false
    }

    /// Lists everything again, sizes included.
    public func sizes(of listing: [SourceMessage]) async throws -> [SourceMessage] { try await inventory() }
}
