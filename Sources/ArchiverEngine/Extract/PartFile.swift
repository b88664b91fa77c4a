#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A part being written: a hidden temporary file in its destination directory, the SHA-256 and the
/// size of what went in. Decoded chunks are gathered into buffers of `PartHasher.bufferSize` bytes; a
/// full buffer goes to the hasher's queue and is written here meanwhile (the write and the hash of the
/// same bytes run in parallel). A part that fits in one buffer is hashed on the caller's thread.
final class PartFile {
    let directory: OutputTree.Directory
    let temporaryName: String
    /// The safe name the file should get.
    let safeName: String
    private(set) var size: Int64 = 0
    private var fd: Int32
    private let digest = PartDigest()
    private let hasher: PartHasher
    private var buffer: UnsafeMutableRawBufferPointer?
    private var buffered = 0
    /// Some buffers went to the hasher's queue: the digest is final only after a drain. (Queued work keeps
    /// `digest` alive and recycles its buffers itself, so discarding needs no drain.)
    private var handedOver = false
    private let displayPath: String

    init(
        directory: OutputTree.Directory, temporary: (fd: Int32, name: String), safeName: String, root: String,
        hasher: PartHasher
    ) {
        self.directory = directory
        self.temporaryName = temporary.name
        self.fd = temporary.fd
        self.safeName = safeName
        self.hasher = hasher
        self.displayPath = "\(root)/\(directory.path(of: temporary.name))"
    }

    deinit {
        if let buffer { hasher.recycle(buffer) }
        if fd >= 0 { SystemCall.close(fd) }
    }

    func write(_ chunk: UnsafeRawBufferPointer) throws {
        size += Int64(chunk.count)
        var done = 0
        while done < chunk.count {
            let target = buffer ?? hasher.buffer()
            buffer = target
            let n = min(chunk.count - done, target.count - buffered)
            (target.baseAddress! + buffered).copyMemory(from: chunk.baseAddress! + done, byteCount: n)
            buffered += n
            done += n
            if buffered == target.count { try handOver() }
        }
    }

    /// Writes what is left, optionally `fsync`s, closes, and returns the lower-case hex SHA-256.
    func close(sync: Bool) throws -> String {
        if handedOver {
            if buffered > 0 { try handOver() }
            hasher.drain()
        } else if let buffer, buffered > 0 {
            let bytes = UnsafeRawBufferPointer(rebasing: buffer[0..<buffered])
            digest.hasher.update(bufferPointer: bytes)
            try writeAll(bytes)
        }
        releaseBuffer()
        if sync && fsync(fd) != 0 { throw ExtractError.output(path: displayPath, operation: "fsync", errno: errno) }
        let result = SystemCall.close(fd)
        fd = -1
        if result != 0 { throw ExtractError.output(path: displayPath, operation: "close", errno: errno) }
        let hex = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        for byte in digest.hasher.finalize() { text += [hex[Int(byte >> 4)], hex[Int(byte & 0xf)]] }
        return String(decoding: text, as: UTF8.self)
    }

    /// Closes without keeping anything (the caller removes the temporary file).
    func discard() {
        releaseBuffer()
        if fd >= 0 { SystemCall.close(fd) }
        fd = -1
    }

    /// Hands the full buffer to the hasher and writes it meanwhile.
    private func handOver() throws {
        guard let full = buffer else { return }
        let bytes = UnsafeRawBufferPointer(rebasing: full[0..<buffered])
        hasher.submit(full, count: buffered, to: digest)
        // The hasher recycles `full` when done; nobody takes it again before our next `hasher.buffer()`.
        buffer = nil
        buffered = 0
        handedOver = true
        try writeAll(bytes)
    }

    private func releaseBuffer() {
        if let buffer { hasher.recycle(buffer) }
        buffer = nil
        buffered = 0
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer) throws {
        var done = 0
        while done < bytes.count {
            let n = SystemCall.write(fd, bytes.baseAddress! + done, bytes.count - done)
            if n < 0 {
                if errno == EINTR { continue }
                throw ExtractError.output(path: displayPath, operation: "write", errno: errno)
            }
            done += n
        }
    }
}
