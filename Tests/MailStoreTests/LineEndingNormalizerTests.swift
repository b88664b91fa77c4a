import XCTest
@testable import MailStore

final class LineEndingNormalizerTests: XCTestCase {
    /// input → expected output, fed in every split.
    static let fixtures: [(input: String, output: String)] = [
        ("", ""),
        ("a\r\nb\r\n", "a\nb\n"),
        ("a\nb\n", "a\nb\n"),
        ("lone\rcr\r\n", "lone\rcr\n"),
        ("\r\r\n", "\r\n"),
        ("\r\r\r", "\r\r\r"),
        ("end\r", "end\r"),
        ("\n\r\n\r", "\n\n\r"),
        ("x\r\ny\rz\n\r\n", "x\ny\rz\n\n"),
    ]

    func testFixturesInEverySplit() {
        for fixture in Self.fixtures {
            let input = Array(fixture.input.utf8)
            for chunks in MessageFixtures.chunkings(input, exhaustive: true) {
                XCTAssertEqual(
                    String(decoding: normalize(chunks), as: UTF8.self), fixture.output,
                    "input \(fixture.input.debugDescription) cut \(chunks.map(\.count))")
            }
        }
    }

    func testTrickyMessagesMatchTheReference() {
        for (name, message) in MessageFixtures.all {
            let expected = MessageFixtures.normalized(message)
            for chunks in MessageFixtures.chunkings(message) {
                XCTAssertEqual(normalize(chunks), expected, "\(name) \(chunks.count) chunks")
            }
        }
    }

    private func normalize(_ chunks: [[UInt8]]) -> [UInt8] {
        var normalizer = LineEndingNormalizer()
        var output: [UInt8] = []
        for chunk in chunks {
            var scratch = [UInt8](repeating: 0, count: chunk.count + 1)
            let count = chunk.withUnsafeBytes { input in
                scratch.withUnsafeMutableBytes { normalizer.normalize(input, into: $0.baseAddress!) }
            }
            output += scratch[..<count]
        }
        var last = [UInt8](repeating: 0, count: 1)
        let count = last.withUnsafeMutableBytes { normalizer.finish(into: $0.baseAddress!) }
        return output + last[..<count]
    }
}
