import NIOCore
import POP3Wire
import XCTest

/// RETR/TOP bodies: streaming dot-unstuffing (RFC 1939 §3), in every split.
final class BodyTests: XCTestCase {
    func testBodies() {
        verify([
            ParseFixture([.multiLineBody], "+OK 5 octets\r\nhello\r\n.\r\n",
                         [.ok("5 octets"), .body("hello\r\n"), .end]),
            ParseFixture([.multiLineBody], "+OK\r\n.\r\n", [.ok(), .end]),
            ParseFixture([.multiLineBody], "+OK\r\n\r\n.\r\n", [.ok(), .body("\r\n"), .end]),
            ParseFixture([.multiLineBody], "+OK\r\na\r\n\r\nb\r\n.\r\n", [.ok(), .body("a\r\n\r\nb\r\n"), .end]),
            ParseFixture([.multiLineBody], "-ERR no such message\r\n", [.err("no such message")]),
            ParseFixture([.multiLineBody, .singleLine], "-ERR [SYS/TEMP] x\r\n+OK\r\n",
                         [.err("x", code: .sysTemp), .ok()]),
        ])
    }

    func testDotStuffing() {
        verify([
            // The first line of the body may be stuffed.
            ParseFixture([.multiLineBody], "+OK\r\n..\r\n.\r\n", [.ok(), .body(".\r\n"), .end]),
            ParseFixture([.multiLineBody], "+OK\r\n...\r\n.\r\n", [.ok(), .body("..\r\n"), .end]),
            ParseFixture([.multiLineBody], "+OK\r\n..hidden\r\n.\r\n", [.ok(), .body(".hidden\r\n"), .end]),
            ParseFixture([.multiLineBody], "+OK\r\na\r\n..\r\nb\r\n.\r\n", [.ok(), .body("a\r\n.\r\nb\r\n"), .end]),
            ParseFixture([.multiLineBody], "+OK\r\na\r\n..\r\n.\r\n", [.ok(), .body("a\r\n.\r\n"), .end]),
            ParseFixture([.multiLineBody], "+OK\r\na\r\n.. \r\n.\r\n", [.ok(), .body("a\r\n. \r\n"), .end]),
            // Dots inside a line are data.
            ParseFixture([.multiLineBody], "+OK\r\na.b\r\nc..\r\n.\r\n", [.ok(), .body("a.b\r\nc..\r\n"), .end]),
            // RFC 1939 §3: a line starting with "." followed by other than CRLF loses the dot,
            // even if the server forgot to stuff it.
            ParseFixture([.multiLineBody], "+OK\r\n.x\r\n.\r\n", [.ok(), .body("x\r\n"), .end]),
            ParseFixture([.multiLineBody], "+OK\r\n.\rx\r\n.\r\n", [.ok(), .body("\rx\r\n"), .end]),
            // A line of "From " stays as is (mbox quoting is the store's business).
            ParseFixture([.multiLineBody], "+OK\r\nFrom me\r\n.\r\n", [.ok(), .body("From me\r\n"), .end]),
        ])
    }

    /// In a CRLF response a bare LF is line content: "LF . LF" must neither end the body nor lose
    /// its dot (a CRLF server stuffs only after CRLF).
    func testBareLineFeedInsideCRLFBodyIsContent() {
        verify([
            ParseFixture([.multiLineBody], "+OK\r\na\n.\nb\r\n.\r\n", [.ok(), .body("a\n.\nb\r\n"), .end]),
            ParseFixture([.multiLineBody], "+OK\r\na\n.\r\n.\r\n", [.ok(), .body("a\n.\r\n"), .end]),
            ParseFixture([.multiLineBody], "+OK\r\n.\n\r\n.\r\n", [.ok(), .body("\n\r\n"), .end]),
            ParseFixture([.multiLineBody], "+OK\r\nx\r\r\n.\r\n", [.ok(), .body("x\r\r\n"), .end]),
            ParseFixture([.multiLineBody], "+OK\r\n\n.\r\n", [.ok(), .body("\n.\r\n")], .incomplete),
        ])
    }

    /// QUIRK: a server whose status line ends in a bare LF speaks LF; then LF ends body lines too.
    func testBareLineFeedServer() {
        verify([
            ParseFixture([.multiLineBody], "+OK\na\nb\n.\n", [.ok(), .body("a\nb\n"), .end]),
            ParseFixture([.multiLineBody], "+OK\na\n..\n.\n", [.ok(), .body("a\n.\n"), .end]),
            ParseFixture([.multiLineBody], "+OK\n..x\n.\n", [.ok(), .body(".x\n"), .end]),
            ParseFixture([.multiLineBody], "+OK\na\r\n.\r\n", [.ok(), .body("a\r\n"), .end]),
            ParseFixture([.multiLineBody], "+OK\na\n.\r\n", [.ok(), .body("a\n"), .end]),
            ParseFixture([.multiLineBody], "+OK\n.\n", [.ok(), .end]),
            ParseFixture([.multiLineBody, .singleLine], "+OK\nx\n.\n+OK\n", [.ok(), .body("x\n"), .end, .ok()]),
        ])
    }

    func testIncompleteBodies() {
        verify([
            ParseFixture([.multiLineBody], "+OK\r\nhello\r\n", [.ok(), .body("hello\r\n")], .incomplete),
            ParseFixture([.multiLineBody], "+OK\r\nhello\r\n.", [.ok(), .body("hello\r\n")], .incomplete),
            ParseFixture([.multiLineBody], "+OK\r\nhello\r\n.\r", [.ok(), .body("hello\r\n")], .incomplete),
            ParseFixture([.multiLineBody], "+OK\r\nhello\r", [.ok(), .body("hello")], .incomplete),
            ParseFixture([.multiLineBody], "+OK\r\n", [.ok()], .incomplete),
        ])
    }

    func testBodyLinesAreNotLimitedByLineLength() {
        let long = String(repeating: "x", count: 100)
        verify(
            ParseFixture([.multiLineBody], "+OK\r\n\(long)\r\n.\r\n", [.ok(), .body("\(long)\r\n"), .end],
                         options: .init(maximumLineLength: 10))
        )
    }

    func testBodySizeLimit() {
        let options = POP3ResponseParser.Options(maximumBodySize: 8)
        verify(ParseFixture([.multiLineBody], "+OK\r\n1234\r\n..56\r\n.\r\n", [.ok(), .body("1234\r\n.56\r\n"), .end],
                            options: .init(maximumBodySize: 11)))
        for feed in [["+OK\r\n123456789\r\n.\r\n"], "+OK\r\n123456789\r\n.\r\n".map { String($0) }] {
            var parser = POP3ResponseParser(options: options)
            parser.expect(.multiLineBody)
            var buffer = ByteBuffer()
            var delivered = 0
            var thrown: POP3ParseError?
            for chunk in feed where thrown == nil {
                buffer.writeString(chunk)
                do throws(POP3ParseError) {
                    while let event = try parser.next(&buffer) {
                        if case .bodyChunk(let bytes) = event { delivered += bytes.readableBytes }
                    }
                } catch {
                    thrown = error
                }
            }
            guard case .bodyTooLarge(let actual, let maximum)? = thrown?.kind else {
                return XCTFail("expected bodyTooLarge, got \(String(describing: thrown))")
            }
            XCTAssertEqual(maximum, 8)
            XCTAssertGreaterThan(actual, 8)
            XCTAssertLessThanOrEqual(delivered, 8, "bytes beyond the limit were delivered")
        }
    }

    /// Chunks are slices of the input: a body without stuffed lines arrives as one chunk per read.
    func testBodyChunksAreWholeRuns() throws {
        var parser = POP3ResponseParser()
        parser.expect(.multiLineBody)
        var buffer = ByteBuffer(string: "+OK\r\nline one\r\nline two\r\n..three\r\nfour\r\n")
        XCTAssertEqual(try parser.next(&buffer), .ok())
        XCTAssertEqual(try parser.next(&buffer), .body("line one\r\nline two\r\n"))
        XCTAssertEqual(try parser.next(&buffer), .body(".three\r\nfour\r\n"))
        XCTAssertNil(try parser.next(&buffer))
        XCTAssertTrue(parser.isInsideMultiLineResponse)
        buffer.writeString(".\r\n")
        XCTAssertEqual(try parser.next(&buffer), .end)
        XCTAssertTrue(parser.isIdle)
    }
}
