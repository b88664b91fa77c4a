import Foundation
import POP3TestServer
import TestSupport
import XCTest

/// A server that drips a message a byte at a time (each byte resetting the response and idle timers) ends
/// the run at the account's transfer rate floor, with exit 75 naming the account and the message, instead
/// of holding the run and the account's lock for ever.
final class SlowServerTests: XCTestCase {
    private var work: TemporaryDirectory!

    override func setUpWithError() throws {
        work = try TemporaryDirectory(prefix: "popvault-slow")
    }

    override func tearDown() {
        work?.remove()
    }

    func testADrippingServerEndsTheRunWithExit75NamingTheAccountAndTheMessage() async throws {
        let body = "Subject: drip\r\n\r\n" + String(repeating: "0123456789abcdef\r\n", count: 1_000)
        let server = try await POP3TestServer.start(.init(
            messages: [.init("Subject: first\r\n\r\nfirst\r\n", uid: "first"), .init(body, uid: "dripping-uid")],
            user: "demo", password: "pw", faults: [.drip(message: 2, bytes: 1, every: .milliseconds(100))]))
        addTeardownBlock { await server.stop() }
        let config = work.path + "/config.toml"
        // A short window keeps the test to seconds; the defaults (100 bytes/s over 60 s) end a drip of one
        // byte every 5 s after a minute.
        try TestConfig.writeTestServerAccount(
            root: work.path + "/archive", port: server.port, variable: "POPVAULT_SLOW_PASSWORD",
            extra: "min_transfer_rate = 1000\ntransfer_rate_window = 1", to: config)
        let started = Date()
        let result = try PopvaultProcess.run(
            ["fetch", "--config", config], environment: ["POPVAULT_SLOW_PASSWORD": "pw"], timeout: 60)
        XCTAssertLessThan(Date().timeIntervalSince(started), 20, "the drip (about 30 minutes long) was cut")
        XCTAssertEqual(result.status, 75, "a slow server is a temporary failure: \(result.stderr)")
        for part in ["account \"work\"", "UIDL dripping-uid", "RETR 2", "timed out (transfer)", "1000 bytes/s"] {
            XCTAssertTrue(result.stderr.contains(part), "the error names \(part): \(result.stderr)")
        }
    }
}

/// The same against IMAP: Dovecot behind a proxy that slows to a byte every 100 ms inside the message.
final class SlowIMAPServerTests: IMAPFetchTestCase {
    func testADrippingIMAPServerEndsTheRunWithExit75NamingTheAccountFolderAndUID() throws {
        try dovecot.save(Self.message("large", lines: 2_000), to: "INBOX", for: user)
        let proxy = try CuttingProxy(targetPort: dovecot.imapPort, cutAfter: 40_000, dripEvery: 100_000)
        defer { proxy.close() }
        try writeIMAPConfig([IMAPAccount(name: "imap", path: "imap")])
        var config = try String(contentsOfFile: configPath, encoding: .utf8)
        config = config.replacingOccurrences(of: "port = \(dovecot.imapPort)", with: "port = \(proxy.port)")
            + "min_transfer_rate = 1000\ntransfer_rate_window = 1\n"
        try config.write(toFile: configPath, atomically: true, encoding: .utf8)
        let started = Date()
        let result = try fetch(["--quiet"])
        XCTAssertLessThan(Date().timeIntervalSince(started), 20, "the drip was cut")
        XCTAssertEqual(result.status, 75, "a slow server is a temporary failure: \(result.stderr)")
        for part in ["account \"imap\"", "folder \"INBOX\", UID 1", "timed out (transfer)"] {
            XCTAssertTrue(result.stderr.contains(part), "the error names \(part): \(result.stderr)")
        }
    }
}
