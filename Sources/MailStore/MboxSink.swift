import Foundation

/// Appends messages to an mbox file in the mboxrd format: a `From <sender> <asctime>` line, the
/// message with LF line ends and `>From ` quoting, and one empty line after it.
///
/// What `StoredMessage` reports: `size` and `sha256` cover the message content exactly as received
/// after CRLF → LF, without the quoting, the `From ` line, the line end added when the message does
/// not end with one, and the empty line (Maildir stores the same bytes, so both formats hash alike).
/// A reader recovers the content by undoing the quoting in the record's range and taking the first
/// `size` bytes after the `From ` line. The location's `offset` is where the `From ` line starts and
/// `length` runs to the end of the empty line.
///
/// The file is opened 0600 and write-locked (`fcntl`, whole file, open-file-description lock on
/// Linux) for the sink's lifetime; a second writer gets `MailStoreError.Kind.locked`.
/// Messages are written after the committed end; `commit` fsyncs once per batch, `abort` truncates
/// back to the committed end.
public final class MboxSink: MessageSink {
    public let file: URL
    /// The segment name reported in `StoredLocation.mbox` (the file's last path component).
    public let segment: String
    /// The file length that is durable and recorded; everything after it is the open batch.
    public private(set) var committedLength: Int64
    /// Bytes cut from the end of the file when opened (a torn tail left by a crash).
    public private(set) var truncatedTailBytes: Int64 = 0
    let path: String
    private var descriptor: Int32
    private let intake: MessageIntake
    private let writer: WriteBuffer
    private var quoter = MboxQuoter()
    private var state = SinkState.idle
    private var header: [UInt8] = []
    private var inHeader = true
    private var open: (offset: Int64, receivedAt: Date)?
    private var pending: [StoredMessage] = []
    /// Line ends to write before the next record when the file does not end with an empty line.
    private var padding: [UInt8] = []
    /// The open message's `From ` line text when the envelope gave one.
    private var separator: String?

    /// Opens (creating if needed, with missing parent directories 0700) the mbox at `file` and
    /// locks it. `committedLength` is the length the ledger recorded: a longer file is truncated back
    /// to it (the torn tail of a crashed run); `nil` trusts the file as it is.
    public convenience init(file: URL, committedLength: Int64?, options: SinkOptions = SinkOptions()) throws {
        try self.init(file: file, options: options) { committedLength ?? $0 }
    }

    /// Opens and locks the mbox at `file` as above; `committedLength` is asked, with the file's length
    /// read under the lock, where the committed bytes end. It may throw to refuse the file as it is
    /// (bytes past the end that must not be cut) before anything changed.
    public init(file: URL, options: SinkOptions = SinkOptions(), committedLength: (Int64) throws -> Int64) throws {
        self.file = file
        path = file.standardizedFileURL.path
        segment = file.lastPathComponent
        intake = MessageIntake(header: options.header)
        writer = WriteBuffer(capacity: options.writeBufferSize)
        let parent = file.standardizedFileURL.deletingLastPathComponent().path
        try SystemCalls.makeDirectories(parent)
        descriptor = try SystemCalls.openFile(path, O_RDWR | O_CREAT)
        self.committedLength = 0
        do {
            try MboxFile.lock(descriptor, path: path)
            let length = try SystemCalls.fileLength(descriptor, path: path)
            let committed = try committedLength(length)
            if committed != length {
                guard committed < length else {
                    let kind = MailStoreError.Kind.committedLengthBeyondEnd(committed: committed, fileLength: length)
                    throw MailStoreError(kind, operation: .open, path: path)
                }
                try SystemCalls.truncateFile(descriptor, to: committed, path: path)
                try SystemCalls.sync(descriptor, path: path)
                truncatedTailBytes = length - committed
            }
            self.committedLength = committed
            padding = try MboxFile.padding(descriptor, length: self.committedLength, path: path)
        } catch {
            SystemCalls.closeQuietly(descriptor)
            throw error
        }
        writer.attach(descriptor, path: path, offset: self.committedLength)
    }

    deinit {
        if descriptor >= 0 {
            if state != .idle || !pending.isEmpty { _ = try? rollBack() }
            SystemCalls.closeQuietly(descriptor)
        }
    }

    public func begin(_ envelope: MessageEnvelope) throws {
        try state.expect(.idle, call: .begin, path: path)
        try failing {
            try writer.write(padding)
            padding = []
        }
        open = (writer.endOffset, envelope.receivedAt)
        separator = envelope.separator.flatMap(MboxSeparator.usableText)
        intake.reset()
        quoter = MboxQuoter()
        header.removeAll(keepingCapacity: true)
        inHeader = true
        state = .writing
    }

    public func append(_ chunk: UnsafeRawBufferPointer) throws {
        try state.expect(.writing, call: .append, path: path)
        try failing { try intake.take(chunk, store) }
    }

    public func end() throws {
        try state.expect(.writing, call: .end, path: path)
        guard let open else { return }
        try failing {
            try intake.finish(store)
            if inHeader { try writeSeparatorAndHeader() }
            try quoter.finish(into: writer)
            let tally = intake.tally
            // mbox cannot hold a last line without its line end: add one, outside size and hash.
            if tally.size > 0 && tally.lastByte != ASCII.lf { try writer.write([ASCII.lf]) }
            try writer.write([ASCII.lf])
            pending.append(StoredMessage(
                location: .mbox(segment: segment, offset: open.offset, length: writer.endOffset - open.offset),
                size: tally.size, sha256: tally.hexDigest(), headers: intake.sniffer.summary))
        }
        self.open = nil
        state = .idle
    }

    /// Flushes and fsyncs the batch once; the new committed length is the end of its last message.
    public func commit() throws -> [StoredMessage] {
        try state.expect(.idle, call: .commit, path: path)
        guard !pending.isEmpty else { return [] }
        try failing {
            try writer.flush()
            try SystemCalls.sync(descriptor, path: path)
        }
        committedLength = writer.endOffset
        defer { pending.removeAll() }
        return pending
    }

    /// Writes out the ended messages and truncates the file back to where the open one began.
    public func discardOpenMessage() throws {
        guard state != .idle else { return }
        try state.expect(.writing, call: .abort, path: path)
        guard let open else { return }
        try failing {
            try writer.flush()
            try SystemCalls.truncateFile(descriptor, to: open.offset, path: path)
        }
        writer.attach(descriptor, path: path, offset: open.offset)
        self.open = nil
        header.removeAll(keepingCapacity: true)
        inHeader = true
        state = .idle
    }

    /// Truncates the file back to the committed length, dropping the open and pending messages.
    public func abort() throws {
        try rollBack()
        state = .idle
    }

    /// Aborts an uncommitted batch, then unlocks and closes the file.
    public func close() throws {
        guard descriptor >= 0 else { return }
        if state != .idle || !pending.isEmpty { try abort() }
        let fd = descriptor
        descriptor = -1
        try SystemCalls.closeFile(fd, path: path)
    }

    private func rollBack() throws {
        writer.discard()
        open = nil
        pending.removeAll()
        try SystemCalls.truncateFile(descriptor, to: committedLength, path: path)
        try SystemCalls.sync(descriptor, path: path)
        padding = try MboxFile.padding(descriptor, length: committedLength, path: path)
        writer.attach(descriptor, path: path, offset: committedLength)
    }

    /// Runs `body`; a failure leaves the sink `failed` until `abort`.
    private func failing<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch {
            state = .failed
            throw error
        }
    }

    /// Takes normalized content: held back while in the header (the separator needs Return-Path),
    /// quoted straight into the file after it.
    private func store(_ normalized: UnsafeRawBufferPointer) throws {
        guard inHeader else { return try quoter.quote(normalized, into: writer) }
        let headerPart: Int?
        do { headerPart = try intake.sniffer.consume(normalized) } catch var error as MailStoreError {
            error.path = path
            throw error
        }
        guard let headerPart else { return header.append(contentsOf: normalized) }
        header.append(contentsOf: UnsafeRawBufferPointer(rebasing: normalized[0..<headerPart]))
        try writeSeparatorAndHeader()
        try quoter.quote(UnsafeRawBufferPointer(rebasing: normalized[headerPart...]), into: writer)
    }

    private func writeSeparatorAndHeader() throws {
        inHeader = false
        let receivedAt = open?.receivedAt ?? Date()
        try writer.write(
            separator.map { Array("From \($0)\n".utf8) }
                ?? MboxSeparator.line(returnPath: intake.sniffer.summary.returnPath, receivedAt: receivedAt))
        try header.withUnsafeBytes { try quoter.quote($0, into: writer) }
        header.removeAll(keepingCapacity: true)
    }
}
