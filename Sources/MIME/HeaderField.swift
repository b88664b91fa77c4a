import HeaderSyntax

/// One header field of a raw header block: lowercased name, unfolded raw value bytes.
///
/// RFC 5322 §2.2: `field-name ":" unstructured CRLF`; §2.2.3: unfolding removes each CRLF that is
/// followed by WSP. The bytes are kept raw (8-bit text is decoded later, per field).
struct HeaderField: Equatable {
    var name: String
    var value: [UInt8]

    /// Splits a raw header block (lines with their line breaks) into unfolded fields, by `HeaderLine`'s rule
    /// (white space before the colon, RFC 5322 §4.5, is accepted there).
    // QUIRK: a continuation line before any field, and lines that are not fields, are dropped.
    static func parse(_ block: [UInt8]) -> [HeaderField] {
        var fields: [HeaderField] = []
        var i = 0
        let n = block.count
        while i < n {
            var end = i
            while end < n, block[end] != 0x0A, block[end] != 0x0D { end += 1 }
            let line = block[i..<end]
            if end < n, block[end] == 0x0D, end + 1 < n, block[end + 1] == 0x0A { end += 1 }
            i = end + 1
            switch HeaderLine.kind(line) {
            case .continuation:
                if !fields.isEmpty { fields[fields.count - 1].value += line }
            case .field(let nameEnd, let colon):
                let name = String(decoding: line.prefix(nameEnd), as: UTF8.self).lowercased()
                fields.append(HeaderField(name: name, value: Array(line.dropFirst(colon + 1))))
            case .other:
                continue
            }
        }
        for k in fields.indices { fields[k].value = HeaderParameters.trim(fields[k].value[...]) }
        return fields
    }
}

extension Array where Element == HeaderField {
    /// The first field called `name` (lowercased).
    func first(_ name: String) -> [UInt8]? {
        first { $0.name == name }?.value
    }
}
