import Foundation
import POP3TestServer
import TestSupport
import XCTest

/// `popvault fetch` with rotation and `popvault rotate`, the binary, against a real Dovecot: every
/// segment passes `gzip -t`, every recorded message reads back byte-identical through the ledger,
/// and `extract --account` reads the `.gz` segments.
final class RotateDovecotTests: DovecotFetchTestCase {
    func deliver(_ messages: [[UInt8]]) throws {
        for message in messages { try dovecot.deliver(message, to: user) }
    }

    func json(_ result: PopvaultProcess.Result) throws -> [[String: Any]] {
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        return try XCTUnwrap(object?["accounts"] as? [[String: Any]], "\(result.stdout) \(result.stderr)")
    }

    func rotate(_ extra: [String]) throws -> PopvaultProcess.Result {
        try PopvaultProcess.run(["rotate", "--config", configPath] + extra)
    }

    func segmentNames() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: root).filter { $0.contains(".mbox") }.sorted()
    }

    /// The archive holds exactly `expected` (each once), and every `.gz` is valid and recorded.
    func assertArchive(_ account: String, path: String, holds expected: [[UInt8]],
                       file: StaticString = #filePath, line: UInt = #line) throws {
        let archive = try ArchiveInspection(root: root, account: account, path: root + "/" + path)
        XCTAssertEqual(archive.contents.values.map(ArchiveInspection.sha256).sorted(),
                       expected.map(ArchiveInspection.sha256).sorted(), "each message once", file: file, line: line)
        for name in try segmentNames() where name.hasSuffix(".gz") {
            XCTAssertNoThrow(try GzipTool.test(root + "/" + name), name, file: file, line: line)
        }
    }

    func testFetchRotatesBySizeAndExtractReadsTheGzipSegments() throws {
        let first = SampleMail.messages(count: 40, seed: 21)
        try deliver(first)
        try writeConfig([
            .init(name: "rot", format: "mbox", path: "rot.mbox", rotate: "size:1KiB"),
            .init(name: "flat", format: "mbox", path: "flat.mbox"),
        ])
        let run1 = try fetch(["--report", "json"])
        XCTAssertEqual(run1.status, 0, run1.stderr)
        let rotated = try XCTUnwrap(try json(run1).first?["rotated"] as? [[String: Any]])
        XCTAssertEqual(rotated.map { $0["target"] as? String }, ["rot-0001.mbox.gz"])
        XCTAssertEqual(rotated.first?["messages"] as? Int, 40)
        XCTAssertEqual(try segmentNames(), ["flat.mbox", "rot-0001.mbox.gz"])
        try assertArchive("rot", path: "rot.mbox", holds: first)

        let more = SampleMail.messages(count: 5, seed: 22)
        try deliver(more)
        let run2 = try fetch()
        XCTAssertEqual(run2.status, 0, run2.stderr)
        XCTAssertTrue(run2.stdout.contains("rot.mbox → rot-0002.mbox.gz"), run2.stdout)
        XCTAssertEqual(try segmentNames(), ["flat.mbox", "rot-0001.mbox.gz", "rot-0002.mbox.gz"])
        try assertArchive("rot", path: "rot.mbox", holds: first + more)

        // The same messages extracted from the rotated archive and from the plain one.
        for account in ["rot", "flat"] {
            let result = try PopvaultProcess.run(
                ["extract", "--config", configPath, "--account", account, "--to", work.path + "/out-" + account])
            XCTAssertEqual(result.status, 0, result.stderr)
        }
        let rotatedTree = try OutputListing(root: work.path + "/out-rot")
        XCTAssertFalse(rotatedTree.files.isEmpty)
        XCTAssertEqual(rotatedTree.files, try OutputListing(root: work.path + "/out-flat").files)
    }

    func testRotateCommandForcesMonthlyNamesAndRefusesMaildir() throws {
        let messages = SampleMail.messages(count: 12, seed: 23)
        try deliver(messages)
        try writeConfig([
            .init(name: "box", format: "mbox", path: "box.mbox", rotate: "monthly"),
            .init(name: "dir", format: "maildir", path: "dir"),
        ])
        XCTAssertEqual(try fetch().status, 0)
        let idle = try rotate([])
        XCTAssertEqual(idle.status, 0, idle.stderr)
        XCTAssertEqual(idle.stdout, "box: nothing due\n", "this month's segment is not due yet")

        let forced = try rotate(["--account", "box", "--force", "--report", "json"])
        XCTAssertEqual(forced.status, 0, forced.stderr)
        let formatter = DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM"
        let month = formatter.string(from: Date())
        let target = try json(forced).first?["rotated"] as? [[String: Any]]
        // A run straddling midnight UTC at the month's end could name the previous month.
        let hourAgo = formatter.string(from: Date().addingTimeInterval(-3600))
        let name = target?.first?["target"] as? String ?? ""
        XCTAssertTrue(["box-\(month).mbox.gz", "box-\(hourAgo).mbox.gz"].contains(name), "\(String(describing: target))")
        XCTAssertFalse(FileManager.default.fileExists(atPath: root + "/box.mbox"))
        try assertArchive("box", path: "box.mbox", holds: messages)

        let maildir = try rotate(["--account", "dir"])
        XCTAssertEqual(maildir.status, 64, maildir.stderr)
        XCTAssertTrue(maildir.stderr.contains("Maildir"), maildir.stderr)
        XCTAssertEqual(try rotate(["--account", "nobody"]).status, 64)
    }
}
