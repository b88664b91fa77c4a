import IMAPWire
import NIOCore
import XCTest

/// FETCH responses: metadata, and `BODY[]` literals streamed with attributes before and after.
final class FetchTests: XCTestCase {
    static let date = IMAPInternalDate("17-Jul-1996 02:44:25 -0700")!

    func testMetadata() {
        verify([
            ParseFixture(
                "* 12 FETCH (UID 4827 RFC822.SIZE 2140 INTERNALDATE \"17-Jul-1996 02:44:25 -0700\" FLAGS (\\Seen))\r\n",
                [
                    .untagged(
                        .fetch(
                            sequence: 12,
                            attributes: [.uid(4827), .rfc822Size(2140), .internalDate(Self.date), .flags(["\\Seen"])]
                        )
                    )
                ]
            ),
            ParseFixture("* 1 FETCH (FLAGS ())\r\n", [.untagged(.fetch(sequence: 1, attributes: [.flags([])]))]),
            ParseFixture("* 1 FETCH ()\r\n", [.untagged(.fetch(sequence: 1, attributes: []))]),
            ParseFixture(
                "* 2 FETCH (MODSEQ (12) UID 3)\r\n",
                [.untagged(.fetch(sequence: 2, attributes: [.other("MODSEQ"), .uid(3)]))]
            ),
            // A small literal in an attribute that is not a body section is held, not streamed.
            ParseFixture(
                "* 2 FETCH (X-GM-LABELS ({3}\r\nabc) UID 3)\r\n",
                [.untagged(.fetch(sequence: 2, attributes: [.other("X-GM-LABELS"), .uid(3)]))]
            ),
        ])
    }

    func testStreamedBody() {
        verify([
            // Attributes before the body (Dovecot's order).
            ParseFixture(
                "* 1 FETCH (UID 7 RFC822.SIZE 5 FLAGS (\\Seen) BODY[] {5}\r\nhello)\r\nA3 OK Fetch completed.\r\n",
                [
                    .fetchBegin(sequence: 1, attributes: [.uid(7), .rfc822Size(5), .flags(["\\Seen"])]),
                    .body("hello"),
                    .fetchEnd(sequence: 1, attributes: [.uid(7), .rfc822Size(5), .flags(["\\Seen"])]),
                    .tagged("A3", .ok, "Fetch completed."),
                ]
            ),
            // Attributes after the body.
            ParseFixture(
                "* 2 FETCH (BODY[] {4}\r\na\r\nb UID 9 FLAGS ())\r\n",
                [
                    .fetchBegin(sequence: 2, attributes: []),
                    .body("a\r\nb"),
                    .fetchEnd(sequence: 2, attributes: [.uid(9), .flags([])]),
                ]
            ),
            // Literal+ form, lowercase names, RFC822 and a partial origin.
            ParseFixture(
                "* 3 FETCH (uid 1 body[] {2+}\r\nhi)\r\n",
                [
                    .fetchBegin(sequence: 3, attributes: [.uid(1)]), .body("hi"),
                    .fetchEnd(sequence: 3, attributes: [.uid(1)]),
                ]
            ),
            ParseFixture(
                "* 3 FETCH (RFC822 {1}\r\nx UID 2)\r\n",
                [.fetchBegin(sequence: 3, attributes: []), .body("x"), .fetchEnd(sequence: 3, attributes: [.uid(2)])]
            ),
            ParseFixture(
                "* 3 FETCH (UID 2 BODY[]<0> {1}\r\nx)\r\n",
                [
                    .fetchBegin(sequence: 3, attributes: [.uid(2)]), .body("x"),
                    .fetchEnd(sequence: 3, attributes: [.uid(2)]),
                ]
            ),
            // Empty body; body bytes that look like protocol.
            ParseFixture(
                "* 4 FETCH (UID 5 BODY[] {0}\r\n)\r\n",
                [.fetchBegin(sequence: 4, attributes: [.uid(5)]), .fetchEnd(sequence: 4, attributes: [.uid(5)])]
            ),
            ParseFixture(
                "* 4 FETCH (BODY[] {16}\r\n)\r\nA1 OK {3}\r\n\r\n UID 5)\r\n",
                [
                    .fetchBegin(sequence: 4, attributes: []), .body(")\r\nA1 OK {3}\r\n\r\n"),
                    .fetchEnd(sequence: 4, attributes: [.uid(5)]),
                ]
            ),
            // A body given as a quoted string or NIL comes out the same way.
            ParseFixture(
                "* 5 FETCH (UID 6 BODY[] \"ab\")\r\n",
                [
                    .fetchBegin(sequence: 5, attributes: [.uid(6)]), .body("ab"),
                    .fetchEnd(sequence: 5, attributes: [.uid(6)]),
                ]
            ),
            ParseFixture(
                "* 5 FETCH (UID 6 BODY[] NIL)\r\n",
                [.fetchBegin(sequence: 5, attributes: [.uid(6)]), .fetchEnd(sequence: 5, attributes: [.uid(6)])]
            ),
        ])
    }

    func testIncompleteBody() {
        verify([
            ParseFixture(
                "* 1 FETCH (UID 7 BODY[] {10}\r\nhello",
                [.fetchBegin(sequence: 1, attributes: [.uid(7)]), .body("hello")],
                .incomplete
            ),
            ParseFixture(
                "* 1 FETCH (UID 7 BODY[] {2}\r\nhi",
                [.fetchBegin(sequence: 1, attributes: [.uid(7)]), .body("hi")],
                .incomplete
            ),
            ParseFixture("* 1 FETCH (UID 7 BODY[] {2}\r", [], .incomplete),
        ])
    }

    func testMalformedFetch() {
        verify([
            ParseFixture(
                "* 1 FETCH (BODY[] {1}\r\nx BODY[] {1}\r\ny)\r\n",
                [.fetchBegin(sequence: 1, attributes: []), .body("x")],
                .failure(.secondBody)
            ),
            ParseFixture("* 1 FETCH (UID x)\r\n", [], .failure(.malformed(expected: "UID"))),
            ParseFixture(
                "* 1 FETCH (INTERNALDATE \"32-Jul-1996 02:44:25 -0700\")\r\n",
                [],
                .failure(.malformed(expected: "date-time"))
            ),
            ParseFixture(
                "* 1 FETCH (UID 1 BODY[] {1}\r\nx UID)\r\n",
                [.fetchBegin(sequence: 1, attributes: [.uid(1)]), .body("x")],
                .failure(.malformed(expected: "SP"))
            ),
            ParseFixture(
                "* 1 FETCH (UID 1 BODY[] {1}\r\nx\r\n",
                [.fetchBegin(sequence: 1, attributes: [.uid(1)]), .body("x")],
                .failure(.malformed(expected: "SP"))
            ),
            ParseFixture("* 1 FETCH UID 1\r\n", [], .failure(.malformed(expected: "( opening the FETCH attributes"))),
        ])
    }

    /// The chunks of a large body are slices of the input, never more than was received.
    func testLargeBodyIsStreamedInSlices() throws {
        var parser = IMAPResponseParser()
        var buffer = ByteBuffer(string: "* 1 FETCH (UID 1 BODY[] {1000000}\r\n")
        XCTAssertEqual(try parser.next(&buffer), .fetchBegin(sequence: 1, attributes: [.uid(1)]))
        var received = 0
        for _ in 0..<100 {
            buffer.writeRepeatingByte(UInt8(ascii: "x"), count: 10_000)
            guard case .bodyChunk(let chunk)? = try parser.next(&buffer) else { return XCTFail("no chunk") }
            XCTAssertEqual(chunk.readableBytes, 10_000)
            received += chunk.readableBytes
            XCTAssertNil(try parser.next(&buffer))
        }
        XCTAssertEqual(received, 1_000_000)
        buffer.writeString(")\r\n")
        XCTAssertEqual(try parser.next(&buffer), .fetchEnd(sequence: 1, attributes: [.uid(1)]))
        XCTAssertTrue(parser.isIdle)
    }
}
