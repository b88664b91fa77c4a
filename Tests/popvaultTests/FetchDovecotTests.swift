import Foundation
import POP3TestServer
import TestSupport
import XCTest

/// `popvault fetch`, the binary, against a real Dovecot on loopback (DESIGN.md §6, layer 3).
final class FetchDovecotTests: DovecotFetchTestCase {
    private func fetchReport(_ extra: [String] = []) throws -> PopvaultProcess.Result {
        try fetch(["--report", "json"] + extra)
    }

    private func report(_ result: PopvaultProcess.Result, file: StaticString = #filePath, line: UInt = #line)
        throws -> [[String: Any]]
    {
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        return try XCTUnwrap(object?["accounts"] as? [[String: Any]], "report: \(result.stdout) \(result.stderr)",
                             file: file, line: line)
    }

    private func deliver(_ messages: [[UInt8]]) throws {
        for message in messages { try dovecot.deliver(message, to: user) }
    }

    private func assertArchive(
        _ account: String, path: String, holds expected: [[UInt8]], file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let archive = try ArchiveInspection(root: root, account: account, path: path)
        XCTAssertEqual(archive.pending, 0, "no pending journal left", file: file, line: line)
        XCTAssertEqual(archive.unrecordedFiles, [], "every file in the Maildir is recorded", file: file, line: line)
        let stored = archive.contents.values.map(ArchiveInspection.sha256).sorted()
        XCTAssertEqual(stored, expected.map(ArchiveInspection.sha256).sorted(),
                       "archive holds exactly the server's messages, once each", file: file, line: line)
    }

    func testFetchIsByteExactAndIncrementalForMaildirAndMbox() throws {
        let first = SampleMail.messages(count: 300, seed: 7)
        try deliver(first)
        try writeConfig([
            .init(name: "maildir", format: "maildir", path: "maildir"),
            .init(name: "mbox", format: "mbox", path: "archive.mbox"),
        ])
        let run1 = try fetchReport()
        XCTAssertEqual(run1.status, 0, run1.stderr)
        XCTAssertEqual(try report(run1).map { $0["fetched"] as? Int }, [300, 300])
        try assertArchive("maildir", path: root + "/maildir", holds: first)
        try assertArchive("mbox", path: root + "/archive.mbox", holds: first)

        let run2 = try fetchReport()
        XCTAssertEqual(run2.status, 0, run2.stderr)
        XCTAssertEqual(try report(run2).map { $0["fetched"] as? Int }, [0, 0], "a second fetch fetches nothing")

        let more = SampleMail.messages(count: 12, seed: 8)
        try deliver(more)
        let run3 = try fetchReport()
        XCTAssertEqual(run3.status, 0, run3.stderr)
        XCTAssertEqual(try report(run3).map { $0["fetched"] as? Int }, [12, 12], "only the new messages")
        // Runs that delete nothing send LIST only when UIDL shows something new (run 2 did not): the sizes
        // it gives must still be joined to the right messages (the received octets match every one).
        for run in [run1, run3] {
            XCTAssertEqual(try report(run).map { ($0["listSizeDiffers"] as? [String])?.count }, [0, 0])
        }
        try assertArchive("maildir", path: root + "/maildir", holds: first + more)
        try assertArchive("mbox", path: root + "/archive.mbox", holds: first + more)
    }

    func testDeleteAfterArchiveEmptiesTheServer() throws {
        let messages = SampleMail.messages(count: 60, seed: 9)
        try deliver(messages)
        try writeConfig([.init(name: "work", format: "maildir", path: "work", delete: "after-archive")])
        let dry = try fetchReport(["--dry-run"])
        XCTAssertEqual(dry.status, 0, dry.stderr)
        XCTAssertEqual(try report(dry).first?["wouldDelete"] as? [String] != nil, true)
        XCTAssertEqual(try dovecot.remainingMessages(of: user).count, 60, "--dry-run changes nothing")
        XCTAssertFalse(FileManager.default.fileExists(atPath: root + "/work"))

        let run = try fetchReport()
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(try report(run).first?["deleted"] as? Int, 60)
        XCTAssertEqual(try dovecot.remainingMessages(of: user).count, 0)
        try assertArchive("work", path: root + "/work", holds: messages)
    }

    /// SIGKILL at random moments, with DELE on: in the end every message is archived exactly once,
    /// the ledger matches the files, and the server deleted only what was archived.
    func testCrashTrialsLoseAndDuplicateNothing() throws {
        for format in ["maildir", "mbox"] {
            try crashTrials(format: format, trials: 20)
        }
    }

    private func crashTrials(format: String, trials: Int) throws {
        let path = format == "maildir" ? "crash-maildir" : "crash.mbox"
        try writeConfig([.init(name: "crash-\(format)", format: format, path: path, delete: "after-archive")])
        var delivered: [[UInt8]] = []
        var generator = SystemRandomNumberGenerator()
        var killed = 0
        for trial in 0..<trials {
            let batch = SampleMail.messages(count: 30, seed: UInt64(1_000 + trial + (format == "mbox" ? 500 : 0)))
            try deliver(batch)
            delivered += batch
            // The kill lands at a point of the work, not of the clock (a fast run would finish before
            // most moments a clock could pick): every third trial while connecting, logging in or
            // listing (the first 20 ms), the others once the archive has grown by a random part of
            // what this trial brings (messages still in tmp/ or half-appended count).
            let arguments = ["fetch", "--config", configPath, "--quiet"]
            let environment = [TestConfig.passwordVariable: password]
            let interrupted: Bool
            if trial % 3 == 0 {
                interrupted = try PopvaultProcess.runAndKill(
                    arguments, after: Double.random(in: 0.002...0.02, using: &generator), environment: environment)
            } else {
                let archivePath = root + "/" + path
                let target = PopvaultProcess.bytes(under: archivePath)
                    + Int.random(in: 0..<batch.reduce(0) { $0 + $1.count }, using: &generator)
                interrupted = try PopvaultProcess.runAndKill(
                    arguments, when: { PopvaultProcess.bytes(under: archivePath) >= target }, environment: environment)
            }
            if interrupted { killed += 1 }
            // Every message still on the server must be one that was delivered and is not lost:
            // whatever the server no longer has must be in the archive.
            let archive = try ArchiveInspection(root: root, account: "crash-\(format)", path: root + "/" + path)
            let onServer = Set(try dovecot.remainingMessages(of: user).map(ArchiveInspection.sha256))
            let archived = Set(archive.contents.values.map(ArchiveInspection.sha256))
            for message in delivered.map(ArchiveInspection.sha256) {
                XCTAssertTrue(onServer.contains(message) || archived.contains(message),
                              "trial \(trial) (\(format)): a message vanished from server and archive")
            }
        }
        XCTAssertGreaterThan(killed, trials / 2, "most trials must really interrupt a run")
        let final = try fetchReport()
        XCTAssertEqual(final.status, 0, final.stderr)
        let again = try fetchReport()
        XCTAssertEqual(try report(again).first?["fetched"] as? Int, 0)
        XCTAssertEqual(try dovecot.remainingMessages(of: user).count, 0, "everything archived was deleted")
        try assertArchive("crash-\(format)", path: root + "/" + path, holds: delivered)
    }
}
