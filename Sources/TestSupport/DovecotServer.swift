import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A private Dovecot (POP3 and IMAP, plain and TLS) on loopback, configured in a temporary directory.
///
/// Mail is stored as Maildir under `home/<user>/Maildir`, owned by an unprivileged user when run as root
/// (`nobody`), or by the current user otherwise. Call ``stop()`` in teardown.
public final class DovecotServer: @unchecked Sendable {
    public static let binary = "/usr/sbin/dovecot"

    /// Why Dovecot cannot be used here, or nil when it can.
    public static var unavailableReason: String? {
        FileManager.default.isExecutableFile(atPath: binary)
            ? nil : "Dovecot is not installed (\(binary) missing); install dovecot-pop3d and dovecot-imapd"
    }

    /// True when `POPVAULT_REQUIRE_DOVECOT=1`: a missing Dovecot is then a failure, not a skip.
    public static var isRequired: Bool { ProcessInfo.processInfo.environment["POPVAULT_REQUIRE_DOVECOT"] == "1" }

    public let directory: TemporaryDirectory
    public let certificate: SelfSignedCertificate
    public let users: [String: String]
    public let pop3Port: Int
    public let pop3sPort: Int
    public let imapPort: Int
    public let imapsPort: Int
    public let host = "127.0.0.1"
    let mailOwner: (uid: uid_t, gid: gid_t)
    var configPath: String { directory.path + "/dovecot.conf" }
    private var stopped = false

    /// Starts Dovecot with the given users (name → password); see ``init(users:)``.
    public static func start(users: [String: String] = ["alice": "alicepass"]) throws -> DovecotServer {
        try DovecotServer(users: users)
    }

    /// Starts Dovecot with the given users (name → password) and waits until it accepts connections.
    public init(users: [String: String] = ["alice": "alicepass"]) throws {
        if let reason = Self.unavailableReason { throw DovecotUnavailable(reason: reason) }
        directory = try TemporaryDirectory(prefix: "popvault-dovecot")
        chmod(directory.path, 0o755)
        self.users = users
        certificate = try SelfSignedCertificate(in: directory.path)
        let ports = try freeLoopbackPorts(4)
        (pop3Port, pop3sPort, imapPort, imapsPort) = (ports[0], ports[1], ports[2], ports[3])
        mailOwner = getuid() == 0 ? (65534, 65534) : (getuid(), getgid())
        do {
            try writeConfiguration()
            try runProgram(Self.binary, ["-c", configPath], errorLog: directory.path + "/startup.log")
            try waitUntilListening()
        } catch {
            stop()
            throw error
        }
    }

    /// The home directory of a user; its `Maildir` holds the mail.
    public func maildir(of user: String) -> String { directory.path + "/home/\(user)/Maildir" }

    /// Delivers a message into the user's `Maildir/new`, owned by the mail user.
    @discardableResult
    public func deliver(_ bytes: [UInt8], to user: String) throws -> String {
        try deliver(to: user) { $0.write(Data(bytes)) }
    }

    /// Delivers a message written by `write` (in as many pieces as it likes, so a large message need
    /// not be in memory) into `tmp/`, then moves it into `new/`, as a delivery agent would.
    @discardableResult
    public func deliver(to user: String, write: (FileHandle) throws -> Void) throws -> String {
        try deliver(into: maildir(of: user), write: write)
    }

    /// The contents of the messages remaining in the user's Maildir (`new` and `cur`), in name order.
    public func remainingMessages(of user: String) throws -> [[UInt8]] {
        try maildirMessages(in: maildir(of: user))
    }

    /// Stops the master process (and with it its children) and removes the directory. Safe to call twice.
    ///
    /// The master is found through its pid file and, should that be missing or stale, by its command line
    /// (`-c <directory>/dovecot.conf`). It gets SIGTERM, and SIGKILL with its process group if it has not
    /// gone within ``stopLimit``: a master must never outlive the test that started it.
    public func stop() {
        guard !stopped else { return }
        stopped = true
        var masters = Set(Self.masterProcesses(configuredIn: directory.path))
        if let pid = masterProcessID { masters.insert(pid) }
        DaemonProcesses.stop(masters, limit: Self.stopLimit)
        directory.remove()
    }

    /// How long a master may take to shut down after SIGTERM before it is killed.
    static let stopLimit: TimeInterval = 2

    /// The master's process id, from its pid file, if the file is there.
    var masterProcessID: pid_t? {
        let text = try? String(contentsOfFile: directory.path + "/run/master.pid", encoding: .utf8)
        return text.flatMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    /// The Dovecot master processes running with the configuration in `directory` (found in `/proc`).
    public static func masterProcesses(configuredIn directory: String) -> [pid_t] {
        DaemonProcesses.running(binary, with: directory + "/dovecot.conf")
    }

    deinit { stop() }

    /// How long Dovecot may take to listen: generous, because a loaded CI machine can take seconds to
    /// start it, and waiting ends as soon as all four ports listen.
    static let startupLimit: TimeInterval = 60

    private func waitUntilListening() throws {
        let deadline = Date().addingTimeInterval(Self.startupLimit)
        while Date() < deadline {
            // The listeners are bound before the master writes its pid file: wait for both, so that a
            // test that stops at once finds a master that has settled and takes SIGTERM.
            if [pop3Port, pop3sPort, imapPort, imapsPort].allSatisfy(isListening),
                let pid = masterProcessID, kill(pid, 0) == 0
            {
                return
            }
            usleep(25_000)
        }
        let log = (try? String(contentsOfFile: directory.path + "/dovecot.log", encoding: .utf8)) ?? ""
        throw DovecotUnavailable(
            reason: "Dovecot did not start listening within \(Int(Self.startupLimit)) s. Log:\n\(log)")
    }
}

/// Dovecot cannot be started: not installed, or it failed.
public struct DovecotUnavailable: Error, CustomStringConvertible {
    public var reason: String
    public var description: String { reason }
}
