import UntrustedText

/// The client commands popvault sends (RFC 9051 / RFC 3501 subset an archiver needs).
///
/// A command is sent with a tag (``IMAPTaggedCommand``); SASL answers to a continuation request are
/// untagged lines (``IMAPClientMessage/saslResponse(_:)``).
public enum IMAPCommand: Sendable, Hashable {
    /// `CAPABILITY` (RFC 3501 §6.1.1).
    case capability
    /// `NOOP` (RFC 3501 §6.1.2).
    case noop
    /// `LOGOUT` (RFC 3501 §6.1.3).
    case logout
    /// `STARTTLS` (RFC 3501 §6.2.1).
    case startTLS
    /// `LOGIN user password` (RFC 3501 §6.2.3), each as a quoted string or a literal.
    case login(user: String, password: String)
    /// `AUTHENTICATE mechanism [initial-response]` (RFC 3501 §6.2.2, SASL-IR RFC 4959); the
    /// initial response is already base64 (an empty one is sent as `=`).
    case authenticate(mechanism: String, initialResponse: String?)
    /// `LIST reference pattern` (RFC 3501 §6.3.8); `LIST "" "*"` lists every mailbox.
    case list(reference: IMAPMailboxName, pattern: String)
    /// `SELECT mailbox` (RFC 3501 §6.3.1): read-write.
    case select(IMAPMailboxName)
    /// `EXAMINE mailbox` (RFC 3501 §6.3.2): read-only, flags never change.
    case examine(IMAPMailboxName)
    /// `UID SEARCH UID first:4294967295` (RFC 3501 §6.4.4, §6.4.8): the UIDs from `first` up.
    ///
    /// The range ends at the largest UID (RFC 3501 §2.3.1.1), not at `*`, which also matches the highest
    /// message when every UID is below `first` (§6.4.8). The archiver lists a folder with `UID FETCH`
    /// instead (``IMAPUIDSet/init(from:)``): GNU Mailutils imap4d 3.15 answers `UID SEARCH UID 1:*` with
    /// no UIDs and reads the UIDs of `UID SEARCH UID n:m` as message sequence numbers.
    case uidSearch(from: UInt32)
    /// `UID FETCH set (items)` (RFC 3501 §6.4.5, §6.4.8).
    case uidFetch(IMAPUIDSet, IMAPFetchItems)
    /// `UID STORE set +FLAGS.SILENT (flags)` (RFC 3501 §6.4.6).
    case uidStoreAddFlags(IMAPUIDSet, [String])
    /// `EXPUNGE` (RFC 3501 §6.4.3): removes every `\Deleted` message of the mailbox.
    case expunge
    /// `UID EXPUNGE set` (RFC 4315 §2.1, UIDPLUS): removes only these `\Deleted` messages.
    case uidExpunge(IMAPUIDSet)

    /// The command name as sent.
    public var keyword: String {
        switch self {
        case .capability: return "CAPABILITY"
        case .noop: return "NOOP"
        case .logout: return "LOGOUT"
        case .startTLS: return "STARTTLS"
        case .login: return "LOGIN"
        case .authenticate: return "AUTHENTICATE"
        case .list: return "LIST"
        case .select: return "SELECT"
        case .examine: return "EXAMINE"
        case .uidSearch: return "UID SEARCH"
        case .uidFetch: return "UID FETCH"
        case .uidStoreAddFlags: return "UID STORE"
        case .expunge: return "EXPUNGE"
        case .uidExpunge: return "UID EXPUNGE"
        }
    }
}

/// The data items of a `UID FETCH`.
public enum IMAPFetchItems: Sendable, Hashable {
    /// `(UID RFC822.SIZE INTERNALDATE FLAGS)`: what a plan needs, no bodies.
    case metadata
    /// `(UID RFC822.SIZE INTERNALDATE FLAGS BODY.PEEK[])`: the whole message, without setting `\Seen`.
    case messages

    var text: String {
        switch self {
        case .metadata: return "(UID RFC822.SIZE INTERNALDATE FLAGS)"
        case .messages: return "(UID RFC822.SIZE INTERNALDATE FLAGS BODY.PEEK[])"
        }
    }
}

/// A command with its tag.
public struct IMAPTaggedCommand: Sendable, Hashable, CustomStringConvertible {
    /// The tag: 1–32 `ATOM-CHAR`s other than `+` (RFC 3501 §9 `tag`).
    public var tag: String
    /// The command.
    public var command: IMAPCommand

    /// Creates a tagged command.
    public init(tag: String, command: IMAPCommand) {
        self.tag = tag
        self.command = command
    }

    /// The command line with secrets replaced by `<redacted>` (the LOGIN password, SASL data). Safe for logs.
    public var description: String {
        switch command {
        case .login(let user, _): return "\(tag) LOGIN \(TerminalEscaping.escape(user.utf8)) <redacted>"
        case .authenticate(let mechanism, _?): return "\(tag) AUTHENTICATE \(mechanism) <redacted>"
        case .authenticate(let mechanism, nil): return "\(tag) AUTHENTICATE \(mechanism)"
        case .list(let reference, let pattern):
            return "\(tag) LIST \"\(reference)\" \"\(TerminalEscaping.escape(pattern.utf8))\""
        case .select(let name), .examine(let name):
            return "\(tag) \(command.keyword) \"\(TerminalEscaping.escape(name.wire))\""
        case .uidSearch(let first): return "\(tag) UID SEARCH UID \(max(first, 1)):\(UInt32.max)"
        case .uidFetch(let set, let items): return "\(tag) UID FETCH \(set) \(items.text)"
        case .uidStoreAddFlags(let set, let flags):
            return "\(tag) UID STORE \(set) +FLAGS.SILENT (\(flags.joined(separator: " ")))"
        case .uidExpunge(let set): return "\(tag) UID EXPUNGE \(set)"
        default: return "\(tag) \(command.keyword)"
        }
    }
}

/// What the client writes: a tagged command, or a line answering a continuation request.
public enum IMAPClientMessage: Sendable, Hashable {
    /// A tagged command.
    case command(IMAPTaggedCommand)
    /// A SASL response (base64, or `*` to cancel) answering a `+` continuation (RFC 3501 §6.2.2).
    case saslResponse(String)
}
