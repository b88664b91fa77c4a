import NIOCore

/// An incremental parser for IMAP server responses (RFC 3501 §7, RFC 9051 §7).
///
/// It never blocks and never holds a message: it consumes bytes from the caller's `ByteBuffer` and
/// returns one ``IMAPResponseEvent`` at a time, or `nil` when it needs more bytes. Lines are framed
/// literal-aware: a line ending in `{n}` (or `{n+}`) continues after `n` literal bytes. Small
/// literals (mailbox names) are held within ``Options/maximumLiteralSize``; the literal of a FETCH
/// body section (`BODY[]`, `RFC822`, `BINARY[]`) is streamed as ``IMAPResponseEvent/bodyChunk(_:)``
/// slices of the caller's buffer, whatever its size.
///
/// Unlike POP3, IMAP responses frame themselves, so nothing needs to be announced. After an error the
/// parser is failed for good: every later ``next(_:)`` throws the same error.
public struct IMAPResponseParser: Sendable {
    enum State: Sendable {
        /// Reading the lines of a response.
        case lines
        /// Holding a literal of this many more bytes in `response`.
        case literal(remaining: Int)
        /// Streaming a body literal of this many more bytes.
        case body(remaining: Int)
        /// Sticky failure.
        case failed(IMAPParseError)
    }

    /// A FETCH whose body literal has been (or is being) streamed.
    struct StreamedFetch: Sendable {
        var sequence: UInt32
        var attributes: [IMAPFetchAttribute]
    }

    /// The limits in force.
    public let options: Options
    var state = State.lines
    /// The response so far: its lines without line ends, held literals inlined.
    var response: [UInt8] = []
    /// Readable bytes already searched for a line end.
    var scanned = 0
    var streamed: StreamedFetch?
    var queued = CircularBuffer<IMAPResponseEvent>()

    /// Creates a parser, expecting the server's greeting.
    public init(options: Options = .init()) {
        self.options = options
    }

    /// `true` between responses (nothing partially read, nothing queued).
    public var isIdle: Bool {
        guard case .lines = state else { return false }
        return response.isEmpty && streamed == nil && queued.isEmpty
    }

    /// Returns the next event, or `nil` when more bytes are needed. Consumes from `buffer`; bytes not
    /// yet decided on (a partial line) stay there: append the next bytes to the same buffer.
    ///
    /// - Throws: ``IMAPParseError`` for a grammar violation or a broken limit; the parser stays failed.
    public mutating func next(_ buffer: inout ByteBuffer) throws(IMAPParseError) -> IMAPResponseEvent? {
        if case .failed(let error) = state { throw error }
        do throws(IMAPParseError) {
            while true {
                if let event = queued.popFirst() { return event }
                switch state {
                case .failed(let error):
                    throw error
                case .lines:
                    guard let event = try nextLine(&buffer) else { return nil }
                    if let event { return event }
                case .literal(let remaining):
                    guard buffer.readableBytes > 0 else { return nil }
                    let count = min(remaining, buffer.readableBytes)
                    response.append(contentsOf: buffer.readBytes(length: count)!)
                    state = count == remaining ? .lines : .literal(remaining: remaining - count)
                case .body(let remaining):
                    if remaining == 0 {
                        state = .lines
                        continue
                    }
                    guard buffer.readableBytes > 0 else { return nil }
                    let count = min(remaining, buffer.readableBytes)
                    state = .body(remaining: remaining - count)
                    return .bodyChunk(buffer.readSlice(length: count)!)
                }
            }
        } catch {
            state = .failed(error)
            throw error
        }
    }
}
