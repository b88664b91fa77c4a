/// RFC 2047 encoded-words: `=?charset?B|Q?text?=`.
enum EncodedWord {
    /// One parsed encoded-word: its charset label, decoded bytes, and the index after its `?=`.
    struct Word {
        var charset: String
        var bytes: [UInt8]
        var end: Int
        var clean: Bool
    }

    /// Decodes every encoded-word in `raw`; other text is raw 8-bit text (UTF-8 if valid, else legacy).
    /// Whitespace between two adjacent encoded-words is dropped (RFC 2047 §6.2), and adjacent words in
    /// the same charset are joined as bytes before decoding, so a multibyte character split across two
    /// words (common in CJK subjects) survives.
    // QUIRK: words are recognised anywhere, also inside quoted strings and glued to other text (RFC 2047
    // §5 forbids both; Outlook and many webmailers write `filename="=?UTF-8?B?…?="`).
    // QUIRK: spaces inside the encoded text are tolerated (RFC 2047 §2 forbids them; seen in Q words).
    static func decode(_ raw: [UInt8], legacyCharset: String) -> (String, [MIMEDefect]) {
        var out = ""
        var defects: [MIMEDefect] = []
        var pending: [UInt8] = []
        var pendingCharset: String?
        var lastWasWord = false
        var textStart = 0
        var i = 0
        let n = raw.count

        func flush() {
            guard let charset = pendingCharset else { return }
            let (s, defect) = Charset.decode(pending, label: charset, legacyCharset: legacyCharset)
            out += s
            if let defect { defects.append(defect) }
            pending.removeAll()
            pendingCharset = nil
        }
        func appendText(_ from: Int, _ to: Int) {
            guard from < to else { return }
            let (s, defect) = Charset.decodeRaw(Array(raw[from..<to]), legacyCharset: legacyCharset)
            out += s
            if let defect { defects.append(defect) }
        }

        while i + 1 < n {
            guard raw[i] == UInt8(ascii: "="), raw[i + 1] == UInt8(ascii: "?"), let word = parse(raw, at: i) else {
                i += 1
                continue
            }
            let between = raw[textStart..<i]
            if !(lastWasWord && between.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D || $0 == 0x0A }) {
                flush()
                appendText(textStart, i)
            }
            if pendingCharset.map(CharsetLabel.normalize) != CharsetLabel.normalize(word.charset) { flush() }
            if !word.clean { defects.append(.invalidEncodedWord) }
            pendingCharset = word.charset
            pending += word.bytes
            lastWasWord = true
            i = word.end
            textStart = i
        }
        flush()
        appendText(textStart, n)
        return (out, defects)
    }

    /// Parses the encoded-word starting at `start` (which holds `=?`), or nil if there is none.
    static func parse(_ raw: [UInt8], at start: Int) -> Word? {
        let n = raw.count
        var i = start + 2
        let charsetStart = i
        while i < n, raw[i] != UInt8(ascii: "?") {
            let c = raw[i]
            if c <= 0x20 || c >= 0x7F || c == UInt8(ascii: "=") { return nil }
            i += 1
        }
        guard i < n, i > charsetStart, i - charsetStart <= 64, i + 2 < n, raw[i + 2] == UInt8(ascii: "?") else {
            return nil
        }
        let charset = String(decoding: raw[charsetStart..<i], as: UTF8.self)
        let encoding = raw[i + 1] | 0x20
        guard encoding == UInt8(ascii: "b") || encoding == UInt8(ascii: "q") else { return nil }
        let textStart = i + 3
        var j = textStart
        while j + 1 < n, !(raw[j] == UInt8(ascii: "?") && raw[j + 1] == UInt8(ascii: "=")) {
            if raw[j] == 0x0D || raw[j] == 0x0A { return nil }
            j += 1
        }
        guard j + 1 < n else { return nil }
        let text = raw[textStart..<j]
        if encoding == UInt8(ascii: "b") {
            let (bytes, valid) = Base64Decoder.decode(text.filter { $0 != 0x20 })
            return Word(charset: charset, bytes: bytes, end: j + 2, clean: valid)
        }
        let (bytes, valid) = decodeQ(text)
        return Word(charset: charset, bytes: bytes, end: j + 2, clean: valid)
    }

    /// The `Q` encoding (RFC 2047 §4.2): `_` is a space, `=XX` a byte.
    static func decodeQ(_ text: ArraySlice<UInt8>) -> ([UInt8], Bool) {
        var out: [UInt8] = []
        out.reserveCapacity(text.count)
        var valid = true
        var i = text.startIndex
        while i < text.endIndex {
            let c = text[i]
            if c == UInt8(ascii: "_") {
                out.append(0x20)
            } else if c == UInt8(ascii: "="), i + 2 < text.endIndex, let b = hexByte(text[i + 1], text[i + 2]) {
                out.append(b)
                i += 2
            } else {
                if c == UInt8(ascii: "=") { valid = false }
                out.append(c)
            }
            i += 1
        }
        return (out, valid)
    }

    static func hexByte(_ hi: UInt8, _ lo: UInt8) -> UInt8? {
        func v(_ c: UInt8) -> UInt8? {
            switch c {
            case 0x30...0x39: return c - 0x30
            case 0x41...0x46: return c - 0x37
            case 0x61...0x66: return c - 0x57
            default: return nil
            }
        }
        guard let h = v(hi), let l = v(lo) else { return nil }
        return h << 4 | l
    }
}
