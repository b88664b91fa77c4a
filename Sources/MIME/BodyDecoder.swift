/// The decoder for one leaf body, chosen by its `Content-Transfer-Encoding` (RFC 2045 §6).
struct BodyDecoder {
    enum Kind { case identity, base64, quotedPrintable, uuencode }
    let kind: Kind
    private var base64 = Base64Decoder()
    private var quotedPrintable = QuotedPrintableDecoder()
    private(set) var uuencode = UuencodeDecoder()
    /// Set for an encoding we do not know (the body passes through undecoded).
    let unknown: Bool

    init(transferEncoding: String) {
        switch transferEncoding {
        case "base64":
            kind = .base64
            unknown = false
        case "quoted-printable":
            kind = .quotedPrintable
            unknown = false
        case "x-uuencode", "uuencode", "x-uue", "uue":
            kind = .uuencode
            unknown = false
        default:
            kind = .identity
            // QUIRK: `8bits`, `7-bit` and other misspellings are taken as identity, like every reader does.
            unknown = !["7bit", "8bit", "binary", "7-bit", "8-bit", "8bits", "7bits", "none", "text", "plain"]
                .contains(transferEncoding)
        }
    }

    /// Decodes `input` into `output` (room for `input.count + 4096` bytes); returns bytes written.
    mutating func decode(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawPointer) -> Int {
        switch kind {
        case .identity:
            if input.count > 0 { output.copyMemory(from: input.baseAddress!, byteCount: input.count) }
            return input.count
        case .base64: return base64.decode(input, into: output)
        case .quotedPrintable: return quotedPrintable.decode(input, into: output)
        case .uuencode: return uuencode.decode(input, into: output)
        }
    }

    /// Ends the body; returns the bytes written for a trailing partial quantum or line.
    mutating func finish(into output: UnsafeMutableRawPointer) -> Int {
        switch kind {
        case .identity: return 0
        case .base64: return base64.finish(into: output)
        case .quotedPrintable: return quotedPrintable.finish(into: output)
        case .uuencode: return uuencode.finish(into: output)
        }
    }

    var defects: [MIMEDefect] {
        switch kind {
        case .identity: return unknown ? [.unknownTransferEncoding] : []
        case .base64: return base64.defects
        case .quotedPrintable: return quotedPrintable.defects
        case .uuencode: return uuencode.defects
        }
    }
}

/// The state of the leaf part being read.
final class LeafContext {
    var part: MIMEPart
    var decoder: BodyDecoder
    /// The handler asked for the decoded body.
    var wanted = false
    /// False for an x-uuencode part until its `begin` line gave the file name (or the body ended).
    var announced = true
    /// Scans an unnamed text/plain body for inline uuencoded files.
    var inline: InlineUuencode?
    var defects: [MIMEDefect] = []
    /// Inline uuencoded files found so far, and the one open now.
    var inlineCount = 0
    var inlinePart: MIMEPart?
    var inlineWanted = false
    /// The message inside an encoded `message/*` part, fed with the decoded body.
    var encodedMessage: EncodedMessage?

    init(part: MIMEPart, decoder: BodyDecoder) {
        self.part = part
        self.decoder = decoder
    }

    /// Whether body bytes must be decoded at all.
    var needsBytes: Bool { wanted || !announced || inline != nil || encodedMessage != nil }
}
