extension MIMEParser {
    /// Limits and policies of a `MIMEParser`. Exceeding a limit throws `MIMEError` with actual and maximum.
    public struct Options: Sendable {
        /// Maximum nesting of multiparts and embedded messages (the top-level message counts 1).
        public var maximumDepth: Int
        /// Maximum entities (leaf parts, multiparts, embedded messages, uuencoded files) in one message.
        public var maximumParts: Int
        /// Maximum bytes of one header block (a message's or a part's).
        public var maximumHeaderBytes: Int
        /// Header lines longer than this are truncated (defect `headerTooLong`). RFC 5322 §2.1.1 says 998.
        /// A line whose field name runs past this (no colon in the kept bytes) is not a field: it ends the
        /// header block (defect `malformedHeader`). A line is thus decided from its first bytes, however long.
        public var maximumLineLength: Int
        /// Charset for raw 8-bit header bytes that are not UTF-8, and for unknown charset labels.
        public var legacyCharset: String
        /// Bytes of a multipart preamble kept in case no delimiter follows (the body then becomes one leaf,
        /// defect `boundaryNotFound`); beyond this the leaf is cut (defect `truncated`).
        public var maximumPreambleBytes: Int
        /// Look for inline uuencoded files (`begin 644 name` … `end`) in unnamed text/plain parts.
        public var detectUuencode: Bool

        public init(
            maximumDepth: Int = 32, maximumParts: Int = 10_000, maximumHeaderBytes: Int = 256 * 1024,
            maximumLineLength: Int = 64 * 1024, legacyCharset: String = "windows-1252",
            maximumPreambleBytes: Int = 1024 * 1024,
            detectUuencode: Bool = true
        ) {
            self.maximumPreambleBytes = maximumPreambleBytes
            self.maximumDepth = maximumDepth
            self.maximumParts = maximumParts
            self.maximumHeaderBytes = maximumHeaderBytes
            self.maximumLineLength = maximumLineLength
            self.legacyCharset = legacyCharset
            self.detectUuencode = detectUuencode
        }
    }
}
