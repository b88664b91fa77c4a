import IMAPWire
import MailTransport
import POP3Wire
import UntrustedText
import XCTest

/// The one escaper of untrusted text, and the errors that quote a server: no terminal control survives.
final class TerminalEscapingTests: XCTestCase {
    func testProtocolBytesAreShownExactly() {
        XCTAssertEqual(TerminalEscaping.escape(Array("a\\b\r\n\t\u{1B}[2J".utf8) + [0x9B, 0xFF]),
                       "a\\\\b\\r\\n\\t\\x1B[2J\\x9B\\xFF")
        XCTAssertEqual(TerminalEscaping.escape(Array("abcdef".utf8), limit: 3), "abc…")
    }

    func testTextKeepsItsLettersAndLosesItsControls() {
        let text = "Entwürfe \u{1B}]0;title\u{07} \u{9B}31m \u{202E}evil\u{2028}next\r\\x41"
        XCTAssertEqual(text.terminalSafe, "Entwürfe \\x1B]0;title\\x07 \\x9B31m \\u{202E}evil\\u{2028}next\\r\\x41")
        XCTAssertEqual(text.terminalSafe.terminalSafe, text.terminalSafe, "idempotent")
        XCTAssertEqual("plain €".terminalSafe, "plain €")
    }

    func testJSONKeepsItsLayoutAndEscapesWhatTheEncoderLeavesRaw() {
        let json = "{\n  \"name\" : \"a\\u001b\u{9B}\u{7F}\u{2029}b\"\n}"
        XCTAssertEqual(TerminalEscaping.neutralizeJSON(json), "{\n  \"name\" : \"a\\u001b\\u009b\\u007f\\u2029b\"\n}")
    }

    func testServerTextInErrorsIsEscaped() {
        let status = POP3StatusLine(isOK: false, code: .other("X\u{1B}"), text: "\u{1B}[2J\u{07}")
        let pop3 = POP3Error(.serverError(status))
        XCTAssertEqual(pop3.description, "server answered -ERR [X\\x1B] \"\\x1B[2J\\x07\"")
        let imap = IMAPError(.refused, status: IMAPStatus(.no, text: "\u{1B}]0;x\u{07}"))
        XCTAssertEqual(imap.description, "server answered NO (server: NO \\x1B]0;x\\x07)")
    }
}
