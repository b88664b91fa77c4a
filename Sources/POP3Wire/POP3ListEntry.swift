import NIOCore

/// One scan listing: a line of a LIST answer, or the text of a single-message LIST `+OK`.
///
/// RFC 1939 §5: "A scan listing consists of the message-number of the message, followed by a
/// single space and the exact size of the message in octets. … This memo makes no requirement on
/// what follows the message size in the scan listing." Anything after the size is ignored.
public struct POP3ListEntry: POP3ListingEntry {
    /// The message number in this session (1-based).
    public var number: Int
    /// The size in octets, as the server counts it (with CRLF line ends, before byte-stuffing).
    public var size: Int

    /// Creates an entry.
    public init(number: Int, size: Int) {
        self.number = number
        self.size = size
    }

    /// Parses a LIST scan listing line (as delivered by ``POP3ResponseEvent/line(_:)``).
    /// - Throws: ``POP3ParseError/Kind/malformedListing``.
    public init(line: ByteBuffer) throws(POP3ParseError) {
        let parsed = line.withUnsafeReadableBytes { Self.parse($0) }
        guard let parsed else { throw POP3ParseError(.malformedListing, line: line) }
        self = parsed
    }

    /// Parses a LIST scan listing line whose size is at most
    /// ``POP3ResponseParser/Options/maximumListedSize``.
    /// - Throws: ``POP3ParseError/Kind/malformedListing``, ``POP3ParseError/Kind/listedSizeTooLarge(actual:maximum:)``.
    public init(line: ByteBuffer, options: POP3ResponseParser.Options) throws(POP3ParseError) {
        try self.init(line: line)
        guard size <= options.maximumListedSize else {
            throw POP3ParseError(.listedSizeTooLarge(actual: size, maximum: options.maximumListedSize), line: line)
        }
    }

    /// Parses the text of a single-message LIST answer (`+OK 2 200`).
    /// - Throws: ``POP3ParseError/Kind/malformedListing``.
    public init<Text: StringProtocol>(text: Text) throws(POP3ParseError) {
        guard let parsed = Self.parse(Array(text.utf8)) else { throw POP3ParseError(.malformedListing, text: text) }
        self = parsed
    }

    static func parse<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> POP3ListEntry? {
        guard let (number, size) = NumberPair.parse(bytes), number >= 1 else { return nil }
        return POP3ListEntry(number: number, size: size)
    }
}

/// `1*DIGIT SP 1*DIGIT [SP *anything]`, shared by scan listings and the STAT answer.
enum NumberPair {
    static func parse<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> (Int, Int)? {
        guard let space = bytes.firstIndex(of: UInt8(ascii: " ")),
            let first = DecimalDigits.parse(bytes[..<space])
        else { return nil }
        let rest = bytes[bytes.index(after: space)...]
        let end = rest.firstIndex(of: UInt8(ascii: " ")) ?? rest.endIndex
        guard let second = DecimalDigits.parse(rest[..<end]) else { return nil }
        return (first, second)
    }
}
