import NIOCore
import NIOEmbedded
@testable import POP3TestServer
import XCTest

/// The test server's own wire behaviour, seen through an `EmbeddedChannel`: what a real server would send.
final class TestServerWireTests: XCTestCase {
    private func makeChannel(_ configuration: POP3TestServer.Configuration) throws -> (EmbeddedChannel, Mailbox) {
        let mailbox = Mailbox(messages: configuration.messages, faults: configuration.faults)
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(LineDecoder()))
        try channel.pipeline.syncOperations.addHandler(ServerConnection(
            configuration: configuration, mailbox: mailbox, session: 1, tlsContext: nil, tlsActive: false
        ))
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        return (channel, mailbox)
    }

    private func output(_ channel: EmbeddedChannel) throws -> String {
        var text = ""
        while let buffer = try channel.readOutbound(as: ByteBuffer.self) { text += String(buffer: buffer) }
        return text
    }

    func testRetrIsCRLFAndDotStuffedAndPipelinedLinesAreCountedInFlight() throws {
        let (channel, mailbox) = try makeChannel(.init(messages: [.init("Subject: x\n\n.a\nb", uid: "1")]))
        XCTAssertTrue(try output(channel).hasPrefix("+OK POP3 test server ready"))
        try channel.writeInbound(channel.allocator.buffer(string: "USER user\r\nPASS secret\r\nLIST\r\nRETR 1\r\n"))
        XCTAssertEqual(try output(channel), "+OK\r\n+OK maildrop has 1 messages\r\n+OK\r\n1 21\r\n.\r\n"
            + "+OK 21 octets\r\nSubject: x\r\n\r\n..a\r\nb\r\n.\r\n")
        XCTAssertEqual(mailbox.transcript.map(\.inFlight), [4, 3, 2, 1])
        XCTAssertEqual(mailbox.transcript.map(\.line), ["USER user", "PASS secret", "LIST", "RETR 1"])
    }

    func testTopAndDeleAtQuit() throws {
        let (channel, mailbox) = try makeChannel(.init(messages: [
            .init("H: 1\r\n\r\nl1\r\nl2\r\nl3\r\n", uid: "a"), .init("H: 2\r\n\r\nx\r\n", uid: "b"),
        ]))
        _ = try output(channel)
        try channel.writeInbound(channel.allocator.buffer(string: "USER user\r\nPASS secret\r\nTOP 1 2\r\nDELE 1\r\n"))
        XCTAssertTrue(try output(channel).hasSuffix("+OK 16 octets\r\nH: 1\r\n\r\nl1\r\nl2\r\n.\r\n+OK message 1 deleted\r\n"))
        XCTAssertEqual(mailbox.messages.count, 2, "DELE applies at QUIT only")
        try channel.writeInbound(channel.allocator.buffer(string: "QUIT\r\n"))
        XCTAssertEqual(mailbox.messages.map(\.uid), ["b"])
    }
}
