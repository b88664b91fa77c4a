/// How the server's answer to one command is framed (RFC 1939 §3, RFC 5034 §4).
///
/// The client knows the framing of every answer from the command it sent; the parser is told
/// through ``POP3ResponseParser/expect(_:)``.
public enum POP3Framing: Sendable, Hashable {
    /// A single status line: `+OK ...` or `-ERR ...` (USER, PASS, STAT, DELE, the greeting, ...).
    case singleLine
    /// A status line, then — if it is `+OK` — lines up to a lone `.`, delivered one by one
    /// (CAPA, LIST and UIDL without argument).
    case multiLineLines
    /// A status line, then — if it is `+OK` — a dot-stuffed message up to a lone `.`, delivered as
    /// a stream of byte chunks (RETR, TOP).
    case multiLineBody
    /// A SASL exchange step (AUTH and each answer to a challenge): the server answers either
    /// `+ <base64 challenge>` or a final `+OK`/`-ERR`.
    case sasl
}
