import NIOCore
import POP3Wire

extension POP3Session {
    /// RETR one message into `receiver`.
    nonisolated(nonsending) public func retrieve(
        _ number: Int,
        expectedSize: Int? = nil,
        into receiver: some POP3MessageReceiver
    ) async throws {
        try await retrieve([number], expectedSizes: expectedSize.map { [number: $0] } ?? [:], into: receiver)
    }

    /// RETR each message into `receiver`, in order, with a window of RETRs in flight when the server
    /// advertises PIPELINING (one at a time otherwise).
    ///
    /// - Parameter expectedSizes: sizes from LIST by message number. A message that ends with another octet
    ///   count (beyond the final line end some servers leave out of LIST, see ``RetrievalCheck``) throws
    ///   ``POP3Error/Kind/sizeMismatch(message:listed:received:)``, and one whose `+OK n octets` names
    ///   another size throws ``POP3Error/Kind/protocolViolation``: the answers no longer line up with the
    ///   commands, and the message is never ended.
    ///
    /// A `-ERR` to one RETR does not stop the others already in flight (they are delivered); no new RETR
    /// is sent and the first such error is thrown once the in-flight answers are read, leaving the session
    /// usable. Any other failure (closed connection, size mismatch, malformed answer, an error thrown by
    /// the receiver) ends the session. After such a failure the last message begun but not ended is
    /// incomplete: discard it.
    nonisolated(nonsending) public func retrieve(
        _ numbers: [Int],
        expectedSizes: [Int: Int] = [:],
        into receiver: some POP3MessageReceiver
    ) async throws {
        try await deliver(numbers.map { POP3Command.retr($0) }, expectedSizes: expectedSizes, into: receiver)
    }

    /// `TOP n lines` for each message into `receiver` (the header block and the first `lines` body lines),
    /// in order and pipelined like ``retrieve(_:expectedSizes:into:)``, with the same handling of `-ERR`.
    nonisolated(nonsending) public func top(
        _ numbers: [Int],
        lines: Int,
        into receiver: some POP3MessageReceiver
    ) async throws {
        try await deliver(numbers.map { POP3Command.top($0, lines: lines) }, expectedSizes: [:], into: receiver)
    }

    nonisolated(nonsending) private func deliver(
        _ commands: [POP3Command],
        expectedSizes: [Int: Int],
        into receiver: some POP3MessageReceiver
    ) async throws {
        try await operation {
            var firstFailure: POP3Error?
            try await pipelined(commands) { command in
                let number: Int
                switch command {
                case .retr(let message), .top(let message, _): number = message
                default: return false
                }
                do {
                    try await receive(command, number, expectedSize: expectedSizes[number], into: receiver)
                    return firstFailure == nil
                } catch let error as POP3Error where error.isRecoverable {
                    if firstFailure == nil { firstFailure = error }
                    return false
                }
            }
            if let firstFailure { throw firstFailure }
        }
    }

    nonisolated(nonsending) private func receive(
        _ command: POP3Command,
        _ number: Int,
        expectedSize: Int?,
        into receiver: some POP3MessageReceiver
    ) async throws {
        let status = try await status(for: command)
        var check = expectedSize.map { RetrievalCheck(number: number, listed: $0, status: status) }
        try receiver.begin(message: number)
        var octets = 0
        while true {
            let event: POP3ResponseEvent
            do {
                event = try await nextEvent(for: command)
            } catch var error as POP3Error {
                if case .connectionClosed = error.kind {
                    error.kind = .connectionClosed(duringMessage: number, receivedOctets: octets)
                }
                throw error
            }
            switch event {
            case .bodyChunk(let chunk):
                octets += chunk.readableBytes
                check?.add(chunk)
                try receiver.bytes(chunk)
            case .end:
                if let mismatch = check?.mismatch(command: command) { throw mismatch }
                try receiver.end(message: number, octets: octets)
                return
            default:
                throw POP3Error(
                    .protocolViolation,
                    command: command.description,
                    detail: "unexpected \(event) in a message"
                )
            }
        }
    }
}
