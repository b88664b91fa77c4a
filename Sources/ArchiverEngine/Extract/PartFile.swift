import Crypto

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A part being written: a hidden temporary file in its destination directory, the SHA-256 and the
/// size of what went in. Small decoded chunks are gathered into 64 KiB writes.
final class PartFile {
    let directory: OutputTree.Directory
    let temporaryName: String
    /// The safe name the file should get.
    let safeName: String
    private(set) var size: Int64 = 0
    private var fd: Int32
    private var hasher = SHA256()
    private var buffer: UnsafeMutableRawBufferPointer
    private var buffered = 0
    private let displayPath: String

    init(directory: OutputTree.Directory, temporary: (fd: Int32, name: String), safeName: String, root: String) {
        self.directory = directory
        self.temporaryName = temporary.name
        self.fd = temporary.fd
        self.safeName = safeName
        self.displayPath = "\(root)/\(directory.path(of: temporary.name))"
        buffer = .allocate(byteCount: 1 << 16, alignment: 16)
    }

    deinit {
        if fd >= 0 { SystemCall.close(fd) }
        buffer.deallocate()
    }

    func write(_ chunk: UnsafeRawBufferPointer) throws {
        hasher.update(bufferPointer: chunk)
        size += Int64(chunk.count)
        if buffered + chunk.count > buffer.count {
            try flush()
            if chunk.count >= buffer.count {
                try writeAll(chunk)
                return
            }
        }
        UnsafeMutableRawBufferPointer(rebasing: buffer[buffered...]).copyMemory(from: chunk)
        buffered += chunk.count
    }

    /// Flushes, optionally `fsync`s, closes, and returns the lower-case hex SHA-256.
    func close(sync: Bool) throws -> String {
        try flush()
        if sync && fsync(fd) != 0 { throw ExtractError.output(path: displayPath, operation: "fsync", errno: errno) }
        let result = SystemCall.close(fd)
        fd = -1
        if result != 0 { throw ExtractError.output(path: displayPath, operation: "close", errno: errno) }
        return hasher.finalize().map { byte in
            let hex = Array("0123456789abcdef".utf8)
            return String(decoding: [hex[Int(byte >> 4)], hex[Int(byte & 0xf)]], as: UTF8.self)
        }.joined()
    }

    /// Closes without keeping anything (the caller removes the temporary file).
    func discard() {
        if fd >= 0 { SystemCall.close(fd) }
        fd = -1
    }

    private func flush() throws {
        guard buffered > 0 else { return }
        try writeAll(UnsafeRawBufferPointer(rebasing: buffer[0..<buffered]))
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
