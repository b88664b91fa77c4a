/// The header summary the sinks would record for a message, read from its first bytes as the server
/// sends them (CRLF or LF line ends): a header block from `TOP n 0`, for instance. The bytes are
/// normalized and sniffed as `MessageIntake` does for a stored message; nothing but the summary is
/// kept, and nothing is read once the header block has ended.
public final class WireHeaderReader {
    private var normalizer = LineEndingNormalizer()
    private var sniffer: HeaderSniffer
    private var scratch: [UInt8] = []

    public init(options: HeaderSniffer.Options) {
        sniffer = HeaderSniffer(options: options)
    }

    /// Reads the next bytes, in any chunking.
    public func add(_ chunk: UnsafeRawBufferPointer) {
        guard !sniffer.isComplete, chunk.count > 0 else { return }
        if scratch.count <= chunk.count { scratch = [UInt8](repeating: 0, count: chunk.count + 1) }
        scratch.withUnsafeMutableBytes { output in
            let count = normalizer.normalize(chunk, into: output.baseAddress!)
            sniff(UnsafeRawBufferPointer(rebasing: output[0..<count]))
        }
    }

    /// The message (or what was shown of it) ended: the summary of its header block.
    public func finish() -> HeaderSummary {
        var last: UInt8 = 0
        let count = withUnsafeMutableBytes(of: &last) { normalizer.finish(into: $0.baseAddress!) }
        if count > 0 { withUnsafeBytes(of: last) { sniff($0) } }
        sniffer.finish()
        return sniffer.summary
    }

    /// A header block past the limit under `.fail` keeps the fields read so far, as `.summarizePrefix` would.
    private func sniff(_ normalized: UnsafeRawBufferPointer) {
        guard !sniffer.isComplete else { return }
        _ = try? sniffer.consume(normalized)
    }
}
