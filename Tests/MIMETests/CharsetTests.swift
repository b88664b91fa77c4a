import MIME
import XCTest

final class CharsetTests: XCTestCase {
    func decode(_ bytes: [UInt8], _ label: String) -> (String, MIMEDefect?) {
        Charset.decode(bytes, label: label)
    }

    func testSupersetMappings() {
        XCTAssertEqual(decode([0xD6, 0xD0, 0xCE, 0xC4], "GB2312").0, "中文")
        XCTAssertEqual(decode([0x81, 0x30, 0x81, 0x30], "gb2312").0, "\u{80}")  // GB18030 four-byte form
        XCTAssertEqual(decode([0xA4, 0xA4, 0xA4, 0xE5], "big5").0, "中文")
        XCTAssertEqual(decode([0x93, 0xFA, 0x96, 0x7B], "Shift_JIS").0, "日本")
        XCTAssertEqual(decode([0x87, 0x40], "shift_jis").0, "①")  // CP932 extension (NEC row 13)
        XCTAssertEqual(decode([0xC7, 0xD1, 0xB1, 0xDB], "ks_c_5601-1987").0, "한글")
        XCTAssertEqual(decode([0xF0, 0xD2, 0xC9, 0xD7, 0xC5, 0xD4], "KOI8-R").0, "Привет")
        XCTAssertEqual(decode([0x80, 0xE9], "iso-8859-1").0, "€é")  // windows-1252 superset
        XCTAssertEqual(decode([0x93, 0x94], "us-ascii").0, "\u{201C}\u{201D}")
        XCTAssertEqual(decode([0xA4], "koi8-u").0, "є")
        XCTAssertEqual(decode([0xC0], "windows-1251").0, "А")
    }

    func testISO2022JPIsStateful() {
        let bytes: [UInt8] = [0x1B, 0x24, 0x42, 0x46, 0x7C, 0x4B, 0x5C, 0x1B, 0x28, 0x42, 0x41]
        XCTAssertEqual(decode(bytes, "ISO-2022-JP").0, "日本A")
    }

    func testUTF16AndUTF7() {
        XCTAssertEqual(decode([0xFF, 0xFE, 0x2D, 0x4E], "utf-16").0, "中")
        XCTAssertEqual(decode(Array("Hi Mom -+Jjo--!".utf8), "utf-7").0, "Hi Mom -☺-!")
    }

    func testUnknownLabelFallsBackWithDefect() {
        let (s, defect) = decode([0x63, 0x61, 0x66, 0xE9], "x-unheard-of")
        XCTAssertEqual(s, "café")
        XCTAssertEqual(defect, .unknownCharset)
        XCTAssertEqual(decode(Array("ascii only".utf8), "x-unheard-of").1, nil)
    }

    func testInvalidBytesBecomeReplacementCharacters() {
        let (s, defect) = decode([0x61, 0xFF, 0x62], "utf-8")
        XCTAssertEqual(s, "a\u{FFFD}b")
        XCTAssertEqual(defect, .invalidCharsetBytes)
        let (g, gd) = decode([0x61, 0xD6], "gbk")
        XCTAssertEqual(g, "a\u{FFFD}")
        XCTAssertEqual(gd, .invalidCharsetBytes)
    }

    func testRawHeaderBytes() {
        XCTAssertEqual(Charset.decodeRaw(Array("Grüße".utf8), legacyCharset: "windows-1252").0, "Grüße")
        let (s, d) = Charset.decodeRaw([0x47, 0x72, 0xFC, 0xDF, 0x65], legacyCharset: "windows-1252")
        XCTAssertEqual(s, "Grüße")
        XCTAssertEqual(d, .rawEightBitHeader)
        XCTAssertEqual(Charset.decodeRaw([0xD6, 0xD0], legacyCharset: "gbk").0, "中")
    }
}
