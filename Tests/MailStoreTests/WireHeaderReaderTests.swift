import ParserTestSupport
import XCTest
@testable import MailStore

/// `WireHeaderReader` reads a header block as the server sends it (a `TOP n 0` answer) into the summary the
/// sinks record for the same message, whatever the chunking.
final class WireHeaderReaderTests: XCTestCase {
    func testSummaryEqualsTheSinksInEverySplit() throws {
        let expected = HeaderSummary(
            messageID: "<id@example.org>", date: "Sun, 22 Nov 2026 03:10:33 +0000", from: "A <a@example.org>",
            subject: "a folded\tmore", returnPath: "<bounce@example.org>")
        for message in [MessageFixtures.fullHeader, MessageFixtures.normalized(MessageFixtures.fullHeader)] {
            for chunks in MessageFixtures.chunkings(message, exhaustive: true) {
                let reader = WireHeaderReader(options: .init())
                for chunk in chunks { chunk.withUnsafeBytes { reader.add($0) } }
                XCTAssertEqual(reader.finish(), expected, "cut \(chunks.map(\.count))")
            }
        }
    }

    /// A header block only (`TOP n 0`), and one cut before its blank line, summarize like the sniffer reading
    /// the normalized bytes at once.
    func testHeaderBlockAloneAndCutShort() throws {
        let fixtures: [(wire: String, subject: String?, messageID: String?)] = [
            ("Subject: s\r\nMessage-ID: <x@y>\r\n\r\n", "s", "<x@y>"),
            ("Subject: s\r\nMessage-ID: <x@y>\r\n", "s", "<x@y>"),
            ("Subject: s\r\n folded\r\n\r\nMessage-ID: <body@y>\r\n", "s folded", nil),
            ("Subject: lone\rCR\r\n\r\n", "lone\rCR", nil),
            ("", nil, nil),
        ]
        for fixture in fixtures {
            let wire = Array(fixture.wire.utf8)
            var reference = HeaderSniffer()
            _ = try MessageFixtures.normalized(wire).withUnsafeBytes { try reference.consume($0) }
            reference.finish()
            XCTAssertEqual(reference.summary.subject, fixture.subject, fixture.wire.debugDescription)
            XCTAssertEqual(reference.summary.messageID, fixture.messageID, fixture.wire.debugDescription)
            for chunks in MessageFixtures.chunkings(wire, exhaustive: true) {
                let reader = WireHeaderReader(options: .init())
                for chunk in chunks { chunk.withUnsafeBytes { reader.add($0) } }
                let what = "\(fixture.wire.debugDescription) cut \(chunks.map(\.count))"
                XCTAssertEqual(reader.finish(), reference.summary, what)
            }
        }
    }

    /// The header-line table the MIME parser and export read too, with the server's CRLF line ends.
    func testSharedHeaderLineTableInEverySplit() throws {
        for (wire, row) in HeaderLineFixtures.messages(lineEnd: "\r\n") {
            for chunks in MessageFixtures.chunkings(wire, exhaustive: true) {
                let reader = WireHeaderReader(options: .init())
                for chunk in chunks { chunk.withUnsafeBytes { reader.add($0) } }
                let summary = reader.finish()
                let what = "\(row.line.debugDescription) cut \(chunks.map(\.count))"
                XCTAssertEqual(summary.date, row.name == "date" ? HeaderLineFixtures.date : nil, what)
                XCTAssertEqual(summary.from, row.name == "from" ? "a@example.org" : nil, what)
            }
        }
    }
}
