import NIOCore

/// An incremental parser for POP3 server responses.
///
/// The parser never blocks and never buffers a message: it consumes bytes from the caller's
/// `ByteBuffer` and returns one ``POP3ResponseEvent`` at a time, or `nil` when it needs more bytes.
/// Bytes it cannot decide on yet (a partial line, or a line start that may be the `.` terminator)
/// stay in the buffer; append the next bytes to the same buffer (as `ByteToMessageDecoder` does).
///
/// POP3 responses do not say how they are framed; the client knows from the command it sent.
/// Call ``expect(_:)`` once per command, in the order the commands are sent — several times ahead
/// when pipelining (RFC 2449 §6.6) — and once with ``POP3Framing/singleLine`` for the greeting
/// before the first read.
///
/// After an error the parser is failed for good: every later ``next(_:)`` throws the same error.
public struct POP3ResponseParser: Sendable {
    enum State: Sendable {
        /// Between responses: the next line is a status (or continuation) line.
        case awaitingStatus
        /// Inside a `+OK` listing: `entries` lines and `size` bytes delivered so far.
        case lines(entries: Int, size: Int)
        /// Inside a `+OK` body (see `POP3ResponseParser+Body.swift`).
        case body(BodyState)
        /// Sticky failure.
        case failed(POP3ParseError)
    }

    /// The limits in force.
    public let options: Options
    var state: State = .awaitingStatus
    var expected = CircularBuffer<POP3Framing>(initialCapacity: 4)

    /// Creates a parser with no response expected yet.
    public init(options: Options = .init()) {
        self.options = options
    }

    /// Queues the framing of the next response. Call once per command sent, in send order.
    public mutating func expect(_ framing: POP3Framing) {
        self.expected.append(framing)
    }

    /// `true` when no response is in progress and none is queued.
    public var isIdle: Bool {
        if case .awaitingStatus = self.state { return self.expected.isEmpty }
        return false
    }

    /// `true` while a multi-line answer is being delivered (between its status and its `end`).
    public var isInsideMultiLineResponse: Bool {
        switch self.state {
        case .lines, .body: return true
        case .awaitingStatus, .failed: return false
        }
    }

    /// The framings queued and not yet started, oldest first.
    public var pendingFramings: [POP3Framing] { Array(self.expected) }

    /// Returns the next event, or `nil` when more bytes are needed. Consumes from `buffer`.
    ///
    /// - Throws: ``POP3ParseError`` for a grammar violation, a broken limit, or bytes that arrive
    ///   while no response is expected. The parser stays failed afterwards.
    public mutating func next(_ buffer: inout ByteBuffer) throws(POP3ParseError) -> POP3ResponseEvent? {
        do throws(POP3ParseError) {
            switch self.state {
            case .failed(let error):
                throw error
            case .awaitingStatus:
                return try self.nextStatus(&buffer)
            case .lines(let entries, let size):
                return try self.nextLine(&buffer, entries: entries, size: size)
            case .body(let body):
                return try self.nextBodyEvent(&buffer, body)
            }
        } catch {
            self.state = .failed(error)
            throw error
        }
    }
}
