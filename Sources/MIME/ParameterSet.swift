/// Decoded parameters of one header: RFC 2231 continuations and charsets merged, RFC 2047 words decoded.
struct ParameterSet {
    /// Values from RFC 2231 forms (`name*`, `name*0`, `name*0*`…), by lowercased base name.
    var extended: [String: String] = [:]
    /// Values from plain `name=value` forms (RFC 2047 words decoded), by lowercased name.
    var plain: [String: String] = [:]
    /// Raw bytes of plain values (for `boundary`, compared as bytes).
    var rawPlain: [String: [UInt8]] = [:]
    var defects: [MIMEDefect] = []

    /// Extended values win over plain ones (RFC 2231 §4.1 says a reader should prefer them).
    var merged: [String: String] { plain.merging(extended) { _, ext in ext } }

    private struct Piece {
        var index: Int?
        var encoded: Bool
        var value: [UInt8]
    }

    init(_ params: [HeaderParameters.Raw], legacyCharset: String) {
        var pieces: [String: [Piece]] = [:]
        var order: [String] = []
        for p in params {
            if let star = p.name.firstIndex(of: "*") {
                let base = String(p.name[..<star])
                var rest = p.name[p.name.index(after: star)...]
                let encoded = rest.hasSuffix("*") || rest.isEmpty
                if rest.hasSuffix("*") { rest = rest.dropLast() }
                let index = rest.isEmpty ? nil : Int(rest)
                if !rest.isEmpty && index == nil { continue }
                if pieces[base] == nil { order.append(base) }
                pieces[base, default: []].append(Piece(index: index, encoded: encoded, value: p.value))
            } else if plain[p.name] == nil {
                rawPlain[p.name] = p.value
                let (s, d) = p.name == "boundary"
                    ? (String(decoding: p.value, as: UTF8.self), [])
                    : EncodedWord.decode(p.value, legacyCharset: legacyCharset)
                plain[p.name] = s
                defects += d
            }
        }
        for base in order {
            extended[base] = join(pieces[base]!, legacyCharset: legacyCharset)
        }
    }

    /// RFC 2231 §3–4: sort the pieces by index, percent-decode the `*` pieces to bytes, join all bytes,
    /// then decode the charset named in the first piece once.
    // QUIRK: pieces arrive out of order (RFC 2231 §3 allows it) and with gaps; the pieces present are joined
    // in index order and `rfc2231MissingPiece` is recorded. Duplicate indexes keep the first.
    private mutating func join(_ all: [Piece], legacyCharset: String) -> String {
        var list = all.filter { $0.index != nil }
        if list.isEmpty {
            list = [all[0]]
        } else {
            list.sort { $0.index! < $1.index! }
            var seen = Set<Int>()
            list = list.filter { seen.insert($0.index!).inserted }
            if list.enumerated().contains(where: { $0.offset != $0.element.index! }) {
                defects.append(.rfc2231MissingPiece)
            }
        }
        var charset = ""
        var bytes: [UInt8] = []
        for (k, piece) in list.enumerated() {
            var value = piece.value[...]
            if k == 0, piece.encoded {
                // charset'language'value; a value without the two quotes is taken as data.
                if let q1 = value.firstIndex(of: UInt8(ascii: "'")),
                   let q2 = value[(q1 + 1)...].firstIndex(of: UInt8(ascii: "'")) {
                    charset = String(decoding: value[..<q1], as: UTF8.self)
                    value = value[(q2 + 1)...]
                }
            }
            bytes += piece.encoded ? percentDecode(value) : Array(value)
        }
        if !charset.isEmpty {
            let (s, defect) = Charset.decode(bytes, label: charset, legacyCharset: legacyCharset)
            if let defect { defects.append(defect) }
            return s
        }
        // QUIRK: no charset: RFC 2047 words inside continuation pieces (seen from some webmailers) are decoded.
        let (s, d) = EncodedWord.decode(bytes, legacyCharset: legacyCharset)
        defects += d
        return s
    }

    /// `%XX` to a byte; a `%` not followed by two hex digits is kept.
    private func percentDecode(_ s: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(s.count)
        var i = s.startIndex
        while i < s.endIndex {
            if s[i] == UInt8(ascii: "%"), i + 2 < s.endIndex, let b = EncodedWord.hexByte(s[i + 1], s[i + 2]) {
                out.append(b)
                i += 3
            } else {
                out.append(s[i])
                i += 1
            }
        }
        return out
    }
}
