import NIOCore

/// One unique-id listing: a line of a UIDL answer, or the text of a single-message UIDL `+OK`.
///
/// RFC 1939 §7:
///
///     unique-id   = 1*70 <0x21 to 0x7E>
///     listing     = msg-number SP unique-id
public struct POP3UIDLEntry: POP3ListingEntry {
    /// The longest unique-id RFC 1939 allows.
    public static let maximumUIDLength = 70

    /// The message number in this session (1-based).
    public var number: Int
    /// The unique-id, stable across sessions.
    public var uid: String

    /// Creates an entry.
    public init(number: Int, uid: String) {
        self.number = number
        self.uid = uid
    }

    /// Parses a UIDL listing line (as delivered by ``POP3ResponseEvent/line(_:)``).
    /// - Throws: ``POP3ParseError/Kind/malformedUIDL``.
    public init(line: ByteBuffer) throws(POP3ParseError) {
        let parsed = line.withUnsafeReadableBytes { Self.parse($0) }
        guard let parsed else { throw POP3ParseError(.malformedUIDL, line: line) }
        self = parsed
    }

    /// Parses a UIDL listing line; no option applies to it.
    public init(line: ByteBuffer, options: POP3ResponseParser.Options) throws(POP3ParseError) {
        try self.init(line: line)
    }

    /// Parses the text of a single-message UIDL answer (`+OK 2 QhdPYR:00WBw1Ph7x7`).
    /// - Throws: ``POP3ParseError/Kind/malformedUIDL``.
    public init<Text: StringProtocol>(text: Text) throws(POP3ParseError) {
        guard let parsed = Self.parse(Array(text.utf8)) else { throw POP3ParseError(.malformedUIDL, text: text) }
        self = parsed
    }

    static func parse<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> POP3UIDLEntry? {
        guard let space = bytes.firstIndex(of: UInt8(ascii: " ")),
            let number = DecimalDigits.parse(bytes[..<space]), number >= 1
        else { return nil }
        let uid = bytes[bytes.index(after: space)...]
        guard (1...maximumUIDLength).contains(uid.count),
            uid.allSatisfy({ (0x21...0x7E).contains($0) })
        else { return nil }
        return POP3UIDLEntry(number: number, uid: String(decoding: uid, as: UTF8.self))
    }
}
