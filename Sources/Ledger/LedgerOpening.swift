import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import GRDB
import Synchronization

/// The ledger's pool and the identity of its file, open or being opened on another thread
/// (``ArchiveLedger/init(openingInBackground:)``).
final class LedgerOpening: Sendable {
    struct Opened: Sendable {
        var pool: DatabasePool
        /// The file's device and inode once open: a later `stat` that differs means it was replaced.
        var identity: FileIdentity
    }

    private let finished = DispatchGroup()
    private let result = Mutex<Result<Opened, LedgerError>?>(nil)

    init(ready opened: Opened) {
        result.withLock { $0 = .success(opened) }
    }

    init(_ open: @escaping @Sendable () throws(LedgerError) -> Opened) {
        finished.enter()
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            let opened: Result<Opened, LedgerError>
            do throws(LedgerError) {
                opened = .success(try open())
            } catch {
                opened = .failure(error)
            }
            result.withLock { $0 = opened }
            finished.leave()
        }
    }

    /// Waits for the open to finish; the pool and file identity, or what opening threw.
    func opened() throws(LedgerError) -> Opened {
        finished.wait()
        return try result.withLock { $0! }.get()
    }
}

/// A file's device and inode numbers.
struct FileIdentity: Sendable, Equatable {
    var device: UInt64
    var inode: UInt64

    /// The identity of the file at `path` (following symbolic links), or `nil` when there is none.
    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
    }
}
