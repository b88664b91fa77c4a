/// Reads one file holding one message (`.eml`, a Maildir file; gzip-compressed or not, detected by
/// content) into a `MailboxConsumer`.
public struct MessageFileReader: Sendable {
    public var path: String
    public var chunkSize: Int

    public init(path: String, chunkSize: Int = 1 << 18) {
        self.path = path
        self.chunkSize = chunkSize
    }

    /// Streams the file as one message. If the file cannot be opened, the error is thrown before
    /// `messageBegan`, so the consumer never sees a half message for it.
    public func read(into consumer: some MailboxConsumer, as message: MailboxMessage? = nil) throws {
        let origin = message ?? MailboxMessage(source: path, index: 0, file: path)
        var began = false
        try GzipReader.forEachChunk(ofFile: path, chunkSize: chunkSize) { chunk in
            if !began {
                began = true
                try consumer.messageBegan(origin)
            }
            try consumer.messageBytes(chunk)
        }
        if !began { try consumer.messageBegan(origin) }
        try consumer.messageEnded()
    }
}
