import IMAPWire
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOSSL

/// An authenticated IMAP session (RFC 3501 / RFC 9051) over SwiftNIO.
///
/// One operation runs at a time; a second one started concurrently throws ``IMAPError/Kind/concurrentUse``.
/// A `NO` or `BAD` to one command throws ``IMAPError/Kind/refused`` or ``IMAPError/Kind/rejected`` and
/// leaves the session usable; any other error ends it (the connection is closed).
///
/// Authentication with ``IMAPConfiguration/AuthChoice/auto`` uses `AUTHENTICATE PLAIN` when offered,
/// else `LOGIN` (unless the server says `LOGINDISABLED`). Both reveal the password, so without TLS they
/// run only when the configuration says `tls = none` (with a warning unless the host is loopback).
public final class IMAPSession: @unchecked Sendable {
    // @unchecked: `events` is only touched inside an operation, and `gate` admits one at a time.
    let configuration: IMAPConfiguration
    let channel: any Channel
    let tls: TLSSetup?
    private var events: EventReader<IMAPResponseEvent>
    let shared = NIOLockedValueBox(Shared())
    let gate = OperationGate()

    struct Shared {
        var capabilities: [String] = [] {
            didSet { capabilityUpdates += 1 }
        }
        /// Counts capability updates, so an operation can tell whether the server sent them.
        var capabilityUpdates = 0
        var greeting = IMAPStatus(.ok)
        var encrypted = false
        var authenticated = false
        var nextTag = 1
        /// The server's `BYE`, if it sent one (it explains the close that follows).
        var bye: IMAPStatus?
        /// What the last SELECT or EXAMINE reported; `nil` before one and after one failed (RFC 3501
        /// §6.3.1: a failed SELECT leaves no mailbox selected).
        var openMailbox: IMAPMailboxStatus?
    }

    init(configuration: IMAPConfiguration, connection: ClientConnection<IMAPConversation>) {
        self.configuration = configuration
        channel = connection.channel
        tls = connection.tls
        events = EventReader(connection.events)
        shared.withLockedValue { $0.encrypted = configuration.tls == .implicit }
    }

    /// What the server advertised (after TLS and after authentication), as sent (`IMAP4rev1`, `UIDPLUS`,
    /// `AUTH=PLAIN`…).
    public var capabilities: [String] { shared.withLockedValue { $0.capabilities } }

    /// Whether the server advertised `name` (case-insensitive).
    public func hasCapability(_ name: String) -> Bool {
        capabilities.contains { $0.uppercased() == name.uppercased() }
    }

    /// The server's greeting.
    public var greeting: IMAPStatus { shared.withLockedValue { $0.greeting } }

    /// The mailbox open now, as its SELECT or EXAMINE reported it.
    public var openMailbox: IMAPMailboxStatus? { shared.withLockedValue { $0.openMailbox } }

    /// True once the link is protected by TLS.
    public var isEncrypted: Bool { shared.withLockedValue { $0.encrypted } }

    /// Ends the session properly: LOGOUT, waiting for the server's tagged OK.
    public func logout() async throws {
        try await operation {
            _ = try await run(.logout) { _ in }
            gate.end()
            try? await channel.close()
        }
    }

    /// Closes the connection without LOGOUT.
    public func close() async {
        gate.end()
        try? await channel.close()
    }

    /// NOOP: lets the server report changes; keeps an idle connection alive.
    public func noop() async throws {
        try await operation { _ = try await run(.noop) { _ in } }
    }

    // MARK: - Operation plumbing

    /// Runs `body` as the session's only operation; a fatal error ends the session.
    nonisolated(nonsending) func operation<T>(_ body: () async throws -> T) async throws -> T {
        try await gate.run(IMAPError.self, close: { await close() }, body)
    }

    /// A fresh tag: `A1`, `A2`…
    func makeTag() -> String {
        shared.withLockedValue { state in
            defer { state.nextTag += 1 }
            return "A\(state.nextTag)"
        }
    }

    /// Writes the messages and flushes once, so a pipelined batch leaves in as few segments as possible.
    nonisolated(nonsending) func send(_ messages: [IMAPClientMessage]) async throws {
        let literalPlus = hasCapability("LITERAL+")
        for (index, message) in messages.enumerated() {
            if case .command(let tagged) = message { configuration.logger.trace("C: \(tagged)") }
            let outbound = IMAPOutbound(message: message, nonSynchronizingLiterals: literalPlus)
            guard index == messages.count - 1 else {
                channel.write(outbound, promise: nil)
                continue
            }
            do {
                try await channel.writeAndFlush(outbound)
            } catch let error as IMAPError where error.kind == .invalidCommand {
                throw error
            } catch {
                throw await reasonForClosure() ?? mapped(error, command: nil)
            }
        }
    }

    /// After a failed write: the error that closed the channel is waiting behind unread events.
    nonisolated(nonsending) private func reasonForClosure() async -> IMAPError? {
        await events.endingError().map { mapped($0, command: nil) }
    }

    /// The next event; the end of the stream is a closed connection (explained by a `BYE` if one came).
    nonisolated(nonsending) func nextEvent(for command: String?) async throws -> IMAPResponseEvent {
        do {
            if let event = try await events.next() {
                // -vv: the server's side too (bodies elided, continuations redacted, all escaped).
                if configuration.logger.logLevel <= .trace, let text = event.logDescription {
                    configuration.logger.trace("S: \(text)")
                }
                if case .untagged(.condition(let status)) = event, status.condition == .bye {
                    shared.withLockedValue { $0.bye = status }
                }
                return event
            }
        } catch {
            throw mapped(error, command: command)
        }
        if let bye = shared.withLockedValue({ $0.bye }) { throw IMAPError(.bye, command: command, status: bye) }
        throw IMAPError(.connectionClosed(duringUID: nil, receivedOctets: 0), command: command)
    }

    /// Sends one command and reads up to its tagged completion, handing every other event to `untagged`.
    /// `NO` throws ``IMAPError/Kind/refused``, `BAD` ``IMAPError/Kind/rejected`` (the session stays usable).
    @discardableResult
    nonisolated(nonsending) func run(
        _ command: IMAPCommand,
        _ untagged: (IMAPResponseEvent) throws -> Void
    ) async throws -> IMAPStatus {
        let tagged = IMAPTaggedCommand(tag: makeTag(), command: command)
        try await send([.command(tagged)])
        return try await completion(of: tagged, untagged)
    }

    /// Reads up to the tagged completion of `tagged` (see ``run(_:_:)``).
    nonisolated(nonsending) func completion(
        of tagged: IMAPTaggedCommand,
        _ untagged: (IMAPResponseEvent) throws -> Void
    ) async throws -> IMAPStatus {
        var failure: (any Error)?
        while true {
            let event = try await nextEvent(for: tagged.description)
            switch event {
            case .tagged(let response) where response.tag == tagged.tag:
                noteCapabilities(in: response.status)
                if let failure {
                    throw IMAPError(.protocolViolation, command: tagged.description, underlying: failure)
                }
                return try checked(response.status, command: tagged.description)
            case .tagged:
                throw IMAPError(.protocolViolation, command: tagged.description, detail: "completion of another tag")
            case .untagged(.capability(let names)):
                shared.withLockedValue { $0.capabilities = names }
            case .untagged(.condition(let status)):
                noteCapabilities(in: status)
                if failure == nil {
                    do { try untagged(event) } catch { failure = error }
                }
            default:
                if failure == nil {
                    do { try untagged(event) } catch { failure = error }
                }
            }
        }
    }

    /// `OK` passes; `NO` and `BAD` throw, keeping the server's status.
    func checked(_ status: IMAPStatus, command: String) throws -> IMAPStatus {
        switch status.condition {
        case .ok: return status
        case .no: throw IMAPError(.refused, command: command, status: status)
        default: throw IMAPError(.rejected, command: command, status: status)
        }
    }

    /// RFC 3501 §7.1: a `[CAPABILITY …]` code replaces what the server advertised.
    func noteCapabilities(in status: IMAPStatus) {
        if case .capability(let names)? = status.code { shared.withLockedValue { $0.capabilities = names } }
    }

    /// Turns what the channel threw into an ``IMAPError``.
    func mapped(_ error: any Error, command: String?) -> IMAPError {
        if var error = error as? IMAPError {
            if error.command == nil { error.command = command }
            return error
        }
        if TLSSetup.isTLSError(error) {
            configuration.logger.debug("TLS failure: \(error)")
            return tls?.error(for: error, command: command)
                ?? IMAPError(.tls, command: command, detail: "with \(configuration.host)", underlying: error)
        }
        if let bye = shared.withLockedValue({ $0.bye }) {
            return IMAPError(.bye, command: command, status: bye, underlying: error)
        }
        return IMAPError(.connectionClosed(duringUID: nil, receivedOctets: 0), command: command, underlying: error)
    }
}
