import MIME
import XCTest

/// Header lines longer than the header block may hold, under the small limits of `scripts/fuzz MIMEFuzz`
/// (byte 0 bit 2). The fuzzer found that an unfinished line at the end of a chunk was counted whole against
/// `maximumHeaderBytes`, while the finished line counted only its kept `maximumLineLength` bytes (or nothing,
/// when it turned out to be the first body line): some splits failed where the whole message did not.
extension FuzzRegressionTests {
    static let smallLimits = MIMEParser.Options(
        maximumDepth: 3, maximumParts: 8, maximumHeaderBytes: 256, maximumLineLength: 64, maximumPreambleBytes: 128
    )

    /// `crash-9ec06c05…` minimised: a continuation line of 268 bytes with no field before it (dropped).
    func testContinuationLongerThanHeaderLimitInEverySplit() throws {
        let message = Array((" " + String(repeating: "a", count: 267) + "\n").utf8)
        let whole = try assertSplitIndependent(message, options: Self.smallLimits)
        XCTAssertNil(whole.failure)
        XCTAssertEqual(whole.parts.map(\.path), ["1"])
        XCTAssertEqual(whole.endDefects["1"], [.headerTooLong])
        XCTAssertEqual(whole.bodies["1"], [])
    }

    /// A field longer than the header limit is truncated to the line limit; the fields after it are read,
    /// whichever line break ends it (a bare CR cut off at the end of a chunk must not swallow the next line).
    func testFieldLongerThanHeaderLimitIsTruncatedInEverySplit() throws {
        // 65 and 66: the line is decided when a chunk ends right after its line break (or the CR of one).
        for length in [65, 66, 300] {
            let long = "Subject: " + String(repeating: "s", count: length - "Subject: ".count)
            for eol in ["\r\n", "\n", "\r"] {
                let message = Array((long + eol + "From: a@b" + eol + eol + "body" + eol).utf8)
                let whole = try assertSplitIndependent(message, options: Self.smallLimits)
                XCTAssertNil(whole.failure)
                XCTAssertEqual(whole.messages.first?.subject, String(long.dropFirst("Subject: ".count).prefix(55)))
                XCTAssertEqual(whole.messages.first?.from, "a@b", "\(length) \(eol.debugDescription)")
                XCTAssertEqual(whole.endDefects["1"], [.headerTooLong])
                XCTAssertEqual(whole.body("1"), "body" + eol)
            }
        }
    }

    /// A line that cannot be a header (a space before any colon) ends the header block and is the first body
    /// line, however much longer it is than the room left in the header block.
    func testBodyLineLongerThanHeaderLimitInEverySplit() throws {
        let first = String(repeating: "body text ", count: 30)
        let message = Array(("Subject: x\r\n" + first + "\r\nmore\r\n").utf8)
        let whole = try assertSplitIndependent(message, options: Self.smallLimits)
        XCTAssertNil(whole.failure)
        XCTAssertEqual(whole.messages.first?.subject, "x")
        XCTAssertEqual(whole.endDefects["1"], [.malformedHeader])
        XCTAssertEqual(whole.body("1"), first + "\r\nmore\r\n")
    }

    /// A field name that runs past the line limit (its colon would be cut off) is not a field: the line ends
    /// the header block and is body, as a line without any colon is.
    func testFieldNameLongerThanLineLimitIsBodyInEverySplit() throws {
        let first = String(repeating: "X", count: 300) + ": v"
        let message = Array(("Subject: x\r\n" + first + "\r\nTo: y\r\n\r\nz").utf8)
        let whole = try assertSplitIndependent(message, options: Self.smallLimits)
        XCTAssertNil(whole.failure)
        XCTAssertEqual(whole.endDefects["1"], [.malformedHeader])
        XCTAssertEqual(whole.body("1"), first + "\r\nTo: y\r\n\r\nz")
    }

    /// A long mbox `From_` line is skipped whole, and a long delimiter line (transport padding) right after a
    /// part's header ends that part, in every split.
    func testLongFromLineAndDelimiterLineInEverySplit() throws {
        let padding = String(repeating: " ", count: 300)
        let message = Array((
            "From " + String(repeating: "f", count: 300) + "\nContent-Type: multipart/mixed; boundary=b\n\n"
                + "--b\nContent-Type: text/plain\n--b" + padding + "\nSubject: ignored\n\ntwo\n--b--" + padding + "\n"
        ).utf8)
        let whole = try assertSplitIndependent(message, options: Self.smallLimits)
        XCTAssertNil(whole.failure)
        XCTAssertEqual(whole.parts.map(\.path), ["1", "2"])
        XCTAssertEqual(whole.body("1"), "")
        XCTAssertEqual(whole.body("2"), "two")
    }

    /// A header block over the limit fails at the same line, with the same actual size, in every split.
    func testHeaderLimitErrorIsTheSameInEverySplit() throws {
        let field = "X-Field: " + String(repeating: "v", count: 51) + "\r\n"
        let message = Array((String(repeating: field, count: 5) + "\r\nbody\r\n").utf8)
        let whole = try assertSplitIndependent(message, options: Self.smallLimits)
        XCTAssertEqual(whole.failure, MIMEError(limit: .headerBytes, actual: 5 * 61, maximum: 256, path: ""))
    }
}
