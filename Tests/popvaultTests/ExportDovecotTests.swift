import Foundation
import POP3TestServer
import TestSupport
import XCTest

/// A Maildir written by `popvault export` is served by Dovecot as it is (DESIGN.md §6, layer 3).
final class ExportDovecotTests: DovecotFetchTestCase {
    func testDovecotServesTheExportedMaildirOverIMAP() throws {
        var messages = SampleMail.messages(count: 40, seed: 41)
        // Some messages carry mbox flags: read (Status: RO), flagged and answered (X-Status: AF).
        for index in stride(from: 0, to: messages.count, by: 4) {
            messages[index] = Array("Status: RO\nX-Status: AF\n".utf8) + messages[index]
        }
        let source = MboxWriter.mboxrd(messages, separator: MboxWriter.separator)
        try Data(source).write(to: URL(fileURLWithPath: work.path + "/source.mbox"))
        let exported = work.path + "/exported"
        let result = try PopvaultProcess.run(
            ["export", "--quiet", "--from", work.path + "/source.mbox", "--to", exported, "--format", "maildir"])
        XCTAssertEqual(result.status, 0, result.stderr)

        try dovecot.installMaildir(exported, for: user)
        let served = try dovecot.imapMessages(user: user, password: password)
        XCTAssertEqual(served.count, messages.count, "Dovecot serves every exported message")
        // IMAP serves CRLF line ends; the Maildir holds the mbox's LF: compare with line ends normalised.
        XCTAssertEqual(served.map { MboxWriter.lf($0.bytes) }, messages,
                       "same bytes, in the same order (line ends normalised to LF)")
        for (index, message) in served.enumerated() {
            // \Recent belongs to the session (the first to see a message), not to the message.
            let flags = Set(message.flags.split(separator: " ").map(String.init)).subtracting(["\\Recent"])
            if index % 4 == 0 {
                XCTAssertEqual(flags, ["\\Seen", "\\Flagged", "\\Answered"], "message \(index)")
            } else {
                XCTAssertFalse(flags.contains("\\Seen"), "message \(index): \(flags)")
            }
        }
    }
}
