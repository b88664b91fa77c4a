import Crypto
import NIOCore
import POP3Wire

extension POP3Session {
    /// An authentication method the session can run.
    enum Method: String, CaseIterable {
        case cramMD5 = "CRAM-MD5"
        case plain = "PLAIN"
        case login = "LOGIN"
        case xoauth2 = "XOAUTH2"
        case apop = "APOP"
        case user = "USER"

        /// Whether the password itself crosses the link.
        var revealsPassword: Bool { self == .plain || self == .login || self == .user || self == .xoauth2 }
    }

    /// The methods to try, in order: for `auto` every offered one, strongest first; otherwise the chosen one.
    func methods() throws -> [Method] {
        let capabilities = self.capabilities
        let mechanisms = Set(capabilities.saslMechanisms.map { $0.uppercased() })
        let apopStamp = POP3Greeting.apopTimestamp(in: greeting.text)
        // RFC 1939 §7: the APOP digest covers the greeting's timestamp (msg-id syntax). Without one it would
        // be the MD5 of the password alone, a replayable secret (popa3d greets with a bare "+OK").
        if configuration.auth == .apop && apopStamp == nil {
            throw POP3Error(
                .noAuthenticationMethod,
                detail: "auth = \"apop\" needs the <…@…> timestamp RFC 1939 §7 puts in the greeting, and the "
                    + "greeting of \(configuration.host) has none (APOP would hash the password "
                    + "alone); choose another auth"
            )
        }
        // Servers without CAPA (RFC 1939 only) still accept USER/PASS.
        let userOffered = capabilities.supportsUser || capabilities.capabilities.isEmpty
        func offered(_ method: Method) -> Bool {
            switch method {
            case .apop: return apopStamp != nil
            case .user: return userOffered
            default: return mechanisms.contains(method.rawValue)
            }
        }
        let order: [Method]
        switch configuration.auth {
        case .auto:
            order =
                isEncrypted
                ? [.cramMD5, .plain, .login, .apop, .user]
                : [.cramMD5, .apop, .plain, .login, .user]
        case .user: order = [.user]
        case .apop: order = [.apop]
        case .plain: order = [.plain]
        case .login: order = [.login]
        case .cramMD5: order = [.cramMD5]
        case .xoauth2: order = [.xoauth2]
        }
        let usable = order.filter(offered)
        if configuration.auth != .auto && usable.isEmpty && !capabilities.capabilities.isEmpty {
            throw POP3Error(.noAuthenticationMethod, detail: "the server does not offer \(order[0].rawValue)")
        }
        // Without CAPA an explicitly chosen SASL mechanism is tried anyway.
        let candidates = configuration.auth != .auto && capabilities.capabilities.isEmpty ? order : usable
        guard !candidates.isEmpty else {
            throw POP3Error(
                .noAuthenticationMethod,
                detail: "offered: \(mechanisms.sorted()), APOP: \(apopStamp != nil)"
            )
        }
        return candidates
    }

    /// Logs in with the first method that works. With `auto`, a method the server rejects as bad
    /// credentials (`[AUTH]` or no code; solid-pop3d keeps a separate APOP secret, Courier may offer
    /// CRAM-MD5 without one) is followed by the next offered one, each tried once. A temporary refusal
    /// (`[SYS/TEMP]`, `[IN-USE]`, `[LOGIN-DELAY]`, RFC 2449 §8, RFC 3206) or `[SYS/PERM]` ends the attempt:
    /// another method with the same password would fail the same way. A server that closes the connection
    /// after a failure is not dialled again: the run stops with the failure it gave.
    func authenticate() async throws {
        let candidates = try methods()
        var secret: String?
        var rejected: POP3Error?
        for method in candidates {
            try checkLink(for: method)
            if secret == nil {
                do {
                    secret = try configuration.password()
                } catch {
                    throw POP3Error(.authenticationFailed, detail: "cannot obtain the password", underlying: error)
                }
            }
            configuration.logger.debug("authenticating with \(method.rawValue)")
            do {
                try await run(method, secret: secret ?? "")
                shared.withLockedValue { $0.authenticatedWith = method.rawValue }
                configuration.logger.info("authenticated with \(method.rawValue)")
                return
            } catch let error as POP3Error {
                guard case .serverError(let status) = error.kind else {
                    // The server hung up after the previous refusal: report that refusal.
                    if let rejected, case .connectionClosed = error.kind {
                        throw POP3Error(
                            .authenticationFailed, command: rejected.command, status: rejected.status,
                            detail: rejected.detail + "; the server then closed the connection, "
                                + "so \(method.rawValue) was not tried"
                        )
                    }
                    throw error
                }
                if let code = status.code, code.isTemporary { throw error }
                let failure = POP3Error(
                    .authenticationFailed,
                    command: error.command,
                    status: status,
                    detail: (rejected.map { $0.detail + ", then " } ?? "") + "using \(method.rawValue)"
                )
                guard status.code == nil || status.code == .auth else { throw failure }
                configuration.logger.debug("\(method.rawValue) refused; trying the next offered method")
                rejected = failure
            }
        }
        throw rejected ?? POP3Error(.noAuthenticationMethod)
    }

    /// Refuses a method that would send the password in clear, unless the account said `tls = none`.
    private func checkLink(for method: Method) throws {
        guard method.revealsPassword else { return }
        guard isEncrypted || configuration.tls == .none else {
            throw POP3Error(.plaintextRefused, detail: "\(method.rawValue) would reveal the password")
        }
        if !isEncrypted && !isLoopback(configuration.host) {
            configuration.logger.warning("sending the password in clear to \(configuration.host) (tls = none)")
        }
    }

    private func run(_ method: Method, secret: String) async throws {
        let user = configuration.user
        switch method {
        case .user:
            try await command(.user(user))
            try await command(.pass(secret))
        case .apop:
            let stamp = POP3Greeting.apopTimestamp(in: greeting.text) ?? ""
            let digest = SASL.hex(Insecure.MD5.hash(data: Array((stamp + secret).utf8)))
            try await command(.apop(user: user, digestHex: digest))
        case .plain:
            let initial = SASL.plainInitialResponse(user: user, password: secret)
            try await command(.auth(mechanism: "PLAIN", initialResponse: initial))
        case .login:
            try await challenge(.auth(mechanism: "LOGIN", initialResponse: nil))
            try await challenge(.saslResponse(SASL.loginUser(user)))
            try await command(.saslResponse(SASL.loginPassword(secret)))
        case .cramMD5:
            let text = try await challenge(.auth(mechanism: "CRAM-MD5", initialResponse: nil))
            guard let challenge = SASL.decodeChallenge(text) else {
                try await command(.saslCancel)
                throw POP3Error(.protocolViolation, command: "AUTH CRAM-MD5", detail: "challenge is not base64")
            }
            let key = SymmetricKey(data: Array(secret.utf8))
            let digest = SASL.hex(HMAC<Insecure.MD5>.authenticationCode(for: challenge, using: key))
            try await command(.saslResponse(SASL.cramMD5Response(user: user, hexDigest: digest)))
        case .xoauth2:
            // Microsoft 365 wants the two-step form: AUTH XOAUTH2, wait for "+", then the token.
            try await challenge(.auth(mechanism: "XOAUTH2", initialResponse: nil))
            let response = POP3Command.saslResponse(SASL.xoauth2InitialResponse(user: user, token: secret))
            try await send([response])
            switch try await nextEvent(for: response) {
            case .status(let status) where status.isOK:
                return
            case .status(let status):
                throw POP3Error(.serverError(status), command: "AUTH XOAUTH2", status: status)
            case .continuation:
                // RFC 7628 §3.2.3: an error challenge is answered with an empty response; -ERR follows.
                try await command(.saslResponse(""))
            case let other:
                throw POP3Error(.protocolViolation, command: "AUTH XOAUTH2", detail: "unexpected \(other)")
            }
        }
    }

    /// Sends a command whose answer is a status line; `-ERR` throws.
    @discardableResult
    private func command(_ command: POP3Command) async throws -> POP3StatusLine {
        try await send([command])
        return try await status(for: command)
    }

    /// Sends a SASL step and returns the server's `+ ` challenge text; `-ERR` throws.
    @discardableResult
    private func challenge(_ command: POP3Command) async throws -> String {
        try await send([command])
        switch try await nextEvent(for: command) {
        case .continuation(let text):
            return text
        case .status(let status) where !status.isOK:
            throw POP3Error(.serverError(status), command: command.description, status: status)
        case let other:
            throw POP3Error(
                .protocolViolation,
                command: command.description,
                detail: "expected a challenge, got \(other)"
            )
        }
    }
}

/// True for 127.0.0.0/8, ::1 and "localhost".
func isLoopback(_ host: String) -> Bool {
    host == "localhost" || host == "::1" || host.hasPrefix("127.")
}
