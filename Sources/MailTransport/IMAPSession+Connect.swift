import IMAPWire
import NIOCore
import NIOPosix
import NIOSSL

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
                    try await session.authenticate()
                }
            }
        } catch {
            await session.close()
            throw error
        }
        return session
    }

    private static func open(_ configuration: IMAPConfiguration) async throws -> IMAPSession {
        let tls: TLSSetup?
        do {
            tls =
                configuration.tls == .none
                ? nil
                : try TLSSetup(host: configuration.host, caFile: configuration.caFile, pin: configuration.pinnedSHA256)
        } catch {
            throw IMAPError(.tls, detail: "cannot set up TLS", underlying: error)
        }
        let channel = try await connectChannel(configuration)
        do {
            let events = try await channel.eventLoop.submit {
                try installHandlers(on: channel, configuration: configuration, tls: tls)
            }.get()
            return IMAPSession(configuration: configuration, channel: channel, tls: tls, events: events)
        } catch {
            try? await channel.close()
            throw IMAPError(.connect, detail: "cannot set up the pipeline", underlying: error)
        }
    }

    private static func connectChannel(_ configuration: IMAPConfiguration) async throws -> any Channel {
        let bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(configuration.timeouts.connect)
            .channelOption(.autoRead, value: false)
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
        do {
            return try await bootstrap.connect(host: configuration.host, port: configuration.port).get()
        } catch ChannelError.connectTimeout(let amount) {
            throw IMAPError(.timeout(.connect), detail: "\(configuration.host):\(configuration.port) after \(amount)")
        } catch {
            throw IMAPError(.connect, detail: "\(configuration.host):\(configuration.port)", underlying: error)
        }
    }

    /// Pipeline: [TLS (implicit)] → idle timer → IMAP framing and parsing → bridge to the async session.
    static func installHandlers(
        on channel: any Channel,
        configuration: IMAPConfiguration,
        tls: TLSSetup?
    ) throws -> ResponseEventBridge<IMAPResponseEvent>.Events {
        let sync = channel.pipeline.syncOperations
        if configuration.tls == .implicit, let tls { try sync.addHandler(tls.makeHandler()) }
        let idle = configuration.timeouts.idle
        try sync.addHandler(IdleStateHandler(readTimeout: nil, writeTimeout: nil, allTimeout: idle))
        let makeTLS: (() throws -> any ChannelHandler)? =
            configuration.tls == .startTLS ? { try tls!.makeHandler() } : nil
        try sync.addHandler(
            IMAPClientHandler(
                parserOptions: configuration.parserOptions,
                responseTimeout: configuration.timeouts.response,
                makeTLSHandler: makeTLS
            )
        )
        let (bridge, events) = ResponseEventBridge<IMAPResponseEvent>.make(channel: channel)
        try sync.addHandler(bridge)
        return events
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
