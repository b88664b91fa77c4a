import NIOCore

extension POP3ResponseParser {
    /// Reads one line of a `+OK` listing (CAPA, LIST, UIDL), or its terminator.
    ///
    /// RFC 1939 §3: "If any line of the multi-line response begins with the termination octet, the
    /// line is "byte-stuffed" by pre-pending the termination octet to that line of the response.
    /// Hence a multi-line response is terminated with the five octets "CRLF.CRLF"."
    ///
    /// Listing lines carry no message content, so a bare LF is accepted as a line end here
    /// (QUIRK, see ``ByteBuffer/firstLine(maximum:)``).
    mutating func nextLine(
        _ buffer: inout ByteBuffer,
        entries: Int,
        size: Int
    ) throws(POP3ParseError) -> POP3ResponseEvent? {
        guard let found = try buffer.firstLine(maximum: self.options.maximumLineLength) else { return nil }
        let first = buffer.getInteger(at: buffer.readerIndex, as: UInt8.self)
        if found.content == 1 && first == UInt8(ascii: ".") {
            buffer.moveReaderIndex(forwardBy: found.content + found.lineEnd)
            self.state = .awaitingStatus
            return .end
        }
        let entries = entries + 1
        let size = size + found.content + found.lineEnd
        if entries > self.options.maximumUIDLEntries {
            let excerpt = buffer.getSlice(at: buffer.readerIndex, length: found.content)!
            throw POP3ParseError(
                .tooManyEntries(actual: entries, maximum: self.options.maximumUIDLEntries),
                line: excerpt
            )
        }
        if size > self.options.maximumLinesResponseSize {
            let excerpt = buffer.getSlice(at: buffer.readerIndex, length: found.content)!
            throw POP3ParseError(
                .responseTooLarge(actual: size, maximum: self.options.maximumLinesResponseSize),
                line: excerpt
            )
        }
        var line = buffer.readLine(found)
        if first == UInt8(ascii: ".") {
            line.moveReaderIndex(forwardBy: 1)
        }
        self.state = .lines(entries: entries, size: size)
        return .line(line)
    }
}
