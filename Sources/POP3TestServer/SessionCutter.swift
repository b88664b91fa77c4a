import NIOCore

/// Applies ``POP3TestServer/Fault/dropAfterSessionBytes(_:)``: the first bytes a session sends pass, then the
/// connection closes, wherever that falls (a link that keeps dropping after about the same amount of traffic).
final class SessionCutter: ChannelOutboundHandler {
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let mailbox: Mailbox
    private var sent = 0

    init(mailbox: Mailbox) {
        self.mailbox = mailbox
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        var buffer = unwrapOutboundIn(data)
        guard let limit = limit else {
            context.write(data, promise: promise)
            return
        }
        let room = limit - sent
        guard buffer.readableBytes > room else {
            sent += buffer.readableBytes
            context.write(data, promise: promise)
            return
        }
        sent = limit
        if room > 0, let head = buffer.readSlice(length: room) {
            context.writeAndFlush(wrapOutboundOut(head), promise: nil)
        }
        promise?.fail(ChannelError.outputClosed)
        context.close(promise: nil)
    }

    private var limit: Int? {
        for case .dropAfterSessionBytes(let bytes) in mailbox.faults { return bytes }
        return nil
    }
}
