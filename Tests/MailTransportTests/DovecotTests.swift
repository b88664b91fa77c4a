import Foundation
import MailTransport
import POP3Wire
import TestSupport
import XCTest

/// The session against a real Dovecot on loopback (skipped when Dovecot is missing, unless
/// `POPVAULT_REQUIRE_DOVECOT=1`).
final class DovecotTests: XCTestCase {
    private var dovecot: DovecotServer!

    override func setUpWithError() throws {
        dovecot = try DovecotServer.startOrSkip()
    }

    override func tearDown() {
        dovecot?.stop()
    }

    private func configuration(
        tls: POP3Configuration.TLSMode,
        auth: POP3Configuration.AuthChoice = .auto,
        password: String = "alicepass"
    ) -> POP3Configuration {
        let port = tls == .implicit ? dovecot.pop3sPort : dovecot.pop3Port
        var configuration = POP3Configuration(
            host: dovecot.host, port: port, tls: tls, user: "alice", password: { password }, auth: auth,
            timeouts: .init(connect: .seconds(5), response: .seconds(20), idle: .seconds(60))
        )
        if tls != .none { configuration.caFile = dovecot.certificate.certificatePath }
        return configuration
    }

    /// Delivers the corpus (one CRLF message, one LF message) and checks RETR returns them byte-exact.
    private func assertRetrievesCorpus(_ configuration: POP3Configuration, file: StaticString = #filePath, line: UInt = #line) async throws {
        try dovecot.deliver(Array(Corpus.dots.utf8), to: "alice")
        try dovecot.deliver(Array(Corpus.bareLF.utf8), to: "alice")
        let session = try await POP3Session.connect(configuration)
        let list = try await session.list()
        let uidl = try await session.uidl()
        XCTAssertEqual(list.count, 2, file: file, line: line)
        XCTAssertEqual(Set(uidl.map(\.uid)).count, 2, file: file, line: line)
        let receiver = CollectingReceiver()
        let sizes = Dictionary(uniqueKeysWithValues: list.map { ($0.number, $0.size) })
        try await session.retrieve([1, 2], expectedSizes: sizes, into: receiver)
        try await session.quit()
        let received = Set([receiver.messages[1]!, receiver.messages[2]!])
        XCTAssertEqual(received, Set([wireForm(Corpus.dots), wireForm(Corpus.bareLF)]), file: file, line: line)
    }

    func testPlaintextUSERPASSWithDotAndFromLines() async throws {
        try await assertRetrievesCorpus(configuration(tls: .none, auth: .user))
    }

    func testAPOP() async throws {
        try await assertRetrievesCorpus(configuration(tls: .none, auth: .apop))
    }

    func testCRAMMD5IsWhatAutoPicks() async throws {
        try await assertRetrievesCorpus(configuration(tls: .none, auth: .auto))
        try await assertRetrievesCorpus(configuration(tls: .none, auth: .cramMD5))
    }

    func testPLAINOverSTLS() async throws {
        let configuration = configuration(tls: .startTLS, auth: .plain)
        try await assertRetrievesCorpus(configuration)
        let session = try await POP3Session.connect(configuration)
        XCTAssertTrue(session.isEncrypted)
        XCTAssertFalse(session.capabilities.supportsSTLS)
        try await session.quit()
    }

    func testImplicitTLSTrustedByCAFile() async throws {
        try await assertRetrievesCorpus(configuration(tls: .implicit, auth: .user))
    }

    func testImplicitTLSPinnedAndRejectedWithoutTrust() async throws {
        var pinned = configuration(tls: .implicit, auth: .login)
        pinned.caFile = nil
        pinned.pinnedSHA256 = try dovecot.certificate.sha256Fingerprint()
        let session = try await POP3Session.connect(pinned)
        let awaited1 = try await session.stat().count
        XCTAssertEqual(awaited1, 0)
        try await session.quit()

        var untrusted = configuration(tls: .implicit)
        untrusted.caFile = nil
        let error = await expectPOP3Error { _ = try await POP3Session.connect(untrusted) }
        XCTAssertEqual(error?.kind, .tls)
        let probed = try await POP3Session.certificateFingerprint(host: dovecot.host, port: dovecot.pop3sPort, tls: .implicit)
        XCTAssertEqual(probed.sha256, pinned.pinnedSHA256)
    }

    func testWrongPassword() async throws {
        let error = await expectPOP3Error { _ = try await POP3Session.connect(self.configuration(tls: .none, auth: .user, password: "nope")) }
        XCTAssertEqual(error?.kind, .authenticationFailed)
    }

    func testDeleteIsAppliedAtQuit() async throws {
        try dovecot.deliver(Array(Corpus.dots.utf8), to: "alice")
        try dovecot.deliver(Array(Corpus.eightBit.utf8), to: "alice")
        let aborted = try await POP3Session.connect(configuration(tls: .none))
        try await aborted.delete([1])
        await aborted.close()
        let session = try await POP3Session.connect(configuration(tls: .none))
        let awaited2 = try await session.stat().count
        XCTAssertEqual(awaited2, 2)
        try await session.delete([1])
        try await session.quit()
        XCTAssertEqual(try dovecot.remainingMessages(of: "alice").count, 1)
    }
}
