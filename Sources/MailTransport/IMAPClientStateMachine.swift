import IMAPWire
import NIOCore

/// The client side of an IMAP conversation as a value: which tagged completions are owed, the parts of a
/// command still waiting for the server's literal continuation, and the STARTTLS switch. It does no I/O;
/// ``IMAPClientHandler`` acts on what it returns. Any error moves it to a sticky failed state.
struct IMAPClientStateMachine {
    /// A response the server owes: the greeting (`tag == nil`) or a command's tagged completion.
    struct Owed {
        var tag: String?
        var description: String
        var isStartTLS: Bool
    }

    enum State {
        case running
        /// The tagged OK to STARTTLS has been parsed; nothing may arrive in plaintext any more.
        case startingTLS
        case failed(IMAPError)
    }

    enum Action {
        case forward
        /// Forward the tagged OK, then install TLS, provided nothing else is buffered.
        case forwardThenStartTLS
        /// A continuation for our synchronizing literal: write this part, forward nothing.
        case sendLiteralPart(ByteBuffer)
    }

    private(set) var state = State.running
    private(set) var owed = CircularBuffer<Owed>()
    /// Parts of the last command not yet sent: each waits for a `+` continuation (RFC 3501 §4.3).
    private var literalParts = CircularBuffer<ByteBuffer>()
    private var literalTag: String?

    init(expectingGreeting: Bool = true) {
        if expectingGreeting { owed.append(Owed(tag: nil, description: "greeting", isStartTLS: false)) }
    }

    var isAwaitingResponse: Bool { !owed.isEmpty }

    var current: String? { owed.first?.description }

    var failure: IMAPError? {
        if case .failed(let error) = state { return error }
        return nil
    }

    /// Accounts for a message about to be written.
    mutating func sending(_ message: IMAPClientMessage) throws(IMAPError) {
        switch state {
        case .failed(let error):
            throw error
        case .startingTLS:
            throw fail(IMAPError(.protocolViolation, detail: "command sent during STARTTLS"))
        case .running:
            guard literalParts.isEmpty else {
                throw fail(IMAPError(.protocolViolation, detail: "command sent while a literal awaits continuation"))
            }
        }
        if case .command(let tagged) = message {
            owed.append(Owed(tag: tagged.tag, description: tagged.description, isStartTLS: tagged.command == .startTLS))
        }
    }

    /// Parts that must wait for the server's continuation request.
    mutating func hold(_ parts: ArraySlice<ByteBuffer>, tag: String?) {
        literalParts.append(contentsOf: parts)
        literalTag = tag
    }

    /// Accounts for one parsed event.
    mutating func received(_ event: IMAPResponseEvent) throws(IMAPError) -> Action {
        if case .failed(let error) = state { throw error }
        switch event {
        case .continuation:
            if let part = literalParts.popFirst() { return .sendLiteralPart(part) }
            return .forward
        case .tagged(let tagged):
            guard let index = owed.firstIndex(where: { $0.tag == tagged.tag }) else {
                throw fail(IMAPError(.protocolViolation, detail: "tagged response for unknown tag"))
            }
            let head = owed.remove(at: index)
            if tagged.tag == literalTag {
                literalParts.removeAll()
                literalTag = nil
            }
            if head.isStartTLS && tagged.status.condition == .ok {
                state = .startingTLS
                return .forwardThenStartTLS
            }
            return .forward
        case .untagged(.condition(let status)) where owed.first?.tag == nil && !owed.isEmpty:
            // The greeting: OK, PREAUTH or BYE (RFC 3501 §7.1).
            if status.condition == .ok || status.condition == .preauth || status.condition == .bye {
                owed.removeFirst()
                return .forward
            }
            throw fail(IMAPError(.protocolViolation, detail: "greeting is \(status.condition.rawValue)"))
        default:
            if owed.first?.tag == nil && !owed.isEmpty {
                throw fail(IMAPError(.protocolViolation, detail: "expected a greeting, got \(event)"))
            }
            return .forward
        }
    }

    /// The TLS handler is in place: bytes now arrive decrypted.
    mutating func tlsStarted() {
        if case .startingTLS = state { state = .running }
    }

    /// Records a fatal error and returns it.
    @discardableResult
    mutating func fail(_ error: IMAPError) -> IMAPError {
        if case .failed(let first) = state { return first }
        var error = error
        if error.command == nil { error.command = current }
        state = .failed(error)
        return error
    }
}
