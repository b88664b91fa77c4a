import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// A scriptable IMAP server on 127.0.0.1 for the engine's and the command line's tests.
///
/// It keeps folders with UIDVALIDITY and UIDs, answers the commands an archiver sends (LOGIN, LIST,
/// EXAMINE, SELECT, `UID SEARCH`, `UID FETCH`, `UID STORE`, `UID EXPUNGE`, LOGOUT), records every line
/// it receives, and can be told to misbehave with ``Fault``s: folders that change between two commands
/// (recreated under a new UIDVALIDITY, renamed, deleted, new mail), absurd sizes or UIDNEXT. The
/// folders and the faults can be changed between sessions. Plaintext only.
public final class IMAPTestServer: Sendable {
    /// The port the server listens on (ephemeral, chosen by the kernel).
    public let port: Int
    /// The host to connect to.
    public let host = "127.0.0.1"

    private let serverChannel: any Channel
    private let state: NIOLockedValueBox<State>
    private let connections: NIOLockedValueBox<[ObjectIdentifier: any Channel]>

    private init(
        serverChannel: any Channel, state: NIOLockedValueBox<State>,
        connections: NIOLockedValueBox<[ObjectIdentifier: any Channel]>
    ) {
        self.serverChannel = serverChannel
        self.port = serverChannel.localAddress?.port ?? 0
        self.state = state
        self.connections = connections
    }

    /// Starts listening on an ephemeral loopback port.
    public static func start(_ configuration: Configuration) async throws -> IMAPTestServer {
        let state = NIOLockedValueBox(State(folders: configuration.folders, faults: configuration.faults))
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
                    try channel.pipeline.syncOperations.addHandler(
                        IMAPServerConnection(configuration: configuration, state: state))
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        return IMAPTestServer(serverChannel: channel, state: state, connections: connections)
    }

    /// Closes the listener and every open connection.
    public func stop() async {
        try? await serverChannel.close()
        let open = connections.withLockedValue { Array($0.values) }
        for channel in open { try? await channel.close() }
    }

    /// The folders as they are now.
    public var folders: [Folder] { state.withLockedValue { $0.folders } }

    /// The folder named `name`, if the server has it.
    public func folder(_ name: String) -> Folder? {
        state.withLockedValue { state in state.index(of: name).map { state.folders[$0] } }
    }

    /// Changes the folders, for the next command to see.
    public func change(_ name: String, _ change: FolderChange) {
        state.withLockedValue { $0.apply(change, to: name) }
    }

    /// Replaces the scripted faults.
    public func setFaults(_ faults: [Fault]) { state.withLockedValue { $0.faults = faults } }

    /// The faults not fired yet.
    public var faults: [Fault] { state.withLockedValue { $0.faults } }

    /// Every line received so far, in order.
    public var transcript: [String] { state.withLockedValue { $0.transcript } }

    /// `folder/uid` of every message expunged so far.
    public var expunged: [String] { state.withLockedValue { $0.expunged } }
}
