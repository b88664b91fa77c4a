/// The one escaper for text that popvault did not write itself (a server's replies and status texts, mailbox
/// names, protocol lines) before it reaches a terminal, a log, an error or the ledger: neither a server nor a
/// mailbox name may drive the user's terminal (`ESC[2J`, `ESC]0;…BEL`, a C1 `CSI`, a carriage return that
/// overwrites the line, a bidi override that reorders it).
public enum TerminalEscaping {
    /// How many bytes of an offending line an error quotes.
    public static let excerptLength = 80

    /// Protocol bytes, shown exactly: printable ASCII stays, `\` is doubled, CR, LF and TAB become `\r`,
    /// `\n` and `\t`, every other byte (controls, DEL, non-ASCII) `\xNN`. At most `limit` bytes, then `…`.
    public static func escape<Bytes: Sequence<UInt8>>(_ bytes: Bytes, limit: Int = .max) -> String {
        var result = ""
        for (count, byte) in bytes.enumerated() {
            guard count < limit else { return result + "…" }
            switch byte {
            case UInt8(ascii: "\\"): result += "\\\\"
            case 0x20...0x7E: result.unicodeScalars.append(Unicode.Scalar(byte))
            default: result += escape(Unicode.Scalar(byte))
            }
        }
        return result
    }

    /// Text, shown as text: every character that controls a terminal or the layout of a line (C0 and C1
    /// controls, DEL, line and paragraph separators, bidi marks, overrides and isolates) becomes `\r`, `\n`,
    /// `\t`, `\xNN` or `\u{NNNN}`; everything else, non-ASCII letters and backslashes included, stays. Applying
    /// it twice changes nothing, so a printer may apply it to text that was neutralized when it was stored.
    public static func neutralize<Text: StringProtocol>(_ text: Text) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return String(text) }
        var result = ""
        for scalar in text.unicodeScalars {
            if isControl(scalar) {
                result += escape(scalar)
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// JSON text (as `JSONEncoder` writes it) with the terminal controls it leaves raw (DEL, C1 controls, line
    /// and paragraph separators, bidi marks) written as `\uNNNN` escapes: the same JSON value, safe to print.
    /// (`JSONEncoder` escapes C0 controls in strings itself, and outside them they are its layout; the others
    /// can only occur inside strings.)
    public static func neutralizeJSON(_ json: String) -> String {
        func isRaw(_ scalar: Unicode.Scalar) -> Bool { scalar.value >= 0x20 && isControl(scalar) }
        guard json.unicodeScalars.contains(where: isRaw) else { return json }
        var result = ""
        for scalar in json.unicodeScalars {
            guard isRaw(scalar) else {
                result.unicodeScalars.append(scalar)
                continue
            }
            let hex = String(scalar.value, radix: 16, uppercase: false)
            result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        }
        return result
    }

    /// True for the scalars ``neutralize(_:)`` replaces.
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: return true
        // ALM, LRM, RLM; LRE…RLO; line and paragraph separators; LRI…PDI.
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2028, 0x2029, 0x2066...0x2069: return true
        default: return false
        }
    }

    private static func escape(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "\r": return "\\r"
        case "\n": return "\\n"
        case "\t": return "\\t"
        default:
            let hex = String(scalar.value, radix: 16, uppercase: true)
            guard scalar.value <= 0xFF else { return "\\u{\(hex)}" }
            return "\\x" + (hex.count < 2 ? "0" : "") + hex
        }
    }
}

extension StringProtocol {
    /// The string's UTF-8 bytes shown exactly (``TerminalEscaping/escape(_:limit:)``): for protocol arguments
    /// and lines quoted in logs and errors.
    public var escapedForLog: String { TerminalEscaping.escape(utf8) }

    /// The string with its terminal controls escaped (``TerminalEscaping/neutralize(_:)``): for a server's
    /// words and mailbox names wherever they are printed or stored.
    public var terminalSafe: String { TerminalEscaping.neutralize(self) }
}
