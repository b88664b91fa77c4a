import NIOCore
import POP3Wire
import XCTest

/// Several queued framings answered in one stream (RFC 2449 §6.6 PIPELINING).
final class PipeliningTests: XCTestCase {
    static let session = """
        +OK POP3 ready <1.2@host>\r
        +OK\r
        +OK Logged in.\r
        +OK 2 320\r
        +OK\r
        1 whqtswO00WBw418f9t5JxYwZ\r
        2 QhdPYR:00WBw1Ph7x7\r
        .\r
        +OK 120 octets\r
        Subject: one\r
        \r
        ..dot\r
        .\r
        -ERR [SYS/TEMP] message 2 is busy\r
        +OK message 1 deleted\r
        +OK Bye\r

        """

    func testPipelinedSessionInOneBuffer() {
        verify(ParseFixture(
            [.singleLine, .singleLine, .singleLine, .singleLine, .multiLineLines, .multiLineBody, .multiLineBody,
             .singleLine, .singleLine],
            Self.session,
            [
                .ok("POP3 ready <1.2@host>"), .ok(), .ok("Logged in."), .ok("2 320"),
                .ok(), .line("1 whqtswO00WBw418f9t5JxYwZ"), .line("2 QhdPYR:00WBw1Ph7x7"), .end,
                .ok("120 octets"), .body("Subject: one\r\n\r\n.dot\r\n"), .end,
                .err("message 2 is busy", code: .sysTemp),
                .ok("message 1 deleted"), .ok("Bye"),
            ]
        ))
    }

    func testFramingsQueuedWhileResponsesArrive() throws {
        var parser = POP3ResponseParser()
        XCTAssertTrue(parser.isIdle)
        parser.expect(.multiLineBody)
        parser.expect(.multiLineBody)
        XCTAssertEqual(parser.pendingFramings, [.multiLineBody, .multiLineBody])
        var buffer = ByteBuffer(string: "+OK\r\na\r\n.\r\n+OK\r\n")
        XCTAssertEqual(try parser.next(&buffer), .ok())
        XCTAssertEqual(parser.pendingFramings, [.multiLineBody])
        XCTAssertEqual(try parser.next(&buffer), .body("a\r\n"))
        XCTAssertEqual(try parser.next(&buffer), .end)
        parser.expect(.singleLine)
        XCTAssertEqual(try parser.next(&buffer), .ok())
        XCTAssertFalse(parser.isIdle)
        buffer.writeString("b\r\n.\r\n+OK done\r\n")
        XCTAssertEqual(try parser.next(&buffer), .body("b\r\n"))
        XCTAssertEqual(try parser.next(&buffer), .end)
        XCTAssertEqual(try parser.next(&buffer), .ok("done"))
        XCTAssertTrue(parser.isIdle)
        XCTAssertNil(try parser.next(&buffer))
    }

    /// A continuation is valid only where a SASL step is expected, even in the middle of a pipeline.
    func testContinuationOnlyInSASLFraming() {
        verify([
            ParseFixture([.singleLine, .sasl, .sasl], "+OK\r\n+ \r\n+OK\r\n", [.ok(), .continuation(""), .ok()]),
            ParseFixture([.sasl, .singleLine], "+ abc\r\n+ def\r\n", [.continuation("abc")],
                         .failure(.unexpectedContinuation)),
        ])
    }

    /// Bytes after the last expected response are an error as soon as they arrive (STLS injection).
    func testBytesAfterLastResponseAreUnexpected() {
        verify(ParseFixture([.singleLine], "+OK Begin TLS\r\n+OK injected\r\n", [.ok("Begin TLS")],
                            .failure(.unexpectedData)))
    }
}
