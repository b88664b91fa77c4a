import NIOCore

extension ByteBuffer {
    /// Where the first line of the readable bytes ends: the length of its content and of its line
    /// end (2 for CRLF, 1 for a bare LF), or `nil` if no line end has arrived yet.
    ///
    /// QUIRK: RFC 1939 §3 says "all responses … terminated by a CRLF pair"; some servers end lines
    /// with a bare LF (Mailtrap's POP3 service, zetacomponents/Mail#40; a private server in
    /// node-pop3/node-pop3#26). For status and listing lines a line therefore ends at LF, and a CR
    /// right before it belongs to the line end; a lone CR is line content. This is safe because
    /// status and listing lines carry no message content. (Message bodies are stricter: see
    /// `POP3ResponseParser+Body.swift`.)
    ///
    /// - Throws: ``POP3ParseError/Kind/lineTooLong(actual:maximum:)`` when the content exceeds
    ///   `maximum` bytes, whether or not the line end has arrived.
    func firstLine(maximum: Int) throws(POP3ParseError) -> (content: Int, lineEnd: Int)? {
        // Enough to see the line end of a line of `maximum` bytes (CR LF), and not a byte more.
        let limit = maximum > Int.max - 2 ? Int.max : Swift.max(0, maximum) + 2
        let window = Swift.min(self.readableBytes, limit)
        let newline = self.withUnsafeReadableBytes { bytes in
            ByteScanning.firstNewline(in: UnsafeRawBufferPointer(rebasing: bytes[..<window]), from: 0)
        }
        guard let newline else {
            if window == limit {
                throw POP3ParseError(.lineTooLong(actual: window, maximum: maximum), line: self)
            }
            return nil
        }
        let hasCR = newline > 0 && self.getInteger(at: self.readerIndex + newline - 1) == UInt8(ascii: "\r")
        let content = hasCR ? newline - 1 : newline
        if content > maximum {
            throw POP3ParseError(.lineTooLong(actual: content, maximum: maximum), line: self)
        }
        return (content, newline + 1 - content)
    }

    /// Reads the first line (found by ``firstLine(maximum:)``) and returns its content as a slice.
    mutating func readLine(_ line: (content: Int, lineEnd: Int)) -> ByteBuffer {
        let content = self.readSlice(length: line.content)!
        self.moveReaderIndex(forwardBy: line.lineEnd)
        return content
    }
}
