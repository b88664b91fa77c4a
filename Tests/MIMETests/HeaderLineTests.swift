import Foundation
import HeaderSyntax
@testable import MIME
import ParserTestSupport
import XCTest

/// The parser reads `HeaderLineFixtures` as the other readers of a header block do (issue 14, item 2).
final class HeaderLineTests: XCTestCase {
    func testTheSharedRuleClassifiesEveryRow() {
        for row in HeaderLineFixtures.rows {
            let line = Array(row.line.utf8)
            switch HeaderLine.kind(line) {
            case .field(let nameEnd, let colon):
                XCTAssertEqual(String(decoding: line[..<nameEnd], as: UTF8.self).lowercased(), row.name, row.line)
                XCTAssertEqual(line[colon], UInt8(ascii: ":"), row.line)
            case .continuation, .other:
                XCTAssertNil(row.name, row.line)
            }
        }
        XCTAssertEqual(HeaderLine.kind(Array(" folded".utf8)), .continuation)
        XCTAssertEqual(HeaderLine.kind([UInt8]()), .other)
    }

    /// A field line (white space before its colon too) keeps the header block going: the `Content-Type` after
    /// it is read; a line that is not a field ends the block and is the first body line. In every split.
    func testTheSharedTableInEverySplit() throws {
        let date = MessageDate.parse(HeaderLineFixtures.date)
        XCTAssertNotNil(date)
        for row in HeaderLineFixtures.rows {
            let message = Array("X-First: 1\n\(row.line)\nContent-Type: text/html\n\nbody\n".utf8)
            let recorder = try assertSplitIndependent(message)
            let header = try XCTUnwrap(recorder.messages.first, row.line)
            XCTAssertEqual(header.date, row.name == "date" ? date : nil, row.line)
            XCTAssertEqual(recorder.parts.first?.contentType, row.name == nil ? "text/plain" : "text/html", row.line)
            let fields = HeaderField.parse(Array("\(row.line)\n".utf8))
            XCTAssertEqual(fields.map(\.name), row.name.map { [$0] } ?? [], row.line)
        }
    }

    /// `From : x` first in a message is its `From` field, not the mbox `From ` line; `From x…` still is that line.
    func testFromFieldFirstIsAFieldNotTheEnvelope() throws {
        let field = try assertSplitIndependent(Array("From : a@example.org\nContent-Type: text/html\n\nb\n".utf8))
        XCTAssertEqual(field.messages.first?.from, "a@example.org")
        XCTAssertEqual(field.parts.first?.contentType, "text/html")
        let envelope = try assertSplitIndependent(
            Array("From a@example.org Sun Nov 22 03:10:33 2026\nSubject: s\nContent-Type: text/html\n\nb\n".utf8))
        XCTAssertEqual(envelope.messages.first?.from, nil)
        XCTAssertEqual(envelope.messages.first?.subject, "s")
        XCTAssertEqual(envelope.parts.first?.contentType, "text/html")
    }

    /// The attachment after a `Subject : x` / `From : x` header is found (it was the first body line's text).
    func testMultipartAfterAnObsoleteFieldIsSplit() throws {
        let recorder = try assertSplitIndependent(Array("""
            Subject : report
            From\t: a@example.org
            Content-Type: multipart/mixed; boundary=b

            --b

            text
            --b
            Content-Type: application/pdf; name=report.pdf

            %PDF
            --b--

            """.utf8))
        XCTAssertEqual(recorder.messages.first?.subject, "report")
        XCTAssertEqual(recorder.parts.map(\.contentType), ["text/plain", "application/pdf"])
        XCTAssertEqual(recorder.parts.last?.filename, "report.pdf")
    }
}
