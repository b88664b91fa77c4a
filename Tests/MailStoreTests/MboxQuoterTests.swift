import XCTest
@testable import MailStore

final class MboxQuoterTests: XCTestCase {
    static let fixtures: [(input: String, output: String)] = [
        ("", ""),
        ("From x\n", ">From x\n"),
        (">From x\n", ">>From x\n"),
        (">>>From x\nFrom\nFrom \n", ">>>>From x\nFrom\n>From \n"),
        ("a\nFrom b\n From c\nFromage\n", "a\n>From b\n From c\nFromage\n"),
        (">\n>>\n>F\n>Fro", ">\n>>\n>F\n>Fro"),
        ("From ", ">From "),
        ("x From y\n>x From\n", "x From y\n>x From\n"),
        ("\n\nFrom \n\n", "\n\n>From \n\n"),
    ]

    func testFixturesInEverySplit() throws {
        for fixture in Self.fixtures {
            let input = Array(fixture.input.utf8)
            for chunks in MessageFixtures.chunkings(input, exhaustive: true) {
                XCTAssertEqual(
                    String(decoding: try quote(chunks), as: UTF8.self), fixture.output,
                    "input \(fixture.input.debugDescription) cut \(chunks.map(\.count))")
            }
        }
    }

    func testLongQuoteRuns() throws {
        let text = String(repeating: ">", count: 200) + "From x\n" + String(repeating: ">", count: 150) + "\n"
        let input = Array(text.utf8)
        for chunks in MessageFixtures.chunkings(input) {
            XCTAssertEqual(try quote(chunks), MessageFixtures.quoted(input))
        }
    }

    func testTrickyMessagesMatchTheReference() throws {
        for (name, message) in MessageFixtures.all {
            let content = MessageFixtures.normalized(message)
            let expected = MessageFixtures.quoted(content)
            XCTAssertEqual(MessageFixtures.unquoted(expected), content, name)
            for chunks in MessageFixtures.chunkings(content) {
                XCTAssertEqual(try quote(chunks), expected, "\(name) \(chunks.count) chunks")
            }
        }
    }

    /// Quotes through a real `WriteBuffer` into a temporary file and reads it back.
    private func quote(_ chunks: [[UInt8]]) throws -> [UInt8] {
        let path = NSTemporaryDirectory() + "quoter-\(UUID().uuidString)"
        let fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0o600)
        XCTAssertGreaterThanOrEqual(fd, 0)
        defer {
            close(fd)
            unlink(path)
        }
        let writer = WriteBuffer(capacity: 4096)
        writer.attach(fd, path: path, offset: 0)
        var quoter = MboxQuoter()
        for chunk in chunks { try chunk.withUnsafeBytes { try quoter.quote($0, into: writer) } }
        try quoter.finish(into: writer)
        try writer.flush()
        return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    }
}
