import NIOCore

/// Receives retrieved messages as a stream. Its methods run on the task that called
/// ``POP3Session/retrieve(_:into:)``, never on the event loop, so they may block on file I/O; while they
/// run, the socket is not read (a slow receiver slows the server down instead of filling memory).
public protocol POP3MessageReceiver {
    /// A message starts. `message` is its number in the maildrop.
    func begin(message: Int) throws
    /// The next bytes of the message: dot-unstuffed, line ends as the server sent them.
    func bytes(_ chunk: ByteBuffer) throws
    /// The message is complete; `octets` is the number of bytes delivered through ``bytes(_:)``.
    func end(message: Int, octets: Int) throws
}
