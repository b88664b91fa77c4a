import NIOCore
import POP3Wire

/// Encodes ``POP3Command``s, parses the server's bytes into ``POP3ResponseEvent``s (expecting framings in send
/// order), guards STLS, and enforces the response and idle time limits.
///
/// Failures are fired as ``POP3Error`` through `errorCaught` and the channel is closed.
typealias POP3ClientHandler = ClientChannelHandler<POP3Conversation>

/// The POP3 parser and ``POP3ClientStateMachine`` together: each command sent tells the parser which
/// framing its response has.
struct POP3Conversation: ClientConversation {
    private var machine: POP3ClientStateMachine
    private var parser: POP3ResponseParser

    init(parserOptions: POP3ResponseParser.Options, expectingGreeting: Bool) {
        machine = POP3ClientStateMachine(expectingGreeting: expectingGreeting)
        parser = POP3ResponseParser(options: parserOptions)
        if expectingGreeting { parser.expect(.singleLine) }
    }

    var isAwaitingResponse: Bool { machine.isAwaitingResponse }

    var state: ConversationState<POP3Error> { machine.state }

    /// The POP3 parser needs bytes for every event.
    var isParsing: Bool { false }

    mutating func sending(_ command: POP3Command, allocator: ByteBufferAllocator) throws -> ByteBuffer {
        try machine.sending(command)
        parser.expect(command.framing)
        var out = allocator.buffer(capacity: 64)
        command.encode(into: &out)
        return out
    }

    mutating func parse(_ buffer: inout ByteBuffer) throws(POP3Error) -> POP3ResponseEvent? {
        do {
            return try parser.next(&buffer)
        } catch {
            throw POP3Error(.protocolViolation, detail: error.description, underlying: error)
        }
    }

    mutating func received(_ event: POP3ResponseEvent) throws(POP3Error) -> ClientAction {
        switch try machine.received(event) {
        case .forward: return .forward
        case .forwardThenStartTLS: return .forwardThenStartTLS
        }
    }

    mutating func tlsStarted() { machine.tlsStarted() }

    mutating func fail(_ error: POP3Error) -> POP3Error { machine.fail(error) }
}
