import NIOCore

extension POP3ResponseParser {
    /// Where the parser is inside a `+OK` RETR/TOP body.
    struct BodyState: Sendable {
        /// QUIRK: RFC 1939 §3 ends every line with CRLF; some servers end lines with a bare LF
        /// (Mailtrap's POP3 service, zetacomponents/Mail#40). A body cannot simply accept either:
        /// a CRLF server that byte-stuffs only after CRLF passes a message's "LF . LF" through
        /// unstuffed, and a client that took it as the terminator would truncate the message and
        /// read the rest as responses (the POP3 twin of SMTP smuggling; see greenmail#1049).
        /// So the status line decides: a status line ending in bare LF means this server speaks LF,
        /// and then LF alone ends body lines; otherwise only CRLF does, and a bare LF is content.
        var bareLF: Bool
        /// Whether the next byte starts a line (where a `.` is stuffing or the terminator).
        var atLineStart = true
        /// Body bytes delivered so far.
        var size = 0

        init(bareLF: Bool) {
            self.bareLF = bareLF
        }
    }

    /// What the bytes at a line start of a body are.
    enum LineStart {
        /// Not enough bytes to tell.
        case needMore
        /// The terminator: `.` and a line end, this many bytes.
        case terminator(Int)
        /// A line beginning with the termination octet: drop that one byte.
        case stuffed
        /// An ordinary line.
        case plain
    }

    /// Delivers the next run of body bytes, or the end of the body.
    ///
    /// RFC 1939 §3: "When examining a multi-line response, the client checks to see if the line
    /// begins with the termination octet. If so and if octets other than CRLF follow, the first
    /// octet of the line (the termination octet) is stripped away. If so and if CRLF immediately
    /// follows the termination character, then the response from the POP server is ended and the
    /// line containing ".CRLF" is not considered part of the multi-line response."
    ///
    /// A run is a slice of `buffer` reaching up to the next line that starts with `.`, or to the end
    /// of the readable bytes; nothing is copied. Bytes that cannot be decided yet (a line start that
    /// may be `.CRLF`, or a final CR whose LF has not arrived) stay in `buffer`.
    mutating func nextBodyEvent(
        _ buffer: inout ByteBuffer,
        _ body: BodyState
    ) throws(POP3ParseError) -> POP3ResponseEvent? {
        var body = body
        if body.atLineStart {
            switch Self.classifyLineStart(buffer, bareLF: body.bareLF) {
            case .needMore:
                return nil
            case .terminator(let length):
                buffer.moveReaderIndex(forwardBy: length)
                self.state = .awaitingStatus
                return .end
            case .stuffed:
                buffer.moveReaderIndex(forwardBy: 1)
            case .plain:
                break
            }
            body.atLineStart = false
        }
        let run = buffer.withUnsafeReadableBytes { Self.scanRun($0, bareLF: body.bareLF) }
        body.atLineStart = run.endsAtLineStart
        body.size += run.length
        self.state = .body(body)
        if let maximum = self.options.maximumBodySize, body.size > maximum {
            throw POP3ParseError(.bodyTooLarge(actual: body.size, maximum: maximum), excerpt: "")
        }
        guard run.length > 0 else { return nil }
        return .bodyChunk(buffer.readSlice(length: run.length)!)
    }

    static func classifyLineStart(_ buffer: ByteBuffer, bareLF: Bool) -> LineStart {
        let view = buffer.readableBytesView
        guard let first = view.first else { return .needMore }
        guard first == UInt8(ascii: ".") else { return .plain }
        guard view.count >= 2 else { return .needMore }
        switch view[view.startIndex + 1] {
        case UInt8(ascii: "\r"):
            guard view.count >= 3 else { return .needMore }
            return view[view.startIndex + 2] == UInt8(ascii: "\n") ? .terminator(3) : .stuffed
        case UInt8(ascii: "\n"):
            return bareLF ? .terminator(2) : .stuffed
        default:
            return .stuffed
        }
    }

    /// The length of the run of body bytes at the start of `bytes` (which is not at a line start)
    /// that can be delivered now, and whether a line starts right after it.
    static func scanRun(_ bytes: UnsafeRawBufferPointer, bareLF: Bool) -> (length: Int, endsAtLineStart: Bool) {
        let count = bytes.count
        var index = 0
        while let newline = ByteScanning.firstNewline(in: bytes, from: index) {
            let next = newline &+ 1
            if bareLF || (newline > 0 && bytes[newline &- 1] == UInt8(ascii: "\r")) {
                if next == count { return (count, true) }
                if bytes[next] == UInt8(ascii: ".") { return (next, true) }
            }
            index = next
        }
        if !bareLF && count > 0 && bytes[count &- 1] == UInt8(ascii: "\r") {
            return (count &- 1, false)
        }
        return (count, false)
    }
}
