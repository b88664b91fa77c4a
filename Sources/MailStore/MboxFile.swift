#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// File-level helpers of the mbox sink: the write lock and the end-of-file check.
enum MboxFile {
    /// Takes a write lock on the whole file without waiting.
    ///
    /// On Linux an open-file-description lock (`F_OFD_SETLK`): it belongs to this descriptor, so
    /// two sinks in one process exclude each other too, and closing another descriptor of the same
    /// file does not drop it (as it would a classic POSIX lock).
    static func lock(_ fd: Int32, path: String) throws {
        var request = flock()
        request.l_type = Int16(F_WRLCK)
        request.l_whence = Int16(SEEK_SET)
        request.l_start = 0
        request.l_len = 0
        request.l_pid = 0
        #if os(Linux)
        let command: Int32 = 37  // F_OFD_SETLK, not exported to Swift by Glibc
        #else
        let command = F_SETLK
        #endif
        while fcntl(fd, command, &request) != 0 {
            let code = errno
            if code == EINTR { continue }
            if code == EAGAIN || code == EACCES {
                throw MailStoreError(.locked, operation: .lock, path: path)
            }
            throw MailStoreError.system(code, .lock, path)
        }
    }

    /// The line ends needed so that a record written at `length` starts after an empty line:
    /// none for an empty file or one ending in "\n\n", else one or two LFs.
    static func padding(_ fd: Int32, length: Int64, path: String) throws -> [UInt8] {
        guard length > 0 else { return [] }
        let wanted = Int(min(length, 2))
        var tail = [UInt8](repeating: 0, count: wanted)
        let got = tail.withUnsafeMutableBytes { pread(fd, $0.baseAddress, wanted, off_t(length) - off_t(wanted)) }
        guard got == wanted else { throw MailStoreError.system(got < 0 ? errno : EIO, .read, path) }
        if tail.last != ASCII.lf { return [ASCII.lf, ASCII.lf] }
        if wanted == 2 && tail[0] == ASCII.lf { return [] }
        return [ASCII.lf]
    }
}
