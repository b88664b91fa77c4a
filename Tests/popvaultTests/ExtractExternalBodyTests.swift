import Foundation
import TestSupport
import XCTest

/// Issue 14 item 4: a `message/external-body` part (RFC 2046 §5.2.3) holds no content, only the phantom
/// header of an object kept elsewhere; its parameters say where. It was written under the external
/// object's name (`BodyFormats.ps`, the RFC's own example) though it held the phantom header. It is now
/// named for what it holds and the manifest says what it is and where the object lives.
final class ExtractExternalBodyTests: XCTestCase {
    var dir: TemporaryDirectory!

    override func setUpWithError() throws {
        dir = try TemporaryDirectory(prefix: "extract-external")
        guard FileManager.default.isExecutableFile(atPath: PopvaultProcess.binary.path) else {
            throw XCTSkip("popvault binary not built at \(PopvaultProcess.binary.path)")
        }
    }

    override func tearDown() { dir.remove() }

    static let phantom = "Content-Type: application/postscript\r\nContent-ID: <id42@guppylake.bellcore.com>\r\n\r\n"

    static var message: String {
        """
        From: sender@example.org\r
        Subject: the spec is on the FTP site\r
        Message-ID: <external@example.org>\r
        Content-Type: multipart/mixed; boundary="b"\r
        \r
        --b\r
        Content-Type: text/plain\r
        \r
        fetch it from the site below\r
        --b\r
        Content-Type: message/external-body; access-type=ANON-FTP; site="thumper.bellcore.com";\r
         directory="pub"; name="BodyFormats.ps"; mode="image"\r
        \r
        \(phantom)--b\r
        Content-Type: application/pdf; name="real.pdf"\r
        Content-Disposition: attachment; filename="real.pdf"\r
        \r
        %PDF-1.4 not really\r
        --b--\r

        """
    }

    func testExternalBodyIsNamedForThePhantomHeaderItHolds() throws {
        let (tree, manifest) = try extractFlat(Self.message, in: dir)
        XCTAssertNil(tree.files["BodyFormats.ps"], "the phantom header is not the PostScript file")
        XCTAssertEqual(tree.files["part-2.external-body.txt"], Array(Self.phantom.utf8.dropLast(2)))
        XCTAssertEqual(tree.files["real.pdf"], Array("%PDF-1.4 not really".utf8))
        XCTAssertEqual(tree.files.count, 2, "\(tree.files.keys.sorted())")

        let entry = try XCTUnwrap(manifest.objects.first { $0["part"] as? String == "2" })
        XCTAssertEqual(entry["path"] as? String, "part-2.external-body.txt")
        XCTAssertEqual(entry["content_type"] as? String, "message/external-body")
        XCTAssertEqual(entry["original_name"] as? String, "BodyFormats.ps")
        let external = try XCTUnwrap(entry["external_body"] as? [String: String], manifest.text)
        XCTAssertEqual(external, ["access-type": "ANON-FTP", "site": "thumper.bellcore.com", "directory": "pub",
                                  "name": "BodyFormats.ps", "mode": "image"])
        let pdf = try XCTUnwrap(manifest.objects.first { $0["part"] as? String == "3" })
        XCTAssertNil(pdf["external_body"], "only external-body parts carry the key")
    }

    func testNameFiltersSeeTheGeneratedNameNotTheExternalObjects() throws {
        let (tree, manifest) = try extractFlat(Self.message, in: dir, ["--only", "*.ps"])
        XCTAssertEqual(tree.files.count, 0, "no PostScript file is in this message")
        XCTAssertEqual(manifest.objects.count, 0, manifest.text)
    }
}
