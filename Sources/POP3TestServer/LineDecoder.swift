import NIOCore

/// A line received from the client, with how many more complete lines were already queued behind it.
struct ReceivedLine {
    var text: String
    var queuedBehind: Int
}

/// Splits the client's bytes into lines (CRLF or LF). Lines longer than `maximumLength` close the connection.
struct LineDecoder: ByteToMessageDecoder {
    typealias InboundOut = ReceivedLine

    struct LineTooLong: Error {}

    let maximumLength = 8 * 1024

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        let view = buffer.readableBytesView
        guard let newline = view.firstIndex(of: UInt8(ascii: "\n")) else {
            if buffer.readableBytes > maximumLength { throw LineTooLong() }
            return .needMoreData
        }
        let length = newline - view.startIndex
        var text = buffer.readString(length: length) ?? ""
        buffer.moveReaderIndex(forwardBy: 1)
        if text.hasSuffix("\r") { text.removeLast() }
        let queued = buffer.readableBytesView.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
        context.fireChannelRead(wrapInboundOut(ReceivedLine(text: text, queuedBehind: queued)))
        return .continue
    }

    mutating func decodeLast(
        context: ChannelHandlerContext,
        buffer: inout ByteBuffer,
        seenEOF: Bool
    ) throws -> DecodingState {
        while try decode(context: context, buffer: &buffer) == .continue {}
        return .needMoreData
    }
}
