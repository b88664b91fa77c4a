import NIOCore
import POP3Wire
import XCTest

/// Status and continuation lines (RFC 1939 §3, RFC 2449 §8, RFC 5034 §4), in every split.
final class StatusLineTests: XCTestCase {
    func testStatusLines() {
        verify([
            ParseFixture([.singleLine], "+OK\r\n", [.ok()]),
            ParseFixture([.singleLine], "+OK \r\n", [.ok()]),
            ParseFixture([.singleLine], "+OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>\r\n",
                         [.ok("POP3 server ready <1896.697170952@dbc.mtview.ca.us>")]),
            ParseFixture([.singleLine], "-ERR\r\n", [.err()]),
            ParseFixture([.singleLine], "-ERR no such message\r\n", [.err("no such message")]),
            ParseFixture([.singleLine], "+OK  two spaces\r\n", [.ok(" two spaces")]),
            ParseFixture([.singleLine], "+OK 2 320\r\n", [.ok("2 320")]),
            ParseFixture([.singleLine], "+OK caf\u{E9}\r\n", [.ok("caf\u{E9}")]),
        ])
    }

    func testResponseCodes() {
        verify([
            ParseFixture([.singleLine], "-ERR [SYS/TEMP] try later\r\n", [.err("try later", code: .sysTemp)]),
            ParseFixture([.singleLine], "-ERR [SYS/PERM] gone\r\n", [.err("gone", code: .sysPerm)]),
            ParseFixture([.singleLine], "-ERR [IN-USE] locked\r\n", [.err("locked", code: .inUse)]),
            ParseFixture([.singleLine], "-ERR [LOGIN-DELAY] wait\r\n", [.err("wait", code: .loginDelay)]),
            ParseFixture([.singleLine], "-ERR [AUTH] bad password\r\n", [.err("bad password", code: .auth)]),
            ParseFixture([.singleLine], "-ERR [UTF8] required\r\n", [.err("required", code: .utf8)]),
            ParseFixture([.singleLine], "-ERR [sys/temp] lower\r\n", [.err("lower", code: .sysTemp)]),
            ParseFixture([.singleLine], "-ERR [SYS/TEMP/QUOTA] sub\r\n", [.err("sub", code: .sysTemp)]),
            ParseFixture([.singleLine], "-ERR [IN-USE/OTHER] sub\r\n", [.err("sub", code: .inUse)]),
            ParseFixture([.singleLine], "-ERR [X-FOO/BAR] odd\r\n", [.err("odd", code: .other("X-FOO/BAR"))]),
            ParseFixture([.singleLine], "-ERR [SYS] parent\r\n", [.err("parent", code: .other("SYS"))]),
            ParseFixture([.singleLine], "-ERR [AUTH]\r\n", [.err("", code: .auth)]),
            ParseFixture([.singleLine], "-ERR [] empty\r\n", [.err("[] empty")]),
            ParseFixture([.singleLine], "-ERR [unclosed text\r\n", [.err("[unclosed text")]),
            ParseFixture([.singleLine], "-ERR not [SYS/TEMP] at start\r\n", [.err("not [SYS/TEMP] at start")]),
        ])
    }

    func testContinuations() {
        verify([
            ParseFixture([.sasl], "+ \r\n", [.continuation("")]),
            ParseFixture([.sasl], "+ PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2U+\r\n",
                         [.continuation("PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2U+")]),
            // QUIRK: bare "+" for an empty challenge.
            ParseFixture([.sasl], "+\r\n", [.continuation("")]),
            ParseFixture([.sasl], "+OK Logged in.\r\n", [.ok("Logged in.")]),
            ParseFixture([.sasl], "-ERR [AUTH] Authentication failed.\r\n",
                         [.err("Authentication failed.", code: .auth)]),
            ParseFixture([.sasl, .sasl], "+ \r\n+OK\r\n", [.continuation(""), .ok()]),
        ])
    }

    func testMalformedStatusLines() {
        verify([
            ParseFixture([.singleLine], "OK\r\n", [], .failure(.malformedStatusLine)),
            ParseFixture([.singleLine], "+OKAY\r\n", [], .failure(.malformedStatusLine)),
            ParseFixture([.singleLine], "-ERROR\r\n", [], .failure(.malformedStatusLine)),
            ParseFixture([.singleLine], "+ok\r\n", [], .failure(.malformedStatusLine)),
            ParseFixture([.singleLine], "\r\n", [], .failure(.malformedStatusLine)),
            ParseFixture([.singleLine], "* OK IMAP4rev1\r\n", [], .failure(.malformedStatusLine)),
            ParseFixture([.singleLine], "+ challenge\r\n", [], .failure(.unexpectedContinuation)),
            ParseFixture([.multiLineBody], "+\r\n", [], .failure(.unexpectedContinuation)),
            ParseFixture([], "+OK\r\n", [], .failure(.unexpectedData)),
            ParseFixture([.singleLine], "+OK\r\n+OK\r\n", [.ok()], .failure(.unexpectedData)),
        ])
    }

    func testIncompleteStatusLines() {
        verify([
            ParseFixture([.singleLine], "", [], .incomplete),
            ParseFixture([.singleLine], "+OK", [], .incomplete),
            ParseFixture([.singleLine], "+OK ready\r", [], .incomplete),
            ParseFixture([.singleLine, .singleLine], "+OK\r\n", [.ok()], .incomplete),
        ])
    }

    /// QUIRK: a bare LF ends a status line (RFC 1939 §3 wants CRLF).
    func testBareLineFeedStatusLines() {
        verify([
            ParseFixture([.singleLine], "+OK ready\n", [.ok("ready")]),
            ParseFixture([.singleLine], "-ERR [SYS/TEMP] later\n", [.err("later", code: .sysTemp)]),
            ParseFixture([.sasl], "+ \n", [.continuation("")]),
            ParseFixture([.singleLine], "+OK lone\rCR\r\n", [.ok("lone\rCR")]),
        ])
    }

    func testLineLengthLimit() {
        let options = POP3ResponseParser.Options(maximumLineLength: 10)
        verify([
            ParseFixture([.singleLine], "+OK 678901\r\n", [.ok("678901")], options: options),
            ParseFixture([.singleLine], "+OK 6789012\r\n", [], .failure(.lineTooLong(actual: 12, maximum: 10)),
                         options: options),
            ParseFixture([.singleLine], "+OK 6789012\n", [], .failure(.lineTooLong(actual: 11, maximum: 10)),
                         options: options),
            ParseFixture([.singleLine], "+OK 67890123456789", [], .failure(.lineTooLong(actual: 12, maximum: 10)),
                         options: options),
        ])
    }

    func testErrorDescriptionEscapesServerText() throws {
        var parser = POP3ResponseParser()
        parser.expect(.singleLine)
        var buffer = ByteBuffer(bytes: Array("\u{1B}[31mEVIL\u{7}".utf8) + [0xFF, 0x0D, 0x0A])
        XCTAssertThrowsError(try parser.next(&buffer)) { error in
            let error = error as! POP3ParseError
            XCTAssertEqual(error.kind, .malformedStatusLine)
            XCTAssertEqual(error.excerpt, "\\x1B[31mEVIL\\x07\\xFF")
            XCTAssertFalse(error.description.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F })
        }
    }

    func testFailureIsSticky() {
        var parser = POP3ResponseParser()
        parser.expect(.singleLine)
        parser.expect(.singleLine)
        var buffer = ByteBuffer(string: "bogus\r\n+OK\r\n")
        XCTAssertThrowsError(try parser.next(&buffer))
        XCTAssertThrowsError(try parser.next(&buffer)) { error in
            XCTAssertEqual((error as? POP3ParseError)?.kind, .malformedStatusLine)
        }
        XCTAssertFalse(parser.isIdle)
    }
}

extension StatusLineTests {
    /// The `+OK n octets` hint of a RETR answer, used only as a desync check.
    func testAnnouncedOctets() {
        let fixtures: [(String, Int?)] = [
            ("120 octets", 120), ("120 octets follow.", 120), ("0 octets", 0), ("message follows", nil),
            ("120", nil), ("octets 120", nil), ("-1 octets", nil), ("1234567890123456789 octets", nil), ("", nil),
        ]
        for (text, expected) in fixtures {
            XCTAssertEqual(POP3StatusLine(isOK: true, text: text).announcedOctets, expected, text)
        }
    }
}
