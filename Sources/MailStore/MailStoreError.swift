#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a sink operation failed, what it was doing and on which file.
///
/// After any error thrown while a message is being written or committed, the sink only accepts
/// `abort()`, which removes every uncommitted byte (DESIGN.md §1): nothing half-written stays visible.
public struct MailStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Sendable, Equatable {
        /// The file system is full or the quota is exhausted (`ENOSPC`, `EDQUOT`).
        case noSpace
        /// Any other failed system call, with its `errno`.
        case io(errno: Int32)
        /// Another process (or another sink in this one) holds the mbox write lock.
        case locked
        /// The header block exceeded `SinkOptions.maximumHeaderBytes` (`actual` is what was seen
        /// when the limit tripped, at least `maximum + 1`).
        case headerTooLarge(actual: Int, maximum: Int)
        /// Maildir flags must be ASCII letters.
        case invalidFlags(String)
        /// The ledger says more bytes were committed than the mbox file holds: the file was
        /// truncated or replaced behind popvault's back.
        case committedLengthBeyondEnd(committed: Int64, fileLength: Int64)
        /// The calls came in an order `MessageSink` does not allow (e.g. `append` without `begin`,
        /// or anything but `abort` after a failure).
        case outOfOrder(call: String, state: String)
    }

    /// The operation that failed.
    public enum Operation: String, Sendable, Equatable {
        case createDirectory, open, write, fsync, close, rename, unlink, truncate, lock, stat, read,
             list, setTimes
        case begin, append, end, commit, abort
    }

    /// What went wrong.
    public var kind: Kind
    /// The system call or sink call that failed.
    public var operation: Operation
    /// The file or directory concerned.
    public var path: String

    /// An error of `kind` while doing `operation` on `path`.
    public init(_ kind: Kind, operation: Operation, path: String) {
        self.kind = kind
        self.operation = operation
        self.path = path
    }

    /// Builds the error for a failed system call from its `errno`.
    static func system(_ code: Int32, _ operation: Operation, _ path: String) -> MailStoreError {
        if code == ENOSPC || code == EDQUOT {
            return MailStoreError(.noSpace, operation: operation, path: path)
        }
        return MailStoreError(.io(errno: code), operation: operation, path: path)
    }

    public var description: String {
        switch kind {
        case .noSpace:
            return "no space left on device: \(operation.rawValue) \(path)"
        case .io(let code):
            return "\(operation.rawValue) \(path): \(String(cString: strerror(code))) (errno \(code))"
        case .locked:
            return "\(path) is locked by another writer"
        case .headerTooLarge(let actual, let maximum):
            return "header block of at least \(actual) bytes exceeds the maximum of \(maximum): \(path)"
        case .invalidFlags(let flags):
            return "invalid Maildir flags \"\(flags)\" (ASCII letters only): \(path)"
        case .committedLengthBeyondEnd(let committed, let fileLength):
            return "\(path) holds \(fileLength) bytes but \(committed) were committed"
        case .outOfOrder(let call, let state):
            return "\(call) is not allowed while the sink is \(state): \(path)"
        }
    }
}
