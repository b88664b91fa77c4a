@testable import ArchiverEngine
import XCTest

final class ExtractFilterTests: XCTestCase {
    /// pattern, content type, name → selected?
    let fixtures: [(String, String, String, Bool, UInt)] = [
        ("application/pdf", "application/pdf", "x.bin", true, #line),
        ("Application/PDF", "application/pdf", "x.bin", true, #line),
        ("application/pdf", "application/octet-stream", "x.pdf", false, #line),
        ("image/*", "image/png", "a", true, #line),
        ("image/*", "application/png", "a", false, #line),
        ("*.xlsx", "application/octet-stream", "Budget 2024.XLSX", true, #line),
        ("*.xlsx", "application/octet-stream", "budget.xls", false, #line),
        ("report-??.pdf", "application/pdf", "report-07.pdf", true, #line),
        ("report-??.pdf", "application/pdf", "report-7.pdf", false, #line),
        ("*", "text/plain", "anything", true, #line),
    ]

    func testMatching() throws {
        for (pattern, type, name, expected, line) in fixtures {
            let filter = try XCTUnwrap(ExtractFilter(pattern), line: line)
            XCTAssertEqual(filter.matches(contentType: type, name: name), expected, pattern, line: line)
        }
    }

    func testKindsAndMalformedPatterns() {
        XCTAssertEqual(ExtractFilter("image/*")?.kind, .contentType)
        XCTAssertEqual(ExtractFilter("*.pdf")?.kind, .filename)
        for bad in ["", "/pdf", "application/", "a/b/c"] {
            XCTAssertNil(ExtractFilter(bad), bad)
        }
        XCTAssertTrue([ExtractFilter]().admit(contentType: "x/y", name: "z"), "no --only admits everything")
    }

    func testManifestQuotingIsTerminalSafeJSON() throws {
        let raw = "a\"b\\c\n\u{1B}[31m\u{9B}\u{202E}é\u{7F}"
        let quoted = ManifestWriter.quote(raw)
        XCTAssertEqual(quoted, "\"a\\\"b\\\\c\\n\\u001b[31m\\u009b\\u202eé\\u007f\"")
        let decoded = try JSONSerialization.jsonObject(with: Data(quoted.utf8), options: .fragmentsAllowed)
        XCTAssertEqual(decoded as? String, raw)
        XCTAssertEqual(ManifestWriter.quote(nil), "null")
    }
}
