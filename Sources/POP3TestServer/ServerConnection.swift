import Crypto
import NIOCore
import NIOSSL

/// Serves one POP3 connection: RFC 1939 AUTHORIZATION → TRANSACTION → UPDATE, plus the scripted faults.
final class ServerConnection: ChannelInboundHandler {
    typealias InboundIn = ReceivedLine
    typealias OutboundOut = ByteBuffer

    enum State {
        case authorization(user: String?)
        case sasl(SASLExchange)
        case transaction
        case stalled
        case closed
    }

    let configuration: POP3TestServer.Configuration
    let mailbox: Mailbox
    let session: Int
    let tlsContext: NIOSSLContext?
    let apopTimestamp: String
    var state = State.authorization(user: nil)
    var snapshot: [POP3TestServer.Message] = []
    var deleted: Set<Int> = []
    var holdsLock = false
    var tlsActive: Bool
    /// The client sent `UTF8` (RFC 6856).
    var utf8Mode = false

    init(
        configuration: POP3TestServer.Configuration,
        mailbox: Mailbox,
        session: Int,
        tlsContext: NIOSSLContext?,
        tlsActive: Bool
    ) {
        self.configuration = configuration
        self.mailbox = mailbox
        self.session = session
        self.tlsContext = tlsContext
        self.tlsActive = tlsActive
        self.apopTimestamp = "<\(session).\(UInt32.random(in: 1...UInt32.max))@popvault.test>"
    }

    func channelActive(context: ChannelHandlerContext) {
        for case .rawGreeting(let bytes) in mailbox.faults {
            var buffer = context.channel.allocator.buffer(capacity: bytes.count)
            buffer.writeBytes(bytes)
            context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
            context.fireChannelActive()
            return
        }
        let stamp = configuration.apop ? " \(apopTimestamp)" : ""
        send(context, "+OK POP3 test server ready\(stamp)")
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        if holdsLock { mailbox.unlock() }
        holdsLock = false
        state = .closed
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let line = unwrapInboundIn(data)
        switch state {
        case .stalled, .closed:
            return
        default:
            break
        }
        mailbox.record(TranscriptEntry(session: session, line: line.text, inFlight: 1 + line.queuedBehind))
        if case .sasl(let exchange) = state {
            continueSASL(context, exchange, line: line.text)
            return
        }
        var words = line.text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        let verb = words.isEmpty ? "" : words.removeFirst().uppercased()
        if let reply = fault(for: verb, arguments: words) {
            reply(context)
            return
        }
        dispatch(context, verb: verb, arguments: words)
    }

    /// The scripted fault that replaces the normal answer to this command, if any.
    private func fault(for verb: String, arguments: [String]) -> ((ChannelHandlerContext) -> Void)? {
        for fault in mailbox.faults {
            switch fault {
            case .stall(let match) where match.matches(verb: verb, arguments: arguments):
                return { _ in self.state = .stalled }
            case .error(let match, let text) where match.matches(verb: verb, arguments: arguments):
                return { self.send($0, "-ERR \(text)") }
            case .garbage(let match, let reply) where match.matches(verb: verb, arguments: arguments):
                return { context in
                    var buffer = context.channel.allocator.buffer(capacity: reply.count)
                    buffer.writeBytes(reply)
                    context.writeAndFlush(self.wrapOutboundOut(buffer), promise: nil)
                }
            default:
                continue
            }
        }
        return nil
    }

    private func dispatch(_ context: ChannelHandlerContext, verb: String, arguments: [String]) {
        switch (state, verb) {
        case (_, "CAPA"):
            capa(context)
        case (_, "NOOP"):
            send(context, "+OK")
        case (_, "QUIT"):
            quit(context)
        case (.authorization, _):
            authorization(context, verb: verb, arguments: arguments)
        case (.transaction, _):
            transaction(context, verb: verb, arguments: arguments)
        default:
            send(context, "-ERR unexpected command")
        }
    }

    private func capa(_ context: ChannelHandlerContext) {
        guard configuration.capa else {
            send(context, "-ERR unknown command")
            return
        }
        var lines = ["+OK capability list follows", "RESP-CODES", "AUTH-RESP-CODE"]
        if !mailbox.faults.contains(.withoutTop) { lines.insert("TOP", at: 1) }
        if configuration.uidl { lines.append("UIDL") }
        if configuration.pipelining { lines.append("PIPELINING") }
        if configuration.userPass { lines.append("USER") }
        if !configuration.saslMechanisms.isEmpty {
            lines.append("SASL " + configuration.saslMechanisms.joined(separator: " "))
        }
        if configuration.startTLS != nil && !tlsActive, case .authorization = state { lines.append("STLS") }
        if configuration.utf8Notice { lines.append("UTF8 USER") }
        lines.append(".")
        send(context, lines.joined(separator: "\r\n"))
    }

    private func quit(_ context: ChannelHandlerContext) {
        if case .transaction = state {
            mailbox.commit(deleting: deleted.sorted().map { snapshot[$0 - 1] })
            holdsLock = false
        }
        state = .closed
        send(context, "+OK bye")
        context.close(promise: nil)
    }

    func send(_ context: ChannelHandlerContext, _ text: String) {
        var buffer = context.channel.allocator.buffer(capacity: text.utf8.count + 2)
        buffer.writeString(text)
        buffer.writeString("\r\n")
        context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
    }

    func enterTransaction(_ context: ChannelHandlerContext) {
        guard let messages = mailbox.lockAndSnapshot() else {
            state = .authorization(user: nil)
            send(context, "-ERR [IN-USE] maildrop locked")
            return
        }
        holdsLock = true
        snapshot = messages
        deleted = []
        state = .transaction
        send(context, "+OK maildrop has \(messages.count) messages")
    }
}
