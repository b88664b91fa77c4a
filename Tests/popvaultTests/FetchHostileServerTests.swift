import Foundation
import POP3TestServer
import TestSupport
import XCTest

/// `popvault fetch` against a POP3 server that misbehaves (issue 12, items 5, 6 and 8): exit codes, what
/// the archive and its ledger hold, what stays on the server; and SIGKILL while the server misbehaves.
final class FetchHostileServerTests: XCTestCase {
    private var work: TemporaryDirectory!

    override func setUpWithError() throws {
        work = try TemporaryDirectory(prefix: "popvault-hostile")
    }

    override func tearDown() {
        work?.remove()
    }

    private var root: String { work.path + "/archive" }
    private var configPath: String { work.path + "/config.toml" }

    private func start(_ messages: [[UInt8]], faults: [POP3TestServer.Fault] = []) async throws -> POP3TestServer {
        let server = try await POP3TestServer.start(.init(
            messages: messages.enumerated().map { .init($1, uid: "u\($0 + 1)") }, faults: faults))
        addTeardownBlock { await server.stop() }
        return server
    }

    private func path(_ format: String) -> String { format == "maildir" ? "work" : "work.mbox" }

    private func configure(_ server: POP3TestServer, format: String = "maildir", delete: String) throws {
        try TestConfig.write(
            root: root, host: server.host, port: server.port, user: "user",
            accounts: [.init(name: "work", format: format, path: path(format), delete: delete)], to: configPath)
    }

    private func fetch(_ extra: [String] = ["--quiet"]) throws -> PopvaultProcess.Result {
        try PopvaultProcess.run(["fetch", "--config", configPath] + extra,
                                environment: [TestConfig.passwordVariable: "secret"])
    }

    private func archive(_ format: String = "maildir") throws -> ArchiveInspection {
        try ArchiveInspection(root: root, account: "work", path: root + "/" + path(format))
    }

    private func hashes(_ messages: [[UInt8]]) -> [String] { messages.map(ArchiveInspection.sha256).sorted() }

    func testResponseToACommandNeverSentExits65KeepingOnlyWhatCameBeforeIt() async throws {
        let messages = SampleMail.messages(count: 6, seed: 31)
        let server = try await start(messages, faults: [.extraResponseAfterRetrieve(message: 3, line: "+OK")])
        try configure(server, delete: "after-archive")
        let desync = try fetch()
        XCTAssertEqual(desync.status, 65, "a desync is a data error: \(desync.stderr)")
        for part in ["\"work\"", "message 4", "UIDL u4", "no longer line up"] {
            XCTAssertTrue(desync.stderr.contains(part), "the error names \(part): \(desync.stderr)")
        }
        let partial = try archive()
        XCTAssertEqual(hashes(Array(partial.contents.values)), hashes(Array(messages.prefix(3))),
                       "the messages before the point of doubt are kept, nothing after it")
        XCTAssertEqual(partial.unrecordedFiles, [])
        XCTAssertEqual(server.messages.count, 6, "nothing deleted in a desynchronised session")
        let verify = try PopvaultProcess.run(["verify", "--config", configPath])
        XCTAssertEqual(verify.status, 0, "the archive is consistent: \(verify.stdout) \(verify.stderr)")

        server.setFaults([])
        let next = try fetch()
        XCTAssertEqual(next.status, 0, next.stderr)
        XCTAssertEqual(hashes(Array(try archive().contents.values)), hashes(messages), "every message once")
        XCTAssertEqual(server.messages.count, 0)
    }

    func testLinkThatKeepsDroppingExits75AndEveryRunMakesProgress() async throws {
        let messages = SampleMail.messages(count: 30, seed: 32)
        let total = messages.reduce(0) { $0 + $1.count }
        let server = try await start(messages, faults: [.dropAfterSessionBytes(total / 5)])
        for format in ["maildir", "mbox"] {
            try? FileManager.default.removeItem(atPath: root)
            try configure(server, format: format, delete: "never")
            var archived = 0
            var runs = 0
            while runs < 15 {
                runs += 1
                let result = try fetch()
                if result.status == 0 { break }
                XCTAssertEqual(result.status, 75, "\(format): a dropped link is temporary: \(result.stderr)")
                XCTAssertTrue(result.stderr.contains("work"), result.stderr)
                let now = try archive(format)
                XCTAssertEqual(now.unrecordedFiles, [], format)
                XCTAssertGreaterThan(now.contents.count, archived, "\(format) run \(runs): progress despite the drop")
                archived = now.contents.count
            }
            XCTAssertGreaterThan(runs, 2, "\(format): the link dropped")
            XCTAssertEqual(hashes(Array(try archive(format).contents.values)), hashes(messages), format)
        }
    }

    func testReusedUIDLIsReportedAndKeptOnTheServer() async throws {
        let messages = (1...3).map { Array("Message-ID: <m\($0)@example.org>\nSubject: m\($0)\n\nbody\n".utf8) }
        let server = try await start(messages)
        try configure(server, delete: "never")
        XCTAssertEqual(try fetch().status, 0)

        server.reuse("u2", for: Array("Message-ID: <n2@example.org>\nSubject: n2\n\nbody\n".utf8))
        try configure(server, delete: "after-archive")
        let reported = try fetch(["--report", "json"])
        XCTAssertEqual(reported.status, 0, reported.stderr)
        let report = try JSONSerialization.jsonObject(with: Data(reported.stdout.utf8)) as? [String: Any]
        let account = try XCTUnwrap((report?["accounts"] as? [[String: Any]])?.first, reported.stdout)
        XCTAssertEqual(account["identityMismatches"] as? [String], ["u2"])
        XCTAssertEqual(account["deleted"] as? Int, 2)
        XCTAssertEqual(server.messages.map(\.uid), ["u2"], "the new mail under the old UIDL stays")

        let text = try fetch([])
        XCTAssertEqual(text.status, 0, text.stderr)
        XCTAssertTrue(text.stdout.contains("kept on the server (not the message archived under its UIDL): u2"),
                      text.stdout)
        XCTAssertEqual(server.messages.map(\.uid), ["u2"], "and on every later run")
    }

    /// SIGKILL at points of the work while the server drops the link or answers a command never sent;
    /// then a run against the server behaving: every message is archived exactly once, and the server
    /// let go only of what was archived.
    func testSIGKILLWhileTheServerMisbehavesLosesAndDuplicatesNothing() async throws {
        var generator = SystemRandomNumberGenerator()
        for format in ["maildir", "mbox"] {
            try? FileManager.default.removeItem(atPath: root)
            let messages = SampleMail.messages(count: 40, seed: format == "maildir" ? 33 : 34)
            let total = messages.reduce(0) { $0 + $1.count }
            let server = try await start(messages)
            try configure(server, format: format, delete: "after-archive")
            var killed = 0
            for trial in 0..<8 {
                server.setFaults(trial % 2 == 0
                    ? [.dropAfterSessionBytes(Int.random(in: total / 8...total / 2, using: &generator))]
                    : [.extraResponseAfterRetrieve(message: Int.random(in: 1...8, using: &generator), line: "+OK")])
                let target = PopvaultProcess.bytes(under: root + "/" + path(format))
                    + Int.random(in: 0..<total / 4, using: &generator)
                let interrupted = try PopvaultProcess.runAndKill(
                    ["fetch", "--config", configPath, "--quiet"],
                    when: { PopvaultProcess.bytes(under: self.root + "/" + self.path(format)) >= target },
                    environment: [TestConfig.passwordVariable: "secret"])
                if interrupted { killed += 1 }
                let archived = Set(try archive(format).contents.values.map(ArchiveInspection.sha256))
                let onServer = Set(server.messages.map { ArchiveInspection.sha256($0.bytes) })
                for message in messages.map(ArchiveInspection.sha256) {
                    XCTAssertTrue(archived.contains(message) || onServer.contains(message),
                                  "\(format) trial \(trial): a message vanished from server and archive")
                }
            }
            XCTAssertGreaterThan(killed, 0, "\(format): some trials must really interrupt a run")
            server.setFaults([])
            let final = try fetch()
            XCTAssertEqual(final.status, 0, final.stderr)
            let archive = try archive(format)
            XCTAssertEqual(archive.unrecordedFiles, [], format)
            XCTAssertEqual(archive.pending, 0, format)
            XCTAssertEqual(hashes(Array(archive.contents.values)), hashes(messages), "\(format): each exactly once")
            XCTAssertEqual(server.messages.count, 0, "\(format): all archived, all deleted")
            await server.stop()
        }
    }
}
