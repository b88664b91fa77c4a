import IMAPWire
import XCTest

/// Greetings, tagged completions, response codes and continuation requests, in every split.
final class StatusResponseTests: XCTestCase {
    func testGreetingsAndCompletions() {
        verify([
            ParseFixture("* OK Dovecot ready.\r\n", [.condition(.ok, "Dovecot ready.")]),
            ParseFixture(
                "* OK [CAPABILITY IMAP4rev1 STARTTLS AUTH=PLAIN] ready\r\n",
                [.condition(.ok, "ready", code: .capability(["IMAP4rev1", "STARTTLS", "AUTH=PLAIN"]))]
            ),
            ParseFixture("* PREAUTH welcome\r\n", [.condition(.preauth, "welcome")]),
            ParseFixture("* BYE shutting down\r\n", [.condition(.bye, "shutting down")]),
            ParseFixture("A1 OK done\r\n", [.tagged("A1", .ok, "done")]),
            ParseFixture(
                "a2 no [AUTHENTICATIONFAILED] Authentication failed.\r\n",
                [.tagged("a2", .no, "Authentication failed.", code: .other("AUTHENTICATIONFAILED", ""))]
            ),
            ParseFixture("A3 BAD Error in IMAP command\r\n", [.tagged("A3", .bad, "Error in IMAP command")]),
            // QUIRK: no text after the status or the code.
            ParseFixture("A4 OK\r\n", [.tagged("A4", .ok, "")]),
            ParseFixture("A5 OK [READ-ONLY]\r\n", [.tagged("A5", .ok, "", code: .readOnly)]),
            // A status text ending in what looks like a literal marker is still one line.
            ParseFixture("A6 NO message {5}\r\n", [.tagged("A6", .no, "message {5}")]),
            // QUIRK: bare LF.
            ParseFixture("A7 OK fine\n", [.tagged("A7", .ok, "fine")]),
        ])
    }

    func testContinuations() {
        verify([
            ParseFixture("+ \r\n", [.continuation("")]),
            ParseFixture("+\r\n", [.continuation("")]),
            ParseFixture("+ Ready for literal data\r\n", [.continuation("Ready for literal data")]),
            ParseFixture("+ eyJzdGF0dXMiOiI0MDEifQ==\r\n", [.continuation("eyJzdGF0dXMiOiI0MDEifQ==")]),
        ])
    }

    func testSelectCodes() {
        verify([
            ParseFixture(
                "* OK [UIDVALIDITY 1700000000] UIDs valid\r\n",
                [.condition(.ok, "UIDs valid", code: .uidValidity(1_700_000_000))]
            ),
            ParseFixture(
                "* OK [UIDNEXT 4392] Predicted next UID\r\n",
                [.condition(.ok, "Predicted next UID", code: .uidNext(4392))]
            ),
            ParseFixture("* OK [UNSEEN 12] first unseen\r\n", [.condition(.ok, "first unseen", code: .unseen(12))]),
            ParseFixture(
                "* OK [PERMANENTFLAGS (\\Deleted \\Seen \\*)] Limited\r\n",
                [.condition(.ok, "Limited", code: .permanentFlags(["\\Deleted", "\\Seen", "\\*"]))]
            ),
            ParseFixture("* OK [PERMANENTFLAGS ()] none\r\n", [.condition(.ok, "none", code: .permanentFlags([]))]),
            ParseFixture(
                "* OK [ALERT] System shutdown in 10 minutes\r\n",
                [.condition(.ok, "System shutdown in 10 minutes", code: .alert)]
            ),
            ParseFixture(
                "A9 OK [READ-WRITE] SELECT completed\r\n",
                [.tagged("A9", .ok, "SELECT completed", code: .readWrite)]
            ),
            ParseFixture(
                "* NO [UNAVAILABLE] try later\r\n",
                [.condition(.no, "try later", code: .other("UNAVAILABLE", ""))]
            ),
        ])
    }

    func testMalformedStatus() {
        verify([
            ParseFixture("A1 MAYBE fine\r\n", [], .failure(.malformed(expected: "status condition"))),
            ParseFixture("A1 PREAUTH x\r\n", [], .failure(.malformed(expected: "OK, NO or BAD"))),
            ParseFixture("* OK [UIDVALIDITY x] y\r\n", [], .failure(.malformed(expected: "UIDVALIDITY"))),
            ParseFixture("* OK [UIDVALIDITY 99999999999] y\r\n", [], .failure(.malformed(expected: "UIDVALIDITY"))),
            ParseFixture("* OK [ALERT text\r\n", [], .failure(.malformed(expected: "] closing the response code"))),
            ParseFixture("\r\n", [], .failure(.malformed(expected: "tag"))),
        ])
    }
}
