/// A `+OK` or `-ERR` status line (RFC 1939 §3), with its RFC 2449 §8 response code split off.
public struct POP3StatusLine: Sendable, Hashable {
    /// `true` for `+OK`, `false` for `-ERR`.
    public var isOK: Bool
    /// The bracketed response code at the start of the text, if any.
    public var code: POP3ResponseCode?
    /// The text after the status indicator (and after the response code), without the line end.
    /// Decoded as UTF-8; invalid bytes become U+FFFD. This is the server's text: keep it apart
    /// from ours in error messages.
    public var text: String

    /// Creates a status line.
    public init(isOK: Bool, code: POP3ResponseCode? = nil, text: String = "") {
        self.isOK = isOK
        self.code = code
        self.text = text
    }
}
