import MailTransport
import POP3TestServer
import POP3Wire
import XCTest

/// `uidlAndList()`: one round trip with PIPELINING, two without, the same answer either way.
final class SessionInventoryTests: XCTestCase {
    func testUIDLAndListAgreeWithSeparateCommandsWithAndWithoutPipelining() async throws {
        for pipelining in [true, false] {
            let server = try await startServer(.init(messages: Corpus.messages, pipelining: pipelining))
            let session = try await POP3Session.connect(.testServer(server))
            XCTAssertEqual(session.capabilities.supportsPipelining, pipelining)
            let (uids, sizes) = try await session.uidlAndList()
            let separateUIDs = try await session.uidl()
            let separateSizes = try await session.list()
            XCTAssertEqual(uids, separateUIDs, "pipelining \(pipelining)")
            XCTAssertEqual(sizes, separateSizes, "pipelining \(pipelining)")
            XCTAssertEqual(uids.map(\.uid), ["uid-dots", "uid-lf", "uid-8bit"])
            try await session.quit()
        }
    }

    func testNoUIDLIsThrownAfterTheListAnswerSoTheSessionStaysInStep() async throws {
        let server = try await startServer(.init(messages: Corpus.numbered(2), uidl: false))
        let session = try await POP3Session.connect(.testServer(server))
        let error = await expectPOP3Error { _ = try await session.uidlAndList() }
        XCTAssertEqual(error?.kind, .noUIDL)
        let count = try await session.stat().count
        XCTAssertEqual(count, 2, "the LIST answer was consumed: the next command reads its own answer")
        try await session.quit()
    }
}
