import NIOCore

extension POP3ResponseParser {
    /// Reads the status line of the next response and moves into its body or listing, if any.
    ///
    /// RFC 1939 §3: "Responses in the POP3 consist of a status indicator and a keyword possibly
    /// followed by additional information. … There are currently two status indicators: positive
    /// ("+OK") and negative ("-ERR")." RFC 5034 §4 adds, during AUTH, a continuation:
    ///
    ///     continue-req = "+" SP [base64] CRLF
    mutating func nextStatus(_ buffer: inout ByteBuffer) throws(POP3ParseError) -> POP3ResponseEvent? {
        guard buffer.readableBytes > 0 else { return nil }
        guard let framing = self.expected.first else {
            throw POP3ParseError(.unexpectedData, line: buffer)
        }
        guard let found = try buffer.firstLine(maximum: self.options.maximumLineLength) else { return nil }
        let line = buffer.getSlice(at: buffer.readerIndex, length: found.content)!
        let event = try Self.parseStatusLine(line, framing: framing)
        buffer.moveReaderIndex(forwardBy: found.content + found.lineEnd)
        self.expected.removeFirst()
        if case .status(let status) = event, status.isOK {
            switch framing {
            case .multiLineLines:
                self.state = .lines(entries: 0, size: 0)
            case .multiLineBody:
                // See POP3ResponseParser+Body.swift: the status line's own line end decides how the
                // body's lines end.
                self.state = .body(.init(bareLF: found.lineEnd == 1))
            case .singleLine, .sasl:
                break
            }
        }
        return event
    }

    /// Parses one status or continuation line (without its line end) in the given framing.
    static func parseStatusLine(_ line: ByteBuffer, framing: POP3Framing) throws(POP3ParseError) -> POP3ResponseEvent {
        let view = line.readableBytesView
        func hasIndicator(_ indicator: StaticString) -> Bool {
            let count = indicator.utf8CodeUnitCount
            guard view.count >= count else { return false }
            let prefix = UnsafeBufferPointer(start: indicator.utf8Start, count: count)
            guard view.prefix(count).elementsEqual(prefix) else { return false }
            return view.count == count || view[view.startIndex + count] == UInt8(ascii: " ")
        }
        if hasIndicator("+OK") {
            return .status(Self.statusLine(isOK: true, text: view.dropFirst(4)))
        }
        if hasIndicator("-ERR") {
            return .status(Self.statusLine(isOK: false, text: view.dropFirst(5)))
        }
        if hasIndicator("+") {
            // QUIRK: RFC 5034 §4 wants "+" SP even before an empty challenge; some servers send a
            // bare "+" for XOAUTH2 (Yandex does so in IMAP, jonhoo/rust-imap#145). Accepted as an
            // empty challenge. The text is not checked for base64 either: some servers send
            // "+ go ahead" to AUTH PLAIN (jstedfast/MailKit#268), and the mechanism ignores it.
            guard framing == .sasl else { throw POP3ParseError(.unexpectedContinuation, line: line) }
            return .continuation(String(decoding: view.dropFirst(2), as: UTF8.self))
        }
        throw POP3ParseError(.malformedStatusLine, line: line)
    }

    /// Splits an RFC 2449 §8 response code off the start of the text:
    ///
    ///     resp-code = "[" resp-level *("/" resp-level) "]"
    static func statusLine(isOK: Bool, text: ByteBufferView.SubSequence) -> POP3StatusLine {
        if text.first == UInt8(ascii: "["),
            let close = text.firstIndex(of: UInt8(ascii: "]")),
            close > text.startIndex + 1
        {
            let code = String(decoding: text[(text.startIndex + 1)..<close], as: UTF8.self)
            var rest = text[(close + 1)...]
            if rest.first == UInt8(ascii: " ") { rest = rest.dropFirst() }
            return POP3StatusLine(isOK: isOK, code: POP3ResponseCode(code), text: String(decoding: rest, as: UTF8.self))
        }
        return POP3StatusLine(isOK: isOK, code: nil, text: String(decoding: text, as: UTF8.self))
    }
}
