import Foundation
import MailStore
import TestSupport
import XCTest

/// `popvault verify`, `export --account` and `extract --account`, the binary, on IMAP accounts that
/// `popvault fetch` archived from a real Dovecot: a Maildir++ tree and one mbox per folder.
final class VerifyIMAPDovecotTests: IMAPFetchTestCase {
    /// A message with one attachment, `<tag>.txt`.
    private static func withAttachment(_ tag: String) -> [UInt8] {
        let text = "From: a@example.org\nSubject: \(tag)\nDate: Sun, 22 Nov 2026 03:10:33 +0000\n"
            + "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"b\"\n\n--b\nContent-Type: text/plain\n\n"
            + "From the start of \(tag).\n--b\nContent-Type: application/octet-stream\n"
            + "Content-Disposition: attachment; filename=\"\(tag).bin\"\n\ndata of \(tag)\n--b--\n"
        return Array(text.utf8)
    }

    private func run(_ arguments: [String]) throws -> PopvaultProcess.Result {
        try PopvaultProcess.run(arguments + ["--config", configPath])
    }

    func testTwoFolderAccountsVerifyExportAndExtract() throws {
        try dovecot.createMailbox("Work", for: user)
        try dovecot.save(Self.withAttachment("inbox-1"), to: "INBOX", flags: ["\\Seen"], for: user)
        try dovecot.save(Self.withAttachment("inbox-2"), to: "INBOX", for: user)
        try dovecot.save(Self.withAttachment("work-1"), to: "Work", flags: ["\\Flagged"], for: user)
        try writeIMAPConfig([
            .init(name: "imap-md", path: "imap-md"),
            .init(name: "imap-mbox", format: "mbox", path: "imap-mbox"),
        ])
        let fetched = try fetch(["--quiet"])
        XCTAssertEqual(fetched.status, 0, fetched.stderr)

        let verified = try run(["verify", "--quiet"])
        XCTAssertEqual(verified.status, 0, verified.stdout + verified.stderr)

        for (account, format) in [("imap-md", "maildir"), ("imap-mbox", "mbox")] {
            let exported = work.path + "/export-" + account
            let export = try run(["export", "--quiet", "--account", account, "--to", exported, "--format", format])
            XCTAssertEqual(export.status, 0, export.stderr)
            let count = format == "maildir"
                ? try MaildirReader(path: exported).messageFiles().count
                : String(decoding: try Data(contentsOf: URL(fileURLWithPath: exported)), as: UTF8.self)
                    .components(separatedBy: "\nSubject: ").count - 1
            XCTAssertEqual(count, 3, "\(account): every folder exported")

            let attachments = work.path + "/attachments-" + account
            let extract = try run(["extract", "--quiet", "--account", account, "--to", attachments, "--flat"])
            XCTAssertEqual(extract.status, 0, extract.stderr)
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: attachments).sorted(),
                           ["inbox-1.bin", "inbox-2.bin", "work-1.bin"], account)
        }

        // One byte of the Work folder's message changed, in each format: data error.
        let workFile = try XCTUnwrap(
            FileManager.default.contentsOfDirectory(atPath: root + "/imap-md/.Work/cur").first)
        for (account, path) in [
            ("imap-md", root + "/imap-md/.Work/cur/" + workFile), ("imap-mbox", root + "/imap-mbox/Work.mbox"),
        ] {
            var data = try Data(contentsOf: URL(fileURLWithPath: path))
            let range = try XCTUnwrap(data.range(of: Data("data of work-1".utf8)))
            data[range.lowerBound] ^= 0x20
            try data.write(to: URL(fileURLWithPath: path))
            let altered = try run(["verify", "--quiet", "--account", account])
            XCTAssertEqual(altered.status, 65, altered.stdout + altered.stderr)
            XCTAssertTrue(altered.stdout.contains("Work"), altered.stdout)
        }
    }
}
