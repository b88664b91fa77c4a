import NIOConcurrencyHelpers
import POP3TestServer

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

    private let listener: LoopbackListener
    private let state: NIOLockedValueBox<State>

    private init(listener: LoopbackListener, state: NIOLockedValueBox<State>) {
        self.listener = listener
        self.port = listener.port
        self.state = state
    }

    /// Starts listening on an ephemeral loopback port.
    public static func start(_ configuration: Configuration) async throws -> IMAPTestServer {
        let state = NIOLockedValueBox(State(folders: configuration.folders, faults: configuration.faults))
        let listener = try await LoopbackListener.start { channel in
            let connection = IMAPServerConnection(configuration: configuration, state: state)
            try channel.pipeline.syncOperations.addHandler(connection)
        }
        return IMAPTestServer(listener: listener, state: state)
    }

    /// Closes the listener and every open connection.
    public func stop() async {
        await listener.stop()
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
