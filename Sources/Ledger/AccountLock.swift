import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive, per-account lock: `flock(LOCK_EX | LOCK_NB)` on `<root>/.locks/<account>.lock`
/// (file 0600, directory 0700). The kernel drops it when the holder exits, however it dies
/// (SIGKILL included), so a stale lock file never blocks the next run.
///
/// The holder writes its pid into the file, only so that the busy error can name it.
public final class AccountLock: @unchecked Sendable {
    // @unchecked: `descriptor` is only read or written under `mutex`.
    private let mutex = NSLock()
    private var descriptor: Int32?
    /// The account this lock belongs to.
    public let account: String
    /// The lock file.
    public let path: String

    private init(account: String, path: String, descriptor: Int32) {
        self.account = account
        self.path = path
        self.descriptor = descriptor
    }

    deinit { release() }

    /// Takes the lock of `account` under `root`, or throws ``LedgerError/accountBusy(account:lockPath:holder:)``
    /// at once (it never waits) when another run, in this process or another, holds it.
    public static func acquire(root: URL, account: String) throws -> AccountLock {
        guard isSafeFileName(account) else { throw LedgerError.invalidAccountName(account) }
        let directory = root.appendingPathComponent(".locks", isDirectory: true).path
        let path = (directory as NSString).appendingPathComponent("\(account).lock")
        if !FileManager.default.fileExists(atPath: root.path) {
            do {
                try FileManager.default.createDirectory(
                    at: root, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw LedgerError.lockFailed(
                    account: account, lockPath: path, reason: "cannot create \(root.path): \(error)")
            }
        }
        if mkdir(directory, 0o700) != 0, errno != EEXIST {
            throw LedgerError.lockFailed(account: account, lockPath: path, reason: String(cString: strerror(errno)))
        }
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw LedgerError.lockFailed(account: account, lockPath: path, reason: String(cString: strerror(errno)))
        }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            let holder = readHolder(fd)
            close(fd)
            if code == EWOULDBLOCK {
                throw LedgerError.accountBusy(account: account, lockPath: path, holder: holder)
            }
            throw LedgerError.lockFailed(account: account, lockPath: path, reason: String(cString: strerror(code)))
        }
        let pid = Array("\(getpid())\n".utf8)
        if ftruncate(fd, 0) == 0 {
            _ = pid.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        }
        return AccountLock(account: account, path: path, descriptor: fd)
    }

    /// Whether this object still holds the lock.
    public var isHeld: Bool {
        mutex.lock()
        defer { mutex.unlock() }
        return descriptor != nil
    }

    /// Drops the lock (idempotent). The lock file stays; it is reused by the next run.
    public func release() {
        mutex.lock()
        defer { mutex.unlock() }
        guard let fd = descriptor else { return }
        descriptor = nil
        _ = flock(fd, LOCK_UN)
        close(fd)
    }

    /// An account name usable as a file name: not empty, no `/`, no NUL, not starting with `.`.
    public static func isSafeFileName(_ name: String) -> Bool {
        !name.isEmpty && !name.hasPrefix(".") && !name.contains("/") && !name.contains("\0") && name.utf8.count <= 200
    }

    private static func readHolder(_ fd: Int32) -> String? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        let text = String(decoding: buffer[0..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty || !text.allSatisfy(\.isNumber) ? nil : text
    }
}
