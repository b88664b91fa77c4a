import Foundation
import TestSupport
import XCTest

/// `From : x` (white space before the colon, RFC 5322 §4.5 obsolete syntax) is a header field: the
/// `Content-Type` after it is read and the attachment extracted (issue 14, item 2). It ended the header
/// block before, so the whole message was one text body and nothing was extracted.
final class ExtractObsoleteHeaderTests: XCTestCase {
    var dir: TemporaryDirectory!

    override func setUpWithError() throws {
        dir = try TemporaryDirectory(prefix: "extract-obsolete")
        guard FileManager.default.isExecutableFile(atPath: PopvaultProcess.binary.path) else {
            throw XCTSkip("popvault binary not built at \(PopvaultProcess.binary.path)")
        }
    }

    override func tearDown() { dir.remove() }

    static let pdf = Array("%PDF-1.4 obsolete header\n".utf8)

    static func message(fromLine: String) -> String {
        """
        Date: Sun, 22 Nov 2026 03:10:33 +0000
        \(fromLine)
        Subject\t: report
        Message-ID: <obsolete@example.org>
        Content-Type: multipart/mixed; boundary=b

        --b

        see attached
        --b
        Content-Type: application/pdf; name=report.pdf
        Content-Disposition: attachment; filename=report.pdf
        Content-Transfer-Encoding: base64

        \(Data(pdf).base64EncodedString())
        --b--

        """
    }

    func testAttachmentAfterAFromFieldWithSpaceBeforeTheColonIsExtracted() throws {
        let input = dir.url.appendingPathComponent("in.eml")
        try Data(Self.message(fromLine: "From : a@example.org").utf8).write(to: input)
        let out = dir.url.appendingPathComponent("out").path
        let manifest = dir.url.appendingPathComponent("m.jsonl").path
        let result = try PopvaultProcess.run(["extract", "--flat", input.path, "--to", out, "--manifest", manifest])
        XCTAssertEqual(result.status, 0, result.stderr)
        let tree = try OutputListing(root: out)
        XCTAssertEqual(tree.files.keys.sorted(), ["report.pdf"])
        XCTAssertEqual(tree.files["report.pdf"], Self.pdf)
        let lines = try ManifestLines(path: manifest)
        XCTAssertEqual(lines.objects.map { $0["content_type"] as? String }, ["application/pdf"])
        XCTAssertEqual(lines.objects.first?["message_id"] as? String, "<obsolete@example.org>")
    }

    /// In an mbox, a message whose header begins with `From : x` right after its `From ` line.
    func testMboxMessageStartingWithAFromField() throws {
        let mbox = dir.url.appendingPathComponent("in.mbox")
        let first = "From a@example.org Sun Nov 22 03:10:33 2026\n" + Self.message(fromLine: "X-Spacer: 1")
        let second = "\nFrom a@example.org Sun Nov 22 03:10:34 2026\n"
            + Self.message(fromLine: "From\t: a@example.org").replacingOccurrences(of: "Date:", with: "Date :")
                .replacingOccurrences(of: "report.pdf", with: "other.pdf")
        try Data((first + second).utf8).write(to: mbox)
        let out = dir.url.appendingPathComponent("out").path
        let result = try PopvaultProcess.run(["extract", "--quiet", "--flat", mbox.path, "--to", out])
        XCTAssertEqual(result.status, 0, result.stderr)
        let tree = try OutputListing(root: out)
        XCTAssertEqual(tree.files.keys.sorted(), ["other.pdf", "report.pdf"])
        XCTAssertEqual(tree.files["other.pdf"], Self.pdf)
    }
}
