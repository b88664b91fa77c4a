/// Streaming base64 decoder (RFC 2045 §6.8), tolerant the way mail readers are.
///
/// Feed any split of the encoded text; whitespace and line breaks are skipped.
// QUIRK: RFC 2045 §6.8 says characters outside the alphabet "are to be ignored"; we ignore them and record
// `invalidBase64` (mailers insert junk, e.g. `!` or NUL, and Python's email decodes around it too).
// QUIRK: missing padding at the end is accepted (RFC 4648 §3.2 requires it); the bits present are kept.
// QUIRK: after the padded final quantum the rest is ignored, as Python's `binascii.a2b_base64` does.
public struct Base64Decoder: Sendable {
    /// 0–63: sextet; `pad`: `=`; `space`: whitespace; `junk`: anything else.
    static let pad: UInt8 = 0x40
    static let space: UInt8 = 0x80
    static let junk: UInt8 = 0xFF
    static let table: [UInt8] = {
        var t = [UInt8](repeating: junk, count: 256)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        for (i, c) in alphabet.enumerated() { t[Int(c)] = UInt8(i) }
        t[Int(UInt8(ascii: "="))] = pad
        for c in [UInt8(ascii: " "), 9, 10, 11, 12, 13] { t[Int(c)] = space }
        return t
    }()

    var bits: UInt32 = 0
    var count = 0
    private var pads = 0
    /// True once the padded final quantum was read; later input is ignored.
    public private(set) var isAtEnd = false
    private var sawInvalid = false
    /// Runs of alphabet characters and whitespace go through the vector decoder (`CBase64`) of this level;
    /// 0 for none.
    let level: Int32

    /// A decoder; `accelerated: false` keeps it on the portable scalar path even where the CPU has a vector
    /// decoder (for tests and benchmarks that compare the two; the results are identical).
    public init(accelerated: Bool = true) {
        self.init(level: accelerated ? Base64Decoder.bestLevel : 0)
    }

    init(level: Int32) {
        self.level = level
    }

    /// Defects found so far (`invalidBase64` at most once).
    public var defects: [MIMEDefect] { sawInvalid ? [.invalidBase64] : [] }

    /// Decodes `input` into `output`, which must hold at least `input.count * 3 / 4 + 4` bytes.
    /// Returns the number of bytes written.
    public mutating func decode(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawPointer) -> Int {
        guard let base = input.baseAddress, input.count > 0 else { return 0 }
        let src = base.assumingMemoryBound(to: UInt8.self)
        let dst = output.assumingMemoryBound(to: UInt8.self)
        let n = input.count
        if isAtEnd {
            noteTrailing(src, 0, n)
            return 0
        }
        let capacity = n * 3 / 4 + 4
        return Base64Decoder.table.withUnsafeBufferPointer { t -> Int in
            var i = 0
            var o = 0
            while i < n {
                if pads == 0 && level > 0 {
                    // Vector path: everything up to the next `=` or junk byte (or the end).
                    (i, o) = decodeRun(src, i, n, dst, o, capacity)
                    if i >= n { break }
                } else if count == 0 {
                    // Scalar fast path: whole quanta, four table lookups OR-ed into three output bytes at once.
                    (i, o) = Base64Decoder.decodeQuanta(src, i, n, UnsafeMutableRawPointer(dst), o)
                    if i >= n { break }
                }
                let v = t[Int(src[i])]
                i &+= 1
                if v < 64 {
                    bits = bits << 6 | UInt32(v)
                    count += 1
                    if count == 4 {
                        dst[o] = UInt8(truncatingIfNeeded: bits >> 16)
                        dst[o &+ 1] = UInt8(truncatingIfNeeded: bits >> 8)
                        dst[o &+ 2] = UInt8(truncatingIfNeeded: bits)
                        o &+= 3
                        bits = 0
                        count = 0
                        pads = 0
                    }
                } else if v == Base64Decoder.pad {
                    // `=` before two sextets carries nothing; it is skipped like junk.
                    guard count >= 2 else { sawInvalid = true; continue }
                    pads += 1
                    if count + pads >= 4 {
                        o += flushPartial(dst + o)
                        isAtEnd = true
                        noteTrailing(src, i, n)
                        return o
                    }
                } else if v == Base64Decoder.junk {
                    sawInvalid = true
                }
            }
            return o
        }
    }

    /// Ends the input: emits the bits of an unpadded final quantum. `output` must hold 2 bytes.
    public mutating func finish(into output: UnsafeMutableRawPointer) -> Int {
        guard !isAtEnd else { return 0 }
        isAtEnd = true
        if count == 1 { sawInvalid = true }
        return flushPartial(output.assumingMemoryBound(to: UInt8.self))
    }

    /// Pre-shifted tables (little-endian output bytes): `d0[a] | d1[b] | d2[c] | d3[d]` is the three decoded
    /// bytes of the quantum `abcd`, or has bit 24 or higher set if any character is not in the alphabet.
    static let shifted: [UInt32] = {
        var tables = [UInt32](repeating: 0x01FF_FFFF, count: 4 * 256)
        for c in 0..<256 where table[c] < 64 {
            let v = UInt32(table[c])
            tables[c] = v << 2
            tables[256 + c] = (v >> 4) | ((v & 0x0F) << 12)
            tables[512 + c] = ((v >> 2) << 8) | ((v & 0x03) << 22)
            tables[768 + c] = v << 16
        }
        return tables
    }()

    /// Decodes whole quanta from `i` while they hold only alphabet characters. Writes 4 bytes per 3 decoded
    /// (the caller's buffer has the slack). Returns the new input and output positions.
    @inline(__always)
    static func decodeQuanta(
        _ src: UnsafePointer<UInt8>, _ start: Int, _ n: Int, _ dst: UnsafeMutableRawPointer, _ out: Int
    ) -> (Int, Int) {
        shifted.withUnsafeBufferPointer { d in
            var i = start
            var o = out
            while i &+ 4 <= n {
                let x = d[Int(src[i])] | d[256 &+ Int(src[i &+ 1])] | d[512 &+ Int(src[i &+ 2])]
                    | d[768 &+ Int(src[i &+ 3])]
                if x >= 0x0100_0000 { break }
                dst.storeBytes(of: x.littleEndian, toByteOffset: o, as: UInt32.self)
                i &+= 4
                o &+= 3
            }
            return (i, o)
        }
    }

    private mutating func flushPartial(_ dst: UnsafeMutablePointer<UInt8>) -> Int {
        defer { bits = 0; count = 0; pads = 0 }
        switch count {
        case 2:
            dst[0] = UInt8(truncatingIfNeeded: bits >> 4)
            return 1
        case 3:
            dst[0] = UInt8(truncatingIfNeeded: bits >> 10)
            dst[1] = UInt8(truncatingIfNeeded: bits >> 2)
            return 2
        default:
            return 0
        }
    }

    private mutating func noteTrailing(_ src: UnsafePointer<UInt8>, _ from: Int, _ to: Int) {
        guard !sawInvalid else { return }
        for i in from..<to where Base64Decoder.table[Int(src[i])] != Base64Decoder.space {
            sawInvalid = true
            return
        }
    }
}

extension Base64Decoder {
    /// Decodes a whole base64 string (RFC 2047 `B` words, tests). Returns bytes and whether it was clean.
    public static func decode(_ text: some Collection<UInt8>) -> (bytes: [UInt8], valid: Bool) {
        let input = Array(text)
        var decoder = Base64Decoder()
        var out = [UInt8](repeating: 0, count: input.count * 3 / 4 + 6)
        let n = out.withUnsafeMutableBytes { o in
            input.withUnsafeBytes { i in
                let k = decoder.decode(i, into: o.baseAddress!)
                return k + decoder.finish(into: o.baseAddress! + k)
            }
        }
        out.removeSubrange(n...)
        return (out, decoder.defects.isEmpty)
    }
}
