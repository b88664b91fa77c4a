/// Reading the server greeting.
public enum POP3Greeting {
    /// The APOP timestamp in a greeting's text, angle brackets included, or `nil` if there is none.
    ///
    /// RFC 1939 §7 (APOP): "A POP3 server which implements the APOP command will include a
    /// timestamp in its banner greeting. The syntax of the timestamp corresponds to the `msg-id' in
    /// [RFC822]". The digest is MD5 over this string (brackets included) followed by the secret.
    /// Only a `<…@…>` token of printable ASCII without spaces or a nested `<` is accepted.
    public static func apopTimestamp(in text: String) -> String? {
        let bytes = Array(text.utf8)
        var index = 0
        while let open = bytes[index...].firstIndex(of: UInt8(ascii: "<")) {
            guard let close = bytes[(open + 1)...].firstIndex(of: UInt8(ascii: ">")) else { return nil }
            let inner = bytes[(open + 1)..<close]
            let printable = inner.allSatisfy { (0x21...0x7E).contains($0) && $0 != UInt8(ascii: "<") }
            if printable, let at = inner.firstIndex(of: UInt8(ascii: "@")), at > inner.startIndex,
                at < inner.endIndex - 1
            {
                return String(decoding: bytes[open...close], as: UTF8.self)
            }
            index = open + 1
        }
        return nil
    }
}
