import MIME
import XCTest

final class LimitTests: XCTestCase {
    func nested(_ depth: Int) -> [UInt8] {
        var s = ""
        for k in 0..<depth { s += "Content-Type: multipart/mixed; boundary=b\(k)\n\n--b\(k)\n" }
        s += "\nleaf\n"
        return Array(s.utf8)
    }

    func testDepthLimitCarriesActualAndMaximum() throws {
        XCTAssertNoThrow(try Feed.parse(nested(7), options: .init(maximumDepth: 8)))
        XCTAssertThrowsError(try Feed.parse(nested(8), options: .init(maximumDepth: 8))) { error in
            XCTAssertEqual(error as? MIMEError,
                           MIMEError(limit: .depth, actual: 9, maximum: 8, path: "1.1.1.1.1.1.1"))
        }
    }

    func testEmbeddedMessagesCountTowardsDepth() throws {
        let s = String(repeating: "Content-Type: message/rfc822\n\n", count: 5) + "x\n"
        XCTAssertThrowsError(try Feed.parse(Array(s.utf8), options: .init(maximumDepth: 4))) { error in
            XCTAssertEqual((error as? MIMEError)?.limit, .depth)
            XCTAssertEqual((error as? MIMEError)?.maximum, 4)
        }
    }

    func testPartLimit() throws {
        var s = "Content-Type: multipart/mixed; boundary=b\n\n"
        for _ in 0..<11 { s += "--b\n\nx\n" }
        XCTAssertThrowsError(try Feed.parse(Array(s.utf8), options: .init(maximumParts: 10))) { error in
            XCTAssertEqual(error as? MIMEError, MIMEError(limit: .parts, actual: 11, maximum: 10, path: "11"))
        }
        XCTAssertNoThrow(try Feed.parse(Array(s.utf8), options: .init(maximumParts: 11)))
    }

    func testHeaderByteLimitInEverySplit() throws {
        let s = "Subject: " + String(repeating: "a", count: 2000) + "\n\nbody\n"
        let bytes = Array(s.utf8)
        for cut in [0, 5, 1000, 2009, bytes.count] {
            XCTAssertThrowsError(try Feed.parse(bytes, cuts: [cut], options: .init(maximumHeaderBytes: 1024))) {
                let e = $0 as? MIMEError
                XCTAssertEqual(e?.limit, .headerBytes)
                XCTAssertEqual(e?.maximum, 1024)
                XCTAssertGreaterThan(e?.actual ?? 0, 1024)
            }
        }
        XCTAssertNoThrow(try Feed.parse(bytes, options: .init(maximumHeaderBytes: 4096)))
    }

    func testOverlongHeaderLineIsTruncatedWithDefect() throws {
        let s = "X-Long: " + String(repeating: "a", count: 500) + "\nSubject: ok\n\nbody\n"
        let r = try Feed.parse(Array(s.utf8), options: .init(maximumLineLength: 100))
        XCTAssertEqual(r.messages.first?.subject, "ok")
        XCTAssertEqual(r.endDefects["1"], [.headerTooLong])
    }

    func testFailureIsSticky() throws {
        let recorder = EventRecorder()
        var parser = MIMEParser(options: .init(maximumHeaderBytes: 10), handler: recorder)
        XCTAssertThrowsError(try parser.feed(Array("Subject: too long for ten\n".utf8)))
        XCTAssertThrowsError(try parser.feed(Array("\n".utf8)))
        XCTAssertThrowsError(try parser.finish())
    }
}
