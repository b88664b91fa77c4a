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
