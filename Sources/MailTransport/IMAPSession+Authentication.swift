import IMAPWire
import POP3Wire

extension IMAPSession {
    /// An authentication method the session can run.
    enum AuthMethod: String {
        case plain = "PLAIN"
        case login = "LOGIN"
        case xoauth2 = "XOAUTH2"
    }

    /// The method for the configured choice and what the server offers.
    func authMethod() throws -> AuthMethod {
        let offersPlain = hasCapability("AUTH=PLAIN")
        let loginDisabled = hasCapability("LOGINDISABLED")
        switch configuration.auth {
        case .auto:
            if offersPlain { return .plain }
            if !loginDisabled { return .login }
        case .plain:
            if offersPlain { return .plain }
        case .login:
            if !loginDisabled { return .login }
        case .xoauth2:
            if hasCapability("AUTH=XOAUTH2") { return .xoauth2 }
        }
        throw IMAPError(
            .noAuthenticationMethod,
            detail: "auth = \(configuration.auth.rawValue), server offers \(capabilities)"
        )
    }

    /// Authenticates, then reads the capabilities again unless the completion carried them
    /// (RFC 3501 §6.2.2: they may change after authentication).
    func authenticate() async throws {
        let method = try authMethod()
        guard isEncrypted || configuration.tls == .none else {
            throw IMAPError(.plaintextRefused, detail: "\(method.rawValue) would reveal the password")
        }
        if !isEncrypted && !isLoopback(configuration.host) {
            configuration.logger.warning("sending the password in clear to \(configuration.host) (tls = none)")
        }
        let secret: String
        do {
            secret = try configuration.password()
        } catch {
            throw IMAPError(.authenticationFailed, detail: "cannot obtain the password", underlying: error)
        }
        configuration.logger.debug("authenticating with \(method.rawValue)")
        let updates = shared.withLockedValue { $0.capabilityUpdates }
        do {
            try await run(method, secret: secret)
        } catch let error as IMAPError where error.kind == .refused || error.kind == .rejected {
            throw IMAPError(
                .authenticationFailed,
                command: error.command,
                status: error.status,
                detail: "using \(method.rawValue)"
            )
        }
        shared.withLockedValue { $0.authenticated = true }
        if shared.withLockedValue({ $0.capabilityUpdates }) == updates { try await readCapabilities() }
    }

    private func run(_ method: AuthMethod, secret: String) async throws {
        let user = configuration.user
        switch method {
        case .login:
            try await run(.login(user: user, password: secret)) { _ in }
        case .plain:
            try await sasl("PLAIN", SASL.plainInitialResponse(user: user, password: secret))
        case .xoauth2:
            try await sasl("XOAUTH2", SASL.xoauth2InitialResponse(user: user, token: secret))
        }
    }

    /// A one-step SASL exchange: the response inline with SASL-IR (RFC 4959), else after the server's
    /// empty `+` challenge. A further challenge is an error report (RFC 7628 §3.2.3 for XOAUTH2):
    /// answered with an empty response, after which the server completes with `NO`.
    private func sasl(_ mechanism: String, _ response: String) async throws {
        let inline = hasCapability("SASL-IR")
        let tagged = IMAPTaggedCommand(
            tag: makeTag(),
            command: .authenticate(mechanism: mechanism, initialResponse: inline ? response : nil)
        )
        try await send([.command(tagged)])
        var challenges = inline ? 1 : 0
        while true {
            let event = try await nextEvent(for: tagged.description)
            switch event {
            case .continuation:
                challenges += 1
                guard challenges <= 2 else {
                    throw IMAPError(.protocolViolation, command: tagged.description, detail: "a third SASL challenge")
                }
                try await send([.saslResponse(challenges == 1 ? response : "")])
            case .tagged(let completion) where completion.tag == tagged.tag:
                noteCapabilities(in: completion.status)
                _ = try checked(completion.status, command: tagged.description)
                return
            case .tagged:
                throw IMAPError(.protocolViolation, command: tagged.description, detail: "completion of another tag")
            case .untagged(.capability(let names)):
                shared.withLockedValue { $0.capabilities = names }
            default:
                continue
            }
        }
    }
}
