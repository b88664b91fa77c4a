import MailTransport
import POP3TestServer
import POP3Wire
import TestSupport
import XCTest

final class SessionTLSTests: XCTestCase {
    private var directory: TemporaryDirectory!
    private var certificate: SelfSignedCertificate!
    private var identity: POP3TestServer.TLSIdentity {
        .init(certificatePath: certificate.certificatePath, privateKeyPath: certificate.privateKeyPath)
    }

    override func setUpWithError() throws {
        directory = try TemporaryDirectory()
        certificate = try SelfSignedCertificate(in: directory.path)
    }

    override func tearDown() {
        directory.remove()
    }

    func testSTLSUpgradesAndRereadsCapabilities() async throws {
        let server = try await startServer(.init(messages: Corpus.messages, saslMechanisms: ["PLAIN", "LOGIN"], startTLS: identity))
        var configuration = POP3Configuration.testServer(server, tls: .startTLS)
        configuration.caFile = certificate.certificatePath
        let session = try await POP3Session.connect(configuration)
        XCTAssertTrue(session.isEncrypted)
        XCTAssertFalse(session.capabilities.supportsSTLS, "capabilities must be the ones read after TLS")
        let receiver = CollectingReceiver()
        try await session.retrieve([1], into: receiver)
        XCTAssertEqual(receiver.messages[1], wireForm(Corpus.dots))
        try await session.quit()
        let verbs = server.transcript.map(\.verb)
        XCTAssertEqual(Array(verbs.prefix(4)), ["CAPA", "STLS", "CAPA", "AUTH"], "auto picks PLAIN over TLS")
    }

    func testPlaintextInjectedAfterSTLSIsRefused() async throws {
        let server = try await startServer(.init(startTLS: identity, faults: [.injectAfterSTLS]))
        var configuration = POP3Configuration.testServer(server, tls: .startTLS)
        configuration.caFile = certificate.certificatePath
        let error = await expectPOP3Error { _ = try await POP3Session.connect(configuration) }
        guard case .tlsInjection(let count)? = error?.kind else { return XCTFail("\(String(describing: error))") }
        XCTAssertEqual(count, "+OK injected before the handshake\r\n".utf8.count)
        XCTAssertFalse(server.transcript.contains { $0.verb == "AUTH" || $0.verb == "USER" })
    }

    func testSTLSMissingIsTypedError() async throws {
        let server = try await startServer(.init())
        let error = await expectPOP3Error { _ = try await POP3Session.connect(.testServer(server, tls: .startTLS)) }
        XCTAssertEqual(error?.kind, .startTLSUnavailable)
        XCTAssertFalse(server.transcript.contains { $0.verb == "USER" || $0.verb == "PASS" })
    }

    func testImplicitTLSTrustedThroughCAFile() async throws {
        let server = try await startServer(.init(messages: Corpus.numbered(2), implicitTLS: identity))
        var configuration = POP3Configuration.testServer(server, tls: .implicit)
        configuration.caFile = certificate.certificatePath
        let session = try await POP3Session.connect(configuration)
        let awaited1 = try await session.stat().count
        XCTAssertEqual(awaited1, 2)
        try await session.quit()
    }

    func testImplicitTLSWithoutTrustIsRejectedBeforeLogin() async throws {
        let server = try await startServer(.init(implicitTLS: identity))
        let error = await expectPOP3Error { _ = try await POP3Session.connect(.testServer(server, tls: .implicit)) }
        XCTAssertEqual(error?.kind, .tls)
        XCTAssertNotNil(error?.underlying)
        XCTAssertTrue(server.transcript.isEmpty, "nothing may be sent to an unverified server")
    }

    func testPinnedCertificateIsAcceptedAndAWrongPinRejected() async throws {
        let server = try await startServer(.init(messages: Corpus.numbered(1), implicitTLS: identity))
        let fingerprint = try certificate.sha256Fingerprint()
        XCTAssertEqual(fingerprint.count, 32)
        var configuration = POP3Configuration.testServer(server, tls: .implicit)
        configuration.pinnedSHA256 = fingerprint
        let session = try await POP3Session.connect(configuration)
        let awaited2 = try await session.stat().count
        XCTAssertEqual(awaited2, 1)
        try await session.quit()

        configuration.pinnedSHA256 = fingerprint.map { $0 ^ 0xff }
        let error = await expectPOP3Error { _ = try await POP3Session.connect(configuration) }
        XCTAssertEqual(error?.kind, .certificateMismatch(expected: fingerprint.map { $0 ^ 0xff }, actual: fingerprint))
    }

    func testCertificateFingerprintProbe() async throws {
        let implicit = try await startServer(.init(implicitTLS: identity))
        let startTLS = try await startServer(.init(startTLS: identity))
        let expected = try certificate.sha256Fingerprint()
        let viaImplicit = try await POP3Session.certificateFingerprint(host: "127.0.0.1", port: implicit.port, tls: .implicit)
        let viaSTLS = try await POP3Session.certificateFingerprint(host: "127.0.0.1", port: startTLS.port, tls: .startTLS)
        XCTAssertEqual(viaImplicit.sha256, expected)
        XCTAssertEqual(viaSTLS.sha256, expected)
        XCTAssertTrue(viaImplicit.subject.contains("localhost"), viaImplicit.subject)
    }
}
