import Crypto
import Foundation
import MailStore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes exported messages into a Maildir, byte for byte as read (no line-end conversion): each
/// into `tmp/`; then per batch (group commit, as `MaildirSink` does) every file is fsync'd and
/// renamed into `new/` or `cur/` under its ``ExportMaildirName``, and the directories are fsync'd.
///
/// Resuming: a message whose key already names a file in `new/` or `cur/` is not written again
/// (the name holds the source position and content hash, so only the same message matches). The
/// Maildir may be shared with other writers: only `tmp/` files this writer names
/// (``MaildirTemporaryName/exportPrefix``, left by a killed run) are removed.
final class MaildirExportWriter: ExportWriter {
    let root: String
    private let batchSize: Int
    private var existing: Set<String> = []
    private var open: (fd: Int32, path: String, message: ExportedMessage)?
    private var hasher = SHA256()
    private var counter = 0
    /// Ended messages not yet fsync'd and renamed (their descriptors stay open until then).
    private var pending: [(fd: Int32, path: String, target: String)] = []
    /// At most this many descriptors are held open by a batch.
    static let maximumPendingFiles = 64

    init(root: String, batchSize: Int) throws {
        self.root = root
        self.batchSize = batchSize
        for sub in ["", "/tmp", "/new", "/cur"] { try DurableFile.makeDirectory(root + sub) }
        _ = try MaildirTemporaryName.removeLeftovers(in: root + "/tmp", prefix: MaildirTemporaryName.exportPrefix)
        for sub in ["new", "cur"] {
            for name in (try? FileManager.default.contentsOfDirectory(atPath: root + "/" + sub)) ?? [] {
                existing.insert(ExportMaildirName.key(ofName: name))
            }
        }
    }

    /// Without `finish`, nothing not yet renamed becomes visible (the `tmp/` files are removed).
    deinit {
        _ = abandon()
        for file in pending {
            SystemCall.close(file.fd)
            unlink(file.path)
        }
    }

    func resumePoint(source: String) -> Int { 0 }

    func begin(_ message: ExportedMessage) throws {
        counter += 1
        let path = root + "/tmp/" + MaildirTemporaryName.exportPrefix + "\(getpid()).\(counter)"
        open = (try DurableFile.create(path), path, message)
        hasher = SHA256()
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard let open else { return }
        hasher.update(bufferPointer: bytes)
        try DurableFile.writeAll(open.fd, bytes, path: open.path)
    }

    func end() throws -> Bool {
        guard let (fd, path, message) = open else { return false }
        open = nil
        let digest = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        let seconds = Int64(max(0, message.receivedAt.timeIntervalSince1970.rounded(.down)))
        // The separator is carried only when going back to mbox could not derive it.
        let derived = MboxSeparator.text(
            returnPath: message.returnPath, receivedAt: Date(timeIntervalSince1970: TimeInterval(seconds)))
        let key = ExportMaildirName.key(
            seconds: seconds, index: message.index, sha256: digest,
            separator: message.separator == derived ? nil : message.separator)
        guard !existing.contains(key) else {
            SystemCall.close(fd)
            unlink(path)
            return false
        }
        do {
            try DurableFile.setTimes(fd, message.receivedAt, path: path)
        } catch {
            SystemCall.close(fd)
            unlink(path)
            throw error
        }
        let flags = message.flags
        let target = flags.isNew ? "/new/" + key : "/cur/" + key + ":2," + flags.flags
        pending.append((fd, path, root + target))
        existing.insert(key)
        if pending.count >= min(batchSize, Self.maximumPendingFiles) { try commitBatch() }
        return true
    }

    /// fsyncs every pending file, renames each to its place, then fsyncs `new/` and `cur/`. On a
    /// failure the files not yet renamed are removed (a rerun writes them again).
    private func commitBatch() throws {
        guard !pending.isEmpty else { return }
        defer { pending.removeAll() }
        var index = 0
        do {
            while index < pending.count {
                let file = pending[index]
                try DurableFile.sync(file.fd, path: file.path)
                try DurableFile.close(file.fd, path: file.path)
                pending[index].fd = -1
                try DurableFile.rename(file.path, file.target)
                index += 1
            }
        } catch {
            for file in pending[index...] {
                if file.fd >= 0 { SystemCall.close(file.fd) }
                unlink(file.path)
                existing.remove(ExportMaildirName.key(ofName: (file.target as NSString).lastPathComponent))
            }
            throw error
        }
        try syncDirectories()
    }

    func progressed(source: String, done: Int) throws {}

    /// Drops the open message only: the ended ones are complete and commit with the batch.
    func abandon() -> Int {
        if let open {
            SystemCall.close(open.fd)
            unlink(open.path)
        }
        open = nil
        return 0
    }

    func checkpoint() throws { try commitBatch() }

    func finish() throws {
        if let open {
            SystemCall.close(open.fd)
            unlink(open.path)
            self.open = nil
        }
        try commitBatch()
        try syncDirectories()
    }

    private func syncDirectories() throws {
        try DurableFile.syncDirectory(root + "/new")
        try DurableFile.syncDirectory(root + "/cur")
    }

}
