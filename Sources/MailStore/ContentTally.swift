import Crypto

/// SHA-256 and byte count of a message's stored content (LF line ends, no mbox quoting).
struct ContentTally {
    private var hasher = SHA256()
    private(set) var size: Int64 = 0
    /// The last byte added, to know whether the content ends with a line end.
    private(set) var lastByte: UInt8?

    mutating func add(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count > 0 else { return }
        hasher.update(bufferPointer: bytes)
        size += Int64(bytes.count)
        lastByte = bytes[bytes.count - 1]
    }

    /// Lower-case hex digest; the tally is spent afterwards.
    func hexDigest() -> String {
        let hex = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in hasher.finalize() {
            text.append(hex[Int(byte >> 4)])
            text.append(hex[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
