import NIOCore
import NIOEmbedded
import POP3Wire
import XCTest

@testable import MailTransport

/// Transcripts of ``POP3ClientHandler`` in an `EmbeddedChannel`: bytes in, events out, commands encoded.
final class ClientHandlerTests: XCTestCase {
    private func makeChannel(
        responseTimeout: TimeAmount? = nil,
        makeTLSHandler: (() throws -> any ChannelHandler)? = nil
    ) throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(
            POP3ClientHandler(responseTimeout: responseTimeout, makeTLSHandler: makeTLSHandler)
        )
        return channel
    }

    private func feed(_ channel: EmbeddedChannel, _ text: String) throws {
        try channel.writeInbound(channel.allocator.buffer(string: text))
    }

    private func events(_ channel: EmbeddedChannel) throws -> [POP3ResponseEvent] {
        var out: [POP3ResponseEvent] = []
        while let events = try channel.readInbound(as: [POP3ResponseEvent].self) { out += events }
        return out
    }

    private func written(_ channel: EmbeddedChannel) throws -> String {
        var text = ""
        while let buffer = try channel.readOutbound(as: ByteBuffer.self) { text += String(buffer: buffer) }
        return text
    }

    func testGreetingCAPAAndPipelinedRetrieveTranscript() throws {
        let channel = try makeChannel()
        try feed(channel, "+OK ready\r\n")
        XCTAssertEqual(try events(channel), [.status(POP3StatusLine(isOK: true, text: "ready"))])

        try channel.writeOutbound(POP3Command.capa)
        try channel.writeOutbound(POP3Command.retr(1))
        try channel.writeOutbound(POP3Command.retr(2))
        XCTAssertEqual(try written(channel), "CAPA\r\nRETR 1\r\nRETR 2\r\n")

        // All three answers arrive byte by byte; the events come out in order, dot-unstuffed.
        let answers = "+OK\r\nPIPELINING\r\n.\r\n+OK 9\r\n..a\r\nb\r\n.\r\n+OK\r\n.\r\n"
        for byte in answers.utf8 { try channel.writeInbound(channel.allocator.buffer(bytes: [byte])) }
        var body: [String] = []
        var shape: [String] = []
        for event in try events(channel) {
            switch event {
            case .status(let status): shape.append("status \(status.isOK)")
            case .line(let line): shape.append("line \(String(buffer: line))")
            case .bodyChunk(let chunk): body.append(String(buffer: chunk))
            case .end: shape.append("end")
            case .continuation: shape.append("continuation")
            }
        }
        XCTAssertEqual(shape, ["status true", "line PIPELINING", "end", "status true", "end", "status true", "end"])
        XCTAssertEqual(body.joined(), ".a\r\nb\r\n")
        XCTAssertNoThrow(try channel.finish())
    }

    func testOneReadIsOneBatchAndItsEventsPrecedeAnErrorLaterInTheRead() throws {
        let channel = try makeChannel()
        try channel.writeOutbound(POP3Command.uidl(nil))
        try channel.writeOutbound(POP3Command.stat)
        _ = try written(channel)
        XCTAssertThrowsError(try feed(channel, "+OK ready\r\n+OK\r\n1 a\r\n2 b\r\n.\r\nGARBAGE\r\n")) { error in
            XCTAssertEqual((error as? POP3Error)?.kind, .protocolViolation)
        }
        let batch = try XCTUnwrap(try channel.readInbound(as: [POP3ResponseEvent].self))
        XCTAssertEqual(batch.count, 5, "everything parsed from the read, in one batch, before the error")
        XCTAssertNil(try channel.readInbound(as: [POP3ResponseEvent].self))
        XCTAssertFalse(channel.isActive)
    }

    func testBytesBehindSTLSOKAreAnInjection() throws {
        var installed = false
        let channel = try makeChannel {
            installed = true
            return MarkerHandler()
        }
        try feed(channel, "+OK ready\r\n")
        try channel.writeOutbound(POP3Command.stls)
        XCTAssertThrowsError(try feed(channel, "+OK go ahead\r\n+OK injected\r\n")) { error in
            XCTAssertEqual((error as? POP3Error)?.kind, .tlsInjection(bufferedBytes: 14))
            XCTAssertEqual((error as? POP3Error)?.command, "STLS")
        }
        XCTAssertFalse(installed, "TLS must not start on a poisoned connection")
        XCTAssertFalse(channel.isActive)
    }

    func testSTLSOKInstallsTLSFirstInThePipeline() throws {
        let channel = try makeChannel { MarkerHandler() }
        try feed(channel, "+OK ready\r\n")
        try channel.writeOutbound(POP3Command.stls)
        try feed(channel, "+OK go ahead\r\n")
        XCTAssertEqual(try events(channel).count, 2)
        let first = try channel.pipeline.syncOperations.context(handlerType: MarkerHandler.self)
        XCTAssertNotNil(first)
        // Commands sent after the upgrade are accepted again.
        try channel.writeOutbound(POP3Command.capa)
        XCTAssertTrue(try written(channel).hasSuffix("CAPA\r\n"))
    }

    func testMalformedStatusIsProtocolViolation() throws {
        let channel = try makeChannel()
        XCTAssertThrowsError(try feed(channel, "HELLO\r\n")) { error in
            XCTAssertEqual((error as? POP3Error)?.kind, .protocolViolation)
            XCTAssertNotNil((error as? POP3Error)?.underlying as? POP3ParseError)
        }
        XCTAssertFalse(channel.isActive)
    }

    func testUnsolicitedResponseIsProtocolViolation() throws {
        let channel = try makeChannel()
        try feed(channel, "+OK ready\r\n")
        XCTAssertThrowsError(try feed(channel, "+OK surprise\r\n"))
    }

    func testResponseTimeoutOnlyRunsWhileReading() throws {
        let channel = try makeChannel(responseTimeout: .seconds(5))
        let loop = channel.embeddedEventLoop
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 110)).wait()
        // No read requested: a slow consumer is not the server's fault.
        loop.advanceTime(by: .seconds(60))
        XCTAssertTrue(channel.isActive)
        channel.read()
        loop.advanceTime(by: .seconds(4))
        XCTAssertTrue(channel.isActive)
        loop.advanceTime(by: .seconds(2))
        XCTAssertFalse(channel.isActive)
        XCTAssertThrowsError(try channel.throwIfErrorCaught()) { error in
            XCTAssertEqual((error as? POP3Error)?.kind, .timeout(.response))
        }
    }
}

private final class MarkerHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ByteBuffer
}
