import NIOCore
import POP3Wire

extension POP3Session {
    /// RETR one message into `receiver`.
    nonisolated(nonsending)
    public func retrieve(_ number: Int, expectedSize: Int? = nil, into receiver: some POP3MessageReceiver) async throws {
        try await retrieve([number], expectedSizes: expectedSize.map { [number: $0] } ?? [:], into: receiver)
    }

    /// RETR each message into `receiver`, in order, with a window of RETRs in flight when the server
    /// advertises PIPELINING (one at a time otherwise).
    ///
    /// - Parameter expectedSizes: sizes from LIST by message number; a message that ends with another octet
    ///   count throws ``POP3Error/Kind/sizeMismatch(message:listed:received:)``.
    ///
    /// A `-ERR` to one RETR does not stop the others already in flight (they are delivered); no new RETR
    /// is sent and the first such error is thrown once the in-flight answers are read, leaving the session
    /// usable. Any other failure (closed connection, size mismatch, malformed answer, an error thrown by
    /// the receiver) ends the session. After such a failure the last message begun but not ended is
    /// incomplete: discard it.
    nonisolated(nonsending)
    public func retrieve(
        _ numbers: [Int],
        expectedSizes: [Int: Int] = [:],
        into receiver: some POP3MessageReceiver
    ) async throws {
        try await operation {
            var firstFailure: POP3Error?
            try await pipelined(numbers.map { POP3Command.retr($0) }) { command in
                guard case .retr(let number) = command else { return false }
                do {
                    try await receive(number, expectedSize: expectedSizes[number], into: receiver)
                    return firstFailure == nil
                } catch let error as POP3Error where error.isRecoverable {
                    if firstFailure == nil { firstFailure = error }
                    return false
                }
            }
            if let firstFailure { throw firstFailure }
        }
    }

    nonisolated(nonsending)
    private func receive(_ number: Int, expectedSize: Int?, into receiver: some POP3MessageReceiver) async throws {
        let command = POP3Command.retr(number)
        _ = try await status(for: command)
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
                try receiver.bytes(chunk)
            case .end:
                if let expectedSize, expectedSize != octets {
                    throw POP3Error(.sizeMismatch(message: number, listed: expectedSize, received: octets), command: command.description)
                }
                try receiver.end(message: number, octets: octets)
                return
            default:
                throw POP3Error(.protocolViolation, command: command.description, detail: "unexpected \(event) in a message")
            }
        }
    }
}
