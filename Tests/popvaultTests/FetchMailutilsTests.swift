import Foundation
import TestSupport
import XCTest

/// `popvault fetch`, the binary, against GNU Mailutils 3.15 (`imap4d`, `pop3d`) on loopback: the second
/// real server beside Dovecot (issue 13). Where Mailutils behaves otherwise than Dovecot, the test
/// says which RFC rule each follows.
final class FetchMailutilsTests: XCTestCase {
    private var server: MailutilsServer!
    private var work: TemporaryDirectory!
    private let user = "alice"
    private let password = "alicepass"

    override func setUpWithError() throws {
        server = try MailutilsServer.startOrSkip(users: [user: password])
        work = try TemporaryDirectory(prefix: "popvault-mailutils-fetch")
    }

    override func tearDown() {
        server?.stop()
        work?.remove()
    }

    private var configPath: String { work.path + "/config.toml" }
    private var root: String { work.path + "/archive" }

    private func writeConfig(_ accounts: [TestConfig.Account], port: Int) throws {
        try TestConfig.write(root: root, host: server.host, port: port, user: server.login(of: user),
                             accounts: accounts, to: configPath)
    }

    /// `popvault fetch --report json`: the result and its accounts.
    private func fetchJSON() throws -> (result: PopvaultProcess.Result, accounts: [[String: Any]]) {
        let result = try PopvaultProcess.run(["fetch", "--config", configPath, "--report", "json"],
                                             environment: [TestConfig.passwordVariable: password])
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let accounts = try XCTUnwrap(
            object?["accounts"] as? [[String: Any]], "report: \(result.stdout) \(result.stderr)")
        return (result, accounts)
    }

    private func deliver(_ tags: [String]) throws -> [[UInt8]] {
        try tags.map { tag in
            let bytes = IMAPFetchTestCase.message(tag)
            try server.deliver(bytes, to: user)
            return bytes
        }
    }

    private func stored(_ account: String) throws -> [[UInt8]] {
        let inspection = try ArchiveInspection(root: root, account: account, path: root + "/" + account + "/.")
        XCTAssertEqual(inspection.pending, 0, "no pending journal left")
        return Array(inspection.contents.values)
    }

    private func sha(_ messages: [[UInt8]]) -> [String] { messages.map(ArchiveInspection.sha256).sorted() }

    private func field(_ accounts: [[String: Any]], _ name: String) -> [Int?] { accounts.map { $0[name] as? Int } }

    /// Issue 13, item 1: imap4d answers `UID SEARCH UID 1:*` with an empty `* SEARCH`; popvault said
    /// "fetched 0 messages, 3 already archived" on a fresh ledger and exited 0.
    func testIMAPArchivesEveryMessageOfAFreshLedger() throws {
        let delivered = try deliver(["mu-1", "mu-2", "mu-3"])
        try writeConfig([.init(name: "mu-imap", format: "maildir", path: "mu-imap", protocolName: "imap")],
                        port: server.imapPort)
        let (run, accounts) = try fetchJSON()
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(field(accounts, "fetched"), [3])
        XCTAssertEqual(field(accounts, "alreadyKnown"), [0], "a fresh ledger knows nothing")
        XCTAssertEqual(sha(try stored("mu-imap")), sha(delivered))
    }

    /// IMAP into Maildir and mbox: byte-identical, a rerun fetches nothing, new mail is fetched.
    ///
    /// Deletion differs: imap4d does not offer UIDPLUS (RFC 4315, an optional extension; Dovecot offers
    /// it), and without `UID EXPUNGE` popvault deletes nothing, because a plain EXPUNGE (RFC 3501 §6.4.3)
    /// would also remove what other clients marked `\Deleted`. The run says so and exits 69.
    func testIMAPRoundTrip() throws {
        var delivered = try deliver(["imap-1", "imap-2", "imap-3"])
        try writeConfig([
            .init(name: "md", format: "maildir", path: "md", protocolName: "imap"),
            .init(name: "mb", format: "mbox", path: "mb", protocolName: "imap"),
        ], port: server.imapPort)
        let (run1, report1) = try fetchJSON()
        XCTAssertEqual(run1.status, 0, run1.stderr)
        XCTAssertEqual(field(report1, "fetched"), [3, 3])
        XCTAssertEqual(sha(try stored("md")), sha(delivered), "byte-identical, once")
        XCTAssertEqual(try stored("mb").count, 3)

        let (run2, report2) = try fetchJSON()
        XCTAssertEqual(run2.status, 0, run2.stderr)
        XCTAssertEqual(field(report2, "fetched"), [0, 0], "a rerun fetches nothing")
        XCTAssertEqual(field(report2, "alreadyKnown"), [3, 3])

        delivered += try deliver(["imap-4"])
        let (run3, report3) = try fetchJSON()
        XCTAssertEqual(run3.status, 0, run3.stderr)
        XCTAssertEqual(field(report3, "fetched"), [1, 1], "only the new message")
        XCTAssertEqual(sha(try stored("md")), sha(delivered))

        try writeConfig([.init(name: "md", format: "maildir", path: "md", delete: "after-archive",
                               protocolName: "imap")], port: server.imapPort)
        let (run4, report4) = try fetchJSON()
        XCTAssertEqual(run4.status, 69, "no UIDPLUS: nothing deleted, and the run says why")
        XCTAssertTrue("\(run4.stderr) \(report4.first?["error"] ?? "")".contains("UIDPLUS"), run4.stderr)
        XCTAssertEqual(field(report4, "deleted"), [0])
        XCTAssertEqual(try server.remainingMessages(of: user).count, 4, "the server keeps every message")
    }

    /// POP3 into Maildir: byte-identical, a rerun fetches nothing, new mail is fetched, delete after archive.
    ///
    /// The bytes differ from Dovecot's: pop3d keeps a message's UIDL (RFC 1939 §7) in an `X-UIDL:` header
    /// that it adds to the message when it first serves it, and writes to the file at QUIT; Dovecot
    /// serves the file as delivered. popvault archives what RETR sent, byte for byte.
    ///
    /// `auth = "user"`: pop3d's greeting carries an APOP timestamp (RFC 1939 §7), but its virtdomain
    /// users have no APOP secret.
    func testPOP3RoundTripWithDeleteAfterArchive() throws {
        let delivered = try deliver(["pop-1", "pop-2", "pop-3"])
        try writeConfig([.init(name: "pop", format: "maildir", path: "pop", auth: "user")], port: server.pop3Port)
        let (run1, report1) = try fetchJSON()
        XCTAssertEqual(run1.status, 0, run1.stderr)
        XCTAssertEqual(field(report1, "fetched"), [3])
        let served = try server.remainingMessages(of: user)
        XCTAssertTrue(served.allSatisfy { String(decoding: $0, as: UTF8.self).contains("\nX-UIDL: ") })
        XCTAssertEqual(sha(try stored("pop")), sha(served), "byte-identical to what the server holds now")
        XCTAssertEqual(sha(try stored("pop").map(withoutUIDLHeader)), sha(delivered))

        let (run2, report2) = try fetchJSON()
        XCTAssertEqual(run2.status, 0, run2.stderr)
        XCTAssertEqual(field(report2, "fetched"), [0], "a rerun fetches nothing")
        XCTAssertEqual(field(report2, "alreadyKnown"), [3])

        let new = try deliver(["pop-4"])
        try writeConfig([.init(name: "pop", format: "maildir", path: "pop", delete: "after-archive", auth: "user")],
                        port: server.pop3Port)
        let (run3, report3) = try fetchJSON()
        XCTAssertEqual(run3.status, 0, run3.stderr)
        XCTAssertEqual(field(report3, "fetched"), [1], "only the new message")
        XCTAssertEqual(field(report3, "deleted"), [4], "every archived message")
        XCTAssertEqual(try server.remainingMessages(of: user), [])
        XCTAssertEqual(sha(try stored("pop").map(withoutUIDLHeader)), sha(delivered + new))

        let (run4, report4) = try fetchJSON()
        XCTAssertEqual(run4.status, 0, run4.stderr)
        XCTAssertEqual(field(report4, "fetched"), [0])
        XCTAssertEqual(try stored("pop").count, 4, "nothing lost, nothing twice")
    }

    /// The message without the `X-UIDL:` line pop3d adds.
    private func withoutUIDLHeader(_ bytes: [UInt8]) -> [UInt8] {
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        return Array(lines.filter { !$0.hasPrefix("X-UIDL: ") }.joined(separator: "\n").utf8)
    }

    /// Neither daemon, nor a session it forked, outlives ``MailutilsServer/stop()``.
    func testStopLeavesNoDaemonRunning() throws {
        // The two daemons, and for a moment the session one of them forked for the start-up probe connection.
        XCTAssertGreaterThanOrEqual(server.runningProcesses.count, 2, "imap4d and pop3d")
        let directory = server.directory.path
        server.stop()
        XCTAssertEqual(server.runningProcesses, [])
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory))
    }
}
