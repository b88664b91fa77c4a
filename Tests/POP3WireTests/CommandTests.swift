import NIOCore
import POP3Wire
import XCTest

/// Command encoding, framing and validation.
final class CommandTests: XCTestCase {
    func testEncoding() {
        let fixtures: [(POP3Command, String, POP3Framing, UInt)] = [
            (.user("mrose"), "USER mrose\r\n", .singleLine, #line),
            (.pass("secret with spaces"), "PASS secret with spaces\r\n", .singleLine, #line),
            (.apop(user: "mrose", digestHex: "c4c9334bac560ecc979e58001b3e22fb"),
             "APOP mrose c4c9334bac560ecc979e58001b3e22fb\r\n", .singleLine, #line),
            (.auth(mechanism: "PLAIN", initialResponse: "AGZyZWQAc2VjcmV0"), "AUTH PLAIN AGZyZWQAc2VjcmV0\r\n", .sasl,
             #line),
            (.auth(mechanism: "XOAUTH2", initialResponse: nil), "AUTH XOAUTH2\r\n", .sasl, #line),
            (.auth(mechanism: "EXTERNAL", initialResponse: "="), "AUTH EXTERNAL =\r\n", .sasl, #line),
            (.saslResponse("dGVzdA=="), "dGVzdA==\r\n", .sasl, #line),
            (.saslResponse(""), "\r\n", .sasl, #line),
            (.saslCancel, "*\r\n", .sasl, #line),
            (.capa, "CAPA\r\n", .multiLineLines, #line),
            (.stls, "STLS\r\n", .singleLine, #line),
            (.stat, "STAT\r\n", .singleLine, #line),
            (.list(nil), "LIST\r\n", .multiLineLines, #line),
            (.list(3), "LIST 3\r\n", .singleLine, #line),
            (.uidl(nil), "UIDL\r\n", .multiLineLines, #line),
            (.uidl(12), "UIDL 12\r\n", .singleLine, #line),
            (.retr(1), "RETR 1\r\n", .multiLineBody, #line),
            (.top(7, lines: 0), "TOP 7 0\r\n", .multiLineBody, #line),
            (.dele(2), "DELE 2\r\n", .singleLine, #line),
            (.rset, "RSET\r\n", .singleLine, #line),
            (.noop, "NOOP\r\n", .singleLine, #line),
            (.quit, "QUIT\r\n", .singleLine, #line),
        ]
        for (command, wire, framing, line) in fixtures {
            var buffer = ByteBuffer()
            command.encode(into: &buffer)
            XCTAssertEqual(String(buffer: buffer), wire, line: line)
            XCTAssertEqual(command.framing, framing, line: line)
            XCTAssertNoThrow(try command.validate(), line: line)
        }
    }

    func testEncodeStripsLineBreaksAndNUL() {
        var buffer = ByteBuffer()
        POP3Command.user("eve\r\nDELE 1").encode(into: &buffer)
        POP3Command.pass("pw\0x\n").encode(into: &buffer)
        POP3Command.saslResponse("abc\r\nQUIT").encode(into: &buffer)
        XCTAssertEqual(String(buffer: buffer), "USER eveDELE 1\r\nPASS pwx\r\nabcQUIT\r\n")
    }

    func testValidationRefusesInjection() {
        let fixtures: [(POP3Command, POP3CommandError.Kind, UInt)] = [
            (.user("eve\r\nDELE 1"), .forbiddenByte(0x0D), #line),
            (.pass("pw\nQUIT"), .forbiddenByte(0x0A), #line),
            (.pass("p\0w"), .forbiddenByte(0x00), #line),
            (.saslResponse("abc\n"), .forbiddenByte(0x0A), #line),
            (.auth(mechanism: "PLAIN", initialResponse: "x\r"), .forbiddenByte(0x0D), #line),
            (.user(""), .emptyArgument, #line),
            (.apop(user: "u", digestHex: "not-hex"), .malformedDigest, #line),
            (.apop(user: "u", digestHex: ""), .malformedDigest, #line),
            (.auth(mechanism: "", initialResponse: nil), .malformedMechanism, #line),
            (.auth(mechanism: "PLAIN X", initialResponse: nil), .malformedMechanism, #line),
            (.retr(0), .invalidMessageNumber(0), #line),
            (.dele(-1), .invalidMessageNumber(-1), #line),
            (.list(0), .invalidMessageNumber(0), #line),
            (.top(1, lines: -1), .invalidLineCount(-1), #line),
            (.pass(String(repeating: "p", count: 250)), .lineTooLong(actual: 257, maximum: 255), #line),
        ]
        for (command, kind, line) in fixtures {
            XCTAssertThrowsError(try command.validate(), line: line) { error in
                XCTAssertEqual((error as? POP3CommandError)?.kind, kind, line: line)
            }
        }
        let long = POP3Command.saslResponse(String(repeating: "A", count: 2000))
        XCTAssertNoThrow(try long.validate(), "SASL response lines are not limited to 255 octets")
    }

    func testDescriptionRedactsSecrets() {
        XCTAssertEqual(POP3Command.pass("hunter2").description, "PASS <redacted>")
        XCTAssertEqual(POP3Command.apop(user: "me", digestHex: "abcd").description, "APOP me <redacted>")
        XCTAssertEqual(POP3Command.auth(mechanism: "PLAIN", initialResponse: "AGEAYg==").description,
                       "AUTH PLAIN <redacted>")
        XCTAssertEqual(POP3Command.auth(mechanism: "LOGIN", initialResponse: nil).description, "AUTH LOGIN")
        XCTAssertEqual(POP3Command.saslResponse("c2VjcmV0").description, "<redacted SASL response>")
        XCTAssertEqual(POP3Command.saslCancel.description, "*")
        XCTAssertEqual(POP3Command.top(3, lines: 10).description, "TOP 3 10")
        XCTAssertEqual(POP3Command.user("a\u{1B}b").description, "USER a\\x1Bb")
        let error = POP3CommandError(keyword: "PASS", kind: .forbiddenByte(0x0A))
        XCTAssertEqual(error.description, "PASS: argument contains forbidden byte 0xa")
    }
}
