import Dispatch
import GRDB
import Synchronization

/// The ledger's pool, open or being opened on another thread (``ArchiveLedger/init(openingInBackground:)``).
final class LedgerOpening: Sendable {
    private let finished = DispatchGroup()
    private let result = Mutex<Result<DatabasePool, LedgerError>?>(nil)

    init(ready pool: DatabasePool) {
        result.withLock { $0 = .success(pool) }
    }

    init(_ open: @escaping @Sendable () throws(LedgerError) -> DatabasePool) {
        finished.enter()
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            let opened: Result<DatabasePool, LedgerError>
            do throws(LedgerError) {
                opened = .success(try open())
            } catch {
                opened = .failure(error)
            }
            result.withLock { $0 = opened }
            finished.leave()
        }
    }

    /// Waits for the open to finish; the pool, or what opening threw.
    func pool() throws(LedgerError) -> DatabasePool {
        finished.wait()
        return try result.withLock { $0! }.get()
    }
}
