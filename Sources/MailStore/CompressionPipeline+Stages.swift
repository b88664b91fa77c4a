#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension CompressionPipeline {
    /// Reader: fills free slots with the segment's blocks, in order, hashing the plain bytes.
    func readBlocks() throws {
        let fd = try SystemCalls.openFile(source, O_RDONLY)
        defer { SystemCalls.closeQuietly(fd) }
        #if canImport(Glibc)
        _ = posix_fadvise(fd, 0, 0, Int32(POSIX_FADV_SEQUENTIAL))
        #endif
        var tally = ContentTally()
        for block in 0..<blockCount {
            let index = block % slots.count
            condition.lock()
            while failure == nil && slots[index].state != .free { condition.wait() }
            let input = slots[index].input
            let failed = failure != nil
            condition.unlock()
            if failed { throw Stopped() }
            let start = Int64(block) * Int64(options.blockSize)
            let count = Int(min(Int64(options.blockSize), length - start))
            var done = 0
            while done < count {
                done += try SystemCalls.readAt(
                    fd, into: UnsafeMutableRawBufferPointer(rebasing: input[done..<count]),
                    offset: start + Int64(done), path: source)
            }
            tally.add(UnsafeRawBufferPointer(rebasing: input[0..<count]))
            condition.lock()
            slots[index].inputCount = count
            slots[index].block = block
            slots[index].state = .filled
            condition.broadcast()
            condition.unlock()
        }
        let digest = SegmentDigest(length: tally.size, sha256: tally.hexDigest())
        condition.lock()
        plainDigest = digest
        condition.unlock()
    }

    /// Worker: claims the next filled block and deflates it into a gzip member, until none is left.
    func compressBlocks() throws {
        let deflater = try GzipMemberDeflater(level: options.level, path: destination)
        while true {
            condition.lock()
            while failure == nil && nextToCompress < blockCount
                && !(slots[nextToCompress % slots.count].state == .filled
                    && slots[nextToCompress % slots.count].block == nextToCompress)
            {
                condition.wait()
            }
            guard failure == nil && nextToCompress < blockCount else {
                condition.unlock()
                return
            }
            let index = nextToCompress % slots.count
            nextToCompress += 1
            slots[index].state = .compressing
            let slot = slots[index]
            condition.unlock()
            let size = try deflater.compress(
                UnsafeRawBufferPointer(rebasing: slot.input[0..<slot.inputCount]), into: slot.output)
            condition.lock()
            slots[index].outputCount = size
            slots[index].state = .compressed
            condition.broadcast()
            condition.unlock()
        }
    }

    /// Verifier: reads the new file back as far as it has been written, inflates and hashes it; the
    /// last bytes are read after the writer's fsync, and the stream must end at a member's end.
    func verify() throws {
        let fd = try SystemCalls.openFile(destination, O_RDONLY)
        defer { SystemCalls.closeQuietly(fd) }
        let chunkSize = 1 << 20
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 64)
        defer { buffer.deallocate() }
        let inflater = try GzipInflater(path: destination, outputSize: chunkSize)
        var tally = ContentTally()
        var offset: Int64 = 0
        while true {
            condition.lock()
            while failure == nil && !writingDone && written == offset { condition.wait() }
            let (available, complete, failed) = (written, writingDone, failure != nil)
            condition.unlock()
            if failed { throw Stopped() }
            while offset < available {
                let wanted = Int(min(Int64(chunkSize), available - offset))
                let got = try SystemCalls.readAt(
                    fd, into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<wanted]), offset: offset,
                    path: destination)
                try inflater.feed(UnsafeRawBufferPointer(rebasing: buffer[0..<got])) { tally.add($0) }
                offset += Int64(got)
            }
            if complete { break }
        }
        try inflater.finish()
        let digest = SegmentDigest(length: tally.size, sha256: tally.hexDigest())
        condition.lock()
        inflatedDigest = digest
        condition.unlock()
    }
}
