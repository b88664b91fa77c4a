import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Finding and stopping the daemons a test started (Dovecot's master, Mailutils' imap4d and pop3d),
/// so that none outlives its test.
enum DaemonProcesses {
    /// The processes in `/proc` started as `binary` with `argument` (a daemon's private configuration
    /// file, alone or as `--option=argument`) among their arguments, sorted; a daemon's forked session
    /// processes keep its command line, so they are found too.
    static func running(_ binary: String, with argument: String) -> [pid_t] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { entry -> pid_t? in
            guard let pid = pid_t(entry),
                let data = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline")
            else { return nil }
            let arguments = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            guard arguments.first == binary,
                arguments.dropFirst().contains(where: { $0 == argument || $0.hasSuffix("=" + argument) })
            else { return nil }
            return pid
        }.sorted()
    }

    /// Sends SIGTERM to `processes`, and SIGKILL to them and their process groups if they have not gone
    /// within `limit`.
    static func stop(_ processes: Set<pid_t>, limit: TimeInterval) {
        for pid in processes { kill(pid, SIGTERM) }
        guard !waitUntilGone(processes, limit: limit) else { return }
        for pid in processes {
            kill(-pid, SIGKILL)  // a daemon that called setsid leads its own process group
            kill(pid, SIGKILL)
        }
        _ = waitUntilGone(processes, limit: limit)
    }

    /// Waits until none of `processes` runs; a zombie counts as gone (its parent, init here, may be slow
    /// to reap it). Returns whether they all went within `limit`.
    static func waitUntilGone(_ processes: Set<pid_t>, limit: TimeInterval) -> Bool {
        let deadline = Date().addingTimeInterval(limit)
        while processes.contains(where: isRunning) {
            guard Date() < deadline else { return false }
            usleep(20_000)
        }
        return true
    }

    static func isRunning(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let end = stat.lastIndex(of: ")")
        else { return kill(pid, 0) == 0 }
        let state = stat[stat.index(after: end)...].drop(while: { $0 == " " }).first
        return state != "Z" && state != "X"
    }
}
