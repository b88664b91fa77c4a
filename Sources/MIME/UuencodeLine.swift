/// The line grammar of uuencode (POSIX `uuencode`, historical): `begin MODE NAME`, data lines, `end`.
enum UuencodeLine {
    /// `begin` SP+ MODE(3–4 octal digits) SP+ NAME. Returns the raw name bytes, trailing whitespace trimmed.
    static func beginName(_ line: UnsafeRawBufferPointer) -> [UInt8]? {
        let b = Array(line)
        guard b.count > 6, b.starts(with: Array("begin ".utf8)) else { return nil }
        var i = 6
        while i < b.count, b[i] == 0x20 { i += 1 }
        let modeStart = i
        while i < b.count, (0x30...0x37).contains(b[i]) { i += 1 }
        guard (3...4).contains(i - modeStart), i < b.count, b[i] == 0x20 else { return nil }
        while i < b.count, b[i] == 0x20 { i += 1 }
        var end = b.count
        while end > i, b[end - 1] == 0x20 || b[end - 1] == 0x09 || b[end - 1] == 0x0D || b[end - 1] == 0x0A { end -= 1 }
        guard end > i else { return nil }
        return Array(b[i..<end])
    }

    /// True for the `end` line (trailing whitespace allowed).
    static func isEnd(_ line: UnsafeRawBufferPointer) -> Bool {
        var n = line.count
        while n > 0, line[n - 1] == 0x20 || line[n - 1] == 0x09 || line[n - 1] == 0x0D || line[n - 1] == 0x0A { n -= 1 }
        return n == 3 && line[0] == UInt8(ascii: "e") && line[1] == UInt8(ascii: "n") && line[2] == UInt8(ascii: "d")
    }

    /// The most bytes one data line decodes to: its length character counts at most 63.
    static let maximumDecodedCount = 63

    /// Decodes one data line into `output` (room for `maximumDecodedCount` bytes: a line of two characters
    /// such as `#8` announces 3 bytes, more than its own length). Returns bytes written, or nil if the line
    /// is not uuencode (a character outside `` ` ``…`_` or too few characters for its length).
    // QUIRK: trailing spaces stripped by mail transports are treated as zero sextets (encoders pad with
    // spaces or backquotes), so a shortened final group still decodes.
    static func decode(_ line: UnsafeRawBufferPointer, into output: UnsafeMutablePointer<UInt8>) -> Int? {
        var n = line.count
        while n > 0, line[n - 1] == 0x0D || line[n - 1] == 0x0A { n -= 1 }
        guard n > 0 else { return 0 }
        let length = Int((line[0] &- 0x20) & 0x3F)
        guard line[0] >= 0x20, line[0] <= 0x60 else { return nil }
        if length == 0 { return 0 }
        let groups = (length + 2) / 3
        guard n - 1 >= groups * 4 - 3 else { return nil }
        var o = 0
        for g in 0..<groups {
            var v: UInt32 = 0
            for k in 0..<4 {
                let idx = 1 + g * 4 + k
                let c: UInt8 = idx < n ? line[idx] : 0x20
                guard c >= 0x20, c <= 0x60 else { return nil }
                v = v << 6 | UInt32((c &- 0x20) & 0x3F)
            }
            for k in 0..<3 where o < length {
                output[o] = UInt8(truncatingIfNeeded: v >> (16 - 8 * k))
                o += 1
            }
        }
        return o
    }
}
