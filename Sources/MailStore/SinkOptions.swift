/// Settings shared by `MaildirSink` and `MboxSink`.
public struct SinkOptions: Sendable, Equatable {
    /// Limits of the header summary (and of the header block the mbox sink buffers before it can
    /// write the `From ` line).
    public var header: HeaderSniffer.Options
    /// Bytes gathered before each `write(2)`.
    public var writeBufferSize: Int

    public init(header: HeaderSniffer.Options = HeaderSniffer.Options(), writeBufferSize: Int = 128 * 1024) {
        self.header = header
        self.writeBufferSize = writeBufferSize
    }
}
