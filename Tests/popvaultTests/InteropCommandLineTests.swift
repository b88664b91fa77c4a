import Foundation
import POP3TestServer
import TestSupport
import XCTest

/// Issue 13 by running the binary against the in-process server: auth fallback named in the report (item 4),
/// APOP refused without a timestamp (5), errors in a sentence (7), -vv shows the server's side (8).
final class InteropCommandLineTests: XCTestCase {
    private var work: TemporaryDirectory!
    private var configPath: String { work.path + "/config.toml" }
    private let environment = ["POPVAULT_CLI_PASSWORD": "pw"]

    override func setUpWithError() throws {
        work = try TemporaryDirectory(prefix: "popvault-interop")
    }

    override func tearDown() {
        work?.remove()
    }

    private func start(_ configuration: POP3TestServer.Configuration) async throws -> POP3TestServer {
        let server = try await POP3TestServer.start(configuration)
        addTeardownBlock { await server.stop() }
        return server
    }

    private func writeConfig(port: Int, _ extra: String = "tls = \"none\"") throws {
        try """
            [archive]
            root = "\(work.path)/archive"

            [[account]]
            name = "work"
            host = "127.0.0.1"
            port = \(port)
            user = "demo"
            password_env = "POPVAULT_CLI_PASSWORD"
            path = "work"
            \(extra)
            """.write(toFile: configPath, atomically: true, encoding: .utf8)
    }

    private func fetch(_ extra: [String] = []) throws -> PopvaultProcess.Result {
        try PopvaultProcess.run(["fetch", "--config", configPath] + extra, environment: environment)
    }

    /// No SwiftNIO internals in what a person reads.
    private func assertReadable(_ text: String, file: StaticString = #filePath, line: UInt = #line) {
        for word in ["NIOSSL", "/checkouts/", "SingleConnectionFailure", "NIOConnectionError", "BoringSSL"] {
            XCTAssertFalse(text.contains(word), "\(word) in: \(text)", file: file, line: line)
        }
    }

    func testAutoFallbackIsNamedInTheVerboseLogAndTheReport() async throws {
        let messages = [POP3TestServer.Message("Subject: a\r\n\r\nb\r\n", uid: "u1")]
        let server = try await start(
            .init(
                messages: messages, user: "demo", password: "pw", apop: true, apopSecret: "other",
                saslMechanisms: []))
        try writeConfig(port: server.port)
        let result = try fetch(["-v", "--report", "json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("authenticated with USER"), result.stderr)
        let report = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let account = (report?["accounts"] as? [[String: Any]])?.first
        XCTAssertEqual(account?["authentication"] as? String, "USER")
        XCTAssertEqual(server.transcript.filter { $0.verb == "APOP" }.count, 1, "APOP tried once")
    }

    func testAPOPWithoutATimestampExits77WithAReason() async throws {
        let server = try await start(.init(user: "demo", password: "pw", capa: false, saslMechanisms: []))
        try writeConfig(port: server.port, "tls = \"none\"\nauth = \"apop\"")
        let result = try fetch()
        XCTAssertEqual(result.status, 77, result.stderr)
        XCTAssertTrue(result.stderr.contains("timestamp") && result.stderr.contains("work"), result.stderr)
        XCTAssertFalse(server.transcript.contains { $0.verb == "APOP" }, "nothing hashed from the password alone")
    }

    func testConnectionRefusedIsOneSentence() throws {
        try writeConfig(port: try freeLoopbackPort(), "tls = \"implicit\"")
        let result = try fetch()
        XCTAssertEqual(result.status, 75, result.stderr)
        XCTAssertTrue(result.stderr.contains("refused the connection"), result.stderr)
        assertReadable(result.stderr)
    }

    func testImplicitTLSAgainstAPlaintextPortSaysSo() async throws {
        let server = try await start(.init(user: "demo", password: "pw"))
        try writeConfig(port: server.port, "tls = \"implicit\"")
        let result = try fetch()
        XCTAssertEqual(result.status, 69, result.stderr)
        XCTAssertTrue(
            result.stderr.contains("127.0.0.1:\(server.port) did not answer with TLS (wrong version number): "
                + "is that port plaintext? try tls = \"starttls\""), result.stderr)
        assertReadable(result.stderr)
        XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.stderr)
        let verbose = try fetch(["-v"])
        XCTAssertTrue(verbose.stderr.contains("TLS failure:"), "the raw cause under -v: \(verbose.stderr)")
    }

    func testSTARTTLSAgainstAnImplicitTLSPortFailsAtOnce() async throws {
        // What an implicit-TLS port sends to a client that does not start TLS: a TLS alert record.
        let alert: [UInt8] = [0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x32]
        let server = try await start(.init(user: "demo", password: "pw", faults: [.rawGreeting(alert)]))
        try writeConfig(port: server.port, "tls = \"starttls\"")
        let started = Date()
        let result = try fetch()
        XCTAssertLessThan(Date().timeIntervalSince(started), 10, "no waiting for the response time limit")
        XCTAssertEqual(result.status, 69, result.stderr)
        XCTAssertTrue(result.stderr.contains("implicit-TLS port; use tls = \"implicit\""), result.stderr)
        assertReadable(result.stderr)
    }

    func testVeryVerboseShowsTheServersRepliesEscapedWithoutBodiesOrSecrets() async throws {
        let body = "the-body-text-\(UInt32.random(in: 1...UInt32.max))"
        let server = try await start(
            .init(
                messages: [.init("Subject: s\r\n\r\n\(body)\r\n", uid: "uid-one")], user: "demo", password: "pw",
                utf8Notice: true, saslMechanisms: ["LOGIN"],
                faults: [.error(.init("UTF8"), text: "no \u{1B}[2J here")]))
        try writeConfig(port: server.port, "tls = \"none\"\nauth = \"login\"")
        let result = try fetch(["-vv"])
        XCTAssertEqual(result.status, 0, result.stderr)
        for expected in [
            "S: +OK POP3 test server ready", "S: UIDL", "S: 1 uid-one", "S: + <redacted SASL challenge>",
            "S: +OK \(body.count + 16) octets", "C: RETR 1", "S: -ERR no \\x1B[2J here",
        ] {
            XCTAssertTrue(result.stderr.contains(expected), "\(expected) in: \(result.stderr)")
        }
        XCTAssertFalse(result.stderr.contains(body), "message bodies are elided")
        XCTAssertFalse(
            result.stderr.contains("\u{1B}"),
            "server text is escaped: \(result.stderr.split(separator: "\n").filter { $0.contains("\u{1B}") })")
        XCTAssertFalse(result.stderr.contains("pw\n") || result.stderr.contains("cHc="), "no password, plain or base64")
    }
}
