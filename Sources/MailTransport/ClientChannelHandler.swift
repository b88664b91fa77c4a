import NIOCore

/// The channel handler of a client conversation (POP3 or IMAP): writes what ``ClientConversation`` encodes,
/// feeds it the server's bytes and forwards the events it parses (those of one read together, as one array),
/// installs TLS after the go-ahead to STLS/STARTTLS (refusing bytes that came behind it in plaintext), and
/// enforces the response and idle time limits and the transfer rate floor. Failures are fired through
/// `errorCaught`, once, and the channel is closed.
final class ClientChannelHandler<Conversation: ClientConversation>: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = [Conversation.Event]
    typealias OutboundIn = Conversation.Outbound
    typealias OutboundOut = ByteBuffer
    typealias Failure = Conversation.Failure

    private var conversation: Conversation
    private var buffer: ByteBuffer?
    private let makeTLSHandler: (() throws -> any ChannelHandler)?
    private var clock: ResponseClock
    private var rate: TransferRateFloor
    private var readRequested = false
    private var reportedFailure = false
    private var sawBytes = false

    /// - Parameters:
    ///   - responseTimeout: no byte for this long while a response is owed and a read is outstanding fails.
    ///   - transferRate: once a response has begun, the slowest average transfer accepted.
    ///   - makeTLSHandler: builds the TLS handler installed right after the go-ahead to STLS/STARTTLS.
    init(
        parserOptions: Conversation.ParserOptions = .defaults,
        expectingGreeting: Bool = true,
        responseTimeout: TimeAmount? = nil,
        transferRate: TransferRateLimit? = nil,
        makeTLSHandler: (() throws -> any ChannelHandler)? = nil
    ) {
        conversation = Conversation(parserOptions: parserOptions, expectingGreeting: expectingGreeting)
        clock = ResponseClock(timeout: responseTimeout)
        rate = TransferRateFloor(limit: transferRate)
        self.makeTLSHandler = makeTLSHandler
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let bytes: ByteBuffer
        do {
            bytes = try conversation.sending(unwrapOutboundIn(data), allocator: context.channel.allocator)
        } catch {
            promise?.fail(error)
            return
        }
        context.write(wrapOutboundOut(bytes), promise: promise)
        armTimer(context: context)
    }

    func read(context: ChannelHandlerContext) {
        readRequested = true
        rate.reading(at: .now())
        armTimer(context: context)
        context.read()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        readRequested = false
        clock.stop()
        guard conversation.state.failure == nil else { return }
        var incoming = unwrapInboundIn(data)
        if conversation.state.isStartingTLS {
            fail(context, Failure(.tlsInjection(bufferedBytes: incoming.readableBytes)))
            return
        }
        // STLS/STARTTLS or plaintext against an implicit-TLS port: fail at the first bytes, not after a time limit
        // (behind an implicit-TLS handler these are decrypted bytes, never a TLS record).
        if !sawBytes && TransportDiagnosis.isTLSRecord(incoming) {
            fail(context, Failure(.tlsRecordAsGreeting))
            return
        }
        sawBytes = true
        let count = incoming.readableBytes
        if buffer == nil || buffer!.readableBytes == 0 {
            buffer = incoming
        } else {
            buffer!.writeBuffer(&incoming)
        }
        parseBuffered(context: context)
        guard !reportedFailure else { return }
        do {
            try rate.received(count, at: .now(), awaiting: conversation.isAwaitingResponse)
        } catch {
            fail(context, Failure(.slowTransfer(detail: error.description)))
        }
    }

    private func parseBuffered(context: ChannelHandlerContext) {
        // The events parsed before an error or the TLS go-ahead's end are forwarded first.
        var events: [Conversation.Event] = []
        while var pending = buffer, pending.readableBytes > 0 || conversation.isParsing {
            let event: Conversation.Event?
            do {
                event = try conversation.parse(&pending)
            } catch {
                buffer = pending
                forward(&events, context)
                fail(context, error)
                return
            }
            buffer = pending
            guard let event else { break }
            do {
                switch try conversation.received(event) {
                case .forward:
                    events.append(event)
                case .forwardThenStartTLS:
                    events.append(event)
                    forward(&events, context)
                    startTLS(context: context)
                    return
                case .write(let bytes):
                    context.writeAndFlush(wrapOutboundOut(bytes), promise: nil)
                }
            } catch {
                forward(&events, context)
                fail(context, error)
                return
            }
        }
        forward(&events, context)
        buffer?.discardReadBytes()
    }

    private func forward(_ events: inout [Conversation.Event], _ context: ChannelHandlerContext) {
        guard !events.isEmpty else { return }
        context.fireChannelRead(wrapInboundOut(events))
        events.removeAll()
    }

    /// RFC 2595 §3.1 and §4, RFC 3501 §6.2.1, RFC 3207 §6: whatever followed the go-ahead in plaintext was
    /// not protected; refuse it.
    private func startTLS(context: ChannelHandlerContext) {
        let behind = buffer?.readableBytes ?? 0
        guard behind == 0 else {
            fail(context, Failure(.tlsInjection(bufferedBytes: behind)))
            return
        }
        buffer = nil
        do {
            guard let makeTLSHandler else { throw Failure(.tlsUnconfigured) }
            try context.pipeline.syncOperations.addHandler(makeTLSHandler(), position: .first)
            conversation.tlsStarted()
        } catch {
            fail(context, error as? Failure ?? Failure(.tlsInstall(error)))
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        context.fireChannelReadComplete()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent {
            fail(context, Failure(.idleTimeout))
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        clock.stop()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        clock.stop()
    }

    private func fail(_ context: ChannelHandlerContext, _ error: Failure) {
        // The conversation may have failed itself already (and thrown); report and close once.
        guard !reportedFailure else { return }
        reportedFailure = true
        let error = conversation.fail(error)
        clock.stop()
        buffer = nil
        context.fireErrorCaught(error)
        context.close(promise: nil)
    }

    /// The response clock runs only while a response is owed and the pipeline has asked for bytes, so a
    /// slow receiver (which stops reads) never trips it.
    private func armTimer(context: ChannelHandlerContext) {
        guard readRequested, conversation.isAwaitingResponse, conversation.state.failure == nil else { return }
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        clock.start(on: context.eventLoop) { waited in
            let (handler, context) = loopBound.value
            handler.fail(context, Failure(.responseTimeout(waited: waited)))
        }
    }
}
