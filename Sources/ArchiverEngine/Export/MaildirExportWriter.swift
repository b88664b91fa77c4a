import Crypto
import Foundation
import MailStore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes exported messages into a Maildir, byte for byte as read (no line-end conversion): each
/// into `tmp/`, fsync'd, then renamed into `new/` or `cur/` under its ``ExportMaildirName``; the
/// directories are fsync'd once per batch and at the end.
///
/// Resuming: a message whose key already names a file in `new/` or `cur/` is not written again
/// (the name holds the source position and content hash, so only the same message matches). The
/// Maildir may be shared with other writers: only `tmp/` files this writer names
/// (`popvault-export.*`, left by a killed run) are removed.
final class MaildirExportWriter: ExportWriter {
    static let temporaryPrefix = "popvault-export."
    let root: String
    private let batchSize: Int
    private var existing: Set<String> = []
    private var open: (fd: Int32, path: String, message: ExportedMessage)?
    private var hasher = SHA256()
    private var counter = 0
    private var unsynced = 0

    init(root: String, batchSize: Int) throws {
        self.root = root
        self.batchSize = batchSize
        for sub in ["", "/tmp", "/new", "/cur"] { try DurableFile.makeDirectory(root + sub) }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root + "/tmp")) ?? []
        for name in names where name.hasPrefix(Self.temporaryPrefix) {
            guard unlink(root + "/tmp/" + name) == 0 || errno == ENOENT else {
                throw DurableFile.fail("unlink", root + "/tmp/" + name)
            }
        }
        for sub in ["new", "cur"] {
            for name in (try? FileManager.default.contentsOfDirectory(atPath: root + "/" + sub)) ?? [] {
                existing.insert(String(name.split(separator: ":", maxSplits: 1).first ?? ""))
            }
        }
    }

    deinit { _ = abandon() }

    func resumePoint(source: String) -> Int { 0 }

    func begin(_ message: ExportedMessage) throws {
        counter += 1
        let path = root + "/tmp/" + Self.temporaryPrefix + "\(getpid()).\(counter)"
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
            try DurableFile.sync(fd, path: path)
            try DurableFile.close(fd, path: path)
        } catch {
            unlink(path)
            throw error
        }
        let flags = message.flags
        let target = flags.isNew ? "/new/" + key : "/cur/" + key + ":2," + flags.flags
        try DurableFile.rename(path, root + target)
        existing.insert(key)
        unsynced += 1
        if unsynced >= batchSize { try syncDirectories() }
        return true
    }

    func progressed(source: String, done: Int) throws {}

    func abandon() -> Int {
        if let open {
            SystemCall.close(open.fd)
            unlink(open.path)
        }
        open = nil
        return 0
    }

    func checkpoint() throws { try syncDirectories() }

    func finish() throws {
        _ = abandon()
        try syncDirectories()
    }

    private func syncDirectories() throws {
        try DurableFile.syncDirectory(root + "/new")
        try DurableFile.syncDirectory(root + "/cur")
        unsynced = 0
    }
}
