import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension PasswordSource {
    /// How long a `password_command` may take when the account sets no `password_command_timeout`.
    public static let commandTimeout: Duration = .seconds(30)

    /// Runs `command` with `/bin/sh -c`, stdin and stderr inherited (so `pass`/`gpg` can ask for a
    /// passphrase), stdout captured up to its first line end. Its output never appears in an error.
    ///
    /// Reading stops at the first line end: what follows is drained and dropped until the shell exits,
    /// and no end-of-file is awaited after that (a background child may hold stdout open for ever).
    /// The whole run has `timeout`; when it passes, the command (its process group, when it has its own)
    /// is killed and reaped.
    static func runCommand(_ command: String, timeout: Duration, account: String) throws -> String {
        func failure(_ message: String) -> PasswordError {
            PasswordError(account: account, source: "password_command", message: message)
        }
        let deadline = ContinuousClock.now + timeout
        var child: PasswordCommandChild
        do {
            child = try PasswordCommandChild(command: command)
        } catch {
            throw failure("cannot run /bin/sh: \(error)")
        }
        defer { child.closeOutput() }
        let line = child.readFirstLine(until: deadline, maximumBytes: maximumBytes)
        guard let status = child.waitForExit(until: deadline) else {
            child.terminate()
            throw failure("timed out after \(text(of: timeout))"
                + (line.endedByLineEnd ? " (it printed a line but did not exit)" : " without printing a line"))
        }
        switch status {
        case .signalled(let signal): throw failure("killed by signal \(signal)")
        case .exited(let code) where code != 0: throw failure("exited with status \(code)")
        case .exited: break
        }
        let password = firstLine(line.bytes)
        guard !password.isEmpty else {
            throw failure("printed no password")
        }
        return password
    }

    /// `30 s`, or `1500 ms` when not a whole number of seconds.
    private static func text(of duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        return attoseconds == 0 ? "\(seconds) s" : "\(seconds * 1_000 + attoseconds / 1_000_000_000_000_000) ms"
    }
}

/// `/bin/sh -c command` with its stdout on a pipe. Unless stdin is a terminal (where the command may
/// need to prompt, which only the terminal's foreground process group may do), it runs in a process
/// group of its own, so that a timeout kills what it started too.
struct PasswordCommandChild {
    enum Status: Equatable {
        case exited(Int32)
        case signalled(Int32)
    }

    /// The first line of the output (or all of it, without line end, up to the limit or the end).
    struct Line {
        var bytes: [UInt8] = []
        var endedByLineEnd = false
    }

    struct SpawnError: Error, CustomStringConvertible {
        var call: String
        var code: Int32
        var description: String { "\(call): \(String(cString: strerror(code)))" }
    }

    let pid: pid_t
    let ownGroup: Bool
    private var output: Int32
    private var reaped = false

    init(command: String) throws {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { throw SpawnError(call: "pipe", code: errno) }
        // Neither end leaks into another child (the spawn's dup2 gives the command its stdout anyway).
        for descriptor in fds { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        #if canImport(Darwin)
        var actions: posix_spawn_file_actions_t?
        var attributes: posix_spawnattr_t?
        #else
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        #endif
        posix_spawn_file_actions_init(&actions)
        posix_spawnattr_init(&attributes)
        defer {
            posix_spawn_file_actions_destroy(&actions)
            posix_spawnattr_destroy(&attributes)
        }
        posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO)
        // A pipe the command writes to after we stopped reading should end it, whatever popvault ignores.
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var flags = Int32(POSIX_SPAWN_SETSIGDEF)
        ownGroup = isatty(STDIN_FILENO) == 0
        if ownGroup {
            flags |= Int32(POSIX_SPAWN_SETPGROUP)
            posix_spawnattr_setpgroup(&attributes, 0)
        }
        posix_spawnattr_setflags(&attributes, Int16(flags))
        let words: [String] = ["/bin/sh", "-c", command]
        let arguments: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) }
        defer { arguments.forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, "/bin/sh", &actions, &attributes, arguments + [nil], environ)
        close(fds[1])
        guard result == 0 else {
            close(fds[0])
            throw SpawnError(call: "posix_spawn", code: result)
        }
        self.pid = pid
        output = fds[0]
    }

    /// Reads up to the first LF (included), the end of the output, `maximumBytes`, or the deadline.
    mutating func readFirstLine(until deadline: ContinuousClock.Instant, maximumBytes: Int) -> Line {
        var line = Line()
        var chunk = [UInt8](repeating: 0, count: 4096)
        while line.bytes.count < maximumBytes, let count = readChunk(into: &chunk, until: deadline), count > 0 {
            let part = chunk[..<count]
            if let end = part.firstIndex(of: UInt8(ascii: "\n")) {
                line.bytes += part[...end].prefix(maximumBytes - line.bytes.count)
                line.endedByLineEnd = true
                break
            }
            line.bytes += part.prefix(maximumBytes - line.bytes.count)
        }
        for index in chunk.indices { chunk[index] = 0 }
        return line
    }

    /// Waits for the shell to exit, dropping what it still writes (so that it never blocks on a full
    /// pipe), until the deadline; `nil` when the deadline passed first.
    mutating func waitForExit(until deadline: ContinuousClock.Instant) -> Status? {
        var scratch = [UInt8](repeating: 0, count: 4096)
        while true {
            var status: Int32 = 0
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid {
                reaped = true
                let signal = status & 0x7f
                return signal == 0 ? .exited((status >> 8) & 0xff) : .signalled(signal)
            }
            if result < 0, errno != EINTR { return nil }
            guard ContinuousClock.now < deadline else { return nil }
            // Drain for up to 10 ms at a time; once the output ended (or was closed), just pause.
            let pause = min(deadline, ContinuousClock.now + .milliseconds(10))
            if output >= 0, readChunk(into: &scratch, until: pause) == 0 { closeOutput() }
            if output < 0 { usleep(2_000) }
        }
    }

    /// Kills the command (its whole group when it has one) and reaps the shell.
    mutating func terminate() {
        guard !reaped else { return }
        _ = kill(ownGroup ? -pid : pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        reaped = true
    }

    mutating func closeOutput() {
        guard output >= 0 else { return }
        close(output)
        output = -1
    }

    /// One read once the pipe is readable: the byte count, 0 at the end of the output, `nil` when the
    /// deadline passed first (or the read failed).
    private func readChunk(into buffer: inout [UInt8], until deadline: ContinuousClock.Instant) -> Int? {
        while true {
            let left = deadline - ContinuousClock.now
            guard left > .zero else { return nil }
            var descriptor = pollfd(fd: output, events: Int16(POLLIN), revents: 0)
            let (seconds, attoseconds) = left.components
            let ready = poll(&descriptor, 1, Int32(clamping: seconds * 1_000 + attoseconds / 1_000_000_000_000_000 + 1))
            if ready < 0, errno == EINTR { continue }
            guard ready > 0 else { return ready == 0 ? nil : 0 }
            let count = buffer.withUnsafeMutableBytes { read(output, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            return max(0, count)
        }
    }
}
