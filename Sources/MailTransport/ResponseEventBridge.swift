import NIOCore

/// Hands parsed events to the async session through a back-pressured sequence. The channel runs with
/// `autoRead` off: this handler asks for bytes only while the consumer keeps up, so a slow receiver stops
/// the socket being read and memory stays bounded by the watermarks.
/// Generic over the protocol's event type (POP3 or IMAP).
///
/// Each element is a batch: the events ``ClientChannelHandler`` parsed from one read (``EventReader`` hands
/// them out one by one). Handing over each of the ~20,000 lines of a UIDL listing on its own took the
/// sequence's lock and boxed the event in `NIOAny` per line, which cost more CPU than parsing them. The
/// watermarks count batches, so what waits for the consumer is bounded by reads, not by lines.
final class ResponseEventBridge<Event: Sendable>: ChannelInboundHandler {
    typealias InboundIn = [Event]
    typealias Events = NIOThrowingAsyncSequenceProducer<
        [Event], any Error, NIOAsyncSequenceProducerBackPressureStrategies.HighLowWatermark, Delegate
    >

    /// Resumes reading when the consumer has drained below the low watermark; closes when it goes away.
    struct Delegate: NIOAsyncSequenceProducerDelegate {
        let channel: any Channel
        let bridge: NIOLoopBound<ResponseEventBridge>

        func produceMore() {
            let bridge = self.bridge
            channel.eventLoop.execute { bridge.value.resume() }
        }

        func didTerminate() {
            channel.close(promise: nil)
        }
    }

    private var source: Events.Source?
    private var context: ChannelHandlerContext?
    private var producing = true
    private var readRequested = false

    /// Makes the bridge and the sequence its events come out of. Call on the channel's event loop.
    static func make(channel: any Channel, lowWatermark: Int = 2, highWatermark: Int = 8)
        -> (ResponseEventBridge, Events)
    {
        let bridge = ResponseEventBridge()
        let delegate = Delegate(channel: channel, bridge: NIOLoopBound(bridge, eventLoop: channel.eventLoop))
        let new = Events.makeSequence(
            backPressureStrategy: .init(lowWatermark: lowWatermark, highWatermark: highWatermark),
            finishOnDeinit: false,
            delegate: delegate
        )
        bridge.source = new.source
        return (bridge, new.sequence)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        if context.channel.isActive { requestRead() }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
        source?.finish()
        source = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        requestRead()
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard let source else { return }
        if source.yield(unwrapInboundIn(data)) == .stopProducing { producing = false }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        readRequested = false
        if producing { requestRead() }
        context.fireChannelReadComplete()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        source?.finish(error)
        source = nil
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        source?.finish()
        source = nil
        context.fireChannelInactive()
    }

    fileprivate func resume() {
        producing = true
        requestRead()
    }

    private func requestRead() {
        guard !readRequested, let context else { return }
        readRequested = true
        context.read()
    }
}
