@testable import MIME
import XCTest

final class DecoderTests: XCTestCase {
    /// Runs a streaming decoder over `input` cut at every position (and byte by byte).
    func decodeEverySplit(
        _ input: [UInt8], make: () -> BodyDecoder, file: StaticString = #filePath, line: UInt = #line
    ) -> (bytes: [UInt8], defects: [MIMEDefect]) {
        func run(_ cuts: [Int]) -> ([UInt8], [MIMEDefect]) {
            var decoder = make()
            let out = decoder.feed(input, cuts: cuts)
            return (out + decoder.finish(), decoder.defects)
        }
        let whole = run([])
        for cut in 0...input.count {
            let split = run([cut])
            XCTAssertEqual(split.0, whole.0, "split at \(cut)", file: file, line: line)
            XCTAssertEqual(split.1, whole.1, "split at \(cut)", file: file, line: line)
        }
        XCTAssertEqual(run(Array(0..<input.count)).0, whole.0, "byte by byte", file: file, line: line)
        return whole
    }

    func base64(_ s: String) -> ([UInt8], [MIMEDefect]) {
        decodeEverySplit(Array(s.utf8)) { BodyDecoder(transferEncoding: "base64") }
    }

    func qp(_ s: String) -> (String, [MIMEDefect]) {
        let r = decodeEverySplit(Array(s.utf8)) { BodyDecoder(transferEncoding: "quoted-printable") }
        return (String(decoding: r.bytes, as: UTF8.self), r.defects)
    }

    func testBase64Table() {
        let cases: [(String, String, [MIMEDefect])] = [
            ("SGVsbG8sIHdvcmxkIQ==", "Hello, world!", []),
            ("SGVs\r\nbG8s\r\nIHdv\r\ncmxk\r\nIQ==\r\n", "Hello, world!", []),
            ("SGVsbG8sIHdvcmxkIQ", "Hello, world!", []),             // missing padding
            ("SGVsbG8sIHdvcmxkIQ=", "Hello, world!", []),            // short padding
            ("S G V s\tb G 8 =", "Hello", []),                       // whitespace anywhere
            ("SGV*sbG8", "Hello", [.invalidBase64]),                 // junk inside
            ("SGk=\nIGFnYWlu", "Hi", [.invalidBase64]),              // data after the padded end is ignored
            ("SGk=\n\n", "Hi", []),
            ("S", "", [.invalidBase64]),                             // a lone sextet carries no byte
            ("", "", []),
        ]
        for (input, expected, defects) in cases {
            let (bytes, found) = base64(input)
            XCTAssertEqual(String(decoding: bytes, as: UTF8.self), expected, input)
            XCTAssertEqual(found, defects, input)
        }
    }

    func testBase64AllByteValuesRoundTrip() {
        let data = (0..<3000).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 3) }
        let encoded = Data(data).base64EncodedString(options: .lineLength76Characters)
        XCTAssertEqual(base64(encoded).0, data)
    }

    func testQuotedPrintableTable() {
        let cases: [(String, String, [MIMEDefect])] = [
            ("a=3Db", "a=b", []),
            ("caf=c3=a9", "café", []),                                 // lowercase hex
            ("soft=\r\nbreak", "softbreak", []),
            ("soft=\nbreak", "softbreak", []),
            ("soft=  \r\nbreak", "softbreak", []),                     // whitespace after the soft break
            ("trailing   \r\nspace\t\n", "trailing\r\nspace\n", []),  // rule (3)
            ("in the middle  of", "in the middle  of", []),
            ("bad =G1 escape", "bad =G1 escape", [.invalidQuotedPrintable]),
            ("ends with =", "ends with ", []),                         // soft break before the delimiter
            ("ends with =4", "ends with =4", [.invalidQuotedPrintable]),
            ("= space", "= space", [.invalidQuotedPrintable]),
        ]
        for (input, expected, defects) in cases {
            let (s, found) = qp(input)
            XCTAssertEqual(s, expected, input.debugDescription)
            XCTAssertEqual(found, defects, input.debugDescription)
        }
    }

    func testUuencodeTransferEncoding() {
        let text = "junk before\nbegin 644 f.bin\n$``$\"`P``\n`\nend\nafter\n"
        let r = decodeEverySplit(Array(text.utf8)) { BodyDecoder(transferEncoding: "x-uuencode") }
        XCTAssertEqual(r.bytes, [0, 1, 2, 3])
        XCTAssertEqual(r.defects, [])
        let cut = decodeEverySplit(Array("begin 644 f\n$``$\"`P``\n".utf8)) { BodyDecoder(transferEncoding: "x-uue") }
        XCTAssertEqual(cut.bytes, [0, 1, 2, 3])
        XCTAssertEqual(cut.defects, [.invalidUuencode])  // no `end`
    }

    func testUnknownTransferEncodingPassesThrough() {
        let r = decodeEverySplit(Array("raw =41".utf8)) { BodyDecoder(transferEncoding: "x-gzip64") }
        XCTAssertEqual(r.bytes, Array("raw =41".utf8))
        XCTAssertEqual(r.defects, [.unknownTransferEncoding])
    }
}
