#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads files in chunks, inflating them on the fly when they are gzip-compressed, so that every
/// reader of the archive handles `.mbox.gz` segments transparently (issue 5 item 2).
public enum GzipReader {
    /// The two bytes every gzip member starts with (RFC 1952 §2.3.1).
    public static let magic: [UInt8] = [0x1f, 0x8b]

    /// Calls `body` with successive chunks of the file at `path`, decompressed when the file starts
    /// with the gzip magic bytes (whatever its name), as stored otherwise. Memory is constant: one
    /// read buffer and one inflate buffer of `chunkSize` bytes.
    public static func forEachChunk(
        ofFile path: String, chunkSize: Int = 1 << 18, _ body: (UnsafeRawBufferPointer) throws -> Void
    ) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw GzipError(.system(operation: "open", errno: errno), path: path) }
        defer { close(fd) }
        #if canImport(Glibc)
        _ = posix_fadvise(fd, 0, 0, Int32(POSIX_FADV_SEQUENTIAL))
        #endif
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        var inflater: GzipInflater?
        // Peek at the first two bytes without moving the offset (any chunk size, even 1, works).
        var head: (UInt8, UInt8) = (0, 0)
        let peeked = withUnsafeMutableBytes(of: &head) { pread(fd, $0.baseAddress, 2, 0) }
        var first = peeked < 0
        if peeked == 2 && head.0 == magic[0] && head.1 == magic[1] {
            inflater = try GzipInflater(path: path, outputSize: chunkSize)
        }
        while true {
            let count = read(fd, buffer.baseAddress, chunkSize)
            if count < 0 {
                if errno == EINTR { continue }
                throw GzipError(.system(operation: "read", errno: errno), path: path)
            }
            if count == 0 { break }
            let chunk = UnsafeRawBufferPointer(rebasing: buffer[0..<count])
            if first {
                first = false
                // Not seekable (a pipe): decide on the first chunk.
                if count >= 2 && chunk[0] == magic[0] && chunk[1] == magic[1] {
                    inflater = try GzipInflater(path: path, outputSize: chunkSize)
                }
            }
            if let inflater {
                try inflater.feed(chunk, body)
            } else {
                try body(chunk)
            }
        }
        try inflater?.finish()
    }

    /// Whether the file at `path` starts with the gzip magic bytes.
    public static func isCompressed(path: String) throws -> Bool {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw GzipError(.system(operation: "open", errno: errno), path: path) }
        defer { close(fd) }
        var head: (UInt8, UInt8) = (0, 0)
        let count = withUnsafeMutableBytes(of: &head) { read(fd, $0.baseAddress, 2) }
        guard count >= 0 else { throw GzipError(.system(operation: "read", errno: errno), path: path) }
        return count == 2 && head.0 == magic[0] && head.1 == magic[1]
    }
}
