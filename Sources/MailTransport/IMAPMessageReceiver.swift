import IMAPWire
import NIOCore

/// Receives fetched messages as a stream. Its methods run on the task that called
/// ``IMAPSession/fetchBodies(uids:into:)``, never on the event loop, so they may block on file I/O; while
/// they run the socket is not read (a slow receiver slows the server down instead of filling memory).
public protocol IMAPMessageReceiver {
    /// A message starts. `uid` is known when the server sent `UID` before the body (Dovecot and most
    /// servers do); otherwise it is `nil` here and given by ``end(_:)``.
    func begin(sequence: UInt32, uid: UInt32?) throws
    /// The next bytes of the message, exactly as the server sent them (CRLF line ends).
    func bytes(_ chunk: ByteBuffer) throws
    /// The message is complete.
    func end(_ message: IMAPFetchedMessage) throws
}
