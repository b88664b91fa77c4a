import NIOCore
import NIOPosix

/// What opening a client channel needs from a POP3 or IMAP configuration.
protocol ServerEndpoint: Sendable {
    associatedtype ParserOptions: ParserLimits
    var host: String { get }
    var port: Int { get }
    var tls: POP3Configuration.TLSMode { get }
    var caFile: String? { get }
    var pinnedSHA256: [UInt8]? { get }
    var timeouts: POP3Configuration.Timeouts { get }
    var parserOptions: ParserOptions { get }
}

extension POP3Configuration: ServerEndpoint {}
extension IMAPConfiguration: ServerEndpoint {}

/// A connected client channel with its pipeline in place:
/// [TLS (implicit)] → idle timer → ``ClientChannelHandler`` → bridge to the async session.
struct ClientConnection<Conversation: ClientConversation> {
    typealias Failure = Conversation.Failure

    let channel: any Channel
    /// The TLS set-up, unless the endpoint says `tls = none`.
    let tls: TLSSetup?
    let events: ResponseEventBridge<Conversation.Event>.Events

    /// Connects to `endpoint` (reads on demand, TCP_NODELAY) and installs the pipeline.
    /// - Parameter probe: accept any certificate and only record it (see ``TLSSetup/probe``).
    static func open<Endpoint: ServerEndpoint>(
        _ endpoint: Endpoint,
        probe: Bool = false
    ) async throws -> Self where Endpoint.ParserOptions == Conversation.ParserOptions {
        let tls: TLSSetup?
        do {
            tls =
                endpoint.tls == .none
                ? nil
                : try TLSSetup(
                    host: endpoint.host, port: endpoint.port, caFile: endpoint.caFile, pin: endpoint.pinnedSHA256,
                    probe: probe)
        } catch {
            throw Failure(.tlsSetup(error))
        }
        let channel = try await connectChannel(endpoint)
        do {
            let events = try await channel.eventLoop.submit {
                try installHandlers(on: channel, endpoint: endpoint, tls: tls)
            }.get()
            return Self(channel: channel, tls: tls, events: events)
        } catch {
            try? await channel.close()
            throw Failure(.pipelineSetup(error))
        }
    }

    private static func connectChannel(_ endpoint: some ServerEndpoint) async throws -> any Channel {
        let bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(endpoint.timeouts.connect)
            .channelOption(.autoRead, value: false)
            // Reads start at 64 KiB (NIO's default starts at 2 KiB and grows): a UIDL listing or a message
            // arrives in a few reads, each a batch of events, instead of dozens of round trips between the
            // event loop and the session. What waits for the session is bounded: the bridge stops reading at
            // its high watermark of batches (8, plus the rest of one read cycle; under TLS a batch can hold a
            // whole cycle of up to 4 reads, so up to ~8 MiB per connection).
            .channelOption(
                .recvAllocator, value: AdaptiveRecvByteBufferAllocator(minimum: 1024, initial: 65536, maximum: 262_144))
            // TCP_NODELAY is NIO's default for client channels. (`.socketOption(.tcp_nodelay)` would be
            // wrong: it sets option 1 at SOL_SOCKET level, which is SO_DEBUG, refused to non-root users.)
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
        let address = "\(endpoint.host):\(endpoint.port)"
        do {
            return try await bootstrap.connect(host: endpoint.host, port: endpoint.port).get()
        } catch ChannelError.connectTimeout(let amount) {
            throw Failure(.connectTimeout(endpoint: address, after: amount))
        } catch {
            throw Failure(.connect(endpoint: address, host: endpoint.host, underlying: error))
        }
    }

    private static func installHandlers<Endpoint: ServerEndpoint>(
        on channel: any Channel,
        endpoint: Endpoint,
        tls: TLSSetup?
    ) throws -> ResponseEventBridge<Conversation.Event>.Events
    where Endpoint.ParserOptions == Conversation.ParserOptions {
        let sync = channel.pipeline.syncOperations
        if endpoint.tls == .implicit, let tls { try sync.addHandler(tls.makeHandler()) }
        let idle = endpoint.timeouts.idle
        try sync.addHandler(IdleStateHandler(readTimeout: nil, writeTimeout: nil, allTimeout: idle))
        let makeTLS: (() throws -> any ChannelHandler)? = endpoint.tls == .startTLS ? { try tls!.makeHandler() } : nil
        try sync.addHandler(
            ClientChannelHandler<Conversation>(
                parserOptions: endpoint.parserOptions,
                responseTimeout: endpoint.timeouts.response,
                transferRate: endpoint.timeouts.transferRate,
                makeTLSHandler: makeTLS
            )
        )
        let (bridge, events) = ResponseEventBridge<Conversation.Event>.make(channel: channel)
        try sync.addHandler(bridge)
        return events
    }
}
