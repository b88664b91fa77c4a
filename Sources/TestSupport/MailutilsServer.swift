import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A private GNU Mailutils `imap4d` and `pop3d` on loopback (plaintext), configured in a temporary
/// directory: popvault's second real server, beside ``DovecotServer``.
///
/// Users log in as `name@popvault.test`: Mailutils' `virtdomain` module reads them from a passwd file
/// of the directory (password hashed with `openssl passwd -6`), so no system account is needed. Each
/// user's INBOX is the Maildir `home/<name>/INBOX`, owned by `nobody` when run as root. Call ``stop()``
/// in teardown: both daemons and every session process they forked are stopped.
public final class MailutilsServer: @unchecked Sendable {
    public static let imapBinary = "/usr/sbin/imap4d"
    public static let pop3Binary = "/usr/sbin/pop3d"
    /// The domain of the login names (`alice@popvault.test`).
    public static let domain = "popvault.test"

    /// Why Mailutils cannot be used here, or nil when it can.
    public static var unavailableReason: String? {
        let missing = [imapBinary, pop3Binary, "/usr/bin/openssl"].filter {
            !FileManager.default.isExecutableFile(atPath: $0)
        }
        guard !missing.isEmpty else { return nil }
        return "GNU Mailutils is not installed (\(missing.joined(separator: ", ")) missing); "
            + "install mailutils-imap4d, mailutils-pop3d and openssl"
    }

    public let directory: TemporaryDirectory
    public let users: [String: String]
    public let imapPort: Int
    public let pop3Port: Int
    public let host = "127.0.0.1"
    let mailOwner: (uid: uid_t, gid: gid_t)
    private var stopped = false

    /// Starts both daemons with the given users (name → password) and waits until they accept connections.
    public init(users: [String: String] = ["alice": "alicepass"]) throws {
        if let reason = Self.unavailableReason { throw DovecotUnavailable(reason: reason) }
        directory = try TemporaryDirectory(prefix: "popvault-mailutils")
        chmod(directory.path, 0o755)
        self.users = users
        let ports = try freeLoopbackPorts(2)
        (imapPort, pop3Port) = (ports[0], ports[1])
        mailOwner = getuid() == 0 ? (65534, 65534) : (getuid(), getgid())
        do {
            try writeConfiguration()
            for (binary, name) in [(Self.imapBinary, "imap4d"), (Self.pop3Binary, "pop3d")] {
                try runProgram(binary, ["--config-file=" + configPath(name)],
                               errorLog: directory.path + "/\(name)-startup.log")
            }
            try waitUntilListening()
        } catch {
            stop()
            throw error
        }
    }

    /// The name a user logs in with.
    public func login(of user: String) -> String { user + "@" + Self.domain }

    /// The user's INBOX, a Maildir.
    public func inbox(of user: String) -> String { directory.path + "/home/\(user)/INBOX" }

    /// Delivers a message into the user's INBOX, owned by the mail user, and moves it on to `cur/` (as
    /// a mail reader does once it has seen it).
    ///
    /// Not left in `new/`: imap4d 3.15 numbers the messages of `new/` afresh in every session that only
    /// EXAMINEs the mailbox (it records a UID in the file name only when a read-write session moves the
    /// file to `cur/`), with the same UIDVALIDITY — against RFC 3501 §2.3.1.1, which keeps a UID for
    /// as long as the UIDVALIDITY. popvault, which only EXAMINEs, would fetch those messages again each
    /// run; Dovecot keeps UIDs in `dovecot-uidlist` whatever the directory.
    @discardableResult
    public func deliver(_ bytes: [UInt8], to user: String) throws -> String {
        let name = try deliverToMaildir(inbox(of: user), owner: mailOwner) { $0.write(Data(bytes)) }
        try FileManager.default.moveItem(
            atPath: inbox(of: user) + "/new/" + name, toPath: inbox(of: user) + "/cur/" + name + ":2,")
        return name + ":2,"
    }

    /// The contents of the messages remaining in the user's INBOX (`new` and `cur`), in name order.
    public func remainingMessages(of user: String) throws -> [[UInt8]] {
        try maildirMessages(in: inbox(of: user))
    }

    /// Stops both daemons and their session processes, then removes the directory. Safe to call twice.
    ///
    /// The daemons are found through their pid files and by their command line (the private
    /// configuration file), which forked sessions share; SIGTERM, then SIGKILL after ``stopLimit``.
    public func stop() {
        guard !stopped else { return }
        stopped = true
        var processes = Set<pid_t>()
        for (binary, name) in [(Self.imapBinary, "imap4d"), (Self.pop3Binary, "pop3d")] {
            processes.formUnion(DaemonProcesses.running(binary, with: configPath(name)))
            let text = try? String(contentsOfFile: pidPath(name), encoding: .utf8)
            if let pid = text.flatMap({ pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) }) {
                processes.insert(pid)
            }
        }
        DaemonProcesses.stop(processes, limit: Self.stopLimit)
        directory.remove()
    }

    /// How long a daemon may take to shut down after SIGTERM before it is killed.
    static let stopLimit: TimeInterval = 2

    /// The daemons running with this server's configuration (for tests of the lifecycle).
    public var runningProcesses: [pid_t] {
        [(Self.imapBinary, "imap4d"), (Self.pop3Binary, "pop3d")].flatMap { binary, name in
            DaemonProcesses.running(binary, with: configPath(name)).filter(DaemonProcesses.isRunning)
        }
    }

    deinit { stop() }

    func configPath(_ daemon: String) -> String { directory.path + "/\(daemon).conf" }
    func pidPath(_ daemon: String) -> String { directory.path + "/\(daemon).pid" }

    private func writeConfiguration() throws {
        let base = directory.path
        let manager = FileManager.default
        try manager.createDirectory(atPath: base + "/passwd", withIntermediateDirectories: true)
        var passwd = ""
        for (user, password) in users.sorted(by: { $0.key < $1.key }) {
            let hash = try runProgram("/usr/bin/openssl", ["passwd", "-6", password])
                .trimmingCharacters(in: .whitespacesAndNewlines)
            let home = base + "/home/" + user
            passwd += "\(user):\(hash):\(mailOwner.uid):\(mailOwner.gid)::\(home):/bin/false\n"
            for folder in ["", "/INBOX", "/INBOX/new", "/INBOX/cur", "/INBOX/tmp"] {
                try manager.createDirectory(atPath: home + folder, withIntermediateDirectories: true)
                chown(home + folder, mailOwner.uid, mailOwner.gid)
                chmod(home + folder, 0o700)
            }
        }
        try passwd.write(toFile: base + "/passwd/" + Self.domain, atomically: true, encoding: .utf8)
        chmod(base + "/passwd/" + Self.domain, 0o644)
        for (daemon, port) in [("imap4d", imapPort), ("pop3d", pop3Port)] {
            try configurationText(daemon: daemon, port: port)
                .write(toFile: configPath(daemon), atomically: true, encoding: .utf8)
        }
    }

    /// `virtdomain` authorization (the user's home and uid from the passwd file, INBOX = `<home>/INBOX`),
    /// Maildir mailboxes, no system-wide lock directory, logs to standard error rather than syslog.
    private func configurationText(daemon: String, port: Int) -> String {
        """
        auth { authentication generic; authorization virtdomain; };
        virtdomain { passwd-dir "\(directory.path)/passwd"; };
        mailbox { mailbox-type maildir; };
        mandatory-locking { enable false; };
        logging { syslog false; };
        pidfile "\(pidPath(daemon))";
        mode daemon;
        foreground false;
        server \(host):\(port) { };

        """
    }

    /// How long the daemons may take to listen.
    static let startupLimit: TimeInterval = 60

    private func waitUntilListening() throws {
        let deadline = Date().addingTimeInterval(Self.startupLimit)
        while Date() < deadline {
            if isListening(imapPort), isListening(pop3Port),
                FileManager.default.fileExists(atPath: pidPath("imap4d")),
                FileManager.default.fileExists(atPath: pidPath("pop3d"))
            {
                return
            }
            usleep(25_000)
        }
        let logs = ["imap4d", "pop3d"].map {
            (try? String(contentsOfFile: directory.path + "/\($0)-startup.log", encoding: .utf8)) ?? ""
        }
        throw DovecotUnavailable(
            reason: "Mailutils did not start listening within \(Int(Self.startupLimit)) s. Logs:\n"
                + logs.joined(separator: "\n"))
    }
}
