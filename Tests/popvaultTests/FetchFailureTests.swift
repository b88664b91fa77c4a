import Foundation
import POP3TestServer
import TestSupport
import XCTest

/// A full disk and a connection drop in the middle of a message, against a real Dovecot: each leaves
/// a clean archive and a clear error, and the next run completes.
final class FetchFailureTests: DovecotFetchTestCase {
    private func fetch(port: Int, account: TestConfig.Account) throws -> PopvaultProcess.Result {
        try writeConfig([account], port: port)
        return try fetch(["--quiet"])
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
            XCTAssertTrue(dropped.stderr.contains("message") || dropped.stderr.contains("RETR"),
                          "the error names the message: \(dropped.stderr)")
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
        // The ledger stays on the real disk; the archive of the account gets room for the first batch
        // (the engine commits every 64 messages) and a little more, but not for the second batch. The
        // server lists the messages in delivery order (DeliveryName), and tmpfs rounds every Maildir
        // file up to whole pages, which more than covers mbox's From lines and quoting.
        let batch = 64
        let page = 4096
        let firstBatch = messages.prefix(batch).reduce(0) { $0 + ($1.count + page - 1) / page * page }
        let small = firstBatch + 16 * page
        XCTAssertLessThan(small, messages.prefix(2 * batch).reduce(0) { $0 + $1.count }, "the second batch fails")
        try runProgram("/bin/mount", ["-t", "tmpfs", "-o", "size=\(small / 1024)k", "tmpfs", mount])
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
            XCTAssertEqual(partial.contents.values.map(ArchiveInspection.sha256).sorted(),
                           messages.prefix(batch).map(ArchiveInspection.sha256).sorted(),
                           "the batch committed before the disk filled stays, whole")
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
            try runProgram("/bin/mount", ["-o", "remount,size=\(small / 1024)k", mount])
        }
    }
}
