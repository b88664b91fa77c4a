import Crypto
import MailStore

/// SHA-256 and size of a message as it streams past, like the sinks compute them (over the stored
/// bytes), with an optional limit: bytes past `limit` are counted apart (`excess`), so that an mbox
/// record's added final line end can be told from real content. Also sniffs the header summary for
/// messages `--repair` records.
struct ContentDigest {
    private var hasher = SHA256()
    private(set) var size: Int64 = 0
    private(set) var lastByte: UInt8?
    /// Bytes seen past `limit`, and the first of them.
    private(set) var excess: Int64 = 0
    private(set) var firstExcessByte: UInt8?
    let limit: Int64?
    /// Only when `sniffing`: the header summary of the content.
    private var sniffer: HeaderSniffer?

    init(limit: Int64?, sniffing: Bool = true) {
        self.limit = limit
        sniffer = sniffing ? HeaderSniffer(options: .init(oversizedHeader: .summarizePrefix)) : nil
    }

    mutating func add(_ chunk: UnsafeRawBufferPointer) {
        var bytes = chunk
        if let limit, size + Int64(chunk.count) > limit {
            let kept = Int(max(0, limit - size))
            bytes = UnsafeRawBufferPointer(rebasing: chunk[0..<kept])
            if excess == 0 { firstExcessByte = chunk[kept] }
            excess += Int64(chunk.count - kept)
        }
        guard bytes.count > 0 else { return }
        hasher.update(bufferPointer: bytes)
        if sniffer?.isComplete == false { _ = try? sniffer?.consume(bytes) }
        size += Int64(bytes.count)
        lastByte = bytes[bytes.count - 1]
    }

    /// True when what came past the limit is only the line end an mbox record adds after content
    /// without one.
    var excessIsAddedLineEnd: Bool {
        excess == 0 || (excess == 1 && firstExcessByte == 0x0A && lastByte != 0x0A && size > 0)
    }

    /// Lower-case hex digest; the digest is spent afterwards.
    func hexDigest() -> String {
        hasher.finalize().map { byte in
            let hex = Array("0123456789abcdef")
            return String([hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
        }.joined()
    }

    /// The header summary (final).
    mutating func summary() -> HeaderSummary {
        sniffer?.finish()
        return sniffer?.summary ?? HeaderSummary()
    }
}
