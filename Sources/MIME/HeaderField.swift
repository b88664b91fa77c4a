/// One header field of a raw header block: lowercased name, unfolded raw value bytes.
///
/// RFC 5322 §2.2: `field-name ":" unstructured CRLF`; §2.2.3: unfolding removes each CRLF that is
/// followed by WSP. The bytes are kept raw (8-bit text is decoded later, per field).
struct HeaderField: Equatable {
    var name: String
    var value: [UInt8]

    /// Splits a raw header block (lines with their line breaks) into unfolded fields.
    // QUIRK: whitespace before the colon (`Subject : x`, RFC 822 §3.1.2 obsolete syntax) is accepted.
    // QUIRK: a continuation line before any field, and lines without a colon, are dropped.
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
            guard let first = line.first else { continue }
            if first == 0x20 || first == 0x09 {
                if !fields.isEmpty { fields[fields.count - 1].value += line }
                continue
            }
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { continue }
            var nameEnd = colon
            while nameEnd > line.startIndex, block[nameEnd - 1] == 0x20 || block[nameEnd - 1] == 0x09 { nameEnd -= 1 }
            let name = String(decoding: block[line.startIndex..<nameEnd], as: UTF8.self).lowercased()
            fields.append(HeaderField(name: name, value: Array(line[(colon + 1)...])))
        }
        for k in fields.indices { fields[k].value = HeaderParameters.trim(fields[k].value[...]) }
        return fields
    }

    /// True if `line` (without its line break) can be a header line: a continuation, or `name:` where
    /// the name is printable ASCII without spaces (RFC 5322 §3.6.8 `ftext`), as Python's email checks.
    static func isHeaderLine(_ line: UnsafeRawBufferPointer) -> Bool {
        guard let first = line.first else { return false }
        if first == 0x20 || first == 0x09 { return true }
        for c in line {
            if c == UInt8(ascii: ":") { return true }
            if c < 0x21 || c > 0x7E { return false }
        }
        return false
    }
}

extension Array where Element == HeaderField {
    /// The first field called `name` (lowercased).
    func first(_ name: String) -> [UInt8]? {
        first { $0.name == name }?.value
    }
}
