import NIOCore
import POP3Wire
import XCTest

/// CAPA, LIST and UIDL listings (multiLineLines framing), in every split.
final class ListingTests: XCTestCase {
    func testListings() {
        verify([
            ParseFixture([.multiLineLines], "+OK Capability list follows\r\nTOP\r\nUSER\r\nSASL PLAIN LOGIN\r\n.\r\n",
                         [.ok("Capability list follows"), .line("TOP"), .line("USER"), .line("SASL PLAIN LOGIN"),
                          .end]),
            ParseFixture([.multiLineLines], "+OK 2 messages\r\n1 120\r\n2 200\r\n.\r\n",
                         [.ok("2 messages"), .line("1 120"), .line("2 200"), .end]),
            ParseFixture([.multiLineLines], "+OK\r\n.\r\n", [.ok(), .end]),
            ParseFixture([.multiLineLines], "+OK\r\n\r\n.\r\n", [.ok(), .line(""), .end]),
            ParseFixture([.multiLineLines], "+OK\r\n1 ..dots\r\n..\r\n...\r\n.x\r\n.\r\n",
                         [.ok(), .line("1 ..dots"), .line("."), .line(".."), .line("x"), .end]),
            ParseFixture([.multiLineLines], "-ERR [SYS/TEMP] no listing\r\n", [.err("no listing", code: .sysTemp)]),
            ParseFixture([.multiLineLines], "+OK\r\n1 abc\r\n", [.ok(), .line("1 abc")], .incomplete),
            ParseFixture([.multiLineLines], "+OK\r\n1 abc\r\n.", [.ok(), .line("1 abc")], .incomplete),
            ParseFixture([.multiLineLines], "+OK\r\n1 abc\r\n.\r", [.ok(), .line("1 abc")], .incomplete),
        ])
    }

    /// QUIRK: bare LF ends listing lines (listings carry no message content, so this is safe).
    func testBareLineFeedListings() {
        verify([
            ParseFixture([.multiLineLines], "+OK\n1 abc\n2 def\n.\n", [.ok(), .line("1 abc"), .line("2 def"), .end]),
            ParseFixture([.multiLineLines], "+OK\r\n1 abc\n2 def\r\n.\n",
                         [.ok(), .line("1 abc"), .line("2 def"), .end]),
        ])
    }

    func testListingLimits() {
        verify([
            ParseFixture([.multiLineLines], "+OK\r\n1 a\r\n2 b\r\n.\r\n", [.ok(), .line("1 a"), .line("2 b"), .end],
                         options: .init(maximumUIDLEntries: 2)),
            ParseFixture([.multiLineLines], "+OK\r\n1 a\r\n2 b\r\n3 c\r\n.\r\n", [.ok(), .line("1 a"), .line("2 b")],
                         .failure(.tooManyEntries(actual: 3, maximum: 2)), options: .init(maximumUIDLEntries: 2)),
            ParseFixture([.multiLineLines], "+OK\r\n1 a\r\n2 b\r\n.\r\n", [.ok(), .line("1 a"), .line("2 b"), .end],
                         options: .init(maximumLinesResponseSize: 10)),
            ParseFixture([.multiLineLines], "+OK\r\n1 a\r\n2 b\r\n3 c\r\n.\r\n", [.ok(), .line("1 a"), .line("2 b")],
                         .failure(.responseTooLarge(actual: 15, maximum: 10)),
                         options: .init(maximumLinesResponseSize: 10)),
            ParseFixture([.multiLineLines], "+OK\r\n1 abcdefghij\r\n.\r\n", [.ok()],
                         .failure(.lineTooLong(actual: 12, maximum: 10)), options: .init(maximumLineLength: 10)),
            ParseFixture([.multiLineLines], "+OK\r\n1 abcdefgh\r\n.\r\n", [.ok(), .line("1 abcdefgh"), .end],
                         options: .init(maximumLineLength: 10)),
        ])
    }

    func testErrorCarriesExcerptOfOffendingLine() throws {
        var parser = POP3ResponseParser(options: .init(maximumUIDLEntries: 1))
        parser.expect(.multiLineLines)
        var buffer = ByteBuffer(string: "+OK\r\n1 a\r\n2 second\r\n.\r\n")
        XCTAssertEqual(try parser.next(&buffer), .ok())
        XCTAssertEqual(try parser.next(&buffer), .line("1 a"))
        XCTAssertThrowsError(try parser.next(&buffer)) { error in
            let error = error as! POP3ParseError
            XCTAssertEqual(error.kind, .tooManyEntries(actual: 2, maximum: 1))
            XCTAssertEqual(error.excerpt, "2 second")
            XCTAssertEqual(error.description, "multi-line response has too many lines: 2, maximum 1: \"2 second\"")
        }
    }
}
