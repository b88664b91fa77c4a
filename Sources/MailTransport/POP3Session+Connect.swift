import NIOCore
import POP3Wire

extension POP3Session {
    /// Connects and brings the session to the point of authentication: greeting, CAPA, STLS, CAPA again.
    static func open(_ configuration: POP3Configuration, probe: Bool) async throws -> POP3Session {
        let connection: ClientConnection<POP3Conversation>
        do {
            connection = try await ClientConnection<POP3Conversation>.open(configuration, probe: probe)
        } catch let error as POP3Error {
            if let cause = error.underlying { configuration.logger.debug("\(error.detail): \(cause)") }
            throw error
        }
        let session = POP3Session(configuration: configuration, connection: connection)
        do {
            try await session.operation { try await session.greetAndSecure() }
        } catch {
            await session.close()
            throw error
        }
        return session
    }

    private func greetAndSecure() async throws {
        let greeting = try await status(for: nil)
        shared.withLockedValue { $0.greeting = greeting }
        try await readCapabilities()
        guard configuration.tls == .startTLS else { return }
        try await send([.stls])
        do {
            _ = try await status(for: .stls)
        } catch let error as POP3Error {
            guard case .serverError(let status) = error.kind else { throw error }
            throw POP3Error(.startTLSUnavailable, command: "STLS", status: status)
        }
        // RFC 2595 §4: forget what was learned in plaintext and ask again.
        shared.withLockedValue {
            $0.encrypted = true
            $0.capabilities = POP3Capabilities(lines: [String]())
        }
        try await readCapabilities()
    }

    /// `UTF8` (RFC 6856 §2) when CAPA offers it: Courier otherwise replaces a message whose header holds raw
    /// UTF-8 by a generated "Cannot display Unicode content" notice, which would be archived instead.
    /// The command is valid only in the AUTHORIZATION state, so it goes before USER/APOP/AUTH (it also lets
    /// a UTF-8 user name through); it follows STLS, judged on the capabilities asked again over TLS
    /// (RFC 2595 §4). A `-ERR` to it leaves the session as it was.
    func enableUTF8() async throws {
        guard capabilities.supportsUTF8 else { return }
        try await send([.utf8])
        do {
            _ = try await status(for: .utf8)
        } catch let error as POP3Error where error.isRecoverable {
            configuration.logger.debug("UTF8 refused; going on without it")
        }
    }

    /// CAPA (RFC 2449); a server without it leaves the capabilities empty.
    func readCapabilities() async throws {
        try await send([.capa])
        var lines: [ByteBuffer] = []
        do {
            try await self.lines(for: .capa) { lines.append($0) }
        } catch let error as POP3Error where error.isRecoverable {
            configuration.logger.debug("CAPA refused: \(error)")
        }
        let capabilities = POP3Capabilities(lines: lines)
        shared.withLockedValue { $0.capabilities = capabilities }
    }

    /// Connects far enough to see the server's certificate and returns its DER SHA-256 and a description
    /// of its subject, without verifying it and without logging in (for `popvault probe`).
    public static func certificateFingerprint(
        host: String,
        port: Int,
        tls: POP3Configuration.TLSMode,
        timeout: TimeAmount = .seconds(30)
    ) async throws -> (sha256: [UInt8], subject: String) {
        guard tls != .none else { throw POP3Error(.noCertificate) }
        let configuration = POP3Configuration(
            host: host,
            port: port,
            tls: tls,
            user: "",
            password: { "" },
            timeouts: .init(connect: timeout, response: timeout, idle: timeout)
        )
        let session = try await open(configuration, probe: true)
        await session.close()
        guard let seen = session.tls?.observed.withLockedValue({ $0 }) else { throw POP3Error(.noCertificate) }
        return seen
    }
}
