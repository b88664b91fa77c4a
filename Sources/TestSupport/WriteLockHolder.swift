import Dispatch
import Foundation
import GRDB

/// Holds the write lock of an SQLite database from a connection of its own, as another process
/// writing to the same file would, until ``release()``.
public final class WriteLockHolder: @unchecked Sendable {
    // @unchecked: the semaphores order every access; the queue is only used on the holding thread.
    private let queue: DatabaseQueue
    private let held = DispatchSemaphore(value: 0)
    private let released = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)
    private var isReleased = false

    /// Returns once the lock (`BEGIN IMMEDIATE`) is held.
    public init(path: String) throws {
        queue = try DatabaseQueue(path: path)
        Thread { [self] in
            _ = try? queue.inTransaction(.immediate) { _ in
                held.signal()
                released.wait()
                return .rollback
            }
            finished.signal()
        }.start()
        held.wait()
    }

    /// Rolls the transaction back and waits until the lock is free.
    public func release() {
        guard !isReleased else { return }
        isReleased = true
        released.signal()
        finished.wait()
    }

    deinit { release() }
}
