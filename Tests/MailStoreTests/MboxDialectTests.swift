import Foundation
import MailStore
import TestSupport
import XCTest

/// mbox files from other writers (issue 14 item 1): split as mutt does, told apart from body lines by
/// the From_ syntax, counted as Python's `mailbox` counts them where it is right.
final class MboxDialectTests: XCTestCase {
    private var directory: TemporaryDirectory!

    override func setUpWithError() throws { directory = try TemporaryDirectory(prefix: "mbox-dialects") }
    override func tearDown() { directory?.remove() }

    let syntax: [(String, Bool, UInt)] = [
        ("alice@example.org Mon Dec  7 21:57:03 2026", true, #line),
        ("alice@example.org Mon Dec  7 21:57:03 2026\r", true, #line),
        ("alice@example.org Mon Dec 07 21:57:03 -0000 2026", true, #line),
        ("alice@example.org Mon Dec  7 21:57:03 2026 -0000", true, #line),
        ("alice@example.org Mon Dec  7 21:57 2026", true, #line),
        ("alice@example.org Mon Dec  7 21:57:03 PST 2026", true, #line),
        ("- Mon Dec  7 21:57:03 2026", true, #line),
        ("1234567890@xxx Mon Dec 07 21:57:03 +0000 2026", true, #line),
        ("alice at example.org  Mon Dec  7 21:57:03 2026", true, #line),
        ("Mon Dec  7 21:57:03 2026", true, #line),
        ("uucp!host Mon Dec  7 21:57:03 2026 remote from host", true, #line),
        ("the desk of Alice", false, #line),
        ("Monday to Friday we are open", false, #line),
        ("alice Mon Dec  7 2026", false, #line),
        ("alice Mon Dec  7 21:57:03", false, #line),
        ("alice Mon Dez  7 21:57:03 2026", false, #line),
        ("alice Mon Dec 123 21:57:03 2026", false, #line),
        ("alice Mon Dec  7 21:5x:03 2026", false, #line),
        ("alice Mon Dec  7 21:57:03 +01 2026", false, #line),
        ("", false, #line),
    ]

    func testFromSyntax() {
        for (line, expected, at) in syntax {
            XCTAssertEqual(MboxFromSyntax.matches(Array(line.utf8)), expected, line, line: at)
        }
    }

    struct Expected: Equatable {
        var offset: Int64
        var from: String?
        var body: String
    }

    static let a = "From a@b Mon Jan  1 00:00:00 2024"
    /// Foreign mbox bytes → the messages and (without-blank separators, `From ` lines kept in body).
    let fixtures: [(String, [Expected], (Int, Int), UInt)] = [
        // Roundcube, MimeKit, bounce collections: a From_ line right after a body line separates.
        (
            "\(a)\nS: 1\n\nx\n\(a)\nS: 2\n\ny\n",
            [Expected(offset: 0, from: String(a.dropFirst(5)), body: "S: 1\n\nx\n"),
             Expected(offset: 42, from: String(a.dropFirst(5)), body: "S: 2\n\ny\n")], (1, 0), #line
        ),
        // mboxo unquoted: a `From ` line without the date is body text, blank line before it or not.
        (
            "\(a)\nS: 1\n\nFrom the desk\n\nFrom me\n",
            [Expected(offset: 0, from: String(a.dropFirst(5)), body: "S: 1\n\nFrom the desk\n\nFrom me\n")],
            (0, 2), #line
        ),
        // The blank line before a From_ line is still the separator's; mboxrd unquoting is kept.
        (
            "\(a)\nS: 1\n\n>From x\n\n\(a)\r\nS: 2\n",
            [Expected(offset: 0, from: String(a.dropFirst(5)), body: "S: 1\n\nFrom x\n"),
             Expected(offset: 49, from: String(a.dropFirst(5)), body: "S: 2\n")], (0, 0), #line
        ),
        // CRLF, and a From_ line at the very end without its line end.
        (
            "\(a)\r\nS: 1\r\n\r\nx\r\n\(a)",
            [Expected(offset: 0, from: String(a.dropFirst(5)), body: "S: 1\r\n\r\nx\r\n"),
             Expected(offset: 46, from: String(a.dropFirst(5)), body: "")], (1, 0), #line
        ),
        // The first line of the stream separates whatever it holds; a `From` prefix cut short is content.
        (
            "From x\nS: 1\n\nFrom\nFro",
            [Expected(offset: 0, from: "x", body: "S: 1\n\nFrom\nFro")], (0, 0), #line
        ),
        // A `From ` line longer than any From_ line is content, whole.
        (
            "From x\nS: 1\n\nFrom " + String(repeating: "y", count: 40) + " Mon Jan  1 00:00:00 2024\nz",
            [Expected(
                offset: 0, from: "x",
                body: "S: 1\n\nFrom " + String(repeating: "y", count: 40) + " Mon Jan  1 00:00:00 2024\nz")],
            (0, 1), #line
        ),
    ]

    func testForeignFixturesInEverySplit() throws {
        let options = MboxSplitter.Options(maxFromLineBytes: 64, foreignDialects: true)
        for (input, expected, taken, line) in fixtures {
            let bytes = Array(input.utf8)
            var splits: [[Int]] = [[], Array(1..<max(bytes.count, 1))]
            for cut in 0...bytes.count { splits.append([cut]) }
            for cuts in splits {
                var heuristics = MboxHeuristics()
                let got = try split(bytes, cuts: cuts, options: options, heuristics: &heuristics)
                    .map { Expected(offset: $0.offset, from: $0.from, body: $0.body) }
                let which = cuts.count <= 1 ? "\(cuts)" : "byte by byte"
                XCTAssertEqual(got, expected, "cuts \(which)", line: line)
                XCTAssertEqual(heuristics.separatorsWithoutBlankLine, taken.0, "cuts \(which)", line: line)
                XCTAssertEqual(heuristics.fromLinesKeptInBody, taken.1, "cuts \(which)", line: line)
            }
        }
    }

    /// popvault's own archives (mboxrd, written by `MboxSink`) split the same in both modes.
    func testPopvaultArchivesSplitAsBefore() throws {
        let file = directory.url.appendingPathComponent("own.mbox")
        let sink = try MboxSink(file: file, committedLength: nil)
        for (_, message) in MessageFixtures.all { try sink.write([message]) }
        _ = try sink.commit()
        try sink.close()
        let bytes = Array(try Data(contentsOf: file))
        var heuristics = MboxHeuristics()
        let foreign = try split(bytes, cuts: [], options: .init(foreignDialects: true), heuristics: &heuristics)
        let own = try split(bytes, cuts: [])
        XCTAssertEqual(foreign.map(\.offset), own.map(\.offset))
        XCTAssertEqual(foreign.map(\.body), own.map(\.body))
        XCTAssertEqual(own.count, MessageFixtures.all.count)
        XCTAssertEqual(heuristics, MboxHeuristics())
    }

    /// Each dialect: three messages, each with its attachment, as mutt; Python's count agrees except
    /// where it takes an unquoted body `From ` line for a separator.
    func testDialectsSplitAsMuttAndCountAsPython() throws {
        for dialect in MboxDialect.all {
            let path = directory.url.appendingPathComponent("\(dialect.name).mbox").path
            try writeFile(path, dialect.bytes)
            let consumer = CollectingConsumer()
            try MboxReader(path: path, chunkSize: 7, options: .init(foreignDialects: true)).read(into: consumer)
            XCTAssertEqual(consumer.messages.count, dialect.messages, dialect.name)
            for (index, body) in consumer.bodies.enumerated() {
                XCTAssertTrue(body.contains("filename=\"note-\(index).txt\""), "\(dialect.name) \(index)")
                XCTAssertTrue(body.contains("Subject: dialect \(dialect.name) \(index)"), "\(dialect.name) \(index)")
            }
            XCTAssertEqual(try pythonCount(path), dialect.pythonMessages, dialect.name)
        }
    }

    private func pythonCount(_ path: String) throws -> Int {
        let output = try runProgram(
            "/usr/bin/python3", ["-c", "import mailbox, sys; print(len(mailbox.mbox(sys.argv[1], create=False)))", path])
        return Int(output.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }
}
