import NIOCore

/// One piece of a server response, as returned by ``POP3ResponseParser/next(_:)``.
///
/// A response is `status`; or, for an `+OK` answer in a multi-line framing, `status` then any number
/// of `line` (or `bodyChunk`) events then `end`; or, in SASL framing, a single `continuation`.
public enum POP3ResponseEvent: Sendable, Hashable {
    /// A `+OK`/`-ERR` status line. For multi-line framings, `-ERR` ends the response (no body).
    case status(POP3StatusLine)
    /// A `+ ` SASL challenge line: the text after `"+ "` (base64, possibly empty).
    case continuation(String)
    /// One line of a ``POP3Framing/multiLineLines`` answer: dot-unstuffed, line end removed.
    case line(ByteBuffer)
    /// Part of a ``POP3Framing/multiLineBody`` answer: dot-unstuffed, line ends exactly as sent.
    /// Chunks are slices of the input buffer and may start or end anywhere inside a line.
    case bodyChunk(ByteBuffer)
    /// The `.` terminator of a multi-line answer was consumed; the response is complete.
    case end
}
