import Crypto
import Dispatch
import Foundation

/// Computes the SHA-256 of part files on a serial dispatch queue, so that hashing (the largest cost of
/// extracting a big attachment) overlaps with reading, parsing, decoding and writing on the caller's
/// thread.
///
/// Memory stays bounded: at most `maximumInFlight` buffers wait in the queue (`submit` blocks the caller
/// while they do), and each open `PartFile` fills one buffer of `bufferSize` bytes; hashed buffers are
/// recycled. The queue is serial, so a file's bytes are hashed in the order they were submitted.
final class PartHasher: @unchecked Sendable {
    let bufferSize: Int
    private let queue = DispatchQueue(label: "popvault.extract.part-hasher")
    /// Shared with the queued work, so whichever thread lets go last frees it (never a sync on the queue).
    private let pool: BufferPool

    init(bufferSize: Int = 1 << 18, maximumInFlight: Int = 4) {
        self.bufferSize = bufferSize
        pool = BufferPool(maximumInFlight: maximumInFlight)
    }

    /// An empty buffer of `bufferSize` bytes (a recycled one when there is one).
    func buffer() -> UnsafeMutableRawBufferPointer {
        pool.take() ?? .allocate(byteCount: bufferSize, alignment: 64)
    }

    /// Takes back a buffer that was not submitted.
    func recycle(_ buffer: UnsafeMutableRawBufferPointer) {
        pool.put(buffer)
    }

    /// Hashes the first `count` bytes of `buffer` into `digest` in the background, then recycles the
    /// buffer. Waits while `maximumInFlight` buffers are queued. The caller may go on reading the buffer
    /// (to write it) until it next calls `buffer()`: only that call can hand the buffer out again.
    func submit(_ buffer: UnsafeMutableRawBufferPointer, count: Int, to digest: PartDigest) {
        pool.inFlight.wait()
        let job = Job(buffer: buffer, count: count)
        let pool = self.pool
        queue.async {
            digest.hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: job.buffer[0..<job.count]))
            pool.put(job.buffer)
            pool.inFlight.signal()
        }
    }

    /// Waits until everything submitted so far is hashed.
    func drain() {
        queue.sync {}
    }
}

/// Recycled buffers and the count of queued ones.
private final class BufferPool: @unchecked Sendable {
    let inFlight: DispatchSemaphore
    private let lock = NSLock()
    private var recycled: [UnsafeMutableRawBufferPointer] = []

    init(maximumInFlight: Int) {
        inFlight = DispatchSemaphore(value: maximumInFlight)
    }

    deinit {
        for buffer in recycled { buffer.deallocate() }
    }

    func take() -> UnsafeMutableRawBufferPointer? {
        lock.withLock { recycled.popLast() }
    }

    func put(_ buffer: UnsafeMutableRawBufferPointer) {
        lock.withLock { recycled.append(buffer) }
    }
}

/// A buffer travelling to the hasher's queue; the queue only reads it until it is recycled.
private struct Job: @unchecked Sendable {
    let buffer: UnsafeMutableRawBufferPointer
    let count: Int
}

/// The running SHA-256 of one part file. While buffers of the file are queued only the `PartHasher`
/// queue touches it; the owner reads it after `PartHasher.drain()`.
final class PartDigest: @unchecked Sendable {
    var hasher = SHA256()
}
