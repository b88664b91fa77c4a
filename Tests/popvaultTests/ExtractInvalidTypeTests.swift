import Foundation
import TestSupport
import XCTest

/// `Content-Type` values that are not RFC 2045 `type/subtype` tokens are read as text/plain (RFC 2045 §5.2),
/// so a damaged single-part message is its own main body, not an empty attachment (the corp-email messages
/// of `../shared/corpus/mime/python-library-fuzzers`, where Python's email finds no attachment either).
final class ExtractInvalidTypeTests: XCTestCase {
    var dir: TemporaryDirectory!

    override func setUpWithError() throws {
        dir = try TemporaryDirectory(prefix: "extract-type")
        guard FileManager.default.isExecutableFile(atPath: PopvaultProcess.binary.path) else {
            throw XCTSkip("popvault binary not built at \(PopvaultProcess.binary.path)")
        }
    }

    override func tearDown() { dir.remove() }

    func extract(_ message: String) throws -> (OutputListing, ManifestLines) {
        let input = dir.url.appendingPathComponent("in.eml")
        try Data(message.utf8).write(to: input)
        let out = dir.url.appendingPathComponent("out").path
        let manifest = dir.url.appendingPathComponent("m.jsonl").path
        let result = try PopvaultProcess.run(
            ["extract", "--quiet", "--flat", "--inline", input.path, "--to", out, "--manifest", manifest])
        XCTAssertEqual(result.status, 0, result.stderr)
        return (try OutputListing(root: out), try ManifestLines(path: manifest))
    }

    /// corp-email/157cca9b…, shortened: one Content-Type field folded with bare CRs, ESC after the subtype.
    func testControlByteInTheTypeOfASinglePartMessageExtractsNothing() throws {
        let (tree, manifest) = try extract(
            "Content-Type: text/plain\u{1B} chContent-ID: <p)artsposition:( inlinei\r tenxt/plain\u{1B}\r ")
        XCTAssertEqual(tree.files.count, 0, "\(tree.files.keys)")
        XCTAssertEqual(manifest.objects.count, 0, manifest.text)
    }

    func testInvalidTypeOfAPartIsATextAttachmentWithADefect() throws {
        let (tree, manifest) = try extract("""
            Content-Type: multipart/mixed (comment); boundary=b

            --b

            body
            --b
            Content-Type: application/pdf (scanned)

            %PDF
            --b
            Content-Type: image/png:

            png?
            --b--

            """)
        XCTAssertEqual(tree.files.keys.sorted(), ["part-2.pdf", "part-3.txt"])
        XCTAssertEqual(manifest.objects.map { $0["content_type"] as? String }, ["application/pdf", "text/plain"])
        XCTAssertEqual(manifest.objects.map { $0["defects"] as? [String] }, [[], ["invalidContentType"]])
        XCTAssertEqual(tree.files["part-3.txt"], Array("png?".utf8))
    }
}
