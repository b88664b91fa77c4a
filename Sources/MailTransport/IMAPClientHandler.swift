import IMAPWire
import NIOCore

/// What the session writes: a message, and whether the server accepts `{n+}` literals (LITERAL+).
struct IMAPOutbound {
    var message: IMAPClientMessage
    var nonSynchronizingLiterals: Bool
}

/// Encodes client messages (sending synchronizing literals only after the server's continuation),
/// parses the server's bytes into ``IMAPResponseEvent``s, guards STARTTLS, and enforces the response and
/// idle time limits. Failures are fired as ``IMAPError`` through `errorCaught` and the channel is closed.
final class IMAPClientHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = IMAPResponseEvent
    typealias OutboundIn = IMAPOutbound
    typealias OutboundOut = ByteBuffer

    private var machine: IMAPClientStateMachine
    private var parser: IMAPResponseParser
    private var buffer: ByteBuffer?
    private let makeTLSHandler: (() throws -> any ChannelHandler)?
    private var clock: ResponseClock
    private var readRequested = false
    private var reportedFailure = false

    /// - Parameters:
    ///   - responseTimeout: no byte for this long while a response is owed and a read is outstanding fails.
    ///   - makeTLSHandler: builds the TLS handler installed right after the tagged OK to STARTTLS.
    init(
        parserOptions: IMAPResponseParser.Options = .init(),
        expectingGreeting: Bool = true,
        responseTimeout: TimeAmount? = nil,
        makeTLSHandler: (() throws -> any ChannelHandler)? = nil
    ) {
        machine = IMAPClientStateMachine(expectingGreeting: expectingGreeting)
        parser = IMAPResponseParser(options: parserOptions)
        clock = ResponseClock(timeout: responseTimeout)
        self.makeTLSHandler = makeTLSHandler
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let outbound = unwrapOutboundIn(data)
        let parts: [ByteBuffer]
        do {
            let encoder = IMAPCommandEncoder(useNonSynchronizingLiterals: outbound.nonSynchronizingLiterals)
            do {
                parts = try encoder.encode(outbound.message)
            } catch {
                throw IMAPError(.invalidCommand, detail: error.description, underlying: error)
            }
            try machine.sending(outbound.message)
        } catch {
            promise?.fail(error)
            return
        }
        if case .command(let tagged) = outbound.message { machine.hold(parts.dropFirst(), tag: tagged.tag) }
        context.write(wrapOutboundOut(parts[0]), promise: promise)
        armTimer(context: context)
    }

    func read(context: ChannelHandlerContext) {
        readRequested = true
        armTimer(context: context)
        context.read()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        readRequested = false
        clock.stop()
        guard machine.failure == nil else { return }
        var incoming = unwrapInboundIn(data)
        if case .startingTLS = machine.state {
            fail(context, IMAPError(.tlsInjection(bufferedBytes: incoming.readableBytes), command: "STARTTLS"))
            return
        }
        if buffer == nil || buffer!.readableBytes == 0 {
            buffer = incoming
        } else {
            buffer!.writeBuffer(&incoming)
        }
        parseBuffered(context: context)
    }

    private func parseBuffered(context: ChannelHandlerContext) {
        while var pending = buffer, pending.readableBytes > 0 || !parser.isIdle {
            let event: IMAPResponseEvent?
            do {
                event = try parser.next(&pending)
            } catch {
                buffer = pending
                fail(context, IMAPError(.protocolViolation, detail: error.description, underlying: error))
                return
            }
            buffer = pending
            guard let event else { break }
            do {
                switch try machine.received(event) {
                case .forward:
                    context.fireChannelRead(wrapInboundOut(event))
                case .forwardThenStartTLS:
                    context.fireChannelRead(wrapInboundOut(event))
                    startTLS(context: context)
                    return
                case .sendLiteralPart(let part):
                    context.writeAndFlush(wrapOutboundOut(part), promise: nil)
                }
            } catch {
                fail(context, error)
                return
            }
        }
        buffer?.discardReadBytes()
    }

    /// RFC 3501 §6.2.1 / RFC 2595 §3.1: whatever followed the OK in plaintext was not protected; refuse it.
    private func startTLS(context: ChannelHandlerContext) {
        let behind = buffer?.readableBytes ?? 0
        guard behind == 0 else {
            fail(context, IMAPError(.tlsInjection(bufferedBytes: behind), command: "STARTTLS"))
            return
        }
        buffer = nil
        do {
            guard let makeTLSHandler else { throw IMAPError(.startTLSUnavailable, detail: "no TLS configured") }
            try context.pipeline.syncOperations.addHandler(makeTLSHandler(), position: .first)
            machine.tlsStarted()
        } catch {
            fail(context, error as? IMAPError ?? IMAPError(.tls, command: "STARTTLS", underlying: error))
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        context.fireChannelReadComplete()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent {
            fail(context, IMAPError(.timeout(.idle), detail: "no traffic in either direction"))
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

    private func fail(_ context: ChannelHandlerContext, _ error: IMAPError) {
        // The machine may have failed itself already (and thrown); report and close once.
        guard !reportedFailure else { return }
        reportedFailure = true
        let error = machine.fail(error)
        clock.stop()
        buffer = nil
        context.fireErrorCaught(error)
        context.close(promise: nil)
    }

    /// The response clock runs only while a response is owed and the pipeline has asked for bytes, so a
    /// slow receiver (which stops reads) never trips it.
    private func armTimer(context: ChannelHandlerContext) {
        guard readRequested, machine.isAwaitingResponse, machine.failure == nil else { return }
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        clock.start(on: context.eventLoop) { waited in
            let (handler, context) = loopBound.value
            handler.fail(context, IMAPError(.timeout(.response), detail: waited))
        }
    }
}
