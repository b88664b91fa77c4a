/// Where a message read from a mailbox came from.
public struct MailboxMessage: Sendable, Equatable {
    /// The mailbox, Maildir or message file, as given to the reader.
    public var source: String
    /// 0-based position of the message in its source (in reading order).
    public var index: Int
    /// For mbox: where the message's `From ` line starts in the decompressed stream.
    public var offset: Int64?
    /// For Maildir: the file, relative to the Maildir (`cur/…` or `new/…`); for a single message
    /// file: its path.
    public var file: String?
    /// For mbox: the `From ` line without `From ` and the line end.
    public var fromLine: String?

    public init(source: String, index: Int, offset: Int64? = nil, file: String? = nil, fromLine: String? = nil) {
        self.source = source
        self.index = index
        self.offset = offset
        self.file = file
        self.fromLine = fromLine
    }
}

/// Receives the messages of a mailbox as streams: `messageBegan`, any number of `messageBytes`,
/// `messageEnded`, one message after the other.
public protocol MailboxConsumer: AnyObject {
    func messageBegan(_ message: MailboxMessage) throws
    /// Bytes of the current message (mbox quoting already removed); valid only during the call.
    func messageBytes(_ chunk: UnsafeRawBufferPointer) throws
    func messageEnded() throws
}

/// Reads an mboxrd file, plain or gzip-compressed (detected by content), as a stream of messages.
/// Memory is constant whatever the size of the file or of its messages.
public struct MboxReader: Sendable {
    public var path: String
    public var chunkSize: Int
    public var options: MboxSplitter.Options

    public init(path: String, chunkSize: Int = 1 << 18, options: MboxSplitter.Options = .init()) {
        self.path = path
        self.chunkSize = chunkSize
        self.options = options
    }

    /// Reads every message into `consumer`; returns the heuristics taken (with `foreignDialects`).
    @discardableResult
    public func read(into consumer: some MailboxConsumer) throws -> MboxHeuristics {
        var splitter = MboxSplitter(options: options)
        let source = path
        func deliver(_ event: MboxEvent) throws {
            switch event {
            case .messageBegan(let index, let offset, let fromLine):
                try consumer.messageBegan(
                    MailboxMessage(source: source, index: index, offset: offset, fromLine: fromLine))
            case .bytes(let chunk):
                try consumer.messageBytes(chunk)
            case .messageEnded:
                try consumer.messageEnded()
            }
        }
        try GzipReader.forEachChunk(ofFile: path, chunkSize: chunkSize) { chunk in
            try splitter.feed(chunk, deliver)
        }
        try splitter.finish(deliver)
        return splitter.heuristics
    }
}
