import UntrustedText

/// An extended response code: the bracketed token at the start of a status line's text
/// (RFC 2449 §8, RFC 3206, RFC 6856).
///
/// RFC 2449 §8:
///
///     resp-code = "[" resp-level *("/" resp-level) "]"
///     resp-level = 1*<any CHAR except "/" and "]">
///
/// Codes are hierarchical: a client that does not know a sub-level treats the code as its known
/// parent, so `[SYS/TEMP/QUOTA]` is ``sysTemp`` and `[IN-USE/OTHER]` is ``inUse``. Matching is
/// case-insensitive.
public enum POP3ResponseCode: Sendable, Hashable {
    /// `[IN-USE]`: the maildrop is locked by another session (RFC 2449 §8.1.1).
    case inUse
    /// `[LOGIN-DELAY]`: logged in too soon after the previous login (RFC 2449 §8.1.2).
    case loginDelay
    /// `[AUTH]`: the credentials were wrong (RFC 3206 §4).
    case auth
    /// `[SYS/TEMP]`: a temporary server problem; try again later (RFC 3206 §5).
    case sysTemp
    /// `[SYS/PERM]`: a permanent server problem; retrying will not help (RFC 3206 §5).
    case sysPerm
    /// `[UTF8]`: the maildrop requires UTF-8 mode (RFC 6856 §2).
    case utf8
    /// Any other code, as sent (without the brackets).
    case other(String)

    /// Interprets the text between the brackets.
    public init(_ code: String) {
        let levels = code.uppercased().split(separator: "/", omittingEmptySubsequences: false)
        switch (levels.first, levels.dropFirst().first) {
        case ("IN-USE", _): self = .inUse
        case ("LOGIN-DELAY", _): self = .loginDelay
        case ("AUTH", _): self = .auth
        case ("UTF8", _): self = .utf8
        case ("SYS", "TEMP"): self = .sysTemp
        case ("SYS", "PERM"): self = .sysPerm
        default: self = .other(code)
        }
    }

    /// `true` for codes after which the same command may succeed later (`IN-USE`, `LOGIN-DELAY`,
    /// `SYS/TEMP`).
    public var isTemporary: Bool {
        switch self {
        case .inUse, .loginDelay, .sysTemp: return true
        case .auth, .sysPerm, .utf8, .other: return false
        }
    }
}

extension POP3ResponseCode {
    /// The code as the server wrote it (RFC 2449 §8).
    public var text: String {
        switch self {
        case .inUse: return "IN-USE"
        case .loginDelay: return "LOGIN-DELAY"
        case .auth: return "AUTH"
        case .sysTemp: return "SYS/TEMP"
        case .sysPerm: return "SYS/PERM"
        case .utf8: return "UTF8"
        case .other(let code): return code.terminalSafe  // the server's word
        }
    }
}
