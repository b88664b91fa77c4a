import NIOCore
import POP3Wire

/// The client side of the conversation as a value: which responses are owed, in send order, and what to
/// do with each parsed event. It does no I/O; ``POP3ClientHandler`` acts on what it returns. Any error
/// moves it to a sticky failed state.
struct POP3ClientStateMachine {
    /// A response the server owes: to the greeting (`command == nil`) or to a command.
    struct Owed {
        var command: POP3Command?
        var framing: POP3Framing
    }

    typealias State = ConversationState<POP3Error>

    enum Action {
        case forward
        /// Forward the `+OK`, then install TLS, provided nothing else is buffered.
        case forwardThenStartTLS
    }

    private(set) var state = State.running
    private(set) var owed = CircularBuffer<Owed>()

    init(expectingGreeting: Bool = true) {
        if expectingGreeting { owed.append(Owed(command: nil, framing: .singleLine)) }
    }

    /// The command whose response is being received (nil for the greeting or when nothing is owed).
    var current: POP3Command? { owed.first?.command }

    var isAwaitingResponse: Bool { !owed.isEmpty }

    mutating func sending(_ command: POP3Command) throws(POP3Error) {
        switch state {
        case .failed(let error):
            throw error
        case .startingTLS:
            throw fail(POP3Error(.protocolViolation, command: command.description, detail: "command sent during STLS"))
        case .running:
            owed.append(Owed(command: command, framing: command.framing))
        }
    }

    /// Accounts for one parsed event; pops the owed response when the event completes it.
    mutating func received(_ event: POP3ResponseEvent) throws(POP3Error) -> Action {
        if case .failed(let error) = state { throw error }
        guard let head = owed.first else {
            throw fail(POP3Error(.protocolViolation, detail: "response received when none was owed"))
        }
        let complete: Bool
        switch (event, head.framing) {
        case (.status, .singleLine), (.status, .sasl), (.continuation, .sasl), (.end, _):
            complete = true
        case (.status(let status), _):
            complete = !status.isOK
        default:
            complete = false
        }
        guard complete else { return .forward }
        owed.removeFirst()
        if case .stls = head.command, case .status(let status) = event, status.isOK {
            state = .startingTLS
            return .forwardThenStartTLS
        }
        return .forward
    }

    /// The TLS handler is in place: bytes now arrive decrypted.
    mutating func tlsStarted() {
        state.tlsStarted()
    }

    /// Records a fatal error and returns it.
    @discardableResult
    mutating func fail(_ error: POP3Error) -> POP3Error {
        state.fail(error, command: current?.description)
    }
}
