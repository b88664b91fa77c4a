import Foundation
import Ledger
import POP3TestServer
import TestSupport
import XCTest

/// `popvault verify`, the binary, on archives fetched from a real Dovecot.
final class VerifyCommandTests: DovecotFetchTestCase {
    private func verify(_ extra: [String] = []) throws -> PopvaultProcess.Result {
        try PopvaultProcess.run(["verify", "--config", configPath] + extra)
    }

    private func flipByte(_ path: String, at offset: Int) throws {
        var data = try Data(contentsOf: URL(fileURLWithPath: path))
        data[offset] ^= 0x01
        try data.write(to: URL(fileURLWithPath: path))
    }

    func testVerifyFindsFlippedDeletedAndUnrecordedMessagesAndRepairRecordsOnlyTheUnrecorded() throws {
        let messages = SampleMail.messages(count: 20, seed: 51)
        for message in messages { try dovecot.deliver(message, to: user) }
        try writeConfig([
            .init(name: "md", format: "maildir", path: "md"),
            .init(name: "mb", format: "mbox", path: "mb.mbox"),
        ])
        XCTAssertEqual(try fetch(["--quiet"]).status, 0)
        let clean = try verify()
        XCTAssertEqual(clean.status, 0, clean.stdout + clean.stderr)
        XCTAssertTrue(clean.stdout.contains("verify md: 20 recorded, 20 ok, 0 missing, 0 altered, 0 unrecorded"),
                      clean.stdout)

        // Maildir: one flipped byte, one deleted file, one file nobody recorded.
        let ledger = try ArchiveLedger(path: root + "/popvault.sqlite")
        let recorded = try ledger.messages(account: XCTUnwrap(ledger.existingAccount(named: "md")))
        let files = recorded.compactMap { message -> (key: String, path: String)? in
            guard case .maildir(let path) = message.location else { return nil }
            return (message.key, root + "/md/" + path)
        }
        try flipByte(files[3].path, at: 40)
        let deleted = try Data(contentsOf: URL(fileURLWithPath: files[7].path))
        try FileManager.default.removeItem(atPath: files[7].path)
        let stray = root + "/md/new/1700000000.M1P1.elsewhere"
        try Data(messages[0]).write(to: URL(fileURLWithPath: stray))
        // mbox: one flipped byte in a body, one record appended by another program.
        let mbox = root + "/mb.mbox"
        let original = try Data(contentsOf: URL(fileURLWithPath: mbox))
        try flipByte(mbox, at: original.count - 10)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: mbox))
        try handle.seekToEnd()
        let appended = "From x@example.org Mon Jan  1 00:00:00 2024\nSubject: by hand\n\nhi\n\n"
        try handle.write(contentsOf: Data(appended.utf8))
        try handle.close()

        let found = try verify()
        XCTAssertEqual(found.status, 65, found.stdout + found.stderr)
        let lines = found.stdout.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines.contains { $0.hasPrefix("altered md \(files[3].path) uidl=\(files[3].key)") }, found.stdout)
        XCTAssertTrue(lines.contains { $0.hasPrefix("missing md \(files[7].path) uidl=\(files[7].key)") }, found.stdout)
        XCTAssertTrue(lines.contains { $0.hasPrefix("unrecorded md \(stray) uidl=-") }, found.stdout)
        XCTAssertTrue(lines.contains { $0.hasPrefix("altered mb \(mbox)@") }, found.stdout)
        XCTAssertTrue(lines.contains { $0.hasPrefix("unrecorded mb \(mbox)@\(original.count)+") }, found.stdout)
        XCTAssertTrue(found.stdout.contains("verify md: 20 recorded, 18 ok, 1 missing, 1 altered, 1 unrecorded"))
        XCTAssertTrue(found.stdout.contains("verify mb: 20 recorded, 19 ok, 0 missing, 1 altered, 1 unrecorded"))

        let json = try verify(["--report", "json", "--account", "md"])
        XCTAssertEqual(json.status, 65)
        let report = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let account = try XCTUnwrap((report["accounts"] as? [[String: Any]])?.first)
        XCTAssertEqual(account["account"] as? String, "md")
        XCTAssertEqual(account["missing"] as? Int, 1)
        XCTAssertEqual((account["findings"] as? [[String: Any]])?.compactMap { $0["uidl"] as? String },
                       [files[3].key, files[7].key])

        // Put the archived messages back; --repair records the two unrecorded ones, then all agrees.
        try flipByte(files[3].path, at: 40)
        try deleted.write(to: URL(fileURLWithPath: files[7].path))
        try flipByte(mbox, at: original.count - 10)
        let repair = try verify(["--repair"])
        XCTAssertEqual(repair.status, 0, repair.stdout + repair.stderr)
        XCTAssertTrue(repair.stdout.contains("(recorded as \"unrecorded "), repair.stdout)
        let after = try verify()
        XCTAssertEqual(after.status, 0, after.stdout + after.stderr)
        XCTAssertTrue(after.stdout.contains("verify md: 21 recorded, 21 ok"), after.stdout)
        XCTAssertTrue(after.stdout.contains("verify mb: 21 recorded, 21 ok"), after.stdout)
        XCTAssertTrue(FileManager.default.fileExists(atPath: stray), "repair never deletes")

        // The next fetch neither refetches nor trips over the repaired keys.
        let next = try fetch(["--quiet"])
        XCTAssertEqual(next.status, 0, next.stderr)
        XCTAssertEqual(try verify().status, 0)
    }
}
