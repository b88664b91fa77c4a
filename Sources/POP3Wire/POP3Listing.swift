import NIOCore

/// A line of a UIDL or LIST answer, as ``POP3Listing`` reads it.
public protocol POP3ListingEntry: Sendable, Hashable {
    /// The message number in this session (1-based).
    var number: Int { get }
    /// Parses a listing line, within `options`' limits.
    init(line: ByteBuffer, options: POP3ResponseParser.Options) throws(POP3ParseError)
}

/// A whole UIDL or LIST answer, checked line by line as it is read.
///
/// RFC 1939 §5: "each message in the maildrop is assigned a message-number … the nth message in a
/// maildrop is assigned a message-number of "n"". A listing that names one number twice (`1 uid-a`,
/// `1 uid-b`) gives one message two keys or two sizes: a client would retrieve message 1 for both and
/// record `uid-b` with message 1's bytes. Such a line throws ``POP3ParseError/Kind/repeatedMessageNumber(_:)``.
public struct POP3Listing<Entry: POP3ListingEntry>: Sendable {
    /// The entries read so far, in the server's order.
    public var entries: [Entry] { read }
    @usableFromInline var read: [Entry] = []
    @usableFromInline let options: POP3ResponseParser.Options
    /// The highest number so far: while numbers ascend (every server seen), that alone proves them unique.
    @usableFromInline var highest = 0
    /// Every number so far, built only once a listing leaves ascending order.
    @usableFromInline var numbers: Set<Int>?

    public init(options: POP3ResponseParser.Options = .init()) {
        self.options = options
    }

    /// Parses `line` and adds its entry. Inlinable, so that the session's UIDL loop is specialized for its
    /// entry type (20,000 lines on a no-op run).
    /// - Throws: the entry's parse error, or ``POP3ParseError/Kind/repeatedMessageNumber(_:)``.
    @inlinable
    public mutating func append(line: ByteBuffer) throws(POP3ParseError) {
        let entry = try Entry(line: line, options: options)
        if entry.number > highest, numbers == nil {
            highest = entry.number
        } else {
            if numbers == nil { numbers = Set(read.map(\.number)) }
            guard numbers!.insert(entry.number).inserted else {
                throw POP3ParseError(.repeatedMessageNumber(entry.number), line: line)
            }
        }
        read.append(entry)
    }
}
