import IMAPWire
import NIOCore

extension IMAPSession {
    /// Connects, reads the greeting and the capabilities, upgrades with STARTTLS when configured
    /// (discarding what was learned before TLS and asking again), authenticates (unless the server
    /// greeted with `PREAUTH` on a link that needs no STARTTLS), and reads the capabilities once more.
    public static func connect(_ configuration: IMAPConfiguration) async throws -> IMAPSession {
        let session = try await open(configuration)
        do {
            try await session.operation {
                try await session.greetAndSecure()
                if !session.shared.withLockedValue({ $0.authenticated }) {
                    // A caller that no longer needs the session sends no credentials.
                    try Task.checkCancellation()
                    try await session.authenticate()
                }
            }
        } catch {
            await session.close()
            throw error
        }
        return session
    }

    private static func open(_ configuration: IMAPConfiguration, probe: Bool = false) async throws -> IMAPSession {
        do {
            return IMAPSession(
                configuration: configuration, connection: try await ClientConnection.open(configuration, probe: probe))
        } catch let error as IMAPError {
            if let cause = error.underlying { configuration.logger.debug("\(error.detail): \(cause)") }
            throw error
        }
    }

    /// Connects far enough to see the server's certificate (greeting, CAPABILITY, STARTTLS) and returns its DER
    /// SHA-256 and a description of its subject, without verifying it and without logging in (for
    /// `popvault probe --protocol imap` and `fetch --show-certificate` on IMAP accounts).
    public static func certificateFingerprint(
        host: String,
        port: Int,
        tls: IMAPConfiguration.TLSMode,
        timeout: TimeAmount = .seconds(30)
    ) async throws -> (sha256: [UInt8], subject: String) {
        guard tls != .none else { throw POP3Error(.noCertificate) }
        let configuration = IMAPConfiguration(
            host: host, port: port, tls: tls, user: "", password: { "" },
            timeouts: .init(connect: timeout, response: timeout, idle: timeout)
        )
        let session = try await open(configuration, probe: true)
        do {
            try await session.operation { try await session.greetAndSecure() }
        } catch {
            await session.close()
            throw error
        }
        await session.close()
        guard let seen = session.tls?.observed.withLockedValue({ $0 }) else { throw POP3Error(.noCertificate) }
        return seen
    }

    /// RFC 3501 §7.1: the greeting is `OK`, `PREAUTH` or `BYE`; §6.2.1: STARTTLS only before
    /// authentication, after which "the client MUST discard cached information about server capabilities".
    func greetAndSecure() async throws {
        let event = try await nextEvent(for: nil)
        guard case .untagged(.condition(let greeting)) = event else {
            throw IMAPError(.protocolViolation, detail: "expected a greeting, got \(event)")
        }
        shared.withLockedValue { $0.greeting = greeting }
        switch greeting.condition {
        case .bye:
            throw IMAPError(.bye, status: greeting)
        case .preauth:
            // A PREAUTH over a link that should have been upgraded would leave it in plaintext for good
            // (and a man in the middle can forge the greeting to skip STARTTLS).
            if configuration.tls == .startTLS { throw IMAPError(.preauthWithoutTLS, status: greeting) }
            shared.withLockedValue { $0.authenticated = true }
        default:
            break
        }
        noteCapabilities(in: greeting)
        if capabilities.isEmpty { try await readCapabilities() }
        guard configuration.tls == .startTLS else { return }
        guard hasCapability("STARTTLS") else {
            throw IMAPError(.startTLSUnavailable, detail: "not among the capabilities \(capabilities)")
        }
        do {
            try await run(.startTLS) { _ in }
        } catch let error as IMAPError where error.kind == .refused || error.kind == .rejected {
            throw IMAPError(.startTLSUnavailable, command: error.command, status: error.status)
        }
        shared.withLockedValue {
            $0.encrypted = true
            $0.capabilities = []
        }
        try await readCapabilities()
    }

    /// CAPABILITY (RFC 3501 §6.1.1).
    func readCapabilities() async throws {
        shared.withLockedValue { $0.capabilities = [] }
        try await run(.capability) { _ in }
    }
}
