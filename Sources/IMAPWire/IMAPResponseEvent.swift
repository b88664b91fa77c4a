import NIOCore
import UntrustedText

/// One unit of what the server sends, as ``IMAPResponseParser`` delivers it.
///
/// A `FETCH` response carrying a message body (`BODY[]`) is streamed: ``fetchBegin(sequence:attributes:)``
/// with the attributes that came before the body, any number of ``bodyChunk(_:)``, and
/// ``fetchEnd(sequence:attributes:)`` with every attribute of the response (those after the body too).
/// A `FETCH` without a body is one ``untagged(_:)`` ``IMAPUntaggedResponse/fetch(sequence:attributes:)``.
public enum IMAPResponseEvent: Sendable, Hashable {
    /// A `*` response other than a streamed FETCH.
    case untagged(IMAPUntaggedResponse)
    /// The tagged completion of a command.
    case tagged(IMAPTaggedResponse)
    /// `+ text`: the server waits for a literal or a SASL response (RFC 3501 §7.5).
    case continuation(String)
    /// A FETCH with a body starts; `attributes` are those before the body.
    case fetchBegin(sequence: UInt32, attributes: [IMAPFetchAttribute])
    /// The next bytes of the body, exactly as the server sent them.
    case bodyChunk(ByteBuffer)
    /// The FETCH is complete; `attributes` are all of it, in order, the body excluded.
    case fetchEnd(sequence: UInt32, attributes: [IMAPFetchAttribute])
}

/// A `*` response (RFC 3501 §7).
public enum IMAPUntaggedResponse: Sendable, Hashable {
    /// `OK`, `NO`, `BAD`, `PREAUTH` or `BYE` with its response code and text (RFC 3501 §7.1).
    case condition(IMAPStatus)
    /// `CAPABILITY` (RFC 3501 §7.2.1), the names as sent.
    case capability([String])
    /// `LIST` (RFC 3501 §7.2.2).
    case list(IMAPListEntry)
    /// `FLAGS` (RFC 3501 §7.2.6).
    case flags([String])
    /// `SEARCH` (RFC 3501 §7.2.5): numbers (UIDs for `UID SEARCH`).
    case search([UInt32])
    /// `n EXISTS` (RFC 3501 §7.3.1).
    case exists(Int)
    /// `n RECENT` (RFC 3501 §7.3.2).
    case recent(Int)
    /// `n EXPUNGE` (RFC 3501 §7.4.1).
    case expunge(UInt32)
    /// `n FETCH (…)` without a body (RFC 3501 §7.4.2).
    case fetch(sequence: UInt32, attributes: [IMAPFetchAttribute])
    /// Any other untagged response (`STATUS`, `ENABLED`, `ID`, `NAMESPACE`…), skipped whole,
    /// literals included; the keyword is given.
    case other(String)
}

/// A tagged completion: `tag OK|NO|BAD [code] text` (RFC 3501 §7.1).
public struct IMAPTaggedResponse: Sendable, Hashable {
    /// The tag of the command it completes.
    public var tag: String
    /// The outcome, code and text.
    public var status: IMAPStatus

    /// Creates a tagged response.
    public init(tag: String, status: IMAPStatus) {
        self.tag = tag
        self.status = status
    }
}

/// A status condition with its optional response code and the server's human-readable text.
public struct IMAPStatus: Sendable, Hashable, CustomStringConvertible {
    /// Which condition.
    public enum Condition: String, Sendable, Hashable {
        case ok = "OK"
        case no = "NO"
        case bad = "BAD"
        case preauth = "PREAUTH"
        case bye = "BYE"
    }

    /// Which condition.
    public var condition: Condition
    /// The bracketed response code, if any.
    public var code: IMAPResponseCode?
    /// The server's text (may be empty).
    public var text: String

    /// Creates a status.
    public init(_ condition: Condition, code: IMAPResponseCode? = nil, text: String = "") {
        self.condition = condition
        self.code = code
        self.text = text
    }

    /// The status as the server would have written it (text escaped for terminals).
    public var description: String {
        var result = condition.rawValue
        if let code { result += " [\(code)]" }
        if !text.isEmpty { result += " " + text.terminalSafe }
        return result
    }
}
