import NIOCore
import NIOPosix
import NIOSSL
import POP3Wire

extension POP3Session {
    /// Connects and brings the session to the point of authentication: greeting, CAPA, STLS, CAPA again.
    static func open(_ configuration: POP3Configuration, probe: Bool) async throws -> POP3Session {
        let tls: TLSSetup?
        do {
            tls =
                configuration.tls == .none
                ? nil
                : try TLSSetup(
                    host: configuration.host,
                    caFile: configuration.caFile,
                    pin: configuration.pinnedSHA256,
                    probe: probe
                )
        } catch {
            throw POP3Error(.tls, detail: "cannot set up TLS", underlying: error)
        }
        let channel = try await connectChannel(configuration)
        let session: POP3Session
        do {
            let events = try await channel.eventLoop.submit {
                try installHandlers(on: channel, configuration: configuration, tls: tls)
            }.get()
            session = POP3Session(configuration: configuration, channel: channel, tls: tls, events: events)
        } catch {
            try? await channel.close()
            throw POP3Error(.connect, detail: "cannot set up the pipeline", underlying: error)
        }
        do {
            try await session.operation { try await session.greetAndSecure() }
        } catch {
            await session.close()
            throw error
        }
        return session
    }

    private static func connectChannel(_ configuration: POP3Configuration) async throws -> any Channel {
        let bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(configuration.timeouts.connect)
            .channelOption(.autoRead, value: false)
            // TCP_NODELAY is NIO's default for client channels. (`.socketOption(.tcp_nodelay)` would be
            // wrong: it sets option 1 at SOL_SOCKET level, which is SO_DEBUG, refused to non-root users.)
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
        do {
            return try await bootstrap.connect(host: configuration.host, port: configuration.port).get()
        } catch ChannelError.connectTimeout(let amount) {
            throw POP3Error(.timeout(.connect), detail: "\(configuration.host):\(configuration.port) after \(amount)")
        } catch {
            throw POP3Error(.connect, detail: "\(configuration.host):\(configuration.port)", underlying: error)
        }
    }

    /// Pipeline: [TLS (implicit)] → idle timer → POP3 framing and parsing → bridge to the async session.
    private static func installHandlers(
        on channel: any Channel,
        configuration: POP3Configuration,
        tls: TLSSetup?
    ) throws -> ResponseEventBridge<POP3ResponseEvent>.Events {
        let sync = channel.pipeline.syncOperations
        if configuration.tls == .implicit, let tls { try sync.addHandler(tls.makeHandler()) }
        let idle = configuration.timeouts.idle
        try sync.addHandler(IdleStateHandler(readTimeout: nil, writeTimeout: nil, allTimeout: idle))
        let makeTLS: (() throws -> any ChannelHandler)? =
            configuration.tls == .startTLS ? { try tls!.makeHandler() } : nil
        try sync.addHandler(
            POP3ClientHandler(
                parserOptions: configuration.parserOptions,
                responseTimeout: configuration.timeouts.response,
                makeTLSHandler: makeTLS
            )
        )
        let (bridge, events) = ResponseEventBridge<POP3ResponseEvent>.make(channel: channel)
        try sync.addHandler(bridge)
        return events
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
