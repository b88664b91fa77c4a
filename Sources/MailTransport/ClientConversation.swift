import IMAPWire
import NIOCore
import POP3Wire

/// One protocol's side of a client conversation as a value: it encodes what the session writes, parses the
/// server's bytes, and accounts for both in its state machine. It does no I/O; ``ClientChannelHandler``
/// acts on what it returns. Any error moves it to a sticky failed state.
protocol ClientConversation: SendableMetatype {
    /// What the session writes (a command, or a message with its literal policy).
    associatedtype Outbound
    /// What the parser yields and the handler forwards.
    associatedtype Event: Sendable
    associatedtype Failure: TransportFailure
    /// The parser's limits.
    associatedtype ParserOptions: ParserLimits

    /// A conversation that starts with the server's greeting owed, unless `expectingGreeting` is false.
    init(parserOptions: ParserOptions, expectingGreeting: Bool)

    /// True while the server owes a response (the greeting, or a command's completion).
    var isAwaitingResponse: Bool { get }
    /// Running, switching to TLS (between the server's go-ahead and the TLS handler's installation), or
    /// failed for good.
    var state: ConversationState<Failure> { get }
    /// True while the parser holds a response partly read, so it may produce events without new bytes.
    var isParsing: Bool { get }

    /// Accounts for `outbound` and returns the bytes to write now (further parts may be held back).
    mutating func sending(_ outbound: Outbound, allocator: ByteBufferAllocator) throws -> ByteBuffer
    /// The next event parsed from `buffer`, or `nil` for "need more bytes".
    mutating func parse(_ buffer: inout ByteBuffer) throws(Failure) -> Event?
    /// Accounts for one parsed event and says what the handler does with it.
    mutating func received(_ event: Event) throws(Failure) -> ClientAction
    /// The TLS handler is in place: bytes now arrive decrypted.
    mutating func tlsStarted()
    /// Records a fatal error and returns the first one recorded.
    mutating func fail(_ error: Failure) -> Failure
}

/// What the handler does with a parsed event.
enum ClientAction {
    case forward
    /// Forward the go-ahead to STLS/STARTTLS, then install TLS, provided nothing else is buffered.
    case forwardThenStartTLS
    /// Write these bytes (a literal's next part, after the server's continuation) and forward nothing.
    case write(ByteBuffer)
}

/// A parser's limits.
protocol ParserLimits: Sendable {
    static var defaults: Self { get }
}

extension POP3ResponseParser.Options: ParserLimits {
    static var defaults: Self { Self() }
}

extension IMAPResponseParser.Options: ParserLimits {
    static var defaults: Self { Self() }
}
