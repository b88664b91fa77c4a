import IMAPWire
import NIOCore
import XCTest

/// Every limit is an option; breaking it names the actual figure and the maximum.
final class LimitTests: XCTestCase {
    func testLineLength() {
        let options = IMAPResponseParser.Options(maximumLineLength: 10)
        verify([
            ParseFixture("A1 OK 1234\r\n", [.tagged("A1", .ok, "1234")], options: options),
            ParseFixture("A1 OK 12345\r\n", [], .failure(.lineTooLong(actual: 11, maximum: 10)), options: options),
        ])
        // Without a line end in sight the error comes as soon as the limit is passed.
        var parser = IMAPResponseParser(options: options)
        var buffer = ByteBuffer(string: "A1 OK 123456789")
        XCTAssertThrowsError(try parser.next(&buffer)) { error in
            XCTAssertEqual((error as? IMAPParseError)?.kind, .lineTooLong(actual: 15, maximum: 10))
        }
    }

    func testLiteralSize() {
        let options = IMAPResponseParser.Options(maximumLiteralSize: 4)
        verify([
            ParseFixture(
                "* LIST () \".\" {4}\r\nabcd\r\n",
                [
                    .untagged(
                        .list(
                            IMAPListEntry(
                                attributes: [],
                                delimiter: UInt8(ascii: "."),
                                name: IMAPMailboxName(wire: Array("abcd".utf8))
                            )
                        )
                    )
                ],
                options: options
            ),
            ParseFixture(
                "* LIST () \".\" {5}\r\nabcde\r\n",
                [],
                .failure(.literalTooLarge(actual: 5, maximum: 4)),
                options: options
            ),
            // A streamed body is not held, so the literal limit does not apply to it.
            ParseFixture(
                "* 1 FETCH (BODY[] {5}\r\nabcde)\r\n",
                [.fetchBegin(sequence: 1, attributes: []), .body("abcde"), .fetchEnd(sequence: 1, attributes: [])],
                options: options
            ),
        ])
    }

    func testBodySize() {
        let options = IMAPResponseParser.Options(maximumBodySize: 4)
        verify([
            ParseFixture(
                "* 1 FETCH (BODY[] {4}\r\nabcd)\r\n",
                [.fetchBegin(sequence: 1, attributes: []), .body("abcd"), .fetchEnd(sequence: 1, attributes: [])],
                options: options
            ),
            ParseFixture(
                "* 1 FETCH (BODY[] {5}\r\nabcde)\r\n",
                [],
                .failure(.bodyTooLarge(actual: 5, maximum: 4)),
                options: options
            ),
        ])
    }

    func testResponseSize() {
        let options = IMAPResponseParser.Options(maximumResponseSize: 20)
        verify([
            ParseFixture(
                "* LIST () \".\" {6}\r\nabcdef\r\n",
                [],
                .failure(.responseTooLarge(actual: 23, maximum: 20)),
                options: options
            ),
            ParseFixture(
                "* SEARCH 1 2 3 4 5 6 7\r\n",
                [],
                .failure(.responseTooLarge(actual: 22, maximum: 20)),
                options: options
            ),
        ])
    }

    func testListItems() {
        let options = IMAPResponseParser.Options(maximumListItems: 3)
        verify([
            ParseFixture("* SEARCH 1 2 3\r\n", [.untagged(.search([1, 2, 3]))], options: options),
            ParseFixture(
                "* SEARCH 1 2 3 4\r\n",
                [],
                .failure(.tooManyListItems(actual: 4, maximum: 3)),
                options: options
            ),
            ParseFixture(
                "* FLAGS (a b c d)\r\n",
                [],
                .failure(.tooManyListItems(actual: 4, maximum: 3)),
                options: options
            ),
            ParseFixture(
                "* CAPABILITY a b c d\r\n",
                [],
                .failure(.tooManyListItems(actual: 4, maximum: 3)),
                options: options
            ),
        ])
    }

    func testNesting() {
        let options = IMAPResponseParser.Options(maximumNesting: 2)
        verify([
            ParseFixture(
                "* 1 FETCH (X ((a)) UID 1)\r\n",
                [.untagged(.fetch(sequence: 1, attributes: [.other("X"), .uid(1)]))],
                options: options
            ),
            ParseFixture(
                "* 1 FETCH (X (((a))))\r\n",
                [],
                .failure(.nestingTooDeep(actual: 3, maximum: 2)),
                options: options
            ),
        ])
    }

    func testErrorDescriptionCarriesFigures() {
        let error = IMAPParseError(.literalTooLarge(actual: 70000, maximum: 65536), excerpt: "* LIST")
        XCTAssertEqual(error.description, "literal of 70000 bytes, maximum 65536 in \"* LIST\"")
    }
}

extension LimitTests {
    /// Issue 12 item 9: a size no mailbox has is refused before it reaches a sum, in a metadata FETCH
    /// and in the head of a streamed one.
    func testMessageSize() {
        let options = IMAPResponseParser.Options(maximumMessageSize: 1000)
        verify([
            ParseFixture(
                "* 1 FETCH (UID 5 RFC822.SIZE 1000)\r\n",
                [.untagged(.fetch(sequence: 1, attributes: [.uid(5), .rfc822Size(1000)]))],
                options: options
            ),
            ParseFixture(
                "* 1 FETCH (UID 5 RFC822.SIZE 1001)\r\n",
                [],
                .failure(.messageTooLarge(actual: 1001, maximum: 1000)),
                options: options
            ),
            ParseFixture(
                "* 1 FETCH (UID 5 RFC822.SIZE 1001 BODY[] {3}\r\nabc)\r\n",
                [],
                .failure(.messageTooLarge(actual: 1001, maximum: 1000)),
                options: options
            ),
        ])
        verify([
            ParseFixture(
                "* 1 FETCH (RFC822.SIZE 999999999999999999)\r\n",
                [],
                .failure(.messageTooLarge(actual: 999_999_999_999_999_999, maximum: 1 << 40))
            )
        ])
    }
}
