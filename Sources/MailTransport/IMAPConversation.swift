import IMAPWire
import NIOCore

/// What the session writes: a message, and whether the server accepts `{n+}` literals (LITERAL+).
struct IMAPOutbound {
    var message: IMAPClientMessage
    var nonSynchronizingLiterals: Bool
}

/// Encodes client messages (sending synchronizing literals only after the server's continuation),
/// parses the server's bytes into ``IMAPResponseEvent``s, guards STARTTLS, and enforces the response and
/// idle time limits. Failures are fired as ``IMAPError`` through `errorCaught` and the channel is closed.
typealias IMAPClientHandler = ClientChannelHandler<IMAPConversation>

/// The IMAP encoder, parser and ``IMAPClientStateMachine`` together: a command's parts after its first
/// synchronizing literal wait in the machine for the server's continuations.
struct IMAPConversation: ClientConversation {
    private var machine: IMAPClientStateMachine
    private var parser: IMAPResponseParser

    init(parserOptions: IMAPResponseParser.Options, expectingGreeting: Bool) {
        machine = IMAPClientStateMachine(expectingGreeting: expectingGreeting)
        parser = IMAPResponseParser(options: parserOptions)
    }

    var isAwaitingResponse: Bool { machine.isAwaitingResponse }

    var state: ConversationState<IMAPError> { machine.state }

    /// A literal being streamed, or responses queued, yield events without new bytes.
    var isParsing: Bool { !parser.isIdle }

    mutating func sending(_ outbound: IMAPOutbound, allocator: ByteBufferAllocator) throws -> ByteBuffer {
        let encoder = IMAPCommandEncoder(useNonSynchronizingLiterals: outbound.nonSynchronizingLiterals)
        let parts: [ByteBuffer]
        do {
            parts = try encoder.encode(outbound.message)
        } catch {
            throw IMAPError(.invalidCommand, detail: error.description, underlying: error)
        }
        try machine.sending(outbound.message)
        if case .command(let tagged) = outbound.message { machine.hold(parts.dropFirst(), tag: tagged.tag) }
        return parts[0]
    }

    mutating func parse(_ buffer: inout ByteBuffer) throws(IMAPError) -> IMAPResponseEvent? {
        do {
            return try parser.next(&buffer)
        } catch {
            throw IMAPError(.protocolViolation, detail: error.description, underlying: error)
        }
    }

    mutating func received(_ event: IMAPResponseEvent) throws(IMAPError) -> ClientAction {
        switch try machine.received(event) {
        case .forward: return .forward
        case .forwardThenStartTLS: return .forwardThenStartTLS
        case .sendLiteralPart(let part): return .write(part)
        }
    }

    mutating func tlsStarted() { machine.tlsStarted() }

    mutating func fail(_ error: IMAPError) -> IMAPError { machine.fail(error) }
}
