/// Where a client conversation (POP3 or IMAP) stands. A failure is sticky: the first one recorded stays.
enum ConversationState<Failure: TransportFailure> {
    case running
    /// The go-ahead to STLS/STARTTLS has been parsed; nothing may arrive in plaintext any more.
    case startingTLS
    case failed(Failure)

    var failure: Failure? {
        if case .failed(let error) = self { return error }
        return nil
    }

    var isStartingTLS: Bool {
        if case .startingTLS = self { return true }
        return false
    }

    /// The TLS handler is in place: bytes now arrive decrypted.
    mutating func tlsStarted() {
        if case .startingTLS = self { self = .running }
    }

    /// Records a fatal error, naming `command` unless the error names one, and returns the first one recorded.
    mutating func fail(_ error: Failure, command: String?) -> Failure {
        if case .failed(let first) = self { return first }
        var error = error
        if error.command == nil { error.command = command }
        self = .failed(error)
        return error
    }
}
