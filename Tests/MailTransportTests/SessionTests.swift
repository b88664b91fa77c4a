import MailTransport
import POP3TestServer
import POP3Wire
import XCTest

final class SessionTests: XCTestCase {
    func testListUIDLAndByteExactRetrieval() async throws {
        let server = try await startServer(.init(messages: Corpus.messages))
        let session = try await POP3Session.connect(.testServer(server))
        let stat = try await session.stat()
        let list = try await session.list()
        let uidl = try await session.uidl()
        XCTAssertEqual(stat.count, 3)
        XCTAssertEqual(list.map(\.size), [Corpus.dots, Corpus.bareLF, Corpus.eightBit].map { wireForm($0).count })
        XCTAssertEqual(stat.size, list.map(\.size).reduce(0, +))
        XCTAssertEqual(uidl.map(\.uid), ["uid-dots", "uid-lf", "uid-8bit"])

        let receiver = CollectingReceiver()
        let sizes = Dictionary(uniqueKeysWithValues: list.map { ($0.number, $0.size) })
        try await session.retrieve([1, 2, 3], expectedSizes: sizes, into: receiver)
        XCTAssertEqual(receiver.messages[1], wireForm(Corpus.dots))
        XCTAssertEqual(receiver.messages[2], wireForm(Corpus.bareLF))
        XCTAssertEqual(receiver.messages[3], wireForm(Corpus.eightBit))
        XCTAssertEqual(receiver.octets[1], wireForm(Corpus.dots).count)
        try await session.quit()
    }

    func testEveryExplicitAuthenticationMethod() async throws {
        let server = try await startServer(.init(
            messages: Corpus.numbered(1), apop: true, saslMechanisms: ["PLAIN", "LOGIN", "CRAM-MD5", "XOAUTH2"]
        ))
        let expectedFirstLine: [POP3Configuration.AuthChoice: String] = [
            .user: "USER user", .apop: "APOP user", .plain: "AUTH PLAIN", .login: "AUTH LOGIN",
            .cramMD5: "AUTH CRAM-MD5", .xoauth2: "AUTH XOAUTH2",
        ]
        for (choice, prefix) in expectedFirstLine {
            server.clearTranscript()
            let session = try await POP3Session.connect(.testServer(server, auth: choice))
            let awaited1 = try await session.stat().count
            XCTAssertEqual(awaited1, 1, "\(choice)")
            try await session.quit()
            let lines = server.transcript.map(\.line)
            XCTAssertTrue(lines.contains { $0.hasPrefix(prefix) }, "\(choice): \(lines)")
            XCTAssertFalse(lines.contains { $0.contains("secret") && !$0.hasPrefix("PASS") }, "secret in clear: \(lines)")
        }
        // XOAUTH2 is sent the two-step way: the AUTH line carries no initial response.
        server.clearTranscript()
        let session = try await POP3Session.connect(.testServer(server, auth: .xoauth2))
        await session.close()
        XCTAssertEqual(server.transcript.first { $0.verb == "AUTH" }?.line, "AUTH XOAUTH2")
    }

    func testAutoPicksTheStrongestOfferedMethod() async throws {
        let cram = try await startServer(.init(apop: true, saslMechanisms: ["PLAIN", "CRAM-MD5"]))
        let apopOnly = try await startServer(.init(apop: true, saslMechanisms: ["PLAIN"]))
        try await POP3Session.connect(.testServer(cram)).quit()
        XCTAssertTrue(cram.transcript.contains { $0.line == "AUTH CRAM-MD5" })
        // On an unencrypted link APOP (which does not reveal the password) beats PLAIN.
        try await POP3Session.connect(.testServer(apopOnly)).quit()
        XCTAssertTrue(apopOnly.transcript.contains { $0.verb == "APOP" })
        XCTAssertFalse(apopOnly.transcript.contains { $0.verb == "AUTH" })
    }

    func testWrongPasswordIsAuthenticationFailedWithoutThePassword() async throws {
        let server = try await startServer(.init())
        let error = await expectPOP3Error { _ = try await POP3Session.connect(.testServer(server, auth: .user, password: "wrong-pw")) }
        XCTAssertEqual(error?.kind, .authenticationFailed)
        XCTAssertEqual(error?.status?.code, .auth)
        XCTAssertFalse("\(error!)".contains("wrong-pw"))
        XCTAssertEqual(error?.command, "PASS <redacted>")
    }

    func testPipelinedRetrievalKeepsSeveralRETRsInFlight() async throws {
        let server = try await startServer(.init(messages: Corpus.numbered(40), pipelining: true))
        var configuration = POP3Configuration.testServer(server)
        configuration.pipelineWindow = 8
        let session = try await POP3Session.connect(configuration)
        XCTAssertTrue(session.capabilities.supportsPipelining)
        let receiver = CollectingReceiver()
        try await session.retrieve(Array(1...40), into: receiver)
        XCTAssertEqual(receiver.events, (1...40).flatMap { ["begin \($0)", "end \($0)"] })
        try await session.delete(Array(1...40))
        try await session.quit()
        let inFlight = server.transcript.maxInFlight(verb: "RETR")
        XCTAssertGreaterThan(inFlight, 1, "transcript: \(server.transcript.filter { $0.verb == "RETR" })")
        XCTAssertLessThanOrEqual(inFlight, 8)
        XCTAssertGreaterThan(server.transcript.maxInFlight(verb: "DELE"), 1)
        XCTAssertTrue(server.messages.isEmpty)
    }

    func testWithoutPipeliningOneCommandAtATime() async throws {
        let server = try await startServer(.init(messages: Corpus.numbered(10), pipelining: false))
        let session = try await POP3Session.connect(.testServer(server))
        let receiver = CollectingReceiver()
        try await session.retrieve(Array(1...10), into: receiver)
        try await session.delete([1, 2, 3])
        try await session.quit()
        XCTAssertEqual(receiver.completed, Array(1...10))
        XCTAssertEqual(server.transcript.map(\.inFlight).max(), 1)
    }

    func testDeletionsApplyAtQuitOnlyAndAreUndoneByClose() async throws {
        let server = try await startServer(.init(messages: Corpus.numbered(3)))
        let aborted = try await POP3Session.connect(.testServer(server))
        try await aborted.delete([1, 2])
        XCTAssertEqual(server.messages.count, 3)
        await aborted.close()
        let error = await expectPOP3Error { _ = try await aborted.stat() }
        XCTAssertEqual(error?.kind, .sessionClosed)

        let session = try await POP3Session.connect(.testServer(server))
        let awaited2 = try await session.stat().count
        XCTAssertEqual(awaited2, 3, "close() must not have applied the deletions")
        try await session.delete([1, 3])
        XCTAssertEqual(server.messages.count, 3)
        try await session.quit()
        XCTAssertEqual(server.messages.map(\.uid), ["m-2"])
    }

    func testMessagesAddedBetweenSessionsAppear() async throws {
        let server = try await startServer(.init(messages: Corpus.numbered(2)))
        let first = try await POP3Session.connect(.testServer(server))
        let awaited3 = try await first.uidl().map(\.uid)
        XCTAssertEqual(awaited3, ["m-1", "m-2"])
        try await first.quit()
        server.add(Corpus.numbered(2, prefix: "new"))
        let second = try await POP3Session.connect(.testServer(server))
        let awaited4 = try await second.uidl().map(\.uid)
        XCTAssertEqual(awaited4, ["m-1", "m-2", "new-1", "new-2"])
        try await second.quit()
    }

    func testConnectionRefusedIsConnectError() async throws {
        let server = try await startServer(.init())
        let port = server.port
        await server.stop()
        let configuration = POP3Configuration(host: "127.0.0.1", port: port, tls: .none, user: "u", password: { "p" })
        let error = await expectPOP3Error { _ = try await POP3Session.connect(configuration) }
        XCTAssertEqual(error?.kind, .connect)
    }
}
