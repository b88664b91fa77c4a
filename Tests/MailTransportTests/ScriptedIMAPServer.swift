import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// A loopback IMAP server that plays a script: a greeting, then for each line the client sends, the
/// reply the script gives (`nil` closes the connection; a reply ending in ``closeMarker`` is written
/// without it, then the connection closes; what follows ``dripMarker`` in a reply is written one byte every
/// ``dripInterval``). It records every line it received.
final class ScriptedIMAPServer: Sendable {
    private let channel: any Channel
    private let lines: NIOLockedValueBox<[String]>
    let port: Int
    static let closeMarker = "<close>"
    static let dripMarker = "<drip>"
    static let dripInterval: TimeAmount = .milliseconds(100)

    /// The lines received so far, without their CRLF.
    var received: [String] { lines.withLockedValue { $0 } }

    static func start(
        greeting: String,
        reply: @escaping @Sendable (String) -> String?
    ) async throws -> ScriptedIMAPServer {
        let lines = NIOLockedValueBox<[String]>([])
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { child in
                child.eventLoop.makeCompletedFuture {
                    try child.pipeline.syncOperations.addHandler(
                        ScriptHandler(greeting: greeting, reply: reply, lines: lines)
                    )
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return ScriptedIMAPServer(channel: channel, lines: lines, port: channel.localAddress!.port!)
    }

    private init(channel: any Channel, lines: NIOLockedValueBox<[String]>, port: Int) {
        self.channel = channel
        self.lines = lines
        self.port = port
    }

    func stop() async {
        try? await channel.close()
    }
}

private final class ScriptHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    let greeting: String
    let reply: @Sendable (String) -> String?
    let lines: NIOLockedValueBox<[String]>
    var pending = ByteBuffer()

    init(greeting: String, reply: @escaping @Sendable (String) -> String?, lines: NIOLockedValueBox<[String]>) {
        self.greeting = greeting
        self.reply = reply
        self.lines = lines
    }

    func channelActive(context: ChannelHandlerContext) {
        context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(string: greeting)), promise: nil)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var incoming = unwrapInboundIn(data)
        pending.writeBuffer(&incoming)
        while let newline = pending.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) {
            let length = newline - pending.readerIndex
            var line = pending.readString(length: length)!
            pending.moveReaderIndex(forwardBy: 1)
            if line.hasSuffix("\r") { line.removeLast() }
            lines.withLockedValue { $0.append(line) }
            guard let answer = reply(line) else {
                context.close(promise: nil)
                return
            }
            let closing = answer.hasSuffix(ScriptedIMAPServer.closeMarker)
            var text = closing ? String(answer.dropLast(ScriptedIMAPServer.closeMarker.count)) : answer
            if let marker = text.range(of: ScriptedIMAPServer.dripMarker) {
                drip(context, Array(text[marker.upperBound...].utf8)[...])
                text = String(text[..<marker.lowerBound])
            }
            if !text.isEmpty {
                context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(string: text)), promise: nil)
            }
            if closing {
                context.close(promise: nil)
                return
            }
        }
    }

    private func drip(_ context: ChannelHandlerContext, _ bytes: ArraySlice<UInt8>) {
        context.eventLoop.assumeIsolated().scheduleTask(in: ScriptedIMAPServer.dripInterval) {
            guard let byte = bytes.first, context.channel.isActive else { return }
            context.writeAndFlush(self.wrapOutboundOut(context.channel.allocator.buffer(bytes: [byte])), promise: nil)
            self.drip(context, bytes.dropFirst())
        }
    }
}
