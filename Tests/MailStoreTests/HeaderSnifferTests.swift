import ParserTestSupport
import XCTest
@testable import MailStore

final class HeaderSnifferTests: XCTestCase {
    func testFullHeaderSummary() throws {
        let message = MessageFixtures.normalized(MessageFixtures.fullHeader)
        let expected = HeaderSummary(
            messageID: "<id@example.org>", date: "Sun, 22 Nov 2026 03:10:33 +0000", from: "A <a@example.org>",
            subject: "a folded\tmore", returnPath: "<bounce@example.org>")
        let headerLength = message.count - Array("body\nFrom the body\n".utf8).count
        for chunks in MessageFixtures.chunkings(message, exhaustive: true) {
            let (summary, end) = try sniff(chunks)
            XCTAssertEqual(summary, expected, "cut \(chunks.map(\.count))")
            XCTAssertEqual(end, headerLength, "cut \(chunks.map(\.count))")
        }
    }

    /// message → (subject, header length or nil when the header runs to the end).
    static let fixtures: [(message: String, subject: String?, headerEnd: Int?)] = [
        ("", nil, nil),
        ("\n", nil, 1),
        ("\nSubject: body, not header\n", nil, 1),
        ("Subject: only\n", "only", nil),
        ("Subject: no line end", "no line end", nil),
        ("SUBJECT:x\n\n", "x", 11),
        ("Subject :obsolete space\n\nb", "obsolete space", 25),
        ("Subject:\n folded\n\n", "folded", 18),
        ("X: 1\nSubject: s\n\nSubject: body\n", "s", 17),
        ("Subjects: no\nSubject: yes\n\n", "yes", 27),
        ("no colon line\nSubject: y\n\n", "y", 26),
    ]

    func testFixturesInEverySplit() throws {
        for fixture in Self.fixtures {
            let message = Array(fixture.message.utf8)
            for chunks in MessageFixtures.chunkings(message, exhaustive: true) {
                let (summary, end) = try sniff(chunks)
                let what = "\(fixture.message.debugDescription) cut \(chunks.map(\.count))"
                XCTAssertEqual(summary.subject, fixture.subject, what)
                XCTAssertEqual(end, fixture.headerEnd, what)
            }
        }
    }

    /// The header-line table the MIME parser and export read too: the `Date` lines are the date, white space
    /// before the colon included; the header block ends at its empty line in every row.
    func testSharedHeaderLineTableInEverySplit() throws {
        for (message, row) in HeaderLineFixtures.messages() {
            for chunks in MessageFixtures.chunkings(message, exhaustive: true) {
                let (summary, end) = try sniff(chunks)
                let what = "\(row.line.debugDescription) cut \(chunks.map(\.count))"
                XCTAssertEqual(summary.date, row.name == "date" ? HeaderLineFixtures.date : nil, what)
                XCTAssertEqual(summary.from, row.name == "from" ? "a@example.org" : nil, what)
                XCTAssertEqual(end, row.line.utf8.count + 2, what)
            }
        }
    }

    func testEightBitValuesKeepTheirCharacters() throws {
        let latin1 = Array("Subject: caf".utf8) + [0xE9] + Array("\n\n".utf8)
        XCTAssertEqual(try sniff([latin1]).summary.subject, "caf\u{E9}")
        let utf8 = Array("Subject: caf\u{E9} \u{1F600}\n\n".utf8)
        XCTAssertEqual(try sniff([utf8]).summary.subject, "caf\u{E9} \u{1F600}")
    }

    func testOversizedHeaderFails() {
        let message = Array("Subject: \(String(repeating: "x", count: 100))\n\nbody".utf8)
        for chunks in MessageFixtures.chunkings(message) {
            var sniffer = HeaderSniffer(options: .init(maximumHeaderBytes: 64))
            XCTAssertThrowsError(try chunks.forEach { chunk in
                _ = try chunk.withUnsafeBytes { try sniffer.consume($0) }
            }) {
                guard case .headerTooLarge(let actual, let maximum) = ($0 as? MailStoreError)?.kind else {
                    return XCTFail("unexpected \($0)")
                }
                XCTAssertEqual(maximum, 64)
                XCTAssertGreaterThan(actual, 64)
            }
        }
    }

    func testOversizedHeaderSummarizesPrefix() throws {
        let message = Array("Subject: kept\nX: \(String(repeating: "x", count: 100))\nFrom: lost\n\nbody".utf8)
        for chunks in MessageFixtures.chunkings(message) {
            var sniffer = HeaderSniffer(options: .init(maximumHeaderBytes: 64, oversizedHeader: .summarizePrefix))
            var consumed = 0
            for chunk in chunks where !sniffer.isComplete {
                let part = try chunk.withUnsafeBytes { try sniffer.consume($0) }
                consumed += part ?? chunk.count
            }
            XCTAssertTrue(sniffer.wasTruncated)
            XCTAssertEqual(consumed, 64)
            XCTAssertEqual(sniffer.summary, HeaderSummary(subject: "kept"))
        }
    }

    /// Feeds chunks until the header ends; returns the summary and the header length (nil if the
    /// header ran to the end of the message).
    private func sniff(_ chunks: [[UInt8]]) throws -> (summary: HeaderSummary, end: Int?) {
        var sniffer = HeaderSniffer()
        var offset = 0
        for chunk in chunks {
            if let part = try chunk.withUnsafeBytes({ try sniffer.consume($0) }) {
                return (sniffer.summary, offset + part)
            }
            offset += chunk.count
        }
        sniffer.finish()
        return (sniffer.summary, nil)
    }
}
