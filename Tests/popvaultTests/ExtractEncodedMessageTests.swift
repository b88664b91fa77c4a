import Foundation
import TestSupport
import XCTest

/// A `message/rfc822` part in base64 (RFC 2046 §5.2.1 forbids it; php-mime-mail-parser issue274.eml and
/// mime4j multi-2gifs-base64.msg have one): the decoded message is saved as one `.eml`, as before, and the
/// attachments inside it are extracted too, with their decoded bytes.
final class ExtractEncodedMessageTests: XCTestCase {
    var dir: TemporaryDirectory!

    override func setUpWithError() throws {
        dir = try TemporaryDirectory(prefix: "extract-encoded")
        guard FileManager.default.isExecutableFile(atPath: PopvaultProcess.binary.path) else {
            throw XCTSkip("popvault binary not built at \(PopvaultProcess.binary.path)")
        }
    }

    override func tearDown() { dir.remove() }

    static let gif: [UInt8] = Array(Data(base64Encoded: "R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")!)
    static let binary: [UInt8] = (0..<3000).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 / 251) }

    static var inner: String {
        """
        From: inner@example.org\r
        Subject: forwarded\r
        Content-Type: multipart/mixed; boundary="in"\r
        \r
        --in\r
        Content-Type: text/plain\r
        \r
        the forwarded text\r
        --in\r
        Content-Type: image/gif; name="dot.gif"\r
        Content-Disposition: attachment; filename="dot.gif"\r
        Content-Transfer-Encoding: base64\r
        \r
        \(Data(gif).base64EncodedString())\r
        --in\r
        Content-Type: application/octet-stream\r
        Content-Disposition: attachment; filename="data.bin"\r
        Content-Transfer-Encoding: base64\r
        \r
        \(Data(binary).base64EncodedString(options: .lineLength76Characters))\r
        --in--\r

        """
    }

    static var message: String {
        let encoded = Data(inner.utf8).base64EncodedString(options: .lineLength76Characters)
        return """
            From: outer@example.org\r
            Subject: Fwd: forwarded\r
            Message-ID: <outer@example.org>\r
            Content-Type: multipart/mixed; boundary="out"\r
            \r
            --out\r
            Content-Type: text/plain\r
            \r
            see the attached message\r
            --out\r
            Content-Type: message/rfc822; name="forwarded.eml"\r
            Content-Transfer-Encoding: base64\r
            \r
            \(encoded)\r
            --out--\r

            """
    }

    func testInnerAttachmentsOfABase64MessageAreExtracted() throws {
        let (tree, manifest) = try extractFlat(Self.message, in: dir)
        XCTAssertEqual(tree.files["forwarded.eml"], Array(Self.inner.utf8), "the .eml is the decoded message")
        XCTAssertEqual(tree.files["dot.gif"], Self.gif)
        XCTAssertEqual(tree.files["data.bin"], Self.binary)
        XCTAssertEqual(tree.files["part-2.1.txt"], Array("the forwarded text".utf8))
        XCTAssertEqual(tree.files.count, 4, "\(tree.files.keys.sorted())")

        let parts = manifest.objects.map { "\($0["part"] as? String ?? "?") \($0["path"] as? String ?? "?")" }
        XCTAssertEqual(parts, ["2.1 part-2.1.txt", "2.2 dot.gif", "2.3 data.bin", "2 forwarded.eml"])
        let data = try XCTUnwrap(manifest.objects.first { $0["path"] as? String == "data.bin" })
        XCTAssertEqual(data["sha256"] as? String, sha256Hex(Self.binary))
        XCTAssertEqual(data["message_id"] as? String, "<outer@example.org>")
        XCTAssertEqual(data["content_type"] as? String, "application/octet-stream")
    }
}
