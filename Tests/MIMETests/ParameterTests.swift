import MIME
import XCTest

final class ParameterTests: XCTestCase {
    func params(_ s: String) -> (String, [String: String], [MIMEDefect]) {
        let r = HeaderDecoding.parameters(Array(s.utf8))
        return (r.value, r.parameters, r.defects)
    }

    func testPlainAndQuotedValues() {
        let (value, p, _) = params(#"Multipart/Mixed; Boundary="a;b\"c"; charset=UTF-8 ; x = y"#)
        XCTAssertEqual(value, "multipart/mixed")
        XCTAssertEqual(p["boundary"], #"a;b"c"#)
        XCTAssertEqual(p["charset"], "UTF-8")
        XCTAssertEqual(p["x"], "y")
    }

    func testUnquotedValueWithSpaces() {
        XCTAssertEqual(params("attachment; filename=my report (final).pdf").1["filename"], "my report (final).pdf")
    }

    func testRFC2231PiecesOutOfOrderJoinBytesThenDecodeOnce() {
        // "中文.txt" in UTF-8, the three-byte character 中 split across pieces, pieces out of order.
        let s = "attachment; filename*2*=%87.txt; filename*0*=UTF-8''%E4%B8; filename*1*=%AD%E6%96"
        let (_, p, d) = params(s)
        XCTAssertEqual(p["filename"], "中文.txt")
        XCTAssertEqual(d, [])
    }

    func testRFC2231MixedEncodedAndPlainPieces() {
        let (_, p, _) = params(#"attachment; filename*0*=iso-8859-1'fr'caf%E9; filename*1=" menu.txt""#)
        XCTAssertEqual(p["filename"], "café menu.txt")
    }

    func testRFC2231MissingPieceIsJoinedWithDefect() {
        let (_, p, d) = params("attachment; filename*0=abc; filename*2=ghi")
        XCTAssertEqual(p["filename"], "abcghi")
        XCTAssertEqual(d, [.rfc2231MissingPiece])
    }

    func testExtendedValueIsPreferredAndNeverConcatenated() {
        let (_, p, _) = params(#"attachment; filename="fallback.txt"; filename*=UTF-8''r%C3%A9sum%C3%A9.txt"#)
        XCTAssertEqual(p["filename"], "résumé.txt")
        let (_, q, _) = params(#"attachment; filename*0="part one "; filename*1="two"; filename="other""#)
        XCTAssertEqual(q["filename"], "part one two")
    }

    func testRFC2231UnknownCharsetFallsBack() {
        let (_, p, d) = params("attachment; filename*=x-no-such-charset''caf%E9.txt")
        XCTAssertEqual(p["filename"], "café.txt")
        XCTAssertEqual(d, [.unknownCharset])
    }

    func testRFC2047InQuotedAndUnquotedParameters() {
        let quoted = params(#"attachment; filename="=?UTF-8?B?0L/RgNC40LLQtdGCLnBkZg==?=""#)
        XCTAssertEqual(quoted.1["filename"], "привет.pdf")
        XCTAssertEqual(params("application/pdf; name==?iso-8859-1?Q?r=E9sum=E9.pdf?=").1["name"], "résumé.pdf")
        // Two words, the character split between them, whitespace between them dropped.
        XCTAssertEqual(params(#"x; name="=?UTF-8?Q?=E4=B8?= =?UTF-8?Q?=AD.txt?=""#).1["name"], "中.txt")
    }

    func testRFC2047InsideRFC2231Pieces() {
        let (_, p, _) = params(#"attachment; filename*0="=?UTF-8?B?w6k="; filename*1="?=.txt""#)
        XCTAssertEqual(p["filename"], "é.txt")
    }

    func testRawEightBitParameter() {
        var raw = Array("attachment; filename=\"".utf8)
        raw += [0x63, 0x61, 0x66, 0xE9] + Array(".txt\"".utf8)  // windows-1252 é
        XCTAssertEqual(HeaderDecoding.parameters(raw).parameters["filename"], "café.txt")
        let utf8 = HeaderDecoding.parameters(Array("attachment; filename=\"café.txt\"".utf8))
        XCTAssertEqual(utf8.parameters["filename"], "café.txt")
    }

    func testEncodedWordsInSubject() {
        let cases: [(String, String)] = [
            ("=?UTF-8?B?SGVsbG8=?= =?UTF-8?B?IFdvcmxk?=", "Hello World"),
            ("Re: =?ISO-8859-1?Q?Caf=E9_au_lait?= today", "Re: Café au lait today"),
            ("=?utf-8?q?a?=\r\n =?utf-8?q?b?=", "ab"),
            ("=?UTF-8*en?Q?lang_suffix?=", "lang suffix"),
            ("=?bogus", "=?bogus"),
            ("plain text", "plain text"),
            ("=?gb2312?B?1tDOxA==?=", "中文"),
        ]
        for (raw, expected) in cases {
            XCTAssertEqual(HeaderDecoding.decodeEncodedWords(Array(raw.utf8)), expected, raw)
        }
    }

    func testFilenameSourceOrderInParts() throws {
        let message = """
        Content-Type: multipart/mixed; boundary=b

        --b
        Content-Type: application/pdf; name="n.pdf"; name*=UTF-8''nstar.pdf
        Content-Disposition: attachment; filename="f.pdf"

        x
        --b
        Content-Type: application/pdf; name="n.pdf"; name*=UTF-8''nstar.pdf

        x
        --b
        Content-Type: application/pdf; name="only-name.pdf"
        Content-Disposition: attachment

        x
        --b--
        """
        let r = try Feed.parse(Array(message.utf8))
        XCTAssertEqual(r.parts.map(\.filename), ["f.pdf", "nstar.pdf", "only-name.pdf"])
        XCTAssertEqual(r.parts.map(\.filenameSource), [.filename, .nameStar, .name])
        XCTAssertEqual(r.parts.map(\.disposition), ["attachment", nil, "attachment"])
    }
}

extension ParameterTests {
    func testMissingSemicolonBeforeFirstParameter() {
        let (value, p, _) = params(#"application/pdf name="invoice.pdf"; x=1"#)
        XCTAssertEqual(value, "application/pdf")
        XCTAssertEqual(p["name"], "invoice.pdf")
        XCTAssertEqual(p["x"], "1")
    }

    func testTruncatedUTF8NameStaysUTF8() {
        // A name cut in the middle of a character is still UTF-8, not windows-1252 mojibake.
        let raw = Array("attachment; filename=\"Картинка ч".utf8) + [0xD1] + Array("\"".utf8)
        XCTAssertEqual(HeaderDecoding.parameters(raw).parameters["filename"], "Картинка ч\u{FFFD}")
    }
}
