import Foundation
import TestSupport
import XCTest

/// Runs mpop, getmail6 or fetchmail once against a test Dovecot (plain POP3 on loopback, messages
/// kept on the server), so that the tool writes its state file the way it does for its users.
struct StateTools {
    let dovecot: DovecotServer
    let user: String
    let password: String
    /// A scratch directory: the tool's home, configuration, state file and delivered mail.
    let directory: String

    static let paths = ["mpop": "/usr/bin/mpop", "getmail": "/usr/bin/getmail", "fetchmail": "/usr/bin/fetchmail"]

    /// Skips the calling test when `tool` is not installed, or fails it under `POPVAULT_REQUIRE_DOVECOT=1`
    /// (where `.ci/run` installs the tools with Dovecot).
    static func requireInstalled(_ tool: String) throws {
        let path = paths[tool] ?? tool
        guard !FileManager.default.isExecutableFile(atPath: path) else { return }
        let package = tool == "getmail" ? "getmail6" : tool
        let reason = "\(tool) is not installed (\(path) missing); apt-get install \(package)"
        if DovecotServer.isRequired {
            XCTFail("POPVAULT_REQUIRE_DOVECOT=1 but \(reason)")
            throw ToolMissing(description: reason)
        }
        throw XCTSkip(reason)
    }

    private var environment: [String: String] {
        ["HOME": directory, "FETCHMAILHOME": directory, "PATH": "/usr/bin:/bin:/usr/sbin:/sbin", "LC_ALL": "C"]
    }

    private func write(_ text: String, to name: String) throws -> String {
        let path = directory + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o600)
        return path
    }

    private func maildir(_ name: String, owner: uid_t?) throws -> String {
        let path = directory + "/" + name
        for sub in ["", "/new", "/cur", "/tmp"] {
            try FileManager.default.createDirectory(atPath: path + sub, withIntermediateDirectories: true)
            if let owner { chown(path + sub, owner, 65534) }
        }
        return path
    }

    /// Runs mpop (`keep on`, delivery into a scratch Maildir); returns its UIDL file.
    func runMpop() throws -> String {
        let uidls = directory + "/.mpop_uidls"
        let rc = try write("""
            account default
            host \(dovecot.host)
            port \(dovecot.pop3Port)
            tls off
            auth user
            user \(user)
            password \(password)
            keep on
            delivery maildir \(try maildir("mpop-mail", owner: nil))
            uidls_file \(uidls)

            """, to: "mpoprc")
        try runProgram(Self.paths["mpop"]!, ["-C", rc, "--quiet"], environment: environment)
        return uidls
    }

    /// Runs getmail6 (`delete = false`, delivery into a scratch Maildir; as root, getmail refuses to
    /// deliver unless told which user to deliver as); returns its oldmail file.
    func runGetmail() throws -> String {
        let asRoot = getuid() == 0
        let mail = try maildir("getmail-mail", owner: asRoot ? 65534 : nil)
        let getmailDirectory = directory + "/getmail"
        try FileManager.default.createDirectory(atPath: getmailDirectory, withIntermediateDirectories: true)
        try """
            [retriever]
            type = SimplePOP3Retriever
            server = \(dovecot.host)
            port = \(dovecot.pop3Port)
            username = \(user)
            password = \(password)

            [destination]
            type = Maildir
            path = \(mail)/
            \(asRoot ? "user = nobody" : "")

            [options]
            delete = false
            read_all = false
            verbose = 0

            """.write(toFile: getmailDirectory + "/getmailrc", atomically: true, encoding: .utf8)
        try runProgram(Self.paths["getmail"]!, ["--getmaildir=\(getmailDirectory)", "--rcfile=getmailrc"],
                       environment: environment)
        return getmailDirectory + "/oldmail-\(dovecot.host)-\(dovecot.pop3Port)-\(user)"
    }

    /// Runs fetchmail once (`keep`, `uidl`, no TLS on loopback, the messages handed to an MDA that
    /// discards them); returns its id file. As root fetchmail only warns.
    func runFetchmail() throws -> String {
        let ids = directory + "/.fetchids"
        let rc = try write("""
            set no bouncemail
            poll \(dovecot.host) protocol pop3 port \(dovecot.pop3Port) uidl
              user "\(user)" password "\(password)" is "\(user)" here keep
              sslproto ''
              mda "/bin/cat > /dev/null"

            """, to: "fetchmailrc")
        try runProgram(
            Self.paths["fetchmail"]!,
            ["--fetchmailrc", rc, "--idfile", ids, "--pidfile", directory + "/fetchmail.pid", "--nosyslog",
             "--nodetach", "--silent"],
            environment: environment)
        return ids
    }
}

/// A tool the test needs is not installed.
struct ToolMissing: Error, CustomStringConvertible {
    var description: String
}
