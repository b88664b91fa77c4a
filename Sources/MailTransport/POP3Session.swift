import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL
import POP3Wire

/// An authenticated POP3 session (RFC 1939 TRANSACTION state) over SwiftNIO.
///
/// One operation runs at a time; a second one started concurrently throws ``POP3Error/Kind/concurrentUse``.
/// Any error other than a `-ERR` to an individual command ends the session (the connection is closed
/// without QUIT, so the server undoes pending deletions).
///
/// Authentication with ``POP3Configuration/AuthChoice/auto`` tries, over TLS: CRAM-MD5, PLAIN, LOGIN,
/// APOP, USER/PASS; over a link the configuration declared unencrypted (`tls = none`): CRAM-MD5 and APOP
/// first (they do not reveal the password), then PLAIN, LOGIN, USER/PASS, logging a warning unless the
/// host is loopback. XOAUTH2 is used only when chosen explicitly (the password closure then yields the token).
public final class POP3Session: @unchecked Sendable {
    // @unchecked: `events` is only touched inside an operation, and `gate` admits one operation at a time.
    let configuration: POP3Configuration
    let channel: any Channel
    let tls: TLSSetup?
    private var events: EventReader<POP3ResponseEvent>
    let shared = NIOLockedValueBox(Shared())
    let gate = OperationGate()

    struct Shared {
        var capabilities = POP3Capabilities(lines: [String]())
        var greeting = POP3StatusLine(isOK: true)
        var encrypted = false
        var authenticatedWith: String?
    }

    init(configuration: POP3Configuration, connection: ClientConnection<POP3Conversation>) {
        self.configuration = configuration
        channel = connection.channel
        tls = connection.tls
        events = EventReader(connection.events)
        shared.withLockedValue { $0.encrypted = configuration.tls == .implicit }
    }

    /// What the server advertised by CAPA (after TLS, if any; empty when CAPA is not supported).
    public var capabilities: POP3Capabilities { shared.withLockedValue { $0.capabilities } }

    /// The server's greeting.
    public var greeting: POP3StatusLine { shared.withLockedValue { $0.greeting } }

    /// The method that logged in (`"CRAM-MD5"`, `"APOP"`, `"USER"`…), once authenticated.
    public var authenticationMethod: String? { shared.withLockedValue { $0.authenticatedWith } }

    /// True once the link is protected by TLS.
    public var isEncrypted: Bool { shared.withLockedValue { $0.encrypted } }

    /// Connects, reads the greeting and CAPA, upgrades with STLS when configured (discarding what CAPA said
    /// before TLS and asking again), and authenticates.
    public static func connect(_ configuration: POP3Configuration) async throws -> POP3Session {
        let session = try await open(configuration, probe: false)
        do {
            // A caller that no longer needs the session (its run failed meanwhile) sends no credentials.
            try Task.checkCancellation()
            try await session.operation {
                try await session.enableUTF8()
                try await session.authenticate()
            }
        } catch {
            await session.close()
            throw error
        }
        return session
    }

    /// Ends the session properly: QUIT, and returns only after the server's `+OK` (when it applies deletions).
    public func quit() async throws {
        try await operation {
            try await send([.quit])
            _ = try await status(for: .quit)
            gate.end()
            try? await channel.close()
        }
    }

    /// Aborts without QUIT: the server undoes deletions of this session.
    public func close() async {
        gate.end()
        try? await channel.close()
    }

    // MARK: - Operation plumbing

    /// Runs `body` as the session's only operation; a fatal error ends the session.
    nonisolated(nonsending) func operation<T>(_ body: () async throws -> T) async throws -> T {
        try await gate.run(POP3Error.self, close: { await close() }, body)
    }

    /// Writes the commands and flushes once, so a pipelined batch leaves in as few segments as possible.
    nonisolated(nonsending) func send(_ commands: [POP3Command]) async throws {
        guard let last = commands.last else { return }
        for command in commands.dropLast() {
            configuration.logger.trace("C: \(command.description)")
            channel.write(command, promise: nil)
        }
        configuration.logger.trace("C: \(last.description)")
        do {
            try await channel.writeAndFlush(last)
        } catch {
            throw await reasonForClosure() ?? mapped(error, command: last)
        }
    }

    /// After a failed write: the error that closed the channel (an STLS injection, a TLS failure…) is
    /// waiting in the event stream behind any events not yet read.
    nonisolated(nonsending) private func reasonForClosure() async -> POP3Error? {
        await events.endingError().map { mapped($0, command: nil) }
    }

    /// The next event of the response to `command`; the end of the stream is a closed connection.
    nonisolated(nonsending) func nextEvent(for command: POP3Command?) async throws -> POP3ResponseEvent {
        do {
            if let event = try await events.next() {
                // -vv: the server's side too (bodies elided, SASL challenges redacted, all escaped).
                if configuration.logger.logLevel <= .trace, let text = event.logDescription {
                    configuration.logger.trace("S: \(text)")
                }
                return event
            }
        } catch {
            throw mapped(error, command: command)
        }
        throw POP3Error(.connectionClosed(duringMessage: nil, receivedOctets: 0), command: command?.description)
    }

    /// Reads a one-line response; `-ERR` throws ``POP3Error/Kind/serverError(_:)`` (the session stays usable).
    nonisolated(nonsending) func status(for command: POP3Command?) async throws -> POP3StatusLine {
        let event = try await nextEvent(for: command)
        guard case .status(let status) = event else {
            throw POP3Error(
                .protocolViolation,
                command: command?.description,
                detail: "expected a status line, got \(event)"
            )
        }
        guard status.isOK else {
            throw POP3Error(.serverError(status), command: command?.description, status: status)
        }
        return status
    }

    /// Reads a multi-line response to `command`, handing each line to `line`.
    nonisolated(nonsending) func lines(for command: POP3Command, _ line: (ByteBuffer) throws -> Void) async throws {
        _ = try await status(for: command)
        var failure: (any Error)?
        while true {
            switch try await nextEvent(for: command) {
            case .line(let text):
                if failure == nil {
                    do { try line(text) } catch { failure = error }
                }
            case .end:
                if let failure {
                    throw POP3Error(.protocolViolation, command: command.description, underlying: failure)
                }
                return
            case let other:
                throw POP3Error(.protocolViolation, command: command.description, detail: "unexpected \(other)")
            }
        }
    }

    /// Turns what the channel threw into a ``POP3Error``.
    func mapped(_ error: any Error, command: POP3Command?) -> POP3Error {
        if var error = error as? POP3Error {
            if error.command == nil { error.command = command?.description }
            return error
        }
        if TLSSetup.isTLSError(error) {
            configuration.logger.debug("TLS failure: \(error)")
            return tls?.error(for: error, command: command?.description)
                ?? POP3Error(.tls, command: command?.description, underlying: error)
        }
        return POP3Error(
            .connectionClosed(duringMessage: nil, receivedOctets: 0),
            command: command?.description,
            underlying: error
        )
    }
}

extension POP3Error {
    /// A `-ERR` to one command, or a refused mechanism: the connection is still in step.
    var isRecoverable: Bool {
        switch kind {
        case .serverError, .noUIDL, .concurrentUse, .sessionClosed: return true
        default: return false
        }
    }
}
