extension POP3ResponseParser {
    /// Limits that keep a hostile or broken server from exhausting memory. Each broken limit throws
    /// a ``POP3ParseError`` carrying the actual value and the maximum.
    public struct Options: Sendable, Hashable {
        /// The longest status or listing line, without its line end. RFC 2449 §4 caps responses at
        /// 512 octets; the default leaves room for servers with long greetings or CAPA lines.
        /// Body lines (RETR, TOP) are not limited: they are streamed, never held.
        public var maximumLineLength: Int
        /// The most bytes (line ends included) of one ``POP3Framing/multiLineLines`` answer.
        public var maximumLinesResponseSize: Int
        /// The most lines of one ``POP3Framing/multiLineLines`` answer (UIDL, LIST and CAPA).
        public var maximumUIDLEntries: Int
        /// The most body bytes of one ``POP3Framing/multiLineBody`` answer, or `nil` for no limit.
        public var maximumBodySize: Int?

        /// Creates options; the defaults suit a mailbox of up to a million messages.
        public init(
            maximumLineLength: Int = 4096,
            maximumLinesResponseSize: Int = 128 * 1024 * 1024,
            maximumUIDLEntries: Int = 1_000_000,
            maximumBodySize: Int? = nil
        ) {
            self.maximumLineLength = maximumLineLength
            self.maximumLinesResponseSize = maximumLinesResponseSize
            self.maximumUIDLEntries = maximumUIDLEntries
            self.maximumBodySize = maximumBodySize
        }
    }
}
