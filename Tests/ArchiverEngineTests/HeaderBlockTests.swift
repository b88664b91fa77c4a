import ParserTestSupport
import XCTest
@testable import ArchiverEngine

/// Export reads `HeaderLineFixtures` as the other readers of a header block do (issue 14, item 2).
final class HeaderBlockTests: XCTestCase {
    func testSharedHeaderLineTable() {
        for lineEnd in ["\n", "\r\n"] {
            for (message, row) in HeaderLineFixtures.messages(lineEnd: lineEnd) {
                let block = HeaderBlock(message)
                let what = "\(row.line.debugDescription) \(lineEnd.debugDescription)"
                XCTAssertEqual(block.date, row.name == "date" ? HeaderLineFixtures.date : nil, what)
                XCTAssertEqual(block.emptyLineOffset, row.line.utf8.count + lineEnd.utf8.count, what)
            }
        }
    }

    /// `Status :` and `Return-Path :` (RFC 5322 §4.5) are read for the export's flags and separator.
    func testObsoleteSpaceBeforeTheColon() {
        let block = HeaderBlock(Array("Return-Path\t: <r@example.org>\nStatus : RO\nX-Status :A\n\nbody\n".utf8))
        XCTAssertEqual(block.returnPath, "<r@example.org>")
        XCTAssertEqual(block.status, "RO")
        XCTAssertEqual(block.xStatus, "A")
    }
}
