import UntrustedText

/// A response code: the bracketed part of a status response (RFC 3501 §7.1, RFC 5530).
public enum IMAPResponseCode: Sendable, Hashable, CustomStringConvertible {
    /// `ALERT`: text the user must see.
    case alert
    /// `CAPABILITY …`: the capabilities, saving a CAPABILITY command.
    case capability([String])
    /// `PERMANENTFLAGS (…)`: flags the client may change permanently.
    case permanentFlags([String])
    /// `UIDVALIDITY n`.
    case uidValidity(UInt32)
    /// `UIDNEXT n`: the next UID the mailbox will assign.
    case uidNext(UInt32)
    /// `UNSEEN n`: the first unseen message's number.
    case unseen(UInt32)
    /// `READ-ONLY` (after EXAMINE) or `READ-WRITE` (after SELECT).
    case readOnly
    case readWrite
    /// Any other code, with the raw text after its name (e.g. `AUTHENTICATIONFAILED`, `UNAVAILABLE`,
    /// `TRYCREATE`, `APPENDUID 38505 3955`).
    case other(String, String)

    /// RFC 5530 codes meaning "try again later", not "wrong credentials" or "no such thing".
    public var isTemporary: Bool {
        if case .other(let name, _) = self { return ["UNAVAILABLE", "INUSE", "LIMIT", "SERVERBUG"].contains(name) }
        return false
    }

    /// The code as written on the wire.
    public var description: String {
        switch self {
        case .alert: return "ALERT"
        case .capability(let names): return (["CAPABILITY"] + names).joined(separator: " ")
        case .permanentFlags(let flags): return "PERMANENTFLAGS (\(flags.joined(separator: " ")))"
        case .uidValidity(let value): return "UIDVALIDITY \(value)"
        case .uidNext(let value): return "UIDNEXT \(value)"
        case .unseen(let value): return "UNSEEN \(value)"
        case .readOnly: return "READ-ONLY"
        case .readWrite: return "READ-WRITE"
        case .other(let name, ""): return name.terminalSafe
        case .other(let name, let text): return "\(name) \(text)".terminalSafe
        }
    }
}
