import CZlib

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Streams bytes into a new gzip file (one member, deflate level 6 by default) and makes it durable:
/// `finish()` flushes the compressor, `fsync`s the file and closes it. Used by mbox rotation.
///
/// The file is created exclusively (an existing file is never overwritten) with mode 0600.
/// `abort()` (or dropping an unfinished writer) removes it.
public final class GzipWriter {
    public let path: String
    /// Uncompressed bytes written so far.
    public private(set) var bytesIn: Int64 = 0
    /// Compressed bytes written to the file so far.
    public private(set) var bytesOut: Int64 = 0

    private var fd: Int32
    private let stream: UnsafeMutablePointer<z_stream>
    private let output: UnsafeMutableRawBufferPointer
    private var finished = false

    /// Creates `path` (which must not exist) and starts a gzip member.
    /// - Parameters:
    ///   - level: deflate level 0–9 (6 is gzip's default).
    ///   - permissions: the new file's mode.
    public init(path: String, level: Int32 = 6, permissions: mode_t = 0o600, bufferSize: Int = 1 << 18) throws {
        self.path = path
        fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, permissions)
        guard fd >= 0 else { throw GzipError(.system(operation: "open", errno: errno), path: path) }
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        output = .allocate(byteCount: bufferSize, alignment: 16)
        // 15 + 16: the largest window, with a gzip header and trailer; memLevel 8 is zlib's default.
        let rc = deflateInit2_(
            stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, zlibVersion(),
            Int32(MemoryLayout<z_stream>.size))
        guard rc == Z_OK else {
            close(fd)
            unlink(path)
            stream.deallocate()
            output.deallocate()
            throw GzipError(.zlib(code: rc), path: path)
        }
    }

    deinit {
        deflateEnd(stream)
        stream.deallocate()
        output.deallocate()
        if !finished {
            close(fd)
            unlink(path)
        }
    }

    /// Compresses `chunk` and writes whatever output is ready.
    public func write(_ chunk: UnsafeRawBufferPointer) throws {
        precondition(!finished, "write after finish or abort")
        guard let base = chunk.baseAddress, chunk.count > 0 else { return }
        stream.pointee.next_in = UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: UInt8.self))
        stream.pointee.avail_in = UInt32(chunk.count)
        bytesIn += Int64(chunk.count)
        try run(Z_NO_FLUSH)
    }

    /// Writes the end of the member, `fsync`s and closes the file. The caller fsyncs the directory
    /// after renaming or linking the file into place.
    public func finish() throws {
        precondition(!finished, "finish twice")
        stream.pointee.next_in = nil
        stream.pointee.avail_in = 0
        try run(Z_FINISH)
        guard fsync(fd) == 0 else { throw GzipError(.system(operation: "fsync", errno: errno), path: path) }
        finished = true
        guard close(fd) == 0 else { throw GzipError(.system(operation: "close", errno: errno), path: path) }
    }

    /// Closes and removes the unfinished file.
    public func abort() {
        guard !finished else { return }
        finished = true
        close(fd)
        unlink(path)
    }

    private func run(_ flush: Int32) throws {
        repeat {
            stream.pointee.next_out = output.baseAddress!.assumingMemoryBound(to: UInt8.self)
            stream.pointee.avail_out = UInt32(output.count)
            let rc = deflate(stream, flush)
            guard rc == Z_OK || rc == Z_STREAM_END || rc == Z_BUF_ERROR else {
                throw GzipError(.zlib(code: rc), path: path)
            }
            try writeAll(UnsafeRawBufferPointer(rebasing: output[0..<(output.count - Int(stream.pointee.avail_out))]))
            if flush == Z_FINISH && rc == Z_STREAM_END { return }
        } while stream.pointee.avail_out == 0 || (flush == Z_FINISH)
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer) throws {
        var done = 0
        while done < bytes.count {
            let n = systemWrite(fd, bytes.baseAddress! + done, bytes.count - done)
            if n < 0 {
                if errno == EINTR { continue }
                throw GzipError(.system(operation: "write", errno: errno), path: path)
            }
            done += n
        }
        bytesOut += Int64(bytes.count)
    }
}

private func systemWrite(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.write(fd, bytes, count)
    #else
    Darwin.write(fd, bytes, count)
    #endif
}
