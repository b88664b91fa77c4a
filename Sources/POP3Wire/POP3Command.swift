/// A POP3 client command (RFC 1939, RFC 2449 CAPA, RFC 2595 STLS, RFC 5034 AUTH).
///
/// Message numbers are 1-based. String arguments are sent as UTF-8; a CR, LF or NUL inside an
/// argument could smuggle a second command onto the wire, so ``encode(into:)`` strips those bytes
/// and ``validate()`` reports them as an error: call `validate()` before sending anything built from
/// untrusted or user-supplied text (user names, passwords, tokens).
public enum POP3Command: Sendable, Hashable {
    /// `USER name` (RFC 1939 §7).
    case user(String)
    /// `PASS string` (RFC 1939 §7). The password may contain spaces.
    case pass(String)
    /// `APOP name digest` (RFC 1939 §7): `digestHex` is the lowercase hex MD5 of timestamp + secret,
    /// computed by the transport (this module has no crypto).
    case apop(user: String, digestHex: String)
    /// `AUTH mechanism [initial-response]` (RFC 5034 §4). `initialResponse` is already base64;
    /// `"="` sends an empty initial response.
    case auth(mechanism: String, initialResponse: String?)
    /// A client line answering a `+ ` challenge during AUTH: base64 text, or `"*"` to cancel.
    case saslResponse(String)
    /// `CAPA` (RFC 2449 §5).
    case capa
    /// `STLS` (RFC 2595 §4).
    case stls
    /// `UTF8` (RFC 6856 §2): valid only in the AUTHORIZATION state; the server then sends messages
    /// whose headers hold raw UTF-8 as they are.
    case utf8
    /// `STAT`.
    case stat
    /// `LIST [msg]`: a scan listing of all messages (multi-line) or one (single line).
    case list(Int?)
    /// `UIDL [msg]`: unique ids of all messages (multi-line) or one (single line).
    case uidl(Int?)
    /// `RETR msg`.
    case retr(Int)
    /// `TOP msg n`: the header and the first `lines` lines of the body.
    case top(Int, lines: Int)
    /// `DELE msg`.
    case dele(Int)
    /// `RSET`.
    case rset
    /// `NOOP`.
    case noop
    /// `QUIT`.
    case quit

    /// The SASL line that cancels an authentication exchange (RFC 5034 §4).
    public static let saslCancel = POP3Command.saslResponse("*")

    /// How the server's answer to this command is framed.
    public var framing: POP3Framing {
        switch self {
        case .capa, .list(nil), .uidl(nil):
            return .multiLineLines
        case .retr, .top:
            return .multiLineBody
        case .auth, .saslResponse:
            return .sasl
        case .user, .pass, .apop, .stls, .utf8, .stat, .list, .uidl, .dele, .rset, .noop, .quit:
            return .singleLine
        }
    }

    /// The command keyword as sent (`"RETR"`), or `nil` for a SASL response line, which has none.
    public var keyword: String? {
        switch self {
        case .user: return "USER"
        case .pass: return "PASS"
        case .apop: return "APOP"
        case .auth: return "AUTH"
        case .saslResponse: return nil
        case .capa: return "CAPA"
        case .stls: return "STLS"
        case .utf8: return "UTF8"
        case .stat: return "STAT"
        case .list: return "LIST"
        case .uidl: return "UIDL"
        case .retr: return "RETR"
        case .top: return "TOP"
        case .dele: return "DELE"
        case .rset: return "RSET"
        case .noop: return "NOOP"
        case .quit: return "QUIT"
        }
    }
}
