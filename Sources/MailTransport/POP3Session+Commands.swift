import NIOCore
import POP3Wire

extension POP3Session {
    /// STAT: message count and total size.
    public func stat() async throws -> POP3Stat {
        try await operation {
            try await send([.stat])
            let status = try await status(for: .stat)
            do {
                return try POP3Stat(text: status.text)
            } catch {
                throw POP3Error(.protocolViolation, command: "STAT", detail: "unparsable answer", underlying: error)
            }
        }
    }

    /// UIDL: the unique id of every message. A server without UIDL throws ``POP3Error/Kind/noUIDL``.
    public func uidl() async throws -> [POP3UIDLEntry] {
        try await operation {
            try await send([.uidl(nil)])
            do {
                return try await listing(for: .uidl(nil), of: POP3UIDLEntry.self)
            } catch let error as POP3Error {
                guard case .serverError(let status) = error.kind else { throw error }
                throw POP3Error(.noUIDL, command: "UIDL", status: status)
            }
        }
    }

    /// LIST: the size of every message, as the server counts it (CRLF line ends).
    public func list() async throws -> [POP3ListEntry] {
        try await operation {
            try await send([.list(nil)])
            return try await listing(for: .list(nil), of: POP3ListEntry.self)
        }
    }

    /// Reads the listing that answers `command` (UIDL or LIST), checked as a whole (``POP3Listing``): a line
    /// that breaks it is a ``POP3Error/Kind/protocolViolation`` quoting the line, thrown once the answer is read.
    nonisolated(nonsending) func listing<Entry: POP3ListingEntry>(for command: POP3Command, of: Entry.Type)
        async throws -> [Entry]
    {
        var listing = POP3Listing<Entry>(options: configuration.parserOptions)
        try await lines(for: command) { try listing.append(line: $0) }
        return listing.entries
    }

    /// NOOP, e.g. to keep a connection alive while the caller does slow work.
    public func noop() async throws {
        try await operation {
            try await send([.noop])
            _ = try await status(for: .noop)
        }
    }

    /// RSET: unmark every message marked for deletion in this session.
    public func reset() async throws {
        try await operation {
            try await send([.rset])
            _ = try await status(for: .rset)
        }
    }

    /// DELE for each number, pipelined when the server advertises PIPELINING. Deletions take effect only
    /// at ``quit()``. Every answer is read; if any is `-ERR`, the first such error is thrown afterwards
    /// (``POP3Error/Kind/serverError(_:)``, naming the command) and the session stays usable.
    public func delete(_ numbers: [Int]) async throws {
        try await operation {
            var firstFailure: POP3Error?
            try await pipelined(numbers.map { POP3Command.dele($0) }) { command in
                do {
                    _ = try await status(for: command)
                } catch let error as POP3Error where error.isRecoverable {
                    if firstFailure == nil { firstFailure = error }
                }
                return true
            }
            if let firstFailure { throw firstFailure }
        }
    }

    /// The number of commands kept in flight: the configured window with PIPELINING, else 1.
    var window: Int { capabilities.supportsPipelining ? configuration.pipelineWindow : 1 }

    /// Sends `commands` keeping up to ``window`` in flight and calls `answer` for each sent one, in order.
    /// The window is refilled once half of it has been answered, so commands leave in batches. When
    /// `answer` returns false, no further command is sent; those already sent are still answered.
    nonisolated(nonsending) func pipelined(_ commands: [POP3Command], answer: (POP3Command) async throws -> Bool)
        async throws
    {
        let window = self.window
        var sent = 0
        var answered = 0
        var sending = true
        while answered < sent || (sending && sent < commands.count) {
            if sending && sent - answered <= window / 2 && sent < commands.count {
                let batch = commands[sent..<min(sent + window - (sent - answered), commands.count)]
                try await send(Array(batch))
                sent += batch.count
            }
            let keepSending = try await answer(commands[answered])
            answered += 1
            if !keepSending { sending = false }
        }
    }
}
