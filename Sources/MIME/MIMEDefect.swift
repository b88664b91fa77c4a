/// A tolerated deviation from the MIME RFCs found while parsing.
///
/// Defects never stop the parse: the parser recovers the way mail readers do and records what it bent,
/// so `popvault extract` can write it into the manifest.
public enum MIMEDefect: String, Sendable, Codable, CaseIterable {
    /// A multipart body ended (EOF or an enclosing boundary) without its close delimiter (RFC 2046 §5.1.1).
    case missingFinalBoundary
    /// A `multipart/*` entity had no `boundary` parameter; its body was treated as a single leaf.
    case missingBoundary
    /// A multipart body held no delimiter line; its body was delivered as one leaf (as Python's email does).
    case boundaryNotFound
    /// A body kept in memory was cut at its limit (`Options.maximumPreambleBytes`).
    case truncated
    /// Base64 text held characters outside the alphabet, or misplaced or missing padding (RFC 2045 §6.8).
    case invalidBase64
    /// Quoted-printable text held an `=` not followed by two hex digits (RFC 2045 §6.7).
    case invalidQuotedPrintable
    /// Uuencoded text held malformed lines, or no `end` line.
    case invalidUuencode
    /// A charset label iconv does not know; the legacy charset was used instead.
    case unknownCharset
    /// Bytes that are invalid in the declared charset; they were replaced by U+FFFD.
    case invalidCharsetBytes
    /// An RFC 2047 encoded-word that could not be decoded; it was kept as raw text.
    case invalidEncodedWord
    /// A header line longer than `Options.maximumLineLength`; it was truncated.
    case headerTooLong
    /// A header line without a colon, or a header block without the empty line that ends it.
    case malformedHeader
    /// RFC 2231 continuation pieces with a gap in their numbering; the pieces present were joined.
    case rfc2231MissingPiece
    /// An unknown `Content-Transfer-Encoding`; the body was passed through undecoded.
    case unknownTransferEncoding
    /// Header bytes that are neither ASCII nor valid UTF-8; decoded with the legacy charset.
    case rawEightBitHeader
    /// A malformed `Content-Type` (no `type/subtype`); the default type was used.
    case invalidContentType
}
