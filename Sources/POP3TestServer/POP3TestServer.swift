import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL

/// A scriptable POP3 server on 127.0.0.1 for tests and `popvault demo`.
///
/// It serves ``Configuration/messages`` (converted to CRLF and dot-stuffed on the wire, as a real server
/// would), applies DELE at QUIT only, records a ``TranscriptEntry`` per line received, and can be told to
/// misbehave with ``Fault``s. The mailbox and the faults can be changed between sessions.
public final class POP3TestServer: Sendable {
    /// The port the server listens on (ephemeral, chosen by the kernel).
    public let port: Int
    /// The host to connect to.
    public let host = "127.0.0.1"

    private let listener: LoopbackListener
    private let mailbox: Mailbox

    private init(listener: LoopbackListener, mailbox: Mailbox) {
        self.listener = listener
        self.port = listener.port
        self.mailbox = mailbox
    }

    /// Starts listening on an ephemeral loopback port.
    public static func start(_ configuration: Configuration) async throws -> POP3TestServer {
        let mailbox = Mailbox(messages: configuration.messages, faults: configuration.faults)
        let startTLSContext = try configuration.startTLS.map(makeContext)
        let implicitTLSContext = try configuration.implicitTLS.map(makeContext)
        let listener = try await LoopbackListener.start { channel in
            let handler = ServerConnection(
                configuration: configuration,
                mailbox: mailbox,
                session: mailbox.nextSessionNumber(),
                tlsContext: startTLSContext,
                tlsActive: implicitTLSContext != nil
            )
            let sync = channel.pipeline.syncOperations
            if let implicitTLSContext { try sync.addHandler(NIOSSLServerHandler(context: implicitTLSContext)) }
            try sync.addHandler(SessionCutter(mailbox: mailbox))
            try sync.addHandler(ByteToMessageHandler(LineDecoder()))
            try sync.addHandler(handler)
            try sync.addHandler(CloseOnError())
        }
        return POP3TestServer(listener: listener, mailbox: mailbox)
    }

    /// Closes the listener and every open connection.
    public func stop() async {
        await listener.stop()
    }

    /// The messages still in the mailbox (deletions appear only after a session's QUIT).
    public var messages: [Message] { mailbox.messages }

    /// Adds messages to the mailbox, for the next session to see.
    public func add(_ messages: [Message]) { mailbox.add(messages) }

    /// Gives the message listed under `uid` other content, keeping the UIDL (a server that reuses a
    /// UIDL for other mail), for the next session to see.
    public func reuse(_ uid: String, for bytes: [UInt8]) { mailbox.reuse(uid, for: bytes) }

    /// Replaces the scripted faults, for the next lines received.
    public func setFaults(_ faults: [Fault]) { mailbox.setFaults(faults) }

    /// Every line received so far, in order.
    public var transcript: [TranscriptEntry] { mailbox.transcript }

    public func clearTranscript() { mailbox.clearTranscript() }

    private static func makeContext(_ identity: TLSIdentity) throws -> NIOSSLContext {
        let chain = try NIOSSLCertificate.fromPEMFile(identity.certificatePath).map {
            NIOSSLCertificateSource.certificate($0)
        }
        let key = try NIOSSLPrivateKey(file: identity.privateKeyPath, format: .pem)
        let tls = TLSConfiguration.makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(key))
        return try NIOSSLContext(configuration: tls)
    }
}

/// Closes a connection on any pipeline error (a failed TLS handshake, an overlong line).
private final class CloseOnError: ChannelInboundHandler, Sendable {
    typealias InboundIn = Never

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
