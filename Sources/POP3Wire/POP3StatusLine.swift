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

extension POP3StatusLine {
    /// The size a RETR answer announces, when its text starts with one: `+OK 120 octets` (RFC 1939 §7's
    /// example, and what Dovecot, Courier and qpopper send). `nil` when the text says otherwise (Gmail's
    /// `+OK message follows`, Cyrus's `+OK Message follows`) or the number has more than 18 digits.
    ///
    ///     hint = 1*DIGIT SP "octets" *CHAR   ; not RFC grammar: a convention, used only as a check
    public var announcedOctets: Int? {
        let words = text.utf8.split(separator: UInt8(ascii: " "), maxSplits: 2, omittingEmptySubsequences: false)
        guard words.count >= 2, words[1].elementsEqual("octets".utf8) else { return nil }
        return DecimalDigits.parse(words[0])
    }
}
