import Foundation

/// Messages a `MaildirSink` has ended, detached from the sink by `MaildirSink.detachBatch()` so that
/// another thread can make them durable and visible while the sink writes the next batch into
/// `tmp/`. The files are in `tmp/`; each descriptor still open is owned by the batch.
public struct MaildirBatch: Sendable {
    let root: String
    var messages: [MaildirSink.PendingMessage]

    /// Whether the batch holds no message.
    public var isEmpty: Bool { messages.isEmpty }

    /// The messages with the location each will have once published, in `end` order.
    public var endedMessages: [StoredMessage] { messages.map(\.stored) }

    /// Group commit: fsync every file (`MaildirSink.end` started each one's write-back, so the data
    /// is mostly on its way), rename each into `new/` or `cur/`, fsync those directories once. If any
    /// step fails, files already renamed are moved back (they are not in the ledger yet) so that a
    /// failed publish leaves nothing visible; `discard` then removes the files from `tmp/`.
    public mutating func publish() throws -> [StoredMessage] {
        for index in messages.indices {
            guard let fd = messages[index].descriptor else { continue }
            let path = root + "/" + messages[index].temporaryPath
            try SystemCalls.sync(fd, path: path)
            messages[index].descriptor = nil
            try SystemCalls.closeFile(fd, path: path)
        }
        var renamed: [String] = []
        do {
            for message in messages {
                let target = root + "/" + message.visiblePath
                try SystemCalls.renameFile(root + "/" + message.temporaryPath, target)
                renamed.append(target)
            }
            let directories = Set(messages.map { String($0.visiblePath.prefix(3)) })
            for directory in directories.sorted() { try SystemCalls.syncDirectory(root + "/" + directory) }
        } catch {
            // Back to tmp/ so that discard finds them; unlink if even that fails.
            for (message, path) in zip(messages, renamed) {
                if rename(path, root + "/" + message.temporaryPath) != 0 { _ = unlink(path) }
            }
            _ = try? SystemCalls.syncDirectory(root + "/new")
            _ = try? SystemCalls.syncDirectory(root + "/cur")
            throw error
        }
        let stored = messages.map(\.stored)
        messages.removeAll()
        return stored
    }

    /// Closes the batch's descriptors and removes its files from `tmp/` (after a failed `publish`,
    /// or to give the batch up). Returns the first error, having tried every file.
    public mutating func discard() throws {
        var firstError: Error?
        for index in messages.indices {
            if let fd = messages[index].descriptor { SystemCalls.closeQuietly(fd) }
            messages[index].descriptor = nil
            do {
                try SystemCalls.removeFile(root + "/" + messages[index].temporaryPath)
            } catch {
                firstError = firstError ?? error
            }
        }
        messages.removeAll()
        if let firstError { throw firstError }
    }
}

extension MaildirSink {
    /// Hands the ended messages to a ``MaildirBatch`` and empties the sink's batch: the sink can
    /// begin the next message at once. The caller must `publish` (or `discard`) the batch.
    public func detachBatch() throws -> MaildirBatch {
        try state.expect(.idle, call: .commit, path: root)
        defer { pending.removeAll() }
        return MaildirBatch(root: root, messages: pending)
    }

    /// `commit` as one step: detach and publish; a failed publish gives the files back to the sink
    /// so that `abort` removes them.
    func publish() throws -> [StoredMessage] {
        var batch = try detachBatch()
        do {
            return try batch.publish()
        } catch {
            pending = batch.messages
            throw error
        }
    }
}
