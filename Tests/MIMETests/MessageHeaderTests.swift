import Foundation
import MIME
import XCTest

final class MessageHeaderTests: XCTestCase {
    func header(_ text: [UInt8]) throws -> MessageHeader {
        let r = try Feed.parse(text + Array("\n\nbody\n".utf8))
        return try XCTUnwrap(r.messages.first)
    }

    func testFieldsAreUnfoldedAndDecoded() throws {
        let h = try header(Array("""
        Message-ID: <abc@example.com>
        From: =?UTF-8?Q?J=C3=BCrgen?= <j@example.com>
        Subject: =?UTF-8?B?SGVsbG8=?=
         =?UTF-8?B?IFdvcmxk?=
        Date: Tue, 1 Jul 2003 10:52:37 +0200
        """.utf8))
        XCTAssertEqual(h.messageID, "<abc@example.com>")
        XCTAssertEqual(h.from, "Jürgen <j@example.com>")
        XCTAssertEqual(h.subject, "Hello World")
        XCTAssertEqual(h.date, Date(timeIntervalSince1970: 1_057_049_557))
        XCTAssertEqual(h.depth, 0)
        XCTAssertEqual(h.path, "")
    }

    func testRawEightBitSubjectUsesTheLegacyCharset() throws {
        let h = try header(Array("Subject: Gr".utf8) + [0xFC, 0xDF, 0x65])
        XCTAssertEqual(h.subject, "Grüße")
        let utf8 = try header(Array("Subject: Grüße".utf8))
        XCTAssertEqual(utf8.subject, "Grüße")
    }

    func testLenientDates() throws {
        let cases: [(String, TimeInterval?)] = [
            ("Date: 1 Jul 2003 10:52:37 GMT", 1_057_056_757),
            ("Date: Tue, 01 Jul 03 10:52 EDT", 1_057_071_120),
            ("Date: Tue, 1 Jul 2003 10:52:37 +0200 (CEST)", 1_057_049_557),
            ("Date: Jul 1 2003 10:52:37", 1_057_056_757),
            ("Date: not a date", nil),
        ]
        for (line, expected) in cases {
            XCTAssertEqual(try header(Array(line.utf8)).date, expected.map(Date.init(timeIntervalSince1970:)), line)
        }
    }
}
