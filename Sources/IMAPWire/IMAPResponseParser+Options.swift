extension IMAPResponseParser {
    /// Limits that keep a hostile or broken server from exhausting memory. Each broken limit throws an
    /// ``IMAPParseError`` carrying the actual value and the maximum.
    public struct Options: Sendable, Hashable {
        /// The longest line (up to CRLF or up to a literal's `{n}`), without its line end. A `SEARCH`
        /// answer is one line: the default holds about a million UIDs.
        public var maximumLineLength: Int
        /// The largest literal held in memory (mailbox names, quoted data). Streamed bodies are not held.
        public var maximumLiteralSize: Int
        /// The most bytes of one response, all its lines and held literals together.
        public var maximumResponseSize: Int
        /// The most items of one parenthesized list or `SEARCH` answer.
        public var maximumListItems: Int
        /// The deepest nesting of parenthesized lists.
        public var maximumNesting: Int
        /// The largest streamed body (`BODY[]` literal), or `nil` for no limit.
        public var maximumBodySize: Int?
        /// The largest `RFC822.SIZE` a server may announce. RFC 3501 makes it a 32-bit `number`, RFC 9051
        /// a 63-bit `number64`; no mailbox holds a message of a terabyte, and a larger figure is refused
        /// before it reaches a sum.
        public var maximumMessageSize: Int

        /// Creates options.
        public init(
            maximumLineLength: Int = 8 * 1024 * 1024,
            maximumLiteralSize: Int = 64 * 1024,
            maximumResponseSize: Int = 16 * 1024 * 1024,
            maximumListItems: Int = 2_000_000,
            maximumNesting: Int = 16,
            maximumBodySize: Int? = nil,
            maximumMessageSize: Int = 1 << 40
        ) {
            self.maximumLineLength = maximumLineLength
            self.maximumLiteralSize = maximumLiteralSize
            self.maximumResponseSize = maximumResponseSize
            self.maximumListItems = maximumListItems
            self.maximumNesting = maximumNesting
            self.maximumBodySize = maximumBodySize
            self.maximumMessageSize = maximumMessageSize
        }
    }
}
