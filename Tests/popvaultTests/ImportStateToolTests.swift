import Foundation
import POP3TestServer
import TestSupport
import XCTest

/// `popvault import-state` on files written by the real mpop, getmail6 and fetchmail against a real
/// Dovecot: the messages those tools already retrieved are never fetched, nor deleted.
final class ImportStateToolTests: DovecotFetchTestCase {
    private func importState(_ tool: String, _ file: String, _ extra: [String] = []) throws -> PopvaultProcess.Result {
        try PopvaultProcess.run(["import-state", "--config", configPath, "--from", tool, file, "--account", "work"]
            + extra)
    }

    /// Delivers 3 messages, lets `tool` retrieve them (keeping them on the server), imports its state,
    /// delivers 2 more, then fetches with delete = "after-archive".
    private func checkImportPreventsRefetch(_ tool: String, run: (StateTools) throws -> String) throws {
        try StateTools.requireInstalled(tool)
        let old = SampleMail.messages(count: 3, seed: 31)
        for message in old { try dovecot.deliver(message, to: user) }
        let tools = StateTools(dovecot: dovecot, user: user, password: password, directory: work.path)
        let stateFile = try run(tools)
        XCTAssertTrue(FileManager.default.fileExists(atPath: stateFile), "\(tool) wrote \(stateFile)")
        try writeConfig([.init(name: "work", format: "maildir", path: "work", delete: "after-archive")])

        let first = try importState(tool, stateFile)
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertEqual(first.stdout, "work: 3 new UIDLs recorded as archived elsewhere, 0 already known "
            + "(3 for alice@127.0.0.1 in \(stateFile))\n")
        let again = try importState(tool, stateFile, ["--report", "json"])
        XCTAssertEqual(again.status, 0, again.stderr)
        let summary = try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: Any]
        XCTAssertEqual(summary?["added"] as? Int, 0, "a rerun imports nothing new")
        XCTAssertEqual(summary?["known"] as? Int, 3)

        let new = SampleMail.messages(count: 2, seed: 32)
        for message in new { try dovecot.deliver(message, to: user) }
        let fetched = try fetch(["--report", "json"])
        XCTAssertEqual(fetched.status, 0, fetched.stderr)
        let archive = try ArchiveInspection(root: root, account: "work", path: root + "/work")
        XCTAssertEqual(archive.contents.values.map(ArchiveInspection.sha256).sorted(),
                       new.map(ArchiveInspection.sha256).sorted(), "only the messages delivered afterwards")
        XCTAssertEqual(try dovecot.remainingMessages(of: user).map(ArchiveInspection.sha256).sorted(),
                       old.map(ArchiveInspection.sha256).sorted(), "the imported messages stay on the server")

        let status = try PopvaultProcess.run(["status", "--config", configPath])
        XCTAssertTrue(status.stdout.contains("2 messages") && status.stdout.contains("3 known from another tool"),
                      status.stdout)
    }

    func testMpopUIDLFile() throws {
        try checkImportPreventsRefetch("mpop") { try $0.runMpop() }
    }

    func testGetmailOldmailFile() throws {
        try checkImportPreventsRefetch("getmail") { try $0.runGetmail() }
    }

    func testFetchmailIDFile() throws {
        try checkImportPreventsRefetch("fetchmail") { try $0.runFetchmail() }
    }
}
