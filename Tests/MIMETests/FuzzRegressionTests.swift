import MIME
import XCTest

/// Inputs found by `scripts/fuzz MIMEFuzz`, and the cases written around them, fed whole, in every two-piece
/// split, byte by byte and in random splits. Parts are compared as values (`MIMEPart` is Equatable), so that
/// equal parameter dictionaries compare equal whatever their iteration order.
final class FuzzRegressionTests: XCTestCase {
    /// `.build-fuzz/artifacts/MIMEFuzz/crash-fa211f04…` without its 3-byte selector: a multipart/alternative
    /// header with bare-CR line ends whose `boundary` is misspelt (`bounoundary=`, `boundarYYYYYYy=`), so the
    /// body is one leaf. The fuzzer reported different events for two splits; the only difference was the
    /// order in which the recorder printed the `parameters` dictionary (the harness's bug, not the parser's).
    static let misspeltBoundary: [UInt8] =
        Array("ContEnt-Type: multipart/alternative; bounoundary=\"".utf8) + [0x02, 0x77, 0x88]
        + Array("Contdary=\"".utf8) + [0x02, 0x77, 0x88]
        + Array("ContEnt-Type: multipart/alternative; boundarYYYYYYy=\"q\"\r\r--q\rContent-Type: text/html".utf8)
        + [UInt8](repeating: 0xFF, count: 7)
        + Array(")\r--q\rCon".utf8) + [0x8E]
        + Array("ent-TypeType: text/h\r<p>\r--q--".utf8)

    func testMisspeltBoundaryWithBareCRInEverySplit() throws {
        let whole = try assertSplitIndependent(Self.misspeltBoundary)
        XCTAssertEqual(whole.parts.count, 1)
        let part = try XCTUnwrap(whole.parts.first)
        XCTAssertEqual(part.contentType, "multipart/alternative")
        XCTAssertEqual(part.parameters.keys.sorted(), ["boundaryyyyyyy", "bounoundary"])
        XCTAssertEqual(part.parameters["boundaryyyyyyy"], "q")
        XCTAssertEqual(whole.endDefects["1"], [.rawEightBitHeader, .missingBoundary])
        // The whole body after the header's empty line, bare CRs kept.
        let start = try XCTUnwrap(Self.misspeltBoundary.indices.first { i in
            Self.misspeltBoundary[i] == 0x0D && Self.misspeltBoundary[i + 1] == 0x0D
        }) + 2
        XCTAssertEqual(whole.bodies["1"], Array(Self.misspeltBoundary[start...]))
    }

    /// The property the fuzzer checks, written as a case: multipart/alternative with bare-CR line ends, a
    /// boundary of the RFC 2046 maximum of 70 characters, a nested multipart whose boundary is a prefix of it,
    /// and a delimiter line cut anywhere (including between the boundary and its trailing `--`).
    func testLongBoundaryWithBareCRInEverySplit() throws {
        let long = String(repeating: "=_long-boundary", count: 5).prefix(70)
        let short = long.prefix(12)
        let message = """
            Content-Type: multipart/alternative; boundary="\(long)"

            preamble
            --\(long)
            Content-Type: text/plain

            plain text
            --\(long)
            Content-Type: multipart/related; boundary="\(short)"

            --\(short)
            Content-Type: text/html

            <p>html</p>
            --\(short)
            Content-Type: image/gif
            Content-Transfer-Encoding: base64

            R0lGODlh
            --\(short)--
            --\(long)--
            epilogue
            """.replacingOccurrences(of: "\n", with: "\r")
        let whole = try assertSplitIndependent(Array(message.utf8))
        XCTAssertEqual(whole.parts.map(\.path), ["1", "2.1", "2.2"])
        XCTAssertEqual(whole.parts.map(\.isMainBody), [true, true, false])
        XCTAssertEqual(whole.body("1"), "plain text")
        XCTAssertEqual(whole.body("2.1"), "<p>html</p>")
        XCTAssertEqual(whole.bodies["2.2"], Array("GIF89a".utf8))
        XCTAssertEqual(whole.events.last, "message-end '' []")
    }

    /// `crash-3bf42bbe…` (AddressSanitizer: heap-buffer-overflow in `UuencodeLine.decode`): an inline
    /// uuencoded file whose last data line, `#8` at the very end of the text, announces 3 bytes in 2
    /// characters; the line was decoded into a buffer sized by the line.
    func testInlineUuencodeLastLineWithoutBreakInEverySplit() throws {
        let message = "Subject: u\r\n\r\ntext\r\nbegin 644 f.bin\r\n#86)C\r\n`\r\nend\r\nbegin 644 g.bin\r\n#8"
        let whole = try assertSplitIndependent(Array(message.utf8))
        XCTAssertEqual(whole.parts.map(\.path), ["1", "1.u1", "1.u2"])
        XCTAssertEqual(whole.parts.map(\.filename), [nil, "f.bin", "g.bin"])
        // `#86)C` is "abc" (the test vector of scripts/fuzz); `#8` is `8` plus three zero sextets.
        XCTAssertEqual(whole.bodies["1.u1"], Array("abc".utf8))
        XCTAssertEqual(whole.bodies["1.u2"], [0x60, 0x00, 0x00])
        XCTAssertEqual(whole.endDefects["1.u1"], [])
        XCTAssertEqual(whole.endDefects["1.u2"], [.invalidUuencode])
        XCTAssertEqual(whole.body("1"), "text\r\n")
    }
}
