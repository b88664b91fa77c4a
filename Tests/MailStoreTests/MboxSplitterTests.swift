import MailStore
import XCTest

final class MboxSplitterTests: XCTestCase {
    struct Expected: Equatable {
        var offset: Int64
        var from: String?
        var body: String
    }

    /// mbox bytes → the messages it holds.
    let fixtures: [(String, [Expected], UInt)] = [
        ("", [], #line),
        ("\n\n", [], #line),
        (
            "From a@b Mon Jan  1 00:00:00 2024\nSubject: one\n\nbody\n\n"
                + "From c@d Tue Jan  2 00:00:00 2024\nSubject: two\n\nx\n\n",
            [
                Expected(offset: 0, from: "a@b Mon Jan  1 00:00:00 2024", body: "Subject: one\n\nbody\n"),
                Expected(offset: 54, from: "c@d Tue Jan  2 00:00:00 2024", body: "Subject: two\n\nx\n"),
            ], #line
        ),
        // mboxrd: exactly one `>` comes off `>+From ` lines; other `>` lines are untouched.
        (
            "From x\nS: q\n\n>From here\n>>From there\n>>>From far\n> From not\n>From\n>Fro\n>\nFrom no blank\n\n",
            [
                Expected(
                    offset: 0, from: "x",
                    body: "S: q\n\nFrom here\n>From there\n>>From far\n> From not\n>From\n>Fro\n>\nFrom no blank\n")
            ], #line
        ),
        // Blank lines: only the one before a separator (or at the end) belongs to the separator.
        (
            "From x\nA\n\n\n\nFrom y\nB\n\n\n",
            [Expected(offset: 0, from: "x", body: "A\n\n\n"), Expected(offset: 12, from: "y", body: "B\n\n")], #line
        ),
        // CRLF mailboxes.
        (
            "From x\r\nA: 1\r\n\r\nhi\r\n\r\nFrom y\r\n>From z\r\n\r\n",
            [
                Expected(offset: 0, from: "x", body: "A: 1\r\n\r\nhi\r\n"),
                Expected(offset: 22, from: "y", body: "From z\r\n"),
            ], #line
        ),
        // No `From ` line at the start: the leading text is a message of its own.
        (
            "\nSubject: lone\n\nbody\nFrom inside\n",
            [Expected(offset: 1, from: nil, body: "Subject: lone\n\nbody\nFrom inside\n")], #line
        ),
        // A message without a trailing newline, and an empty last message.
        ("From x\nA\nB", [Expected(offset: 0, from: "x", body: "A\nB")], #line),
        (
            "From x\nA\n\nFrom y",
            [Expected(offset: 0, from: "x", body: "A\n"), Expected(offset: 10, from: "y", body: "")], #line
        ),
        // A lone CR and a partial `>Fr` at the end.
        ("From x\n\rA\n>Fr", [Expected(offset: 0, from: "x", body: "\rA\n>Fr")], #line),
    ]

    func testFixturesInEverySplit() throws {
        for (input, expected, line) in fixtures {
            let bytes = Array(input.utf8)
            var splits: [[Int]] = [[], Array(1..<max(bytes.count, 1))]
            for cut in 0...bytes.count { splits.append([cut]) }
            for cuts in splits {
                let got = try split(bytes, cuts: cuts).map { Expected(offset: $0.offset, from: $0.from, body: $0.body) }
                XCTAssertEqual(got, expected, "cuts \(cuts.count <= 1 ? "\(cuts)" : "byte by byte")", line: line)
            }
        }
    }

    func testIndexesCountUp() throws {
        let input = Array("From a\n1\n\nFrom b\n2\n\nFrom c\n3\n".utf8)
        XCTAssertEqual(try split(input, cuts: []).map(\.index), [0, 1, 2])
    }

    func testLongQuoteRunsAndLongFromLinesUseConstantMemory() throws {
        let quotes = String(repeating: ">", count: 10_000)
        let longFrom = "From " + String(repeating: "s", count: 5000)
        let input = Array("\(longFrom)\n\(quotes)From deep\n".utf8)
        let got = try split(input, cuts: [3, 700, 5100, 9000])
        XCTAssertEqual(got.count, 1)
        XCTAssertEqual(got[0].from?.utf8.count, 1024)
        XCTAssertEqual(got[0].body, String(repeating: ">", count: 9_999) + "From deep\n")
    }
}
