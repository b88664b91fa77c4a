private let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

/// RFC 4648 base64 with padding, as SASL (RFC 5034 §4) uses it.
func base64(_ bytes: [UInt8]) -> String {
    var out: [UInt8] = []
    var index = 0
    while index < bytes.count {
        let chunk = bytes[index..<min(index + 3, bytes.count)]
        var value = 0
        for (offset, byte) in chunk.enumerated() { value |= Int(byte) << (16 - 8 * offset) }
        for position in 0..<4 {
            out.append(position <= chunk.count ? alphabet[(value >> (18 - 6 * position)) & 0x3f] : UInt8(ascii: "="))
        }
        index += 3
    }
    return String(decoding: out, as: UTF8.self)
}

/// Decodes padded or unpadded base64; nil on any character outside the alphabet.
func decodeBase64(_ text: String) -> [UInt8]? {
    var out: [UInt8] = []
    var accumulator = 0
    var bits = 0
    for character in text.utf8 where character != UInt8(ascii: "=") {
        guard let value = alphabet.firstIndex(of: character) else { return nil }
        accumulator = (accumulator << 6) | value
        bits += 6
        if bits >= 8 {
            bits -= 8
            out.append(UInt8((accumulator >> bits) & 0xff))
        }
    }
    return out
}
