extension HeaderSummary {
    /// The summary the sinks would record for a message whose first bytes, as the server sent them (CRLF
    /// or LF line ends), are `wire`: a header block from `TOP n 0`, for instance. Normalized and sniffed
    /// exactly as `MessageIntake` does for a stored message.
    public init(wire: [UInt8], options: HeaderSniffer.Options) {
        var normalizer = LineEndingNormalizer()
        var sniffer = HeaderSniffer(options: options)
        var normalized = [UInt8](repeating: 0, count: wire.count + 1)
        let count = normalized.withUnsafeMutableBytes { output in
            wire.withUnsafeBytes { input in
                let written = normalizer.normalize(input, into: output.baseAddress!)
                return written + normalizer.finish(into: output.baseAddress! + written)
            }
        }
        normalized.withUnsafeBytes { bytes in
            // A header block past the limit under `.fail` keeps the fields read so far, like `.summarizePrefix`.
            _ = try? sniffer.consume(UnsafeRawBufferPointer(rebasing: bytes[0..<count]))
        }
        sniffer.finish()
        self = sniffer.summary
    }
}
