import NIOCore
import UntrustedText

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

extension POP3ResponseEvent {
    /// The event as `-vv` shows it, escaped for a terminal (see ``TerminalEscaping``), or `nil` for a piece of
    /// a message body, which is never logged. A SASL challenge is redacted: XOAUTH2 error challenges
    /// carry server data and other mechanisms' could carry material an observer should not replay.
    /// The greeting (with its APOP timestamp) and listings are shown as sent.
    public var logDescription: String? {
        switch self {
        case .status(let status):
            let code = status.code.map { "[\($0.text.escapedForLog)] " } ?? ""
            return (status.isOK ? "+OK " : "-ERR ") + code + status.text.escapedForLog
        case .continuation: return "+ <redacted SASL challenge>"
        case .line(let line): return line.withUnsafeReadableBytes { TerminalEscaping.escape($0) }
        case .bodyChunk: return nil
        case .end: return "."
        }
    }
}
