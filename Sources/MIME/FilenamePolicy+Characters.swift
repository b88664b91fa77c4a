extension FilenamePolicy {
    /// Code points removed from names: they are invisible or rewrite what a terminal shows.
    ///
    /// - C0 controls U+0000–U+001F (NUL, ESC of `ESC[31m`, CR, LF, TAB…), DEL U+007F and
    ///   C1 controls U+0080–U+009F (CSI U+009B starts a terminal escape on its own);
    /// - bidi embeddings and overrides U+202A–U+202E (U+202E turns `gpj.exe` into `exe.jpg`),
    ///   isolates U+2066–U+2069, marks U+200E, U+200F and U+061C;
    /// - line and paragraph separators U+2028, U+2029.
    static func isRemoved(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: return true
        case 0x202A...0x202E, 0x2066...0x2069: return true
        case 0x200E, 0x200F, 0x061C: return true
        case 0x2028, 0x2029: return true
        default: return false
        }
    }

    /// Device names Windows reserves in every directory, whatever the extension:
    /// `CON`, `PRN`, `AUX`, `NUL`, `COM0`–`COM9`, `LPT0`–`LPT9` and the superscript-digit forms
    /// `COM¹`… that Windows also treats as devices. The part before the first dot is compared,
    /// case-insensitively and with trailing spaces ignored (`con .txt` is `CON` there too).
    static func isWindowsDeviceName(_ name: String) -> Bool {
        let stem = name.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        var upper = stem.uppercased()
        while upper.hasSuffix(" ") { upper.removeLast() }
        switch upper {
        case "CON", "PRN", "AUX", "NUL": return true
        default: break
        }
        guard upper.unicodeScalars.count == 4, upper.hasPrefix("COM") || upper.hasPrefix("LPT"),
            let digit = upper.unicodeScalars.last
        else { return false }
        return ("0"..."9").contains(digit) || digit == "¹" || digit == "²" || digit == "³"
    }
}
