/// The per-message front end both sinks share: CRLF → LF, then hash, count and header summary.
/// Input is cut into slices so the normalized copy needs a fixed scratch buffer.
final class MessageIntake {
    static let sliceSize = 64 * 1024
    private let scratch = UnsafeMutableRawPointer.allocate(byteCount: sliceSize + 1, alignment: 16)
    private var normalizer = LineEndingNormalizer()
    var tally = ContentTally()
    var sniffer: HeaderSniffer

    init(header: HeaderSniffer.Options) {
        sniffer = HeaderSniffer(options: header)
    }

    deinit { scratch.deallocate() }

    /// Starts a new message.
    func reset() {
        normalizer = LineEndingNormalizer()
        tally = ContentTally()
        sniffer = HeaderSniffer(options: sniffer.options)
    }

    /// Normalizes `chunk` and hands each normalized slice to `body`, after hashing it.
    func take(
        _ chunk: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) throws -> Void
    ) throws {
        var offset = 0
        while offset < chunk.count {
            let length = min(Self.sliceSize, chunk.count - offset)
            let input = UnsafeRawBufferPointer(rebasing: chunk[offset..<(offset + length)])
            let count = normalizer.normalize(input, into: scratch)
            offset += length
            try deliver(count, body)
        }
    }

    /// Ends the message: a trailing CR is content; the header block, if still open, ends here.
    func finish(_ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        try deliver(normalizer.finish(into: scratch), body)
        sniffer.finish()
    }

    private func deliver(_ count: Int, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard count > 0 else { return }
        let normalized = UnsafeRawBufferPointer(start: scratch, count: count)
        tally.add(normalized)
        try body(normalized)
    }
}
