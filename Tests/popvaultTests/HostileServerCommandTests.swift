import Foundation
import POP3TestServer
import TestSupport
import XCTest

/// `popvault fetch` against a POP3 server whose listings break RFC 1939 (issue 12, items 3, 4 and 9): the
/// exit status and the one line that says what was wrong.
final class HostileServerCommandTests: XCTestCase {
    private var work: TemporaryDirectory!

    override func setUpWithError() throws {
        work = try TemporaryDirectory(prefix: "popvault-hostile-cli")
    }

    override func tearDown() {
        work?.remove()
    }

    private static func mail(_ uid: String, _ body: String) -> POP3TestServer.Message {
        POP3TestServer.Message("From: a@example.org\nSubject: \(uid)\n\n\(body)\n", uid: uid)
    }

    /// Runs `popvault fetch` (deletion on) against a server with `messages` and `faults`, stopped afterwards.
    private func fetch(
        _ messages: [POP3TestServer.Message], faults: [POP3TestServer.Fault] = [], arguments: [String] = []
    ) async throws -> (PopvaultProcess.Result, POP3TestServer) {
        let server = try await POP3TestServer.start(.init(messages: messages, faults: faults))
        addTeardownBlock { await server.stop() }
        let config = work.path + "/config.toml"
        try TestConfig.write(
            root: work.path + "/archive", host: server.host, port: server.port, user: "user",
            accounts: [.init(name: "work", format: "maildir", path: "work", delete: "after-archive")], to: config)
        let result = try PopvaultProcess.run(
            ["fetch", "--config", config] + arguments, environment: [TestConfig.passwordVariable: "secret"])
        return (result, server)
    }

    private func errorLines(_ result: PopvaultProcess.Result) -> [Substring] {
        result.stderr.split(separator: "\n").filter { $0.hasPrefix("popvault: error:") }
    }

    func testRepeatedMessageNumberExits65NamingTheAccountAndTheLine() async throws {
        let mailbox = [Self.mail("uid-a", "one"), Self.mail("uid-c", "two")]
        let (result, server) = try await fetch(mailbox, faults: [.extraListingLines(.init("UIDL"), lines: ["1 uid-b"])])
        XCTAssertEqual(result.status, 65, result.stderr)
        XCTAssertEqual(errorLines(result).count, 1, result.stderr)
        let line = String(errorLines(result).first ?? "")
        XCTAssertTrue(line.contains("\"work\"") && line.contains("\"1 uid-b\""), line)
        XCTAssertFalse(server.transcript.contains { ["RETR", "DELE"].contains($0.verb) })
        XCTAssertEqual(server.messages.count, 2)
    }

    func testOverflowingListSizesExit65InsteadOfCrashing() async throws {
        let messages = (1...11).map { Self.mail("big\($0)", "small") }
        let absurd = 999_999_999_999_999_999
        let (result, server) = try await fetch(
            messages, faults: (1...11).map { .listedSize(message: $0, size: absurd) })
        XCTAssertEqual(result.status, 65, result.stderr)
        XCTAssertEqual(errorLines(result).count, 1, result.stderr)
        let line = String(errorLines(result).first ?? "")
        XCTAssertTrue(line.contains("\"work\"") && line.contains("1 \(absurd)"), line)
        XCTAssertEqual(server.messages.count, 11)
    }

    func testDuplicateUIDLWarnsInTextAndJSONExits65AndDeletesNeitherTwin() async throws {
        let mailbox = [Self.mail("dup", "first"), Self.mail("u2", "single"), Self.mail("dup", "second")]
        let (text, server) = try await fetch(mailbox)
        XCTAssertEqual(text.status, 65, text.stderr)
        XCTAssertEqual(errorLines(text).count, 1, text.stderr)
        XCTAssertTrue(errorLines(text).first?.contains("UIDL dup") == true, text.stderr)
        XCTAssertTrue(text.stdout.contains("never deleted (UIDL listed for several messages): dup"), text.stdout)
        XCTAssertTrue(text.stdout.contains("fetched 3 messages"), "each message under dup once: \(text.stdout)")
        XCTAssertEqual(server.messages.map(\.uid), ["dup", "dup"])

        let (json, _) = try await fetch(mailbox, arguments: ["--report", "json"])
        XCTAssertEqual(json.status, 65, json.stderr)
        let report = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let account = (report?["accounts"] as? [[String: Any]])?.first
        XCTAssertEqual(account?["duplicateUIDLs"] as? [String], ["dup"], json.stdout)
        XCTAssertEqual(report?["exitCode"] as? Int, 65)
    }
}
