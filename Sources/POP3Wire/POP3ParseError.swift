import NIOCore
import UntrustedText

/// A server response that breaks the grammar or a limit. Thrown by ``POP3ResponseParser`` (which
/// then stays failed: every later call throws the same error) and by the line models.
public struct POP3ParseError: Error, Hashable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Sendable, Hashable {
        /// A status or listing line longer than ``POP3ResponseParser/Options/maximumLineLength``.
        /// `actual` counts the bytes seen without finding a line end (at least `maximum + 1`).
        case lineTooLong(actual: Int, maximum: Int)
        /// A multi-line listing larger than ``POP3ResponseParser/Options/maximumLinesResponseSize``.
        case responseTooLarge(actual: Int, maximum: Int)
        /// A multi-line listing with more lines than ``POP3ResponseParser/Options/maximumUIDLEntries``.
        case tooManyEntries(actual: Int, maximum: Int)
        /// A message body larger than ``POP3ResponseParser/Options/maximumBodySize``.
        case bodyTooLarge(actual: Int, maximum: Int)
        /// A line that should be a status line but starts with neither `+OK` nor `-ERR`.
        case malformedStatusLine
        /// A `+ ` continuation outside a SASL exchange.
        case unexpectedContinuation
        /// Bytes arrived while no response was expected (no command outstanding).
        case unexpectedData
        /// A UIDL line that is not `msg SP uid` with a 1–70 character uid of 0x21–0x7E (RFC 1939 §7).
        case malformedUIDL
        /// A LIST scan listing that is not `msg SP size` (RFC 1939 §5).
        case malformedListing
        /// A STAT answer that is not `count SP size` (RFC 1939 §5).
        case malformedStat
        /// A UIDL or LIST answer that lists this message number a second time (RFC 1939 §5: one number per
        /// message); see ``POP3Listing``.
        case repeatedMessageNumber(Int)
        /// A LIST size larger than ``POP3ResponseParser/Options/maximumListedSize``.
        case listedSizeTooLarge(actual: Int, maximum: Int)
    }

    /// What went wrong.
    public var kind: Kind
    /// The start of the offending line (at most 80 bytes), with control and non-ASCII bytes escaped.
    public var excerpt: String

    /// Creates an error; `excerpt` should already be escaped (see ``init(_:line:)``).
    public init(_ kind: Kind, excerpt: String) {
        self.kind = kind
        self.excerpt = excerpt
    }

    /// Creates an error quoting the start of `line`, escaped.
    public init(_ kind: Kind, line: ByteBuffer) {
        self.init(kind, excerpt: TerminalEscaping.escape(line.readableBytesView, limit: TerminalEscaping.excerptLength))
    }

    /// Creates an error quoting the start of `text`, escaped.
    public init<Text: StringProtocol>(_ kind: Kind, text: Text) {
        self.init(kind, excerpt: TerminalEscaping.escape(text.utf8, limit: TerminalEscaping.excerptLength))
    }

    /// What went wrong, with the limit figures and the escaped excerpt of the server's line.
    public var description: String {
        let what: String
        switch self.kind {
        case .lineTooLong(let actual, let maximum):
            what = "line too long: \(actual) bytes without a line end, maximum \(maximum)"
        case .responseTooLarge(let actual, let maximum):
            what = "multi-line response too large: \(actual) bytes, maximum \(maximum)"
        case .tooManyEntries(let actual, let maximum):
            what = "multi-line response has too many lines: \(actual), maximum \(maximum)"
        case .bodyTooLarge(let actual, let maximum):
            what = "message body too large: \(actual) bytes, maximum \(maximum)"
        case .malformedStatusLine: what = "malformed status line"
        case .unexpectedContinuation: what = "SASL continuation outside an AUTH exchange"
        case .unexpectedData: what = "data from the server while no response was expected"
        case .malformedUIDL: what = "malformed UIDL line"
        case .malformedListing: what = "malformed LIST line"
        case .malformedStat: what = "malformed STAT answer"
        case .repeatedMessageNumber(let number): what = "listing repeats message number \(number)"
        case .listedSizeTooLarge(let actual, let maximum):
            what = "listed message size too large: \(actual) octets, maximum \(maximum)"
        }
        return self.excerpt.isEmpty ? what : "\(what): \"\(self.excerpt)\""
    }
}
