import MailTransport
import NIOCore
import POP3TestServer
import POP3Wire
import XCTest

/// A RETR answer whose size is not the one LIST gave (beyond the one known quirk), or whose `+OK n octets`
/// names another size, is a desync: the message is never ended and the session ends.
final class RetrievalCheckTests: XCTestCase {
    /// A message stored without a final line end; the server sends it with CRLF before the dot.
    private static let unterminated = "Subject: quirk\r\n\r\nno final line end"

    /// LIST's error against the octets sent, and whether the message is accepted.
    private static let fixtures: [(listDelta: Int, accepted: Bool)] = [
        (0, true),
        // QUIRK (Cyrus, Courier): the CRLF added before the terminating dot is not counted by LIST.
        (-2, true),
        (-1, false), (-3, false), (-4, false), (1, false), (2, false),
    ]

    func testOnlyTheUncountedFinalLineEndIsTolerated() async throws {
        // Each fixture in several splits of the server's writes, byte by byte included.
        for chunkSize in [1, 3, 16 * 1024] {
            for fixture in Self.fixtures {
                let server = try await startServer(.init(
                    messages: [.init(Self.unterminated, uid: "q")] + Corpus.numbered(1),
                    faults: [.wrongListSize(message: 1, delta: fixture.listDelta)], chunkSize: chunkSize))
                let session = try await POP3Session.connect(.testServer(server))
                let sizes = Dictionary(uniqueKeysWithValues: try await session.list().map { ($0.number, $0.size) })
                let receiver = CollectingReceiver()
                let context = "LIST \(fixture.listDelta), writes of \(chunkSize)"
                if fixture.accepted {
                    try await session.retrieve([1, 2], expectedSizes: sizes, into: receiver)
                    XCTAssertEqual(receiver.completed, [1, 2], context)
                    try await session.quit()
                } else {
                    let error = await expectPOP3Error {
                        try await session.retrieve([1, 2], expectedSizes: sizes, into: receiver)
                    }
                    let sent = wireForm(Self.unterminated).count
                    let listed = sent + fixture.listDelta
                    XCTAssertEqual(error?.kind, .sizeMismatch(message: 1, listed: listed, received: sent), context)
                    XCTAssertEqual(receiver.completed, [], "\(context): a message in doubt is never ended")
                    let after = await expectPOP3Error { _ = try await session.stat() }
                    XCTAssertEqual(after?.kind, .sessionClosed, "\(context): a desync ends the session")
                }
                await server.stop()
            }
        }
    }

    func testAnnouncedSizeOtherThanListedIsADesync() async throws {
        let body = wireForm("Subject: m1\r\n\r\nbody 1\r\n")
        let reply = Array("+OK 999 octets\r\n".utf8) + body + Array(".\r\n".utf8)
        let server = try await startServer(.init(
            messages: Corpus.numbered(2), faults: [.garbage(.init("RETR", "1"), reply: reply)]))
        let session = try await POP3Session.connect(.testServer(server))
        let sizes = Dictionary(uniqueKeysWithValues: try await session.list().map { ($0.number, $0.size) })
        XCTAssertEqual(sizes[1], body.count, "the body itself has the listed size")
        let receiver = CollectingReceiver()
        let error = await expectPOP3Error { try await session.retrieve([1, 2], expectedSizes: sizes, into: receiver) }
        XCTAssertEqual(error?.kind, .protocolViolation)
        XCTAssertEqual(error?.command, "RETR 1")
        XCTAssertTrue(error?.detail.contains("announced 999 octets") ?? false, "\(String(describing: error))")
        XCTAssertEqual(receiver.completed, [])
    }
}
