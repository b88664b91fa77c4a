import Foundation
import XCTest

/// What one manifest line of an `ExtractFixtures` message must say, stated from the fixture's own content
/// rather than from a golden file: the part, the SHA-256 of the bytes the fixture encoded into it, the decoded
/// name and the safe path (issue 4: names, safe output names, attachment policy).
struct GoldenFacts: CustomStringConvertible {
    var message: Int
    var part: String
    var sha256: String
    var originalName: String?
    var path: String

    init(_ message: Int, _ part: String, bytes: [UInt8], name: String?, path: String) {
        self.message = message
        self.part = part
        self.sha256 = sha256Hex(bytes)
        self.originalName = name
        self.path = path
    }

    init(manifestObject object: [String: Any]) throws {
        message = try XCTUnwrap(object["message"] as? Int, "message")
        part = try XCTUnwrap(object["part"] as? String, "part")
        sha256 = try XCTUnwrap(object["sha256"] as? String, "sha256")
        originalName = object["original_name"] as? String
        path = try XCTUnwrap(object["path"] as? String, "path")
    }

    var description: String {
        "message \(message) part \(part) sha256 \(sha256) name \(originalName.debugDescription) path \(path)"
    }

    /// The cid image (kept with --inline), the GB2312 RFC 2047 name, the RFC 2231 name in pieces, the
    /// dangerous name (directories, escape sequence) and the device name; the HTML body is not an attachment.
    static func names(_ message: Int) -> [GoldenFacts] {
        [
            GoldenFacts(message, "1.2", bytes: ExtractFixtures.image, name: nil, path: "2024-03/part-1.2.png"),
            GoldenFacts(message, "2", bytes: ExtractFixtures.pdf, name: "发票.pdf", path: "2024-03/发票.pdf"),
            GoldenFacts(message, "3", bytes: ExtractFixtures.sheet, name: "季度报告 2024.xlsx",
                        path: "2024-03/季度报告 2024.xlsx"),
            GoldenFacts(message, "4", bytes: Array("echo pwned".utf8), name: "../../\u{1B}[31mevil.sh",
                        path: "2024-03/[31mevil.sh"),
            GoldenFacts(message, "5", bytes: Array("device".utf8), name: "CON.txt", path: "2024-03/_CON.txt"),
        ]
    }

    /// The duplicate PDF, and both leaves of the attached message (its text body is an attachment too);
    /// the month is in UTC (30 Apr 23:30 -0200 is 1 May).
    static func nested(_ message: Int) -> [GoldenFacts] {
        [
            GoldenFacts(message, "2", bytes: ExtractFixtures.pdf, name: "copy.pdf", path: "2024-05/copy.pdf"),
            GoldenFacts(message, "3.1", bytes: Array("inner body".utf8), name: nil, path: "2024-05/part-3.1.txt"),
            GoldenFacts(message, "3.2", bytes: ExtractFixtures.nestedFile, name: "inner.txt",
                        path: "2024-05/inner.txt"),
        ]
    }

    /// A single-part message that is itself the attachment, with no Date and no name.
    static func undated(_ message: Int) -> [GoldenFacts] {
        [GoldenFacts(message, "1", bytes: Array("raw bytes".utf8), name: nil, path: "unknown-date/attachment.bin")]
    }
}
