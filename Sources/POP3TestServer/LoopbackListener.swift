import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// A TCP listener on 127.0.0.1 (ephemeral port) that keeps its connections, so that ``stop()`` closes
/// them all: the part every loopback test server shares (``POP3TestServer``, IMAPTestServer).
public final class LoopbackListener: Sendable {
    /// The port the kernel chose.
    public let port: Int

    private let channel: any Channel
    private let connections: NIOLockedValueBox<[ObjectIdentifier: any Channel]>

    private init(channel: any Channel, connections: NIOLockedValueBox<[ObjectIdentifier: any Channel]>) {
        self.channel = channel
        self.port = channel.localAddress?.port ?? 0
        self.connections = connections
    }

    /// Starts listening; `initialize` sets up each accepted connection's pipeline (on its event loop).
    public static func start(
        _ initialize: @escaping @Sendable (any Channel) throws -> Void
    ) async throws -> LoopbackListener {
        let connections = NIOLockedValueBox<[ObjectIdentifier: any Channel]>([:])
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let id = ObjectIdentifier(channel)
                    connections.withLockedValue { $0[id] = channel }
                    channel.closeFuture.whenComplete { _ in
                        _ = connections.withLockedValue { $0.removeValue(forKey: id) }
                    }
                    try initialize(channel)
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        return LoopbackListener(channel: channel, connections: connections)
    }

    /// Closes the listener and every open connection.
    public func stop() async {
        try? await channel.close()
        let open = connections.withLockedValue { Array($0.values) }
        for channel in open { try? await channel.close() }
    }
}
