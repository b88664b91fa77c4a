import IMAPWire
import MailTransport
import NIOCore
import POP3TestServer
import XCTest

/// The transfer rate floor in real sessions, with a short window so that the tests take seconds: a server
/// that drips ends the session with a timeout (a temporary failure) naming the command; one that is slow
/// but above the floor delivers the whole message. POP3 and IMAP share the handler that enforces it.
final class TransferRateSessionTests: XCTestCase {
    /// 2000 bytes per second, averaged over one second of waiting.
    private static let floor = TransferRateLimit(bytesPerSecond: 2_000, window: .seconds(1))
    /// Before the floor existed, a drip held the session until this watchdog closed it.
    private static let watchdog: Duration = .seconds(10)

    private static let body = "Subject: slow\r\n\r\n" + String(repeating: "0123456789abcdef\r\n", count: 1_200)

    private func pop3(_ server: POP3TestServer) -> POP3Configuration {
        var configuration = POP3Configuration.testServer(server)
        configuration.timeouts.transferRate = Self.floor
        return configuration
    }

    /// Closes the session with `close` unless cancelled within ``watchdog``.
    private static func watchdog(close: @escaping @Sendable () async -> Void) -> Task<Void, any Error> {
        Task.detached {
            try await Task.sleep(for: watchdog)
            await close()
        }
    }

    func testAPOP3ServerThatDripsIsCutAfterAWindow() async throws {
        let drip = POP3TestServer.Fault.drip(message: 1, bytes: 1, every: .milliseconds(100))
        let server = try await startServer(.init(messages: [.init(Self.body, uid: "slow")], faults: [drip]))
        let session = try await POP3Session.connect(pop3(server))
        let receiver = CollectingReceiver()
        let watchdog = Self.watchdog { await session.close() }
        defer { watchdog.cancel() }
        let started = ContinuousClock.now
        let error = await expectPOP3Error { try await session.retrieve([1], into: receiver) }
        let took = ContinuousClock.now - started
        XCTAssertEqual(error?.kind, .timeout(.transfer), "\(String(describing: error))")
        XCTAssertEqual(error?.command, "RETR 1")
        XCTAssertTrue(error?.isTemporary ?? false)
        let text = String(describing: error)
        XCTAssertTrue(text.contains("below the floor of 2000 bytes/s over 1 s"), text)
        XCTAssertLessThan(took, .seconds(5), "cut after about one second of dripping")
        XCTAssertEqual(receiver.completed, [], "the message is not ended")
    }

    func testAPOP3ServerSlowButAboveTheFloorDeliversTheWholeMessage() async throws {
        // 1000 bytes every 100 ms: 10 000 bytes/s, five times the floor; the message takes about 2 s.
        let steady = POP3TestServer.Fault.drip(message: 1, bytes: 1_000, every: .milliseconds(100))
        let server = try await startServer(.init(messages: [.init(Self.body, uid: "slow")], faults: [steady]))
        let session = try await POP3Session.connect(pop3(server))
        let receiver = CollectingReceiver()
        let watchdog = Self.watchdog { await session.close() }
        defer { watchdog.cancel() }
        let started = ContinuousClock.now
        try await session.retrieve([1], into: receiver)
        let took = ContinuousClock.now - started
        XCTAssertEqual(receiver.messages[1], wireForm(Self.body))
        XCTAssertGreaterThan(took, .seconds(1), "the transfer spanned more than one window")
        try await session.quit()
    }

    func testAnIMAPServerThatDripsIsCutAfterAWindow() async throws {
        let server = try await ScriptedIMAPServer.start(greeting: "* OK ready\r\n") { line in
            if line.hasSuffix(" CAPABILITY") {
                let drip = ScriptedIMAPServer.dripMarker
                return "* CAPABILITY IMAP4rev1 \(drip)AUTH=PLAIN\r\n\(line.prefix(2)) OK done\r\n"
            }
            return "\(line.prefix(2)) BAD unexpected\r\n"
        }
        addTeardownBlock { await server.stop() }
        let configuration = IMAPConfiguration(
            host: "127.0.0.1", port: server.port, tls: .none, user: "me", password: { "secret" },
            timeouts: .init(connect: .seconds(5), response: .seconds(10), idle: .seconds(30), transferRate: Self.floor))
        let started = ContinuousClock.now
        do {
            let session = try await IMAPSession.connect(configuration)
            await session.close()
            XCTFail("connected")
        } catch let error as IMAPError {
            XCTAssertEqual(error.kind, .timeout(.transfer), "\(error)")
            XCTAssertEqual(error.command, "A1 CAPABILITY")
            XCTAssertTrue(error.isTemporary)
        }
        XCTAssertLessThan(ContinuousClock.now - started, .seconds(5))
    }
}
