@testable import MIME
import ParserTestSupport
import XCTest

/// Every vector path of `Base64Decoder` this CPU runs (CBase64: AVX-512 VBMI2, AVX2) against its scalar path:
/// same bytes, defects and end state for any input and any split of it.
final class Base64VectorTests: XCTestCase {
    struct Outcome: Equatable {
        var bytes: [UInt8]
        var defects: [MIMEDefect]
        var atEnd: Bool
    }

    /// The vector levels to compare with the scalar path (level 0).
    let levels = Array(1...max(1, Base64Decoder.bestLevel)).filter { $0 <= Base64Decoder.bestLevel }

    /// Decodes `input` fed in the pieces `cuts` mark, then finishes.
    func decode(_ input: [UInt8], cuts: [Int], level: Int32) -> Outcome {
        var decoder = Base64Decoder(level: level)
        let bytes = decoder.feed(input, cuts: cuts)
        let atEnd = decoder.isAtEnd
        return Outcome(bytes: bytes + decoder.finish(), defects: decoder.defects, atEnd: atEnd)
    }

    /// Base64-like text: alphabet runs in lines of random length, CR/LF/CRLF, spaces and tabs, and, when
    /// `dirty`, junk bytes (NUL, `!`, `-`, 8-bit) and `=` in random places.
    static func randomText(length: Int, dirty: Bool, using rng: inout SplitMix64) -> [UInt8] {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        let breaks: [[UInt8]] = [[0x0A], [0x0D, 0x0A], [0x0D], [0x20], [0x09], [0x0B, 0x0C]]
        let junk: [UInt8] = [0x00, 0x21, 0x2D, 0x2E, 0x3A, 0x7F, 0x80, 0xC3, 0xFF, 0x3D, 0x3D]
        var text: [UInt8] = []
        var column = 0
        let width = [76, 64, 72, 1, 3, 4, 5, 60][Int.random(in: 0..<8, using: &rng)]
        while text.count < length {
            let roll = Int.random(in: 0..<1000, using: &rng)
            if dirty && roll < 12 {
                text.append(junk[Int.random(in: 0..<junk.count, using: &rng)])
            } else if column >= width || roll < 20 {
                text += breaks[roll % 7 == 0 ? Int.random(in: 0..<breaks.count, using: &rng) : 0]
                column = 0
            } else {
                text.append(alphabet[Int.random(in: 0..<64, using: &rng)])
                column += 1
            }
        }
        if dirty && Bool.random(using: &rng) { text += Array("==\n".utf8) }
        return text
    }

    func assertSamePaths(_ input: [UInt8], cuts: [Int], file: StaticString = #filePath, line: UInt = #line) {
        let scalar = decode(input, cuts: [], level: 0)
        for level in levels {
            let vector = decode(input, cuts: cuts, level: level)
            XCTAssertEqual(vector, scalar, "level \(level), cuts \(cuts) of \(input)", file: file, line: line)
        }
    }

    func testVectorPathsOfThisCPU() throws {
        try XCTSkipIf(Base64Decoder.vectorLevel == nil, "this CPU has no vector decoder; only the scalar path runs")
        XCTAssertEqual(Base64Decoder().level, Base64Decoder.bestLevel)
        XCTAssertEqual(Base64Decoder(accelerated: false).level, 0)
        XCTAssertEqual(Base64Decoder.vectorPaths.map { Base64Decoder(vectorPath: $0).level }, levels.reversed())
    }

    func testRandomTextEverySplit() throws {
        try XCTSkipIf(Base64Decoder.vectorLevel == nil, "no vector decoder on this CPU")
        var rng = SplitMix64(seed: 4)
        for round in 0..<40 {
            let length = Int.random(in: 0..<300, using: &rng)
            let input = Self.randomText(length: length, dirty: round % 2 == 1, using: &rng)
            for cut in 0...input.count { assertSamePaths(input, cuts: [cut]) }
            assertSamePaths(input, cuts: Array(0..<input.count))
        }
    }

    func testRandomTextRandomSplits() throws {
        try XCTSkipIf(Base64Decoder.vectorLevel == nil, "no vector decoder on this CPU")
        var rng = SplitMix64(seed: 5)
        for round in 0..<600 {
            let length = Int.random(in: 0..<2000, using: &rng)
            let input = Self.randomText(length: length, dirty: round % 3 != 0, using: &rng)
            for _ in 0..<4 {
                let pieces = Int.random(in: 0...6, using: &rng)
                let cuts = (0..<pieces).map { _ in Int.random(in: 0...input.count, using: &rng) }.sorted()
                assertSamePaths(input, cuts: cuts)
            }
        }
    }

    /// Padding and junk at every offset of a 64-byte block, on either side of the vector block edges.
    func testPaddingAndJunkAtEveryOffset() throws {
        try XCTSkipIf(Base64Decoder.vectorLevel == nil, "no vector decoder on this CPU")
        var rng = SplitMix64(seed: 6)
        let clean = Self.randomText(length: 200, dirty: false, using: &rng)
        for special in [UInt8(ascii: "="), 0x00, 0x21, 0xE9] {
            for offset in 0..<clean.count {
                var input = clean
                input.insert(special, at: offset)
                assertSamePaths(input, cuts: [])
                assertSamePaths(input, cuts: [offset])
                assertSamePaths(input, cuts: [offset + 1])
            }
        }
    }

    /// Mail-shaped text (76 columns, CRLF) of 200 000 bytes in the parser's 64 KiB slices and odd ones.
    func testLongAttachmentRoundTrip() throws {
        let data = (0..<150_000).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 13) }
        let text = Array(Data(data).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn,
                                                                   .endLineWithLineFeed]).utf8)
        for slice in [65_536, 4_093, 77, 1] {
            let cuts = Array(stride(from: slice, to: text.count, by: slice))
            for level in [0] + levels {
                let outcome = decode(text, cuts: cuts, level: level)
                XCTAssertEqual(outcome.bytes, data, "level \(level), slices of \(slice)")
                XCTAssertEqual(outcome.defects, [], "level \(level), slices of \(slice)")
            }
        }
    }
}
