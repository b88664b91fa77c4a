import NIOCore
import POP3Wire

/// Encodes ``POP3Command``s, parses the server's bytes into ``POP3ResponseEvent``s (expecting framings in send
/// order), guards STLS, and enforces the response and idle time limits.
///
/// Failures are fired as ``POP3Error`` through `errorCaught` and the channel is closed.
final class POP3ClientHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = POP3ResponseEvent
    typealias OutboundIn = POP3Command
    typealias OutboundOut = ByteBuffer

    private var machine: POP3ClientStateMachine
    private var parser: POP3ResponseParser
    private var buffer: ByteBuffer?
    private let makeTLSHandler: (() throws -> any ChannelHandler)?
    private var clock: ResponseClock
    private var readRequested = false
    private var reportedFailure = false

    /// - Parameters:
    ///   - responseTimeout: no byte for this long while a response is owed and a read is outstanding fails.
    ///   - makeTLSHandler: builds the TLS handler installed right after the STLS `+OK`.
    init(
        parserOptions: POP3ResponseParser.Options = .init(),
        expectingGreeting: Bool = true,
        responseTimeout: TimeAmount? = nil,
        makeTLSHandler: (() throws -> any ChannelHandler)? = nil
    ) {
        machine = POP3ClientStateMachine(expectingGreeting: expectingGreeting)
        parser = POP3ResponseParser(options: parserOptions)
        if expectingGreeting { parser.expect(.singleLine) }
        clock = ResponseClock(timeout: responseTimeout)
        self.makeTLSHandler = makeTLSHandler
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let command = unwrapOutboundIn(data)
        do {
            try machine.sending(command)
        } catch {
            promise?.fail(error)
            return
        }
        parser.expect(command.framing)
        var out = context.channel.allocator.buffer(capacity: 64)
        command.encode(into: &out)
        context.write(wrapOutboundOut(out), promise: promise)
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
            fail(context, POP3Error(.tlsInjection(bufferedBytes: incoming.readableBytes), command: "STLS"))
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
        while var pending = buffer, pending.readableBytes > 0 {
            let event: POP3ResponseEvent?
            do {
                event = try parser.next(&pending)
            } catch {
                buffer = pending
                fail(context, POP3Error(.protocolViolation, detail: error.description, underlying: error))
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
                }
            } catch {
                fail(context, error)
                return
            }
        }
        buffer?.discardReadBytes()
    }

    /// RFC 2595 §4 / RFC 3207 §6: whatever followed the `+OK` in plaintext was not protected; refuse it.
    private func startTLS(context: ChannelHandlerContext) {
        let behind = buffer?.readableBytes ?? 0
        guard behind == 0 else {
            fail(context, POP3Error(.tlsInjection(bufferedBytes: behind), command: "STLS"))
            return
        }
        buffer = nil
        do {
            guard let makeTLSHandler else { throw POP3Error(.startTLSUnavailable, detail: "no TLS configured") }
            try context.pipeline.syncOperations.addHandler(makeTLSHandler(), position: .first)
            machine.tlsStarted()
        } catch {
            fail(context, error as? POP3Error ?? POP3Error(.tls, command: "STLS", underlying: error))
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        context.fireChannelReadComplete()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent {
            fail(context, POP3Error(.timeout(.idle), detail: "no traffic in either direction"))
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

    private func fail(_ context: ChannelHandlerContext, _ error: POP3Error) {
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
            handler.fail(context, POP3Error(.timeout(.response), detail: waited))
        }
    }
}
