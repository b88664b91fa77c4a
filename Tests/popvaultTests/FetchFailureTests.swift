import Foundation
import POP3TestServer
import TestSupport
import XCTest

/// A full disk and a connection drop in the middle of a message, against a real Dovecot: each leaves
/// a clean archive and a clear error, and the next run completes.
final class FetchFailureTests: XCTestCase {
    private var dovecot: DovecotServer!
    private var work: TemporaryDirectory!
    private let user = "alice"
    private let password = "alicepass"

    override func setUpWithError() throws {
        dovecot = try DovecotServer.startOrSkip(users: [user: password])
        work = try TemporaryDirectory(prefix: "popvault-failure")
    }

    override func tearDown() {
        dovecot?.stop()
        work?.remove()
    }

    private var configPath: String { work.path + "/config.toml" }
    private var root: String { work.path + "/archive" }

    private func fetch(port: Int, account: TestConfig.Account) throws -> PopvaultProcess.Result {
        try TestConfig.write(root: root, host: dovecot.host, port: port, user: user, accounts: [account],
                             to: configPath)
        return try PopvaultProcess.run(["fetch", "--config", configPath, "--quiet"],
                                       environment: [TestConfig.passwordVariable: password])
    }

    func testConnectionDropMidMessageLeavesACleanArchiveAndTheNextRunCompletes() throws {
        let messages = SampleMail.messages(count: 40, seed: 21)
        for message in messages { try dovecot.deliver(message, to: user) }
        let proxy = try CuttingProxy(targetPort: dovecot.pop3Port, cutAfter: 150_000)
        defer { proxy.close() }
        for format in ["maildir", "mbox"] {
            let account = TestConfig.Account(name: "drop-\(format)", format: format,
                                              path: format == "maildir" ? "drop" : "drop.mbox",
                                              delete: "after-archive")
            let dropped = try fetch(port: proxy.port, account: account)
            XCTAssertEqual(dropped.status, 75, "a dropped connection is a temporary failure: \(dropped.stderr)")
            XCTAssertTrue(dropped.stderr.contains("drop-\(format)"), "the error names the account: \(dropped.stderr)")
            XCTAssertTrue(dropped.stderr.contains("message"), "the error names the message: \(dropped.stderr)")
            let partial = try ArchiveInspection(root: root, account: account.name, path: root + "/" + account.path)
            XCTAssertEqual(partial.unrecordedFiles, [])
            XCTAssertLessThan(partial.contents.count, messages.count)
            XCTAssertEqual(try dovecot.remainingMessages(of: user).count, messages.count, "nothing deleted")

            let next = try fetch(port: dovecot.pop3Port, account: TestConfig.Account(
                name: account.name, format: format, path: account.path, delete: "never"))
            XCTAssertEqual(next.status, 0, next.stderr)
            let archive = try ArchiveInspection(root: root, account: account.name, path: root + "/" + account.path)
            XCTAssertEqual(archive.contents.values.map(ArchiveInspection.sha256).sorted(),
                           messages.map(ArchiveInspection.sha256).sorted())
        }
    }

    func testFullDiskLeavesACleanArchiveAndTheNextRunCompletes() throws {
        guard getuid() == 0 else { throw XCTSkip("mounting a small tmpfs needs root") }
        let messages = SampleMail.messages(count: 150, seed: 22)
        let total = messages.reduce(0) { $0 + $1.count }
        for message in messages { try dovecot.deliver(message, to: user) }
        let mount = root + "/small"
        try FileManager.default.createDirectory(atPath: mount, withIntermediateDirectories: true)
        // The ledger stays on the real disk; the archive of the account gets a third of what it needs.
        try runProgram("/bin/mount", ["-t", "tmpfs", "-o", "size=\(total / 3 / 1024)k", "tmpfs", mount])
        defer { _ = try? runProgram("/bin/umount", ["-l", mount]) }
        for format in ["maildir", "mbox"] {
            let path = format == "maildir" ? "small/full" : "small/full.mbox"
            let account = TestConfig.Account(name: "full-\(format)", format: format, path: path,
                                              delete: "after-archive")
            let full = try fetch(port: dovecot.pop3Port, account: account)
            XCTAssertEqual(full.status, 74, "disk full is an I/O error: \(full.stderr)")
            XCTAssertTrue(full.stderr.contains("full-\(format)"), full.stderr)
            XCTAssertTrue(full.stderr.lowercased().contains("space"), "says the disk is full: \(full.stderr)")
            let partial = try ArchiveInspection(root: root, account: account.name, path: root + "/" + path)
            XCTAssertEqual(partial.unrecordedFiles, [], "no torn or unrecorded file stays")
            XCTAssertGreaterThan(partial.contents.count, 0)
            XCTAssertEqual(try dovecot.remainingMessages(of: user).count, messages.count,
                           "nothing is deleted in a run that failed")

            try runProgram("/bin/mount", ["-o", "remount,size=\(total * 3 / 1024)k", mount])
            let next = try fetch(port: dovecot.pop3Port, account: TestConfig.Account(
                name: account.name, format: format, path: path, delete: "never"))
            XCTAssertEqual(next.status, 0, next.stderr)
            let archive = try ArchiveInspection(root: root, account: account.name, path: root + "/" + path)
            XCTAssertEqual(archive.contents.values.map(ArchiveInspection.sha256).sorted(),
                           messages.map(ArchiveInspection.sha256).sorted())
            // Make room again for the next format.
            try FileManager.default.removeItem(atPath: root + "/" + path)
            try runProgram("/bin/mount", ["-o", "remount,size=\(total / 3 / 1024)k", mount])
        }
    }
}
