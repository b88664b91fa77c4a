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
        /// The largest message size a LIST line may state (checked by ``POP3Listing``, not by the parser).
        /// The default, 1 TiB, is far beyond any mail; with at most ``maximumUIDLEntries`` (2^20) entries
        /// the sizes of a whole listing then sum to at most 2^60, so no total or progress figure overflows.
        public var maximumListedSize: Int

        /// Creates options; the defaults suit a mailbox of up to a million messages.
        public init(
            maximumLineLength: Int = 4096,
            maximumLinesResponseSize: Int = 128 * 1024 * 1024,
            maximumUIDLEntries: Int = 1_000_000,
            maximumBodySize: Int? = nil,
            maximumListedSize: Int = 1 << 40
        ) {
            self.maximumLineLength = maximumLineLength
            self.maximumLinesResponseSize = maximumLinesResponseSize
            self.maximumUIDLEntries = maximumUIDLEntries
            self.maximumBodySize = maximumBodySize
            self.maximumListedSize = maximumListedSize
        }
    }
}
