import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a password from a terminal with echo off, like getpass(3), restoring the terminal after.
enum TerminalPrompt {
    static func readPassword(prompt: String, descriptor fd: Int32, account: String) throws -> String {
        func failure(_ message: String) -> PasswordError {
            PasswordError(account: account, source: "prompt", message: message)
        }
        guard isatty(fd) == 1 else {
            throw failure("no password source is configured and standard input is not a terminal; "
                + "set password_command, password_env or password_file for this account")
        }
        var saved = termios()
        guard tcgetattr(fd, &saved) == 0 else {
            throw failure("cannot read the terminal settings: \(String(cString: strerror(errno)))")
        }
        var silent = saved
        silent.c_lflag &= ~tcflag_t(ECHO)
        silent.c_lflag |= tcflag_t(ECHONL)
        guard tcsetattr(fd, TCSAFLUSH, &silent) == 0 else {
            throw failure("cannot turn terminal echo off: \(String(cString: strerror(errno)))")
        }
        defer { _ = tcsetattr(fd, TCSAFLUSH, &saved) }
        let promptBytes = Array(prompt.utf8)
        _ = promptBytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }

        var line: [UInt8] = []
        var byte: UInt8 = 0
        while line.count < PasswordSource.maximumBytes {
            let count = read(fd, &byte, 1)
            if count < 0, errno == EINTR { continue }
            guard count > 0 else {
                if count < 0 { throw failure("cannot read the terminal: \(String(cString: strerror(errno)))") }
                break
            }
            if byte == UInt8(ascii: "\n") { break }
            line.append(byte)
        }
        let password = PasswordSource.firstLine(line)
        guard !password.isEmpty else { throw failure("no password entered") }
        return password
    }
}
