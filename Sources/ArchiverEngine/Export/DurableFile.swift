import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The system calls of the export destinations, throwing `ExportError.output` with the path.
enum DurableFile {
    static func fail(_ operation: String, _ path: String, _ code: Int32 = errno) -> ExportError {
        .output(path: path, operation: operation, errno: code)
    }

    /// Creates `path` and its missing parents with mode 0700; an existing directory is fine.
    static func makeDirectory(_ path: String) throws {
        do {
            try FileManager.default.createDirectory(
                atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw fail("mkdir", path, (error as NSError).domain == NSPOSIXErrorDomain
                ? Int32((error as NSError).code) : EIO)
        }
    }

    /// Creates a new file (0600, failing if it exists) for writing.
    static func create(_ path: String) throws -> Int32 {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw fail("open", path) }
        return fd
    }

    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws {
        guard let base = bytes.baseAddress else { return }
        var done = 0
        while done < bytes.count {
            let count = SystemCall.write(fd, base + done, bytes.count - done)
            if count < 0 {
                if errno == EINTR { continue }
                throw fail("write", path)
            }
            done += count
        }
    }

    static func sync(_ fd: Int32, path: String) throws {
        while fsync(fd) != 0 {
            if errno != EINTR { throw fail("fsync", path) }
        }
    }

    static func close(_ fd: Int32, path: String) throws {
        if SystemCall.close(fd) != 0 && errno != EINTR { throw fail("close", path) }
    }

    /// fsyncs a directory, so that the names created or renamed in it are durable.
    static func syncDirectory(_ path: String) throws {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw fail("open", path) }
        defer { SystemCall.close(fd) }
        try sync(fd, path: path)
    }

    static func rename(_ from: String, _ to: String) throws {
        guard Foundation.rename(from, to) == 0 else { throw fail("rename", to) }
    }

    static func setTimes(_ fd: Int32, _ date: Date, path: String) throws {
        let seconds = max(0, date.timeIntervalSince1970.rounded(.down))
        let time = timespec(tv_sec: Int(seconds), tv_nsec: 0)
        guard futimens(fd, [time, time]) == 0 else { throw fail("futimens", path) }
    }
}
