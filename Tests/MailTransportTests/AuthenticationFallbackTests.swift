import MailTransport
import POP3TestServer
import POP3Wire
import XCTest

/// `auth = "auto"` tries the next offered method after a refusal (issue 13 item 4), and APOP needs the
/// greeting's timestamp (item 5).
final class AuthenticationFallbackTests: XCTestCase {
    private func attempts(_ server: POP3TestServer) -> [String] {
        server.transcript.map(\.line).filter { ["APOP", "USER", "AUTH"].contains(String($0.prefix(4))) }
            .map { $0.split(separator: " ").prefix(2).joined(separator: " ") }
    }

    /// solid-pop3d: APOP checks a separate secret, USER/PASS the account password.
    func testAutoFallsBackFromAPOPToUSERWhenTheAPOPSecretDiffers() async throws {
        let server = try await startServer(
            .init(messages: Corpus.numbered(1), apop: true, apopSecret: "apop-only", saslMechanisms: [])
        )
        let session = try await POP3Session.connect(.testServer(server))
        XCTAssertEqual(session.authenticationMethod, "USER")
        let count = try await session.stat().count
        XCTAssertEqual(count, 1)
        try await session.quit()
        XCTAssertEqual(attempts(server), ["APOP user", "USER user"])
    }

    /// Courier may offer CRAM-MD5 without holding a secret for it.
    func testAutoFallsBackFromCRAMMD5ToTheNextMechanism() async throws {
        let server = try await startServer(
            .init(
                saslMechanisms: ["CRAM-MD5", "PLAIN"],
                faults: [.error(.init("AUTH", "CRAM-MD5"), text: "[AUTH] no CRAM-MD5 secret for this user")]
            )
        )
        let session = try await POP3Session.connect(.testServer(server))
        XCTAssertEqual(session.authenticationMethod, "PLAIN")
        try await session.quit()
        XCTAssertEqual(attempts(server), ["AUTH CRAM-MD5", "AUTH PLAIN"])
    }

    func testEveryOfferedMethodIsTriedOnceThenAuthenticationFails() async throws {
        let server = try await startServer(.init(apop: true, saslMechanisms: ["PLAIN", "LOGIN", "CRAM-MD5"]))
        let error = await expectPOP3Error {
            _ = try await POP3Session.connect(.testServer(server, password: "wrong-pw"))
        }
        XCTAssertEqual(error?.kind, .authenticationFailed)
        XCTAssertEqual(attempts(server), ["AUTH CRAM-MD5", "APOP user", "AUTH PLAIN", "AUTH LOGIN", "USER user"])
        XCTAssertFalse("\(error!)".contains("wrong-pw"))
    }

    /// RFC 3206 §4: [SYS/TEMP] is not a wrong password; another method with it would fail the same way.
    func testTemporaryFailureDoesNotTryTheNextMethod() async throws {
        let server = try await startServer(
            .init(
                saslMechanisms: ["CRAM-MD5", "PLAIN"],
                faults: [.error(.init("AUTH", "CRAM-MD5"), text: "[SYS/TEMP] directory unavailable")]
            )
        )
        let error = await expectPOP3Error { _ = try await POP3Session.connect(.testServer(server)) }
        XCTAssertEqual(error?.isTemporary, true, "\(String(describing: error))")
        XCTAssertEqual(attempts(server), ["AUTH CRAM-MD5"])
    }

    /// A server that hangs up after a failed login is not dialled again: the refusal is the error.
    func testServerClosingAfterAFailureStopsWithThatFailure() async throws {
        let server = try await startServer(
            .init(apop: true, apopSecret: "apop-only", saslMechanisms: [], faults: [.closeAfterFailedLogin])
        )
        let error = await expectPOP3Error { _ = try await POP3Session.connect(.testServer(server)) }
        XCTAssertEqual(error?.kind, .authenticationFailed)
        XCTAssertEqual(error?.status?.code, .auth)
        XCTAssertTrue("\(error!)".contains("closed the connection"), "\(error!)")
        XCTAssertEqual(attempts(server), ["APOP user"])
        XCTAssertEqual(Set(server.transcript.map(\.session)), [1], "no second connection")
    }

    /// popa3d: a bare "+OK" greeting and no CAPA. APOP would hash the password alone.
    func testAPOPWithoutAGreetingTimestampIsRefusedBeforeSendingIt() async throws {
        let server = try await startServer(.init(messages: Corpus.numbered(1), capa: false, saslMechanisms: []))
        let error = await expectPOP3Error { _ = try await POP3Session.connect(.testServer(server, auth: .apop)) }
        XCTAssertEqual(error?.kind, .noAuthenticationMethod)
        XCTAssertTrue("\(error!)".contains("timestamp"), "\(error!)")
        XCTAssertFalse(server.transcript.contains { $0.verb == "APOP" })
        // auto simply skips APOP there.
        let session = try await POP3Session.connect(.testServer(server))
        XCTAssertEqual(session.authenticationMethod, "USER")
        try await session.quit()
        XCTAssertFalse(server.transcript.contains { $0.verb == "APOP" })
    }

    /// Courier with UTF8 (RFC 6856): without the UTF8 command a raw UTF-8 header becomes a notice.
    func testUTF8IsSentBeforeAuthenticationAndTheOriginalIsServed() async throws {
        let original = "Subject: Gr\u{FC}\u{DF}e aus K\u{F6}ln\r\nFrom: J\u{F6}rg <j@example.de>\r\n\r\nHallo\r\n"
        let server = try await startServer(.init(messages: [.init(original, uid: "u8")], utf8Notice: true))
        let session = try await POP3Session.connect(.testServer(server))
        let receiver = CollectingReceiver()
        try await session.retrieve([1], into: receiver)
        try await session.quit()
        XCTAssertEqual(receiver.messages[1], wireForm(original))
        let verbs = server.transcript.map(\.verb)
        XCTAssertEqual(Array(verbs.prefix(3)), ["CAPA", "UTF8", "AUTH"], "\(verbs)")
    }
}
