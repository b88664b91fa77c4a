import MailTransport
import NIOCore
import POP3TestServer
import POP3Wire
import XCTest

/// Each scripted fault must end in a typed error naming what happened: never a hang, a crash, or a
/// message silently delivered short.
final class SessionFaultTests: XCTestCase {
    /// The response limit of the stall tests: every response before the stalled one must beat it, also on a
    /// loaded CI machine where a thread can wait hundreds of milliseconds for a core; the stalled one never can.
    private static let stallLimit: TimeAmount = .seconds(2)

    func testConnectionClosedInTheMiddleOfAMessage() async throws {
        let body = "Subject: big\r\n\r\n" + String(repeating: "0123456789abcdef\r\n", count: 2000)
        let server = try await startServer(
            .init(
                messages: Corpus.numbered(1) + [.init(body, uid: "big")] + Corpus.numbered(1, prefix: "after"),
                faults: [.closeDuringRetrieve(message: 2, afterBytes: 10_000)]
            )
        )
        let session = try await POP3Session.connect(.testServer(server))
        let receiver = CollectingReceiver()
        let error = await expectPOP3Error { try await session.retrieve([1, 2, 3], into: receiver) }
        XCTAssertEqual(error?.kind, .connectionClosed(duringMessage: 2, receivedOctets: 10_000))
        XCTAssertEqual(error?.command, "RETR 2")
        XCTAssertEqual(receiver.completed, [1], "message 2 must not be ended")
        let after = await expectPOP3Error { _ = try await session.stat() }
        XCTAssertEqual(after?.kind, .sessionClosed)
    }

    func testStalledCommandTimesOut() async throws {
        let server = try await startServer(.init(messages: Corpus.numbered(2), faults: [.stall(.init("RETR", "2"))]))
        let session = try await POP3Session.connect(.testServer(server, responseTimeout: Self.stallLimit))
        let receiver = CollectingReceiver()
        let error = await expectPOP3Error { try await session.retrieve([1, 2], into: receiver) }
        XCTAssertEqual(error?.kind, .timeout(.response))
        XCTAssertEqual(error?.command, "RETR 2")
        XCTAssertEqual(receiver.completed, [1])
    }

    func testStalledCAPATimesOut() async throws {
        let server = try await startServer(.init(faults: [.stall(.init("CAPA"))]))
        let error = await expectPOP3Error {
            _ = try await POP3Session.connect(.testServer(server, responseTimeout: Self.stallLimit))
        }
        XCTAssertEqual(error?.kind, .timeout(.response))
        XCTAssertEqual(error?.command, "CAPA")
    }

    func testTemporaryErrorKeepsServerTextAndCodeApart() async throws {
        let server = try await startServer(
            .init(
                messages: Corpus.numbered(4),
                pipelining: false,
                faults: [.error(.init("RETR", "2"), text: "[SYS/TEMP] disk busy")]
            )
        )
        let session = try await POP3Session.connect(.testServer(server))
        let receiver = CollectingReceiver()
        let error = await expectPOP3Error { try await session.retrieve([1, 2, 3, 4], into: receiver) }
        guard case .serverError(let status)? = error?.kind else { return XCTFail("\(String(describing: error))") }
        XCTAssertEqual(status.code, .sysTemp)
        XCTAssertEqual(status.text, "disk busy")
        XCTAssertEqual(error?.command, "RETR 2")
        XCTAssertTrue(error!.isTemporary)
        XCTAssertEqual(receiver.completed, [1], "no RETR is sent after the -ERR")
        XCTAssertFalse(server.transcript.contains { $0.line == "RETR 3" })
        let awaited1 = try await session.stat().count
        XCTAssertEqual(awaited1, 4, "a -ERR leaves the session usable")
        try await session.quit()
    }

    func testErrorInsideAPipelinedWindowDrainsTheOthers() async throws {
        let server = try await startServer(
            .init(
                messages: Corpus.numbered(6),
                faults: [.error(.init("RETR", "2"), text: "[SYS/PERM] gone")]
            )
        )
        var configuration = POP3Configuration.testServer(server)
        configuration.pipelineWindow = 4
        let session = try await POP3Session.connect(configuration)
        let receiver = CollectingReceiver()
        let error = await expectPOP3Error { try await session.retrieve(Array(1...6), into: receiver) }
        XCTAssertEqual(error?.status?.code, .sysPerm)
        // 1..4 were in flight together; 1, 3 and 4 are still delivered, 5 and 6 are never asked for.
        XCTAssertEqual(receiver.completed, [1, 3, 4])
        XCTAssertFalse(server.transcript.contains { $0.line == "RETR 5" })
        let awaited2 = try await session.list().count
        XCTAssertEqual(awaited2, 6)
        try await session.quit()
    }

    func testWrongListSizeIsSizeMismatch() async throws {
        let server = try await startServer(
            .init(messages: Corpus.numbered(2), faults: [.wrongListSize(message: 2, delta: 7)])
        )
        let session = try await POP3Session.connect(.testServer(server))
        let list = try await session.list()
        let receiver = CollectingReceiver()
        let sizes = Dictionary(uniqueKeysWithValues: list.map { ($0.number, $0.size) })
        let error = await expectPOP3Error { try await session.retrieve([1, 2], expectedSizes: sizes, into: receiver) }
        let actual = wireForm("Subject: m2\r\n\r\nbody 2\r\n").count
        XCTAssertEqual(error?.kind, .sizeMismatch(message: 2, listed: actual + 7, received: actual))
        XCTAssertEqual(receiver.completed, [1], "a short message is never ended")
    }

    func testNoUIDL() async throws {
        let server = try await startServer(.init(messages: Corpus.numbered(1), uidl: false))
        let session = try await POP3Session.connect(.testServer(server))
        XCTAssertFalse(session.capabilities.supportsUIDL)
        let error = await expectPOP3Error { _ = try await session.uidl() }
        XCTAssertEqual(error?.kind, .noUIDL)
        let awaited3 = try await session.stat().count
        XCTAssertEqual(awaited3, 1)
        try await session.quit()
    }

    func testGarbageReplyIsProtocolViolation() async throws {
        let server = try await startServer(
            .init(
                messages: Corpus.numbered(1),
                faults: [.garbage(.init("STAT"), reply: Array("HELLO THERE\r\n".utf8))]
            )
        )
        let session = try await POP3Session.connect(.testServer(server))
        let error = await expectPOP3Error { _ = try await session.stat() }
        XCTAssertEqual(error?.kind, .protocolViolation)
        XCTAssertEqual(error?.command, "STAT")
        XCTAssertNotNil(error?.underlying as? POP3ParseError)
    }

    func testMalformedListEntryIsProtocolViolation() async throws {
        let server = try await startServer(
            .init(
                messages: Corpus.numbered(1),
                faults: [.garbage(.init("LIST"), reply: Array("+OK\r\n1 lots\r\n.\r\n".utf8))]
            )
        )
        let session = try await POP3Session.connect(.testServer(server))
        let error = await expectPOP3Error { _ = try await session.list() }
        XCTAssertEqual(error?.kind, .protocolViolation)
        XCTAssertEqual(error?.command, "LIST")
    }

    func testReceiverErrorEndsTheSession() async throws {
        let server = try await startServer(.init(messages: Corpus.numbered(3)))
        let session = try await POP3Session.connect(.testServer(server))
        do {
            try await session.retrieve([1, 2, 3], into: FailingReceiver(limit: 30))
            XCTFail("the receiver's error must surface")
        } catch is FailingReceiver.DiskFull {}
        let after = await expectPOP3Error { _ = try await session.stat() }
        XCTAssertEqual(after?.kind, .sessionClosed)
    }

    func testMaildropInUse() async throws {
        let server = try await startServer(.init(messages: Corpus.numbered(1)))
        let first = try await POP3Session.connect(.testServer(server))
        let error = await expectPOP3Error { _ = try await POP3Session.connect(.testServer(server, auth: .user)) }
        XCTAssertEqual(error?.kind, .serverError(POP3StatusLine(isOK: false, code: .inUse, text: "maildrop locked")))
        XCTAssertTrue(error!.isTemporary)
        try await first.quit()
    }
}
