import NIOCore

/// Renders untrusted protocol bytes for error messages and logs: printable ASCII stays, everything
/// else (CR, LF, ESC and other controls, DEL, non-ASCII) becomes `\r`, `\n`, `\t` or `\xNN`, so a
/// server cannot drive the user's terminal through an error message.
enum LogEscaping {
    /// How many bytes of an offending line an error keeps.
    static let excerptLength = 80

    static func escape<Bytes: Sequence<UInt8>>(_ bytes: Bytes, limit: Int = Int.max) -> String {
        var result = ""
        var count = 0
        for byte in bytes {
            if count == limit {
                result += "…"
                break
            }
            count += 1
            switch byte {
            case UInt8(ascii: "\r"): result += "\\r"
            case UInt8(ascii: "\n"): result += "\\n"
            case UInt8(ascii: "\t"): result += "\\t"
            case UInt8(ascii: "\\"): result += "\\\\"
            case 0x20...0x7E: result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                result += byte < 0x10 ? "\\x0\(hex)" : "\\x\(hex)"
            }
        }
        return result
    }

    static func excerpt(_ buffer: ByteBuffer) -> String {
        buffer.withUnsafeReadableBytes { escape($0, limit: excerptLength) }
    }
}

extension String {
    var escapedForLog: String { LogEscaping.escape(self.utf8) }
}
