import IMAPWire
import NIOCore
import NIOEmbedded
import XCTest

@testable import MailTransport

/// Transcripts of ``IMAPClientHandler`` in an `EmbeddedChannel`: bytes in, events out, commands encoded.
final class IMAPClientHandlerTests: XCTestCase {
    private func makeChannel(makeTLSHandler: (() throws -> any ChannelHandler)? = nil) throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(IMAPClientHandler(makeTLSHandler: makeTLSHandler))
        return channel
    }

    private func feed(_ channel: EmbeddedChannel, _ text: String) throws {
        try channel.writeInbound(channel.allocator.buffer(string: text))
    }

    private func send(_ channel: EmbeddedChannel, _ tag: String, _ command: IMAPCommand, literalPlus: Bool = false)
        throws
    {
        let message = IMAPClientMessage.command(IMAPTaggedCommand(tag: tag, command: command))
        try channel.writeOutbound(IMAPOutbound(message: message, nonSynchronizingLiterals: literalPlus))
    }

    private func events(_ channel: EmbeddedChannel) throws -> [IMAPResponseEvent] {
        var out: [IMAPResponseEvent] = []
        while let events = try channel.readInbound(as: [IMAPResponseEvent].self) { out += events }
        return out
    }

    private func written(_ channel: EmbeddedChannel) throws -> String {
        var text = ""
        while let buffer = try channel.readOutbound(as: ByteBuffer.self) { text += String(buffer: buffer) }
        return text
    }

    func testSynchronizingLiteralWaitsForContinuation() throws {
        let channel = try makeChannel()
        try feed(channel, "* OK ready\r\n")
        XCTAssertEqual(try events(channel), [.untagged(.condition(IMAPStatus(.ok, text: "ready")))])
        try send(channel, "A1", .login(user: "me", password: "pässwörd"))
        XCTAssertEqual(try written(channel), "A1 LOGIN \"me\" {10}\r\n")
        try feed(channel, "+ Ready for literal data\r\n")
        XCTAssertEqual(try written(channel), "pässwörd\r\n")
        XCTAssertEqual(try events(channel), [], "the literal's continuation is the handler's business")
        try feed(channel, "A1 OK Logged in\r\n")
        XCTAssertEqual(
            try events(channel),
            [.tagged(IMAPTaggedResponse(tag: "A1", status: IMAPStatus(.ok, text: "Logged in")))]
        )
        XCTAssertNoThrow(try channel.finish())
    }

    func testRefusedLiteralDropsTheRest() throws {
        let channel = try makeChannel()
        try feed(channel, "* OK ready\r\n")
        _ = try events(channel)
        try send(channel, "A1", .login(user: "jö", password: "x"))
        XCTAssertEqual(try written(channel), "A1 LOGIN {3}\r\n")
        try feed(channel, "A1 NO too long\r\n")
        XCTAssertEqual(try events(channel).count, 1)
        // A later continuation (SASL) is forwarded, not answered with the dropped literal.
        try send(channel, "A2", .authenticate(mechanism: "PLAIN", initialResponse: nil))
        try feed(channel, "+ \r\n")
        XCTAssertEqual(try written(channel), "A2 AUTHENTICATE PLAIN\r\n")
        XCTAssertEqual(try events(channel), [.continuation("")])
    }

    func testStreamedFetchTranscriptByteByByte() throws {
        let channel = try makeChannel()
        try feed(channel, "* OK ready\r\n")
        _ = try events(channel)
        try send(channel, "A5", .uidFetch(IMAPUIDSet([3, 4]), .messages))
        XCTAssertEqual(try written(channel), "A5 UID FETCH 3:4 (UID RFC822.SIZE INTERNALDATE FLAGS BODY.PEEK[])\r\n")
        let answer =
            "* 1 FETCH (UID 3 RFC822.SIZE 4 BODY[] {4}\r\nab\r\n)\r\n"
            + "* 2 FETCH (BODY[] {2}\r\nxy UID 4)\r\nA5 OK done\r\n"
        for byte in answer.utf8 { try channel.writeInbound(channel.allocator.buffer(bytes: [byte])) }
        var shape: [String] = []
        var bodies: [UInt32: String] = [:]
        var current: UInt32 = 0
        for event in try events(channel) {
            switch event {
            case .fetchBegin(let sequence, _):
                shape.append("begin \(sequence)")
                current = sequence
            case .bodyChunk(let chunk): bodies[current, default: ""] += String(buffer: chunk)
            case .fetchEnd(let sequence, let attributes): shape.append("end \(sequence) uid \(attributes.uid ?? 0)")
            case .tagged(let tagged): shape.append("tagged \(tagged.tag)")
            default: shape.append("\(event)")
            }
        }
        XCTAssertEqual(shape, ["begin 1", "end 1 uid 3", "begin 2", "end 2 uid 4", "tagged A5"])
        XCTAssertEqual(bodies, [1: "ab\r\n", 2: "xy"])
    }

    func testBytesBehindSTARTTLSOKAreAnInjection() throws {
        var installed = false
        let channel = try makeChannel {
            installed = true
            return PassThroughHandler()
        }
        try feed(channel, "* OK ready\r\n")
        try send(channel, "A1", .startTLS)
        XCTAssertThrowsError(try feed(channel, "A1 OK Begin TLS\r\n* OK injected\r\n")) { error in
            XCTAssertEqual((error as? IMAPError)?.kind, .tlsInjection(bufferedBytes: 15))
            XCTAssertEqual((error as? IMAPError)?.command, "STARTTLS")
        }
        XCTAssertFalse(installed, "TLS must not start on a poisoned connection")
        XCTAssertFalse(channel.isActive)
    }

    func testInjectionInALaterReadIsRefusedToo() throws {
        let channel = try makeChannel { PassThroughHandler() }
        try feed(channel, "* OK ready\r\n")
        try send(channel, "A1", .startTLS)
        try feed(channel, "A1 OK Begin TLS\r\n")
        let events = try events(channel)
        XCTAssertEqual(events.count, 2)
        XCTAssertTrue(try channel.pipeline.syncOperations.handler(type: PassThroughHandler.self) is PassThroughHandler)
    }

    func testGreetingMustComeFirstAndTagsMustBeKnown() throws {
        let channel = try makeChannel()
        XCTAssertThrowsError(try feed(channel, "A1 OK what\r\n")) { error in
            XCTAssertEqual((error as? IMAPError)?.kind, .protocolViolation)
        }
        let second = try makeChannel()
        try feed(second, "* OK ready\r\n")
        XCTAssertThrowsError(try feed(second, "Z9 OK stray\r\n")) { error in
            XCTAssertEqual((error as? IMAPError)?.kind, .protocolViolation)
        }
    }

    func testMalformedResponseClosesWithTypedError() throws {
        let channel = try makeChannel()
        XCTAssertThrowsError(try feed(channel, "* OK [UIDNEXT x] y\r\n")) { error in
            let error = error as? IMAPError
            XCTAssertEqual(error?.kind, .protocolViolation)
            XCTAssertTrue(error?.underlying is IMAPParseError)
        }
        XCTAssertFalse(channel.isActive)
    }

    func testInvalidCommandFailsTheWriteOnly() throws {
        let channel = try makeChannel()
        try feed(channel, "* OK ready\r\n")
        XCTAssertThrowsError(try send(channel, "A1", .login(user: "me\r\nA2 LOGOUT", password: "x"))) { error in
            XCTAssertEqual((error as? IMAPError)?.kind, .invalidCommand)
        }
        XCTAssertEqual(try written(channel), "")
        try send(channel, "A2", .noop)
        XCTAssertEqual(try written(channel), "A2 NOOP\r\n", "the session goes on")
    }
}

/// Stands in for the TLS handler.
private final class PassThroughHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ByteBuffer
}
