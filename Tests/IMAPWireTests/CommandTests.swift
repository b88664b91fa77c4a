import IMAPWire
import NIOCore
import XCTest

/// Command encoding: arguments quoted or sent as literals, and CR/LF/NUL never written.
final class CommandTests: XCTestCase {
    func encode(_ command: IMAPCommand, tag: String = "A1", literalPlus: Bool = false) throws -> [String] {
        let encoder = IMAPCommandEncoder(useNonSynchronizingLiterals: literalPlus)
        return try encoder.encode(.command(IMAPTaggedCommand(tag: tag, command: command))).map { String(buffer: $0) }
    }

    func testSimpleCommands() throws {
        XCTAssertEqual(try encode(.capability), ["A1 CAPABILITY\r\n"])
        XCTAssertEqual(try encode(.noop), ["A1 NOOP\r\n"])
        XCTAssertEqual(try encode(.logout), ["A1 LOGOUT\r\n"])
        XCTAssertEqual(try encode(.startTLS), ["A1 STARTTLS\r\n"])
        XCTAssertEqual(try encode(.expunge), ["A1 EXPUNGE\r\n"])
        XCTAssertEqual(
            try encode(.list(reference: IMAPMailboxName(wire: []), pattern: "*")),
            ["A1 LIST \"\" \"*\"\r\n"]
        )
        XCTAssertEqual(try encode(.examine(IMAPMailboxName("其他文件夹"))), ["A1 EXAMINE \"&UXZO1mWHTvZZOQ-\"\r\n"])
        XCTAssertEqual(try encode(.select(.inbox)), ["A1 SELECT \"INBOX\"\r\n"])
        XCTAssertEqual(try encode(.uidSearch(from: 42)), ["A1 UID SEARCH UID 42:4294967295\r\n"])
        let set = IMAPUIDSet([5, 1, 2, 3, 9])
        XCTAssertEqual(
            try encode(.uidFetch(set, .messages)),
            ["A1 UID FETCH 1:3,5,9 (UID RFC822.SIZE INTERNALDATE FLAGS BODY.PEEK[])\r\n"]
        )
        XCTAssertEqual(
            try encode(.uidFetch(set, .metadata)),
            ["A1 UID FETCH 1:3,5,9 (UID RFC822.SIZE INTERNALDATE FLAGS)\r\n"]
        )
        XCTAssertEqual(
            try encode(.uidStoreAddFlags(set, ["\\Deleted"])),
            ["A1 UID STORE 1:3,5,9 +FLAGS.SILENT (\\Deleted)\r\n"]
        )
        XCTAssertEqual(try encode(.uidExpunge(set)), ["A1 UID EXPUNGE 1:3,5,9\r\n"])
    }

    func testLoginQuotingAndLiterals() throws {
        XCTAssertEqual(try encode(.login(user: "me", password: "p\"w\\d")), ["A1 LOGIN \"me\" \"p\\\"w\\\\d\"\r\n"])
        // 8-bit data goes as a literal: after the server's continuation, or at once with LITERAL+.
        XCTAssertEqual(
            try encode(.login(user: "me", password: "pässwörd")),
            ["A1 LOGIN \"me\" {10}\r\n", "pässwörd\r\n"]
        )
        XCTAssertEqual(
            try encode(.login(user: "me", password: "pässwörd"), literalPlus: true),
            ["A1 LOGIN \"me\" {10+}\r\npässwörd\r\n"]
        )
        XCTAssertEqual(try encode(.login(user: "jö", password: "ä")), ["A1 LOGIN {3}\r\n", "jö {2}\r\n", "ä\r\n"])
    }

    func testAuthenticate() throws {
        XCTAssertEqual(
            try encode(.authenticate(mechanism: "PLAIN", initialResponse: "AG1lAHB3")),
            ["A1 AUTHENTICATE PLAIN AG1lAHB3\r\n"]
        )
        XCTAssertEqual(
            try encode(.authenticate(mechanism: "PLAIN", initialResponse: "")),
            ["A1 AUTHENTICATE PLAIN =\r\n"]
        )
        XCTAssertEqual(
            try encode(.authenticate(mechanism: "XOAUTH2", initialResponse: nil)),
            ["A1 AUTHENTICATE XOAUTH2\r\n"]
        )
        let encoder = IMAPCommandEncoder()
        XCTAssertEqual(try encoder.encode(.saslResponse("AG1l")).map { String(buffer: $0) }, ["AG1l\r\n"])
        XCTAssertEqual(try encoder.encode(.saslResponse("")).map { String(buffer: $0) }, ["\r\n"])
    }

    func testInjectionIsRefused() {
        let injections: [(IMAPClientMessage, IMAPCommandError.Kind)] = [
            (
                .command(IMAPTaggedCommand(tag: "A1", command: .login(user: "me\r\nA2 DELETE INBOX", password: "x"))),
                .forbiddenByte(0x0D)
            ),
            (
                .command(IMAPTaggedCommand(tag: "A1", command: .login(user: "me", password: "a\nb"))),
                .forbiddenByte(0x0A)
            ),
            (
                .command(IMAPTaggedCommand(tag: "A1", command: .login(user: "me", password: "a\u{0}b"))),
                .forbiddenByte(0x00)
            ),
            (
                .command(IMAPTaggedCommand(tag: "A1", command: .examine(IMAPMailboxName(wire: Array("a\r\nb".utf8))))),
                .forbiddenByte(0x0D)
            ),
            (
                .command(
                    IMAPTaggedCommand(tag: "A1", command: .authenticate(mechanism: "PLAIN", initialResponse: "x\r\n"))
                ), .forbiddenByte(0x0D)
            ),
            (.saslResponse("abc\r\nA2 LOGOUT"), .forbiddenByte(0x0D)),
            (.command(IMAPTaggedCommand(tag: "A 1", command: .noop)), .malformedTag),
            (.command(IMAPTaggedCommand(tag: "+", command: .noop)), .malformedTag),
            (.command(IMAPTaggedCommand(tag: "", command: .noop)), .malformedTag),
            (.command(IMAPTaggedCommand(tag: "A1", command: .login(user: "", password: "x"))), .emptyArgument),
            (
                .command(
                    IMAPTaggedCommand(tag: "A1", command: .authenticate(mechanism: "PL AIN", initialResponse: nil))
                ), .malformedMechanism
            ),
            (
                .command(IMAPTaggedCommand(tag: "A1", command: .uidStoreAddFlags(IMAPUIDSet([1]), ["\\Del eted"]))),
                .malformedFlag
            ),
            (.command(IMAPTaggedCommand(tag: "A1", command: .uidFetch(IMAPUIDSet([]), .messages))), .emptySet),
            (.command(IMAPTaggedCommand(tag: "A1", command: .uidExpunge(IMAPUIDSet([0])))), .emptySet),
        ]
        for (message, kind) in injections {
            XCTAssertThrowsError(try IMAPCommandEncoder().encode(message), "\(message)") { error in
                XCTAssertEqual((error as? IMAPCommandError)?.kind, kind, "\(message)")
                XCTAssertFalse("\(error)".contains("DELETE"), "the error must not echo the argument")
            }
        }
    }

    func testDescriptionsHideSecrets() {
        let login = IMAPTaggedCommand(tag: "A1", command: .login(user: "me", password: "hunter2"))
        XCTAssertEqual(login.description, "A1 LOGIN me <redacted>")
        let plain = IMAPTaggedCommand(
            tag: "A2",
            command: .authenticate(mechanism: "PLAIN", initialResponse: "c2VjcmV0")
        )
        XCTAssertEqual(plain.description, "A2 AUTHENTICATE PLAIN <redacted>")
    }

    func testUIDSet() {
        XCTAssertEqual(IMAPUIDSet([1, 2, 3, 7, 9, 10]).description, "1:3,7,9:10")
        XCTAssertEqual(IMAPUIDSet([3, 3, 2, 0]).description, "2:3")
        XCTAssertEqual(IMAPUIDSet([UInt32.max, UInt32.max - 1, 1]).description, "1,4294967294:4294967295")
        XCTAssertEqual(IMAPUIDSet([4, 2]).count, 2)
        XCTAssertTrue(IMAPUIDSet([1, 5]).contains(5))
        XCTAssertFalse(IMAPUIDSet([1, 5]).contains(3))
    }

    func testInternalDate() {
        let date = IMAPInternalDate("17-Jul-1996 02:44:25 -0700")
        XCTAssertEqual(date?.secondsSince1970, 837_596_665)
        XCTAssertEqual(date?.description, "17-Jul-1996 02:44:25 -0700")
        XCTAssertEqual(IMAPInternalDate(" 1-Jan-2024 00:00:00 +0000")?.secondsSince1970, 1_704_067_200)
        XCTAssertEqual(IMAPInternalDate("1-Jan-2024 00:00:00 +0100")?.secondsSince1970, 1_704_063_600)
        XCTAssertNil(IMAPInternalDate("1-Foo-2024 00:00:00 +0000"))
        XCTAssertNil(IMAPInternalDate("01-Jan-2024 24:00:00 +0000"))
        XCTAssertNil(IMAPInternalDate("01-Jan-2024 00:00:00 0000"))
    }
}
