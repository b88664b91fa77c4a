/// Renders untrusted server (or user) bytes for logs and errors: printable ASCII stays, everything
/// else becomes `\r`, `\n` or `\xNN`, so neither a server nor a mailbox name can drive a terminal.
enum IMAPEscaping {
    /// How many bytes of an offending response an error quotes.
    static let excerptLength = 80

    static func escape<Bytes: Sequence<UInt8>>(_ bytes: Bytes, limit: Int = .max) -> String {
        var result = ""
        for (count, byte) in bytes.enumerated() {
            guard count < limit else { return result + "…" }
            switch byte {
            case UInt8(ascii: "\r"): result += "\\r"
            case UInt8(ascii: "\n"): result += "\\n"
            case UInt8(ascii: "\\"): result += "\\\\"
            case 0x20...0x7E: result.unicodeScalars.append(Unicode.Scalar(byte))
            default: result += "\\x" + (byte < 0x10 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        return result
    }
}
