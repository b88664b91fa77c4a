/// Fast search for line ends: the body of a large RETR is scanned once, eight bytes at a time.
enum ByteScanning {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = 0x8080_8080_8080_8080
    private static let newlines: UInt64 = 0x0A0A_0A0A_0A0A_0A0A

    /// The offset of the first LF in `bytes` at or after `start`, or `nil`.
    ///
    /// Word-at-a-time: XOR with LF turns LF bytes into zero bytes, and
    /// `(x - 0x01…) & ~x & 0x80…` is non-zero exactly when `x` has a zero byte; its lowest set bit
    /// marks the first one (higher bits may be borrow artefacts and are ignored).
    @inline(__always)
    static func firstNewline(in bytes: UnsafeRawBufferPointer, from start: Int) -> Int? {
        guard let base = bytes.baseAddress else { return nil }
        let count = bytes.count
        var index = start
        while index &+ 8 <= count {
            let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: index, as: UInt64.self))
            let x = word ^ newlines
            let found = (x &- ones) & ~x & highs
            if found != 0 {
                return index &+ (found.trailingZeroBitCount &>> 3)
            }
            index &+= 8
        }
        while index < count {
            if base.load(fromByteOffset: index, as: UInt8.self) == UInt8(ascii: "\n") {
                return index
            }
            index &+= 1
        }
        return nil
    }
}
