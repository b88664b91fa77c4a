import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension PasswordSource {
    /// Reads the first line of `path`, after checking (on the open descriptor, so the file cannot be
    /// swapped in between) that neither group nor others may read or write it.
    static func readFile(_ path: String, account: String) throws -> String {
        func failure(_ message: String) -> PasswordError {
            PasswordError(account: account, source: "password_file", message: message)
        }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw failure("cannot open \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw failure("cannot stat \(path): \(String(cString: strerror(errno)))") }
        guard info.st_mode & S_IFMT == S_IFREG else { throw failure("\(path) is not a regular file") }
        let mode = info.st_mode & 0o777
        guard mode & 0o077 == 0 else {
            throw failure("\(path) is accessible by group or others (mode \(String(mode, radix: 8).leftPadded(4))); "
                + "run: chmod 600 \(path)")
        }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while bytes.count < maximumBytes, !bytes.contains(UInt8(ascii: "\n")) {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else { throw failure("cannot read \(path): \(String(cString: strerror(errno)))") }
            if count == 0 { break }
            bytes += buffer[0..<count]
        }
        let password = firstLine(bytes)
        guard !password.isEmpty else { throw failure("\(path) holds no password on its first line") }
        return password
    }
}

extension String {
    /// `"644"` → `"0644"`.
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
