/// The answer to STAT: how many messages the maildrop holds and their total size.
///
/// RFC 1939 §5: "The positive response consists of "+OK" followed by a single space, the number of
/// messages in the maildrop, a single space, and the size of the maildrop in octets. This memo
/// makes no requirement on what follows the maildrop size."
public struct POP3Stat: Sendable, Hashable {
    /// The number of messages (not counting those marked deleted).
    public var count: Int
    /// Their total size in octets.
    public var size: Int

    /// Creates a STAT answer.
    public init(count: Int, size: Int) {
        self.count = count
        self.size = size
    }

    /// Parses the text of a STAT `+OK` answer (``POP3StatusLine/text``, e.g. `"2 320"`).
    /// - Throws: ``POP3ParseError/Kind/malformedStat``.
    public init<Text: StringProtocol>(text: Text) throws(POP3ParseError) {
        guard let (count, size) = NumberPair.parse(Array(text.utf8)) else {
            throw POP3ParseError(.malformedStat, text: text)
        }
        self.init(count: count, size: size)
    }
}
