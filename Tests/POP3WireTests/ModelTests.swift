import NIOCore
import POP3Wire
import XCTest

/// CAPA, UIDL, LIST, STAT and greeting models.
final class ModelTests: XCTestCase {
    func testCapabilities() {
        let capabilities = POP3Capabilities(lines: [
            "TOP", "user", "SASL plain LOGIN  XOAUTH2", "RESP-CODES", "AUTH-RESP-CODE", "PIPELINING",
            "UIDL", "STLS", "IMPLEMENTATION Dovecot  ready", "LOGIN-DELAY 900 USER", "EXPIRE 30", "",
        ])
        XCTAssertTrue(capabilities.supportsTop)
        XCTAssertTrue(capabilities.supportsUser)
        XCTAssertTrue(capabilities.supportsPipelining)
        XCTAssertTrue(capabilities.supportsUIDL)
        XCTAssertTrue(capabilities.supportsSTLS)
        XCTAssertTrue(capabilities.supportsResponseCodes)
        XCTAssertTrue(capabilities.supportsAuthResponseCode)
        XCTAssertFalse(capabilities.supportsUTF8)
        XCTAssertEqual(capabilities.saslMechanisms, ["PLAIN", "LOGIN", "XOAUTH2"])
        XCTAssertEqual(capabilities.implementation, "Dovecot ready")
        XCTAssertEqual(capabilities.loginDelay, 900)
        XCTAssertEqual(capabilities.expire, .days(30))
        XCTAssertEqual(capabilities.parameters(of: "login-delay"), ["900", "USER"])
        XCTAssertEqual(capabilities.capabilities.count, 11)
        XCTAssertEqual(capabilities.capabilities[1], .init(name: "USER"))
    }

    func testCapabilitiesFromLineBuffersAndDefaults() {
        let empty = POP3Capabilities(lines: [ByteBuffer]())
        XCTAssertFalse(empty.supportsPipelining)
        XCTAssertEqual(empty.saslMechanisms, [])
        XCTAssertNil(empty.implementation)
        XCTAssertNil(empty.loginDelay)
        XCTAssertNil(empty.expire)
        let never = POP3Capabilities(lines: [ByteBuffer(string: "EXPIRE never"), ByteBuffer(string: "LOGIN-DELAY x")])
        XCTAssertEqual(never.expire, .never)
        XCTAssertNil(never.loginDelay)
    }

    func testUIDLEntries() throws {
        XCTAssertEqual(try POP3UIDLEntry(line: ByteBuffer(string: "1 whqtswO00WBw418f9t5JxYwZ")),
                       POP3UIDLEntry(number: 1, uid: "whqtswO00WBw418f9t5JxYwZ"))
        XCTAssertEqual(try POP3UIDLEntry(text: "2 QhdPYR:00WBw1Ph7x7"),
                       POP3UIDLEntry(number: 2, uid: "QhdPYR:00WBw1Ph7x7"))
        let longest = String(repeating: "~", count: 70)
        XCTAssertEqual(try POP3UIDLEntry(text: "3 \(longest)").uid, longest)
        let malformed = [
            "", "1", "1 ", "x abc", "0 abc", "-1 abc", "1 a b", "1  abc", "1 abc ", "1 caf\u{E9}", "1 a\u{7F}",
            "1 " + String(repeating: "a", count: 71), "1234567890123456789 a", " 1 abc",
        ]
        for line in malformed {
            XCTAssertThrowsError(try POP3UIDLEntry(line: ByteBuffer(string: line)), line) { error in
                XCTAssertEqual((error as? POP3ParseError)?.kind, .malformedUIDL)
            }
        }
    }

    func testListEntries() throws {
        XCTAssertEqual(try POP3ListEntry(line: ByteBuffer(string: "1 120")), POP3ListEntry(number: 1, size: 120))
        XCTAssertEqual(try POP3ListEntry(text: "2 200 extra info"), POP3ListEntry(number: 2, size: 200))
        XCTAssertEqual(try POP3ListEntry(text: "3 0"), POP3ListEntry(number: 3, size: 0))
        for line in ["", "1", "1 ", "a 1", "1 a", "0 5", "1 -5", "1 5x", "1  5"] {
            XCTAssertThrowsError(try POP3ListEntry(line: ByteBuffer(string: line)), line) { error in
                XCTAssertEqual((error as? POP3ParseError)?.kind, .malformedListing)
            }
        }
    }

    func testStat() throws {
        XCTAssertEqual(try POP3Stat(text: "2 320"), POP3Stat(count: 2, size: 320))
        XCTAssertEqual(try POP3Stat(text: "0 0"), POP3Stat(count: 0, size: 0))
        XCTAssertEqual(try POP3Stat(text: "5 1000 messages"), POP3Stat(count: 5, size: 1000))
        for text in ["", "2", "two 320", "2 three", "Logged in."] {
            XCTAssertThrowsError(try POP3Stat(text: text), text) { error in
                XCTAssertEqual((error as? POP3ParseError)?.kind, .malformedStat)
            }
        }
    }

    func testAPOPTimestamp() {
        XCTAssertEqual(POP3Greeting.apopTimestamp(in: "POP3 server ready <1896.697170952@dbc.mtview.ca.us>"),
                       "<1896.697170952@dbc.mtview.ca.us>")
        XCTAssertEqual(POP3Greeting.apopTimestamp(in: "Dovecot <x> ready <12.34@host>"), "<12.34@host>")
        XCTAssertEqual(POP3Greeting.apopTimestamp(in: "<<a@b>"), "<a@b>")
        for text in ["Dovecot ready.", "<no-at-sign>", "<@host>", "<user@>", "<a b@c>", "<a@b", "a@b>"] {
            XCTAssertNil(POP3Greeting.apopTimestamp(in: text), text)
        }
    }

    func testResponseCodeTemporariness() {
        XCTAssertTrue(POP3ResponseCode.sysTemp.isTemporary)
        XCTAssertTrue(POP3ResponseCode.inUse.isTemporary)
        XCTAssertTrue(POP3ResponseCode.loginDelay.isTemporary)
        XCTAssertFalse(POP3ResponseCode.sysPerm.isTemporary)
        XCTAssertFalse(POP3ResponseCode.auth.isTemporary)
        XCTAssertEqual(POP3ResponseCode("x-custom"), .other("x-custom"))
    }
}
