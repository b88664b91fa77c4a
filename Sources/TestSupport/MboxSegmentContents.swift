import MailStore

/// An mbox segment read once (decompressed when it is gzip), for tests that check the ledger's
/// records against it: the message of a recorded byte range, unquoted by MailStore's own mboxrd
/// splitter (the one every reader of the archive uses).
public struct MboxSegmentContents {
    public let path: String
    /// The segment's bytes (decompressed).
    public let bytes: [UInt8]

    /// Reads the segment at `path`.
    public init(path: String) throws {
        self.path = path
        var bytes: [UInt8] = []
        try GzipReader.forEachChunk(ofFile: path) { bytes.append(contentsOf: $0) }
        self.bytes = bytes
    }

    /// The message of the record at `offset..<offset + length` (a `From ` line, the message quoted,
    /// a closing blank line): unquoted, without separator and blank line. `nil` when the range is not
    /// inside the segment or does not hold exactly one message.
    public func message(offset: Int64, length: Int64) throws -> [UInt8]? {
        guard offset >= 0, length > 0, offset + length <= Int64(bytes.count) else { return nil }
        var splitter = MboxSplitter()
        var message: [UInt8] = []
        var count = 0
        func collect(_ event: MboxEvent) {
            switch event {
            case .messageBegan: count += 1
            case .bytes(let chunk): message.append(contentsOf: chunk)
            case .messageEnded: break
            }
        }
        try bytes[Int(offset)..<Int(offset + length)].withUnsafeBytes { try splitter.feed($0, collect) }
        try splitter.finish(collect)
        return count == 1 ? message : nil
    }
}
