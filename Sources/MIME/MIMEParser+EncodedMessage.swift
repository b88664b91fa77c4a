extension MIMEParser {
    /// A parser for the message inside a base64 or quoted-printable `message/rfc822|global|news` part at
    /// `path`: it reports to the same handler, numbers its parts under `path`, and counts its depth and
    /// entities together with this parser's.
    func encodedMessageParser(path: String) throws -> MIMEParser {
        try checkDepth(frames.count + 1, path: path)
        var inner = MIMEParser(options: options, handler: handler)
        inner.entityCount = entityCount
        inner.outerFrames = outerFrames + frames.count
        inner.outerMessages = outerMessages + frames.reduce(0) { n, f in if case .message = f { n + 1 } else { n } }
        inner.mainBodyChosen = true
        inner.pending = .message(prefix: path)
        return inner
    }
}

/// The message inside an encoded `message/*` part, parsed from the part's decoded bytes as they come;
/// the part itself is still delivered as a leaf (the decoded message: one `.eml` for extract).
// QUIRK: RFC 2046 §5.2.1 allows only 7bit, 8bit or binary for `message/rfc822`, yet some senders encode the
// attached message in base64 (the PHP mailer of php-mime-mail-parser issue274.eml, the mailers of mime4j's
// multi-2gifs-base64.msg and base64encoded-rfc822message.msg) or quoted-printable. Like mime4j, we decode
// the part and parse the message inside, so its attachments are found.
final class EncodedMessage {
    var parser: MIMEParser

    init(parser: MIMEParser) {
        self.parser = parser
    }

    func feed(_ decoded: UnsafeRawBufferPointer) throws {
        try parser.feed(decoded)
    }

    func finish() throws {
        try parser.finish()
    }
}
