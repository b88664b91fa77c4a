import Foundation

/// The threads of ``SegmentCompressor``: a reader fills block slots in order and hashes the plain
/// bytes; `workers` deflaters turn filled slots into gzip members; the calling thread writes the
/// members to the file in order, then fsyncs it; a verifier follows the writer through the file,
/// inflating and hashing what has been written.
///
/// Memory is bounded by the slots: `4 × workers + 2` pairs of buffers, recycled in a ring.
///
/// Thread safety (hence `@unchecked Sendable`): every stored `var` is read and written only with
/// `condition` locked. A slot's buffers are used outside the lock only by the stage its state hands
/// them to (`free` → reader, `filled` → one worker after it claims the slot as `compressing`,
/// `compressed` → writer), and the state change that hands them on is made under the lock.
final class CompressionPipeline: @unchecked Sendable {
    enum SlotState { case free, filled, compressing, compressed }

    struct Slot {
        let input: UnsafeMutableRawBufferPointer
        let output: UnsafeMutableRawBufferPointer
        var state = SlotState.free
        var block = -1
        var inputCount = 0
        var outputCount = 0
    }

    let source: String
    let length: Int64
    let destination: String
    let options: SegmentCompressor.Options
    let blockCount: Int
    let condition = NSCondition()
    var slots: [Slot] = []
    /// The next block a worker may claim.
    var nextToCompress = 0
    /// Compressed bytes written to the file so far (the verifier may read that far).
    var written: Int64 = 0
    /// The file is complete and fsynced.
    var writingDone = false
    var failure: (any Error)?
    /// Set by the reader and the verifier when they finish.
    var plainDigest: SegmentDigest?
    var inflatedDigest: SegmentDigest?

    init(source: String, length: Int64, destination: String, options: SegmentCompressor.Options) throws {
        self.source = source
        self.length = length
        self.destination = destination
        self.options = options
        let blockSize = Int64(options.blockSize)
        // An empty segment still gets one (empty) member: a zero-byte file is not valid gzip.
        blockCount = max(1, Int((length + blockSize - 1) / blockSize))
        let bound = try GzipMemberDeflater(level: options.level, path: destination).bound(for: options.blockSize)
        for _ in 0..<(4 * min(options.workers, blockCount) + 2) {
            slots.append(Slot(
                input: .allocate(byteCount: options.blockSize, alignment: 64),
                output: .allocate(byteCount: bound, alignment: 64)))
        }
    }

    deinit {
        for slot in slots {
            slot.input.deallocate()
            slot.output.deallocate()
        }
    }

    /// Runs every stage; returns when the file is written, fsynced and verified, or throws the first
    /// failure of any stage after removing the file.
    func run() throws -> SegmentCompressor.Result {
        let fd = try SystemCalls.openFile(destination, O_WRONLY | O_CREAT | O_EXCL, mode: options.permissions)
        let group = DispatchGroup()
        var stages: [@Sendable () throws -> Void] = [{ try self.readBlocks() }, { try self.verify() }]
        for _ in 0..<min(options.workers, blockCount) {
            stages.append { try self.compressBlocks() }
        }
        for stage in stages {
            group.enter()
            let thread = Thread {
                do { try stage() } catch { self.fail(error) }
                group.leave()
            }
            thread.name = "popvault.gzip"
            thread.start()
        }
        var compressedLength: Int64 = 0
        var open = true
        do {
            compressedLength = try writeMembers(fd)
            open = false
            try SystemCalls.closeFile(fd, path: destination)
            condition.lock()
            writingDone = true
            condition.broadcast()
            condition.unlock()
        } catch {
            fail(error)
            if open { SystemCalls.closeQuietly(fd) }
        }
        group.wait()
        condition.lock()
        let outcome = (failure, plainDigest, inflatedDigest)
        condition.unlock()
        do {
            if let failure = outcome.0 { throw failure }
            guard let plain = outcome.1, let inflated = outcome.2 else {
                throw MailStoreError(.io(errno: EIO), operation: .read, path: destination)
            }
            guard plain == inflated, plain.length == length else {
                throw SegmentMismatch(path: destination, expected: plain, actual: inflated)
            }
            return SegmentCompressor.Result(digest: plain, compressedLength: compressedLength, members: blockCount)
        } catch {
            try? SystemCalls.removeFile(destination)
            throw error
        }
    }

    /// Records the first failure and wakes every stage so that it stops.
    func fail(_ error: any Error) {
        condition.lock()
        if failure == nil { failure = error }
        condition.broadcast()
        condition.unlock()
    }

    /// Writes the members in block order, then fsyncs the file.
    private func writeMembers(_ fd: Int32) throws -> Int64 {
        var offset: Int64 = 0
        for block in 0..<blockCount {
            let index = block % slots.count
            condition.lock()
            while failure == nil && !(slots[index].state == .compressed && slots[index].block == block) {
                condition.wait()
            }
            let slot = slots[index]
            let failed = failure != nil
            condition.unlock()
            if failed { throw Stopped() }
            let member = UnsafeRawBufferPointer(rebasing: slot.output[0..<slot.outputCount])
            try SystemCalls.writeAll(fd, member, at: offset, path: destination)
            offset += Int64(slot.outputCount)
            // Start writing back what is written so far, so that the final fsync has little left to do.
            if block % 8 == 7 { SystemCalls.startWriteback(fd) }
            condition.lock()
            written = offset
            slots[index].state = .free
            condition.broadcast()
            condition.unlock()
        }
        try SystemCalls.sync(fd, path: destination)
        return offset
    }
}

/// Thrown by a stage that stops because another one failed (never recorded: the first failure is).
struct Stopped: Error {}
