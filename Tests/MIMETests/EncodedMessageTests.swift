import Foundation
import MIME
import XCTest

/// `message/rfc822` parts with a base64 or quoted-printable encoding (RFC 2046 §5.2.1 forbids it): the
/// decoded message is delivered as a leaf and parsed, so the attachments inside are reported too.
final class EncodedMessageTests: XCTestCase {
    static let inner = """
        From: a@example.org\r
        Subject: inner\r
        Content-Type: multipart/mixed; boundary="in"\r
        \r
        --in\r
        Content-Type: text/plain\r
        \r
        hello\r
        --in\r
        Content-Type: image/gif; name="one.gif"\r
        Content-Transfer-Encoding: base64\r
        \r
        R0lGODlhAQABAAAAACw=\r
        --in\r
        Content-Type: application/octet-stream; name="two.bin"\r
        \r
        second=file\r
        --in--\r

        """

    static func outer(encoding: String, body: String) -> [UInt8] {
        Array("""
            From: b@example.org\r
            Subject: outer\r
            Content-Type: multipart/mixed; boundary="out"\r
            \r
            --out\r
            Content-Type: text/plain\r
            \r
            see attached\r
            --out\r
            Content-Type: message/rfc822\r
            Content-Transfer-Encoding: \(encoding)\r
            \r
            \(body)\r
            --out--\r

            """.utf8)
    }

    static var base64Message: [UInt8] {
        let lines: Data.Base64EncodingOptions = [
            .lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed,
        ]
        let encoded = Data(inner.utf8).base64EncodedString(options: lines)
        return outer(encoding: "base64", body: encoded)
    }

    /// The inner message in quoted-printable: `=` escaped, soft line breaks in the long boundary line.
    static var quotedPrintableMessage: [UInt8] {
        let escaped = inner.replacingOccurrences(of: "=", with: "=3D")
            .replacingOccurrences(of: "multipart/mixed; ", with: "multipart/=\r\nmixed; ")
        return outer(encoding: "quoted-printable", body: escaped)
    }

    func testBase64MessageInEverySplit() throws {
        let whole = try assertSplitIndependent(Self.base64Message)
        XCTAssertNil(whole.failure)
        try assertInnerParts(whole)
    }

    func testQuotedPrintableMessageInEverySplit() throws {
        let whole = try assertSplitIndependent(Self.quotedPrintableMessage)
        XCTAssertNil(whole.failure)
        try assertInnerParts(whole)
    }

    func testDepthLimitCountsTheEncodedMessage() throws {
        // Depth: outer message 1, its multipart 2, the inner message 3, its multipart 4.
        XCTAssertNoThrow(try Feed.parse(Self.base64Message, options: .init(maximumDepth: 4)))
        XCTAssertThrowsError(try Feed.parse(Self.base64Message, options: .init(maximumDepth: 3))) { error in
            guard let error = error as? MIMEError else { return XCTFail("\(error)") }
            XCTAssertEqual(error.limit, .depth)
            XCTAssertEqual(error.actual, 4)
            XCTAssertEqual(error.maximum, 3)
        }
    }

    func testPartLimitCountsTheInnerParts() throws {
        // Entities: outer parts 1 and 2, inner parts 2.1, 2.2, 2.3.
        XCTAssertNoThrow(try Feed.parse(Self.base64Message, options: .init(maximumParts: 5)))
        XCTAssertThrowsError(try Feed.parse(Self.base64Message, options: .init(maximumParts: 4))) { error in
            guard let error = error as? MIMEError else { return XCTFail("\(error)") }
            XCTAssertEqual(error.limit, .parts)
            XCTAssertEqual(error.actual, 5)
            XCTAssertEqual(error.maximum, 4)
        }
    }

    func assertInnerParts(_ whole: EventRecorder, file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(whole.body("2"), Self.inner, "the .eml leaf is the decoded message", file: file, line: line)
        XCTAssertEqual(whole.messages.map(\.path), ["", "2"], file: file, line: line)
        XCTAssertEqual(whole.messages.map(\.depth), [0, 1], file: file, line: line)
        XCTAssertEqual(whole.messages.last?.subject, "inner", file: file, line: line)
        let names = whole.parts.map { "\($0.path) \($0.filename ?? "-") main=\($0.isMainBody)" }
        XCTAssertEqual(
            names, ["1 - main=true", "2 - main=false", "2.1 - main=false", "2.2 one.gif main=false",
                    "2.3 two.bin main=false"], file: file, line: line)
        let gif: [UInt8] = Array(Data(base64Encoded: "R0lGODlhAQABAAAAACw=")!)
        XCTAssertEqual(whole.bodies["2.2"], gif, file: file, line: line)
        XCTAssertEqual(whole.body("2.3"), "second=file", file: file, line: line)
        XCTAssertEqual(whole.body("2.1"), "hello", file: file, line: line)
    }
}
