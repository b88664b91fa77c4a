import Foundation
import Ledger
import TestSupport
import XCTest

/// `popvault fetch` of IMAP accounts, the binary, against a real Dovecot on loopback (issue 6).
final class FetchIMAPDovecotTests: IMAPFetchTestCase {
    private func sha(_ messages: [[UInt8]]) -> [String] { messages.map(ArchiveInspection.sha256).sorted() }

    /// INBOX, Work, Work.Sub (Dovecot's Maildir++ separator is `.`) and a non-ASCII folder.
    private func populate() throws -> [String: [[UInt8]]] {
        for folder in ["Work", "Work.Sub", "其他文件夹"] { try dovecot.createMailbox(folder, for: user) }
        var saved: [String: [[UInt8]]] = [:]
        func save(_ tag: String, _ folder: String, _ flags: [String] = []) throws {
            let bytes = Self.message(tag)
            try dovecot.save(bytes, to: folder, flags: flags, for: user)
            saved[folder, default: []].append(bytes)
        }
        try save("inbox-1", "INBOX", ["\\Seen"])
        try save("inbox-2", "INBOX")
        try save("inbox-3", "INBOX", ["\\Seen", "\\Flagged", "\\Answered"])
        try save("work-1", "Work", ["\\Draft"])
        try save("sub-1", "Work.Sub", ["\\Seen", "\\Deleted"])
        try save("other-1", "其他文件夹")
        try save("other-2", "其他文件夹", ["\\Flagged"])
        return saved
    }

    func testEveryFolderIsArchivedOnceWithItsFlagsAndTheSecondRunFetchesNothing() throws {
        var saved = try populate()
        try writeIMAPConfig([
            .init(name: "imap-md", path: "imap-md"),
            .init(name: "imap-mbox", format: "mbox", path: "imap-mbox"),
        ])
        let unseenBefore = try dovecot.folderStatus("INBOX", for: user)["unseen"]
        let (run1, report1) = try fetchJSON()
        XCTAssertEqual(run1.status, 0, run1.stderr)
        XCTAssertEqual(report1.map { $0["fetched"] as? Int }, [7, 7])
        let folders = try XCTUnwrap(report1.first?["folders"] as? [[String: Any]])
        XCTAssertEqual(Set(folders.compactMap { $0["name"] as? String }),
                       ["INBOX", "Work", "Work.Sub", "其他文件夹"])
        XCTAssertEqual(try dovecot.folderStatus("INBOX", for: user)["unseen"], unseenBefore,
                       "EXAMINE and BODY.PEEK leave \\Seen alone")

        let maildir = try inspect("imap-md", path: root + "/imap-md")
        let mbox = try inspect("imap-mbox", path: root + "/imap-mbox")
        for (folder, messages) in saved {
            XCTAssertEqual(sha(storedByFolder(maildir)[folder] ?? []), sha(messages), "\(folder): byte-exact, once")
            XCTAssertEqual(storedByFolder(mbox)[folder]?.count, messages.count, "\(folder) in mbox")
        }
        let manager = FileManager.default
        let cur = try manager.contentsOfDirectory(atPath: root + "/imap-md/cur").map { $0.split(separator: ",").last! }
        XCTAssertEqual(cur.sorted(), ["FRS", "S"], "flags as Maildir info")
        XCTAssertEqual(try manager.contentsOfDirectory(atPath: root + "/imap-md/new").count, 1)
        let sub = try manager.contentsOfDirectory(atPath: root + "/imap-md/.Work.Sub/cur")
        XCTAssertEqual(sub.first?.suffix(5), ":2,ST")
        XCTAssertEqual(try manager.contentsOfDirectory(atPath: root + "/imap-md/.其他文件夹/cur").count, 1)
        XCTAssertTrue(manager.fileExists(atPath: root + "/imap-md/.Work/maildirfolder"))
        XCTAssertEqual(try manager.contentsOfDirectory(atPath: root + "/imap-mbox").sorted(),
                       ["INBOX.mbox", "Work.Sub.mbox", "Work.mbox", "其他文件夹.mbox"])
        let inboxFile = URL(fileURLWithPath: root + "/imap-mbox/INBOX.mbox")
        let inbox = String(decoding: try Data(contentsOf: inboxFile), as: UTF8.self)
        XCTAssertTrue(inbox.contains("Subject: inbox-3\nMessage-ID: <inbox-3@example.org>\n"
            + "Date: Sun, 22 Nov 2026 03:10:33 +0000\nStatus: RO\nX-Status: AF\n\n>From the start"), inbox)

        let (run2, report2) = try fetchJSON()
        XCTAssertEqual(run2.status, 0, run2.stderr)
        XCTAssertEqual(report2.map { $0["fetched"] as? Int }, [0, 0], "a second run transfers nothing")

        for (tag, folder) in [("inbox-4", "INBOX"), ("other-3", "其他文件夹")] {
            try dovecot.save(Self.message(tag), to: folder, for: user)
            saved[folder, default: []].append(Self.message(tag))
        }
        let (run3, report3) = try fetchJSON()
        XCTAssertEqual(run3.status, 0, run3.stderr)
        XCTAssertEqual(report3.map { $0["fetched"] as? Int }, [2, 2], "only the new mail of two folders")
        let after = try inspect("imap-md", path: root + "/imap-md")
        XCTAssertEqual(sha(storedByFolder(after)["其他文件夹"] ?? []), sha(saved["其他文件夹"]!))

        let status = try PopvaultProcess.run(["status", "--config", configPath])
        XCTAssertEqual(status.status, 0, status.stderr)
        XCTAssertTrue(status.stdout.contains("imap-md: 9 messages"), status.stdout)
    }

    func testRenamedFolderAndUIDValidityResetCauseNoDuplicates() throws {
        try dovecot.createMailbox("Work", for: user)
        try dovecot.createMailbox("Lists", for: user)
        var all: [[UInt8]] = []
        for index in 0..<3 {
            for folder in ["INBOX", "Work", "Lists"] {
                let bytes = Self.message("\(folder)-\(index)")
                try dovecot.save(bytes, to: folder, for: user)
                all.append(bytes)
            }
        }
        try writeIMAPConfig([
            .init(name: "imap-md", path: "imap-md"), .init(name: "imap-mbox", format: "mbox", path: "imap-mbox"),
        ])
        let (run1, _) = try fetchJSON()
        XCTAssertEqual(run1.status, 0, run1.stderr)

        try dovecot.renameMailbox("Work", to: "Projects", for: user)
        let validity = try dovecot.folderStatus("Lists", for: user)["uidvalidity"]
        try dovecot.deleteMailbox("Lists", for: user)
        try dovecot.createMailbox("Lists", for: user)
        for index in 0..<3 { try dovecot.save(Self.message("Lists-\(index)"), to: "Lists", for: user) }
        XCTAssertNotEqual(try dovecot.folderStatus("Lists", for: user)["uidvalidity"], validity, "a new UIDVALIDITY")
        let extra = Self.message("Projects-new")
        try dovecot.save(extra, to: "Projects", for: user)
        all.append(extra)

        let (run2, report2) = try fetchJSON()
        XCTAssertEqual(run2.status, 0, run2.stderr)
        XCTAssertEqual(report2.map { $0["fetched"] as? Int }, [1, 1], "only the new message")
        for account in report2 {
            let folders = try XCTUnwrap(account["folders"] as? [[String: Any]])
            let rematched = Dictionary(
                uniqueKeysWithValues: folders.map { ($0["name"] as! String, $0["rematched"] as! Int) })
            XCTAssertEqual(rematched["Projects"], 3)
            XCTAssertEqual(rematched["Lists"], 3)
        }
        for (account, path) in [("imap-md", "imap-md"), ("imap-mbox", "imap-mbox")] {
            let inspection = try inspect(account, path: root + "/" + path)
            XCTAssertEqual(sha(Array(inspection.contents.values)), sha(all), "\(account): every message once")
        }
        let (run3, report3) = try fetchJSON()
        XCTAssertEqual(run3.status, 0, run3.stderr)
        XCTAssertEqual(report3.map { $0["fetched"] as? Int }, [0, 0])
    }

    func testDryRunAndFolderSelection() throws {
        _ = try populate()
        try writeIMAPConfig([
            .init(name: "some", path: "some", folders: ["INBOX", "Work", "Work.Sub", "Nope"], exclude: ["Work.Sub"]),
            .init(name: "pop", path: "pop", proto: "pop3"),
        ])
        let (dry, dryReport) = try fetchJSON(["--dry-run"])
        XCTAssertEqual(dry.status, 0, dry.stderr)
        XCTAssertEqual(dryReport.map { ($0["wouldFetch"] as? [String])?.count }, [4, 3])
        XCTAssertFalse(FileManager.default.fileExists(atPath: root + "/some"), "--dry-run writes nothing")
        let text = try fetch(["--dry-run", "--account", "some"])
        XCTAssertEqual(text.status, 0, text.stderr)
        XCTAssertTrue(text.stdout.contains("some: would fetch 4 of 4 messages"), text.stdout)
        XCTAssertTrue(text.stdout.contains("\n  fetch Work UID 1 (UIDVALIDITY "), text.stdout)
        let (run, report) = try fetchJSON()
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(report.map { $0["fetched"] as? Int }, [4, 3], "an IMAP account runs beside a POP3 one")
        XCTAssertEqual(report.first?["missingFolders"] as? [String], ["Nope"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: root + "/some/.Work.Sub"))
    }

    func testPOP3OnlyAuthMethodIsAConfigErrorForIMAP() throws {
        try writeIMAPConfig([.init(name: "imap", path: "imap")])
        let text = try String(contentsOfFile: configPath, encoding: .utf8)
        try text.replacingOccurrences(of: "delete = \"never\"", with: "delete = \"never\"\nauth = \"apop\"")
            .write(toFile: configPath, atomically: true, encoding: .utf8)
        let result = try fetch()
        XCTAssertEqual(result.status, 78, result.stderr)
        XCTAssertTrue(result.stderr.contains("account \"imap\": key \"auth\""), result.stderr)
    }
}
