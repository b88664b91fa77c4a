import NIOConcurrencyHelpers

/// Admits one operation at a time to a session (POP3 or IMAP) and ends the session on a fatal error.
/// An operation started while another runs throws `concurrentUse`; one started after the end, `sessionClosed`.
struct OperationGate: Sendable {
    private let state = NIOLockedValueBox((ended: false, busy: false))

    /// Marks the session ended (QUIT, LOGOUT, close, or a fatal error).
    func end() {
        state.withLockedValue { $0.ended = true }
    }

    /// Runs `body` as the session's only operation. An error that is not ``TransportFailure/isRecoverable``
    /// runs `close` (which ends the session) before it is rethrown.
    nonisolated(nonsending) func run<T, Failure: TransportFailure>(
        _ failure: Failure.Type,
        close: () async -> Void,
        _ body: () async throws -> T
    ) async throws -> T {
        try state.withLockedValue { state in
            if state.ended { throw Failure(.sessionClosed) }
            if state.busy { throw Failure(.concurrentUse) }
            state.busy = true
        }
        defer { state.withLockedValue { $0.busy = false } }
        do {
            return try await body()
        } catch let error as Failure where error.isRecoverable {
            throw error
        } catch {
            await close()
            throw error
        }
    }
}
