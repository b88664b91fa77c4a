import Foundation
import TestSupport
import XCTest

/// `popvault import-state` errors and exit codes, without a server.
final class ImportStateCommandTests: XCTestCase {
    private var work: TemporaryDirectory!
    private var configPath: String { work.path + "/config.toml" }

    override func setUpWithError() throws {
        work = try TemporaryDirectory(prefix: "popvault-import")
        try TestConfig.write(root: work.path + "/archive", host: "pop.example.com", port: 110, user: "me",
                             accounts: [.init(name: "work", format: "maildir", path: "work")], to: configPath)
    }

    override func tearDown() {
        work?.remove()
    }

    private func file(_ name: String, _ text: String) throws -> String {
        let path = work.path + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    private func run(_ arguments: [String]) throws -> PopvaultProcess.Result {
        try PopvaultProcess.run(["import-state", "--config", configPath] + arguments)
    }

    func testMalformedLineIsADataErrorNamingFileAndLine() throws {
        let ids = try file("fetchids", "me@pop.example.com 1\nme@pop.example.com\n")
        let result = try run(["--from", "fetchmail", ids, "--account", "work"])
        XCTAssertEqual(result.status, 65)
        XCTAssertEqual(result.stderr, "popvault: error: \(ids), line 2: expected \"<user>@<server> <uid>\", "
            + "found no space\n")
    }

    func testOtherMailboxesOnlyIsAUsageErrorUntilNamed() throws {
        let uidls = try file("uidls", " 2 mail.example.com me\nu1\nu2\n 1 pop.example.com you\nx\n")
        let refused = try run(["--from", "mpop", uidls, "--account", "work"])
        XCTAssertEqual(refused.status, 64)
        XCTAssertTrue(refused.stderr.contains("no mpop entries for me@pop.example.com"), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("me@mail.example.com, you@pop.example.com"), refused.stderr)

        let named = try run(["--from", "mpop", uidls, "--account", "work", "--server-host", "mail.example.com"])
        XCTAssertEqual(named.status, 0, named.stderr)
        XCTAssertTrue(named.stdout.hasPrefix("work: 2 new UIDLs"), named.stdout)
        let status = try PopvaultProcess.run(["status", "--config", configPath, "--report", "json"])
        XCTAssertTrue(status.stdout.contains("\"imported\" : 2"), status.stdout)
    }

    func testMissingFileAndUnknownAccount() throws {
        let missing = try run(["--from", "getmail", work.path + "/oldmail-x", "--account", "work"])
        XCTAssertEqual(missing.status, 74)
        XCTAssertTrue(missing.stderr.contains(work.path + "/oldmail-x: cannot read"), missing.stderr)
        let unknown = try run(["--from", "getmail", work.path + "/oldmail-x", "--account", "nope"])
        XCTAssertEqual(unknown.status, 64)
        let badTool = try run(["--from", "kmail", work.path + "/x", "--account", "work"])
        XCTAssertEqual(badTool.status, 64)
    }

    func testHelpNamesTheTools() throws {
        let help = try PopvaultProcess.run(["import-state", "--help"])
        XCTAssertEqual(help.status, 0)
        XCTAssertTrue(help.stdout.contains("--from <from>"), help.stdout)
        XCTAssertTrue(help.stdout.contains("mpop, getmail or fetchmail"), help.stdout)
        XCTAssertTrue(help.stdout.contains("--server-host"), help.stdout)
    }
}
