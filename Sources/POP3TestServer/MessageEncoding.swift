/// The wire form of a stored message: line ends converted to CRLF, a final CRLF added when missing.
/// Its count is what LIST reports (RFC 1939 §11: sizes count the message as transmitted, CRLF line ends).
func canonicalCRLF(_ bytes: [UInt8]) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count + bytes.count / 32 + 2)
    var previous: UInt8 = 0
    for byte in bytes {
        if byte == UInt8(ascii: "\n") && previous != UInt8(ascii: "\r") { out.append(UInt8(ascii: "\r")) }
        out.append(byte)
        previous = byte
    }
    if !(out.count >= 2 && out[out.count - 2] == UInt8(ascii: "\r") && out.last == UInt8(ascii: "\n")) {
        if out.last == UInt8(ascii: "\r") { out.append(UInt8(ascii: "\n")) } else { out += [13, 10] }
    }
    return out
}

/// Byte-stuffs a CRLF message (RFC 1939 §3: a line starting with "." gets another ".") and appends ".\r\n".
func dotStuffed(_ crlf: [UInt8]) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(crlf.count + 64)
    var atLineStart = true
    for byte in crlf {
        if atLineStart && byte == UInt8(ascii: ".") { out.append(UInt8(ascii: ".")) }
        out.append(byte)
        atLineStart = byte == UInt8(ascii: "\n")
    }
    out += Array(".\r\n".utf8)
    return out
}

/// The header and the first `lines` body lines of a CRLF message, for TOP.
func topLines(_ crlf: [UInt8], lines: Int) -> [UInt8] {
    var inBody = false
    var bodyLines = 0
    var lineStart = 0
    for index in crlf.indices where crlf[index] == UInt8(ascii: "\n") {
        if inBody {
            bodyLines += 1
            if bodyLines >= lines { return Array(crlf[...index]) }
        } else if index - lineStart <= 1 {
            inBody = true
            if lines == 0 { return Array(crlf[...index]) }
        }
        lineStart = index + 1
    }
    return crlf
}
