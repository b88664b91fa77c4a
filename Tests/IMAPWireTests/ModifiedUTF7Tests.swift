import IMAPWire
import XCTest

/// RFC 3501 §5.1.3 mailbox names, both ways, and the malformed forms.
final class ModifiedUTF7Tests: XCTestCase {
    let table: [(wire: String, name: String)] = [
        ("INBOX", "INBOX"),
        ("&UXZO1mWHTvZZOQ-", "其他文件夹"),
        ("&-", "&"),
        ("Tom &- Jerry", "Tom & Jerry"),
        ("~peter/mail/&U,BTFw-/&ZeVnLIqe-", "~peter/mail/台北/日本語"),
        ("Entw&APw-rfe", "Entwürfe"),
        ("&AOQA9gD8-", "äöü"),
        ("&2D3eAA-", "�8"),  // U+1F600 would be a surrogate pair; see testSurrogatePair
        ("Gel&APY-schte Elemente", "Gelöschte Elemente"),
        ("&BB4EQgQ,BEAEMAQyBDsENQQ9BD0ESwQ1-", "Отправленные"),
    ]

    func testTable() throws {
        for (wire, name) in table where wire != "&2D3eAA-" {
            XCTAssertEqual(try ModifiedUTF7.decode(Array(wire.utf8)), name, wire)
            XCTAssertEqual(String(decoding: ModifiedUTF7.encode(name), as: UTF8.self), wire, name)
        }
    }

    func testSurrogatePair() throws {
        let wire = String(decoding: ModifiedUTF7.encode("a😀b"), as: UTF8.self)
        XCTAssertEqual(wire, "a&2D3eAA-b")
        XCTAssertEqual(try ModifiedUTF7.decode(Array(wire.utf8)), "a😀b")
    }

    func testMalformed() {
        let cases: [(String, ModifiedUTF7Error.Kind)] = [
            ("&UXZO1mWHTvZZOQ", .unterminatedShift),
            ("a&", .unterminatedShift),
            ("&U*Z-", .invalidBase64Byte(UInt8(ascii: "*"))),
            ("&U/Z-", .invalidBase64Byte(UInt8(ascii: "/"))),
            ("&AGE-", .encodedPrintable),
            ("&AOQ-&APY-", .adjacentShifts),
            ("&2D0-", .invalidUTF16),
            ("&AOR-", .badPadding),
            ("&A-", .badPadding),
            ("a\tb", .nonPrintableByte(0x09)),
        ]
        for (wire, kind) in cases {
            XCTAssertThrowsError(try ModifiedUTF7.decode(Array(wire.utf8)), wire) { error in
                XCTAssertEqual((error as? ModifiedUTF7Error)?.kind, kind, wire)
            }
        }
        XCTAssertThrowsError(try ModifiedUTF7.decode([0x61, 0xC3, 0xA4])) { error in
            XCTAssertEqual((error as? ModifiedUTF7Error)?.kind, .nonPrintableByte(0xC3))
        }
    }

    func testMailboxName() throws {
        let name = IMAPMailboxName("其他文件夹")
        XCTAssertEqual(name.wire, Array("&UXZO1mWHTvZZOQ-".utf8))
        XCTAssertEqual(try name.decoded(), "其他文件夹")
        XCTAssertTrue(IMAPMailboxName(wire: Array("inbox".utf8)).isInbox)
        // QUIRK: raw UTF-8 from a server that ignores RFC 3501 §5.1.3 is shown as it is.
        XCTAssertEqual(IMAPMailboxName(wire: Array("Entwürfe".utf8)).displayName, "Entwürfe")
    }

    func testRoundTripOfManyNames() throws {
        let samples = ["", "a", "&&", "-&-", "日本", "a b/c.d", "x\u{7F}y", "\u{1}", "Ω&Ω", "😀😀"]
        for sample in samples {
            XCTAssertEqual(try ModifiedUTF7.decode(ModifiedUTF7.encode(sample)), sample, sample)
        }
    }
}
