import Foundation

/// Writes messages into a Maildir: each one into `tmp/`, then, at `commit`, fsync'd, renamed
/// into `new/` (or `cur/` with an info suffix when the envelope has flags), and the directory fsync'd.
///
/// Opening the sink creates `tmp/`, `new/` and `cur/` (mode 0700) and removes the files popvault left
/// in `tmp/` (a message torn by a crash of an earlier run). Messages are written into `tmp/` under
/// ``MaildirTemporaryName/fetchPrefix`` and their final name, so another writer's deliveries in
/// progress (a local delivery agent sharing the Maildir) are never taken for leftovers.
///
/// The time part of a name is `MessageEnvelope.receivedAt`, which also becomes the file's mtime.
public final class MaildirSink: MessageSink {
    /// Descriptors kept open between `end` and `commit`; past this many, `end` syncs and closes the
    /// file at once so a large batch cannot exhaust descriptors.
    public static let maximumOpenPendingFiles = 64

    public let directory: URL
    /// Names of popvault's stale files removed from `tmp/` when the sink was opened.
    public private(set) var removedTemporaryFiles: [String] = []
    let root: String
    private let options: SinkOptions
    private var names: MaildirName
    private let intake: MessageIntake
    private let writer: WriteBuffer
    var state = SinkState.idle
    private var open: OpenMessage?
    var pending: [PendingMessage] = []

    struct OpenMessage {
        var descriptor: Int32
        var name: String
        var info: String
        var receivedAt: Date
    }

    struct PendingMessage {
        var descriptor: Int32?
        var name: String
        var info: String
        var size: Int64
        var sha256: String
        var headers: HeaderSummary
        var temporaryPath: String { MaildirSink.temporaryPath(name) }
        var visiblePath: String { info.isEmpty ? "new/" + name : "cur/" + name + info }
    }

    /// Opens (creating if needed) the Maildir at `directory` and removes popvault's leftovers in `tmp/`.
    public init(
        directory: URL, hostname: String = MaildirSink.localHostname, options: SinkOptions = SinkOptions()
    ) throws {
        self.directory = directory
        root = directory.standardizedFileURL.path
        self.options = options
        names = MaildirName(hostname: hostname)
        intake = MessageIntake(header: options.header)
        writer = WriteBuffer(capacity: options.writeBufferSize)
        try SystemCalls.makeDirectories(root)
        for sub in ["tmp", "new", "cur"] { try SystemCalls.makeDirectory(root + "/" + sub) }
        removedTemporaryFiles = try MaildirTemporaryName.removeLeftovers(
            in: root + "/tmp", prefix: MaildirTemporaryName.fetchPrefix)
    }

    /// Where the message that will be `new/NAME` (or `cur/NAME…`) is written, relative to the Maildir.
    static func temporaryPath(_ name: String) -> String { "tmp/" + MaildirTemporaryName.fetchPrefix + name }

    deinit {
        if let open { SystemCalls.closeQuietly(open.descriptor) }
        for message in pending { if let fd = message.descriptor { SystemCalls.closeQuietly(fd) } }
    }

    /// The local host name used in file names.
    public static var localHostname: String { MaildirName.localHostname }

    public func begin(_ envelope: MessageEnvelope) throws {
        try state.expect(.idle, call: .begin, path: root)
        let info = try MaildirName.info(for: envelope.flags, path: root)
        let name = names.next(at: envelope.receivedAt)
        let path = root + "/" + Self.temporaryPath(name)
        let fd = try SystemCalls.openFile(path, O_WRONLY | O_CREAT | O_EXCL)
        open = OpenMessage(descriptor: fd, name: name, info: info, receivedAt: envelope.receivedAt)
        writer.attach(fd, path: path, offset: 0)
        intake.reset()
        state = .writing
    }

    public func append(_ chunk: UnsafeRawBufferPointer) throws {
        try state.expect(.writing, call: .append, path: root)
        try failing { try intake.take(chunk, store) }
    }

    public func end() throws {
        try state.expect(.writing, call: .end, path: root)
        guard let message = open else { return }
        try failing {
            try intake.finish(store)
            try writer.flush()
            try setTimes(message)
            SystemCalls.startWriteback(message.descriptor)
            var entry = PendingMessage(
                descriptor: message.descriptor, name: message.name, info: message.info,
                size: intake.tally.size, sha256: intake.tally.hexDigest(), headers: intake.sniffer.summary)
            if pending.filter({ $0.descriptor != nil }).count >= Self.maximumOpenPendingFiles {
                try SystemCalls.sync(message.descriptor, path: writer.path)
                try SystemCalls.closeFile(message.descriptor, path: writer.path)
                entry.descriptor = nil
            }
            pending.append(entry)
            open = nil
            writer.discard()
        }
        state = .idle
    }

    public func commit() throws -> [StoredMessage] {
        try state.expect(.idle, call: .commit, path: root)
        guard !pending.isEmpty else { return [] }
        return try failing { try publish() }
    }

    public func discardOpenMessage() throws {
        guard state != .idle else { return }
        try state.expect(.writing, call: .abort, path: root)
        writer.discard()
        if let open {
            SystemCalls.closeQuietly(open.descriptor)
            self.open = nil
            try failing { try SystemCalls.removeFile(root + "/" + Self.temporaryPath(open.name)) }
        }
        state = .idle
    }

    public func abort() throws {
        var firstError: Error?
        writer.discard()
        if let open {
            SystemCalls.closeQuietly(open.descriptor)
            do { try SystemCalls.removeFile(root + "/" + Self.temporaryPath(open.name)) } catch {
                firstError = firstError ?? error
            }
        }
        open = nil
        for index in pending.indices {
            if let fd = pending[index].descriptor { SystemCalls.closeQuietly(fd) }
            pending[index].descriptor = nil
            do {
                try SystemCalls.removeFile(root + "/" + pending[index].temporaryPath)
            } catch {
                firstError = firstError ?? error
            }
        }
        pending.removeAll()
        state = .idle
        if let firstError { throw firstError }
    }

    /// Nothing stays open between batches; provided for symmetry with `MboxSink`.
    public func close() throws {
        if open != nil || !pending.isEmpty { try abort() }
    }

    /// Runs `body`; a failure leaves the sink `failed` until `abort`.
    private func failing<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch {
            state = .failed
            throw error
        }
    }

    private func store(_ normalized: UnsafeRawBufferPointer) throws {
        if !intake.sniffer.isComplete {
            do { _ = try intake.sniffer.consume(normalized) } catch var error as MailStoreError {
                error.path = writer.path
                throw error
            }
        }
        try writer.write(normalized)
    }

    private func setTimes(_ message: OpenMessage) throws {
        let seconds = message.receivedAt.timeIntervalSince1970.rounded(.down)
        let nanoseconds = (message.receivedAt.timeIntervalSince1970 - seconds) * 1_000_000_000
        let time = timespec(tv_sec: Int(seconds), tv_nsec: Int(nanoseconds))
        let times = [time, time]
        if futimens(message.descriptor, times) != 0 {
            throw MailStoreError.system(errno, .setTimes, writer.path)
        }
    }
}
