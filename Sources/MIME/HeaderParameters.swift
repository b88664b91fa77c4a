/// The parameter grammar shared by `Content-Type` and `Content-Disposition`.
///
/// RFC 2045 §5.1: `content := "Content-Type" ":" type "/" subtype *(";" parameter)`,
/// `parameter := attribute "=" value`, `value := token / quoted-string`.
enum HeaderParameters {
    /// One `attribute=value` as written, before RFC 2231 merging.
    struct Raw: Equatable {
        /// Lowercased attribute, e.g. `filename*0*`.
        var name: String
        /// The value bytes, quotes removed and quoted-pairs unescaped.
        var value: [UInt8]
    }

    /// Splits a header value into its leading value (`type/subtype`, `attachment`) and its parameters.
    // QUIRK: unquoted values may hold spaces and tspecials (`filename=my file (1).pdf`), against the
    // RFC 2045 `token` rule; the value runs to the next `;` with surrounding whitespace trimmed.
    // QUIRK: an unterminated quoted-string runs to the end of the header.
    static func parse(_ raw: [UInt8]) -> (value: [UInt8], parameters: [Raw]) {
        let n = raw.count
        var i = 0
        while i < n, raw[i] != UInt8(ascii: ";") { i += 1 }
        var valueEnd = i
        // QUIRK: a missing `;` before the first parameter (`application/pdf name="x.pdf"`, against RFC 2045 §5.1):
        // when an `=` follows whitespace in the value, the value ends at that whitespace.
        let head = trim(raw[0..<i])
        if let space = head.firstIndex(where: { $0 == 0x20 || $0 == 0x09 }),
           head[space...].contains(UInt8(ascii: "=")) {
            let leading = raw.prefix { isSpace($0) }.count
            valueEnd = leading + space
            i = valueEnd
        }
        let value = trim(raw[0..<valueEnd])
        var params: [Raw] = []
        while i < n {
            // At a `;` or junk: skip separators.
            while i < n, raw[i] == UInt8(ascii: ";") || isSpace(raw[i]) { i += 1 }
            let nameStart = i
            while i < n, raw[i] != UInt8(ascii: "="), raw[i] != UInt8(ascii: ";") { i += 1 }
            let name = trim(raw[nameStart..<i])
            guard i < n, raw[i] == UInt8(ascii: "=") else { continue }
            i += 1
            while i < n, isSpace(raw[i]) { i += 1 }
            var v: [UInt8] = []
            if i < n, raw[i] == UInt8(ascii: "\"") {
                i += 1
                while i < n, raw[i] != UInt8(ascii: "\"") {
                    if raw[i] == UInt8(ascii: "\\"), i + 1 < n { i += 1 }
                    v.append(raw[i])
                    i += 1
                }
                // Skip the closing quote and anything up to the next `;`.
                while i < n, raw[i] != UInt8(ascii: ";") { i += 1 }
            } else {
                let start = i
                while i < n, raw[i] != UInt8(ascii: ";") { i += 1 }
                v = trim(raw[start..<i])
            }
            guard !name.isEmpty else { continue }
            params.append(Raw(name: String(decoding: name, as: UTF8.self).lowercased(), value: v))
        }
        return (value, params)
    }

    static func isSpace(_ c: UInt8) -> Bool {
        c == 0x20 || c == 0x09 || c == 0x0D || c == 0x0A
    }

    static func trim(_ s: ArraySlice<UInt8>) -> [UInt8] {
        var a = s.startIndex
        var b = s.endIndex
        while a < b, isSpace(s[a]) { a += 1 }
        while b > a, isSpace(s[b - 1]) { b -= 1 }
        return Array(s[a..<b])
    }
}
