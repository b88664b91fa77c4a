import UntrustedText

/// A server response that breaks the grammar or a limit. Thrown by ``IMAPResponseParser``, which then
/// stays failed: every later call throws the same error.
public struct IMAPParseError: Error, Hashable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Sendable, Hashable {
        /// A line longer than ``IMAPResponseParser/Options/maximumLineLength`` (`actual` counts the
        /// bytes seen without a line end).
        case lineTooLong(actual: Int, maximum: Int)
        /// A held literal larger than ``IMAPResponseParser/Options/maximumLiteralSize``.
        case literalTooLarge(actual: Int, maximum: Int)
        /// A response larger than ``IMAPResponseParser/Options/maximumResponseSize``.
        case responseTooLarge(actual: Int, maximum: Int)
        /// A list with more items than ``IMAPResponseParser/Options/maximumListItems``.
        case tooManyListItems(actual: Int, maximum: Int)
        /// Lists nested deeper than ``IMAPResponseParser/Options/maximumNesting``.
        case nestingTooDeep(actual: Int, maximum: Int)
        /// A body literal larger than ``IMAPResponseParser/Options/maximumBodySize``.
        case bodyTooLarge(actual: Int, maximum: Int)
        /// An `RFC822.SIZE` larger than ``IMAPResponseParser/Options/maximumMessageSize``.
        case messageTooLarge(actual: Int, maximum: Int)
        /// The response does not follow the grammar; `expected` names what should have come.
        case malformed(expected: String)
        /// A second streamed body section in one FETCH.
        case secondBody
    }

    /// What went wrong.
    public var kind: Kind
    /// The start of the offending response (at most 80 bytes), escaped.
    public var excerpt: String

    /// Creates an error; `excerpt` should already be escaped.
    public init(_ kind: Kind, excerpt: String) {
        self.kind = kind
        self.excerpt = excerpt
    }

    init<Bytes: Sequence<UInt8>>(_ kind: Kind, bytes: Bytes) {
        self.init(kind, excerpt: TerminalEscaping.escape(bytes, limit: TerminalEscaping.excerptLength))
    }

    /// What went wrong, with figures and the escaped excerpt.
    public var description: String {
        let what: String
        switch kind {
        case .lineTooLong(let actual, let maximum):
            what = "line too long: \(actual) bytes without a line end, maximum \(maximum)"
        case .literalTooLarge(let actual, let maximum): what = "literal of \(actual) bytes, maximum \(maximum)"
        case .responseTooLarge(let actual, let maximum): what = "response of \(actual) bytes, maximum \(maximum)"
        case .tooManyListItems(let actual, let maximum): what = "list of \(actual) items, maximum \(maximum)"
        case .nestingTooDeep(let actual, let maximum): what = "lists nested \(actual) deep, maximum \(maximum)"
        case .bodyTooLarge(let actual, let maximum): what = "body of \(actual) bytes, maximum \(maximum)"
        case .messageTooLarge(let actual, let maximum):
            what = "RFC822.SIZE of \(actual) octets, maximum \(maximum)"
        case .malformed(let expected): what = "malformed response: expected \(expected)"
        case .secondBody: what = "a second body section in one FETCH"
        }
        return excerpt.isEmpty ? what : "\(what) in \"\(excerpt)\""
    }
}
