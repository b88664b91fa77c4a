@testable import MIME
import XCTest

/// RFC 2045 §5.1 `type "/" subtype` (tokens, comments and white space around them), invalid → nil.
final class MediaTypeTests: XCTestCase {
    func testTable() {
        let table: [(String, String?)] = [
            ("text/plain", "text/plain"),
            ("Multipart/Mixed", "multipart/mixed"),
            (" application/pdf (scanned) ", "application/pdf"),
            ("(lead) image/svg+xml", "image/svg+xml"),
            ("application/x.y_z-1!#$%&'*+^`{|}~", "application/x.y_z-1!#$%&'*+^`{|}~"),
            ("text / html", "text/html"),
            ("text/pl (a \\) b) ain", "text/plain"),
            ("text", nil),
            ("t/", nil),
            ("/plain", nil),
            ("text/plain\u{1B}", nil),
            ("text/py:", nil),
            ("text/html\"", nil),
            ("a/b/c", nil),
            ("te\u{E9}xt/plain", nil),
            ("application/pdf\u{0}", nil),
        ]
        for (value, expected) in table {
            XCTAssertEqual(MediaType.parse(Array(value.utf8)), expected, value.debugDescription)
        }
    }
}
