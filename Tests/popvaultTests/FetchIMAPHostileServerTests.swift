import Foundation
import IMAPTestServer
import Ledger
import TestSupport
import XCTest

/// `popvault fetch` of an IMAP account, the binary, against ``IMAPTestServer`` scripted to misbehave:
/// the exit status, the report, what the archive and the ledger hold, and what is left on the server
/// (issue 12, items 1 and 9).
final class FetchIMAPHostileServerTests: XCTestCase {
    private var work: TemporaryDirectory!
    private let password = "hostile-pw"

    override func setUpWithError() throws {
        work = try TemporaryDirectory(prefix: "popvault-imap-hostile-cli")
    }

    override func tearDown() {
        work?.remove()
    }

    private var configPath: String { work.path + "/config.toml" }
    private var root: String { work.path + "/archive" }

    /// Starts a server that is stopped when the test ends, failed or not, and writes a config for it.
    private func start(
        _ folders: [IMAPTestServer.Folder], faults: [IMAPTestServer.Fault] = [], delete: String = "after-archive"
    ) async throws -> IMAPTestServer {
        let server = try await IMAPTestServer.start(.init(folders: folders, password: password, faults: faults))
        addTeardownBlock { await server.stop() }
        try """
            [archive]
            root = "\(root)"

            [[account]]
            name = "hostile"
            protocol = "imap"
            host = "\(server.host)"
            port = \(server.port)
            tls = "none"
            user = "user"
            password_env = "POPVAULT_IMAP_HOSTILE_PASSWORD"
            format = "maildir"
            path = "hostile"
            delete = "\(delete)"
            """.write(toFile: configPath, atomically: true, encoding: .utf8)
        return server
    }

    private func fetch(_ extra: [String] = []) throws -> PopvaultProcess.Result {
        try PopvaultProcess.run(["fetch", "--config", configPath] + extra,
                                environment: ["POPVAULT_IMAP_HOSTILE_PASSWORD": password])
    }

    /// The account's report from `--report json`.
    private func fetchJSON() throws -> (result: PopvaultProcess.Result, account: [String: Any]) {
        let result = try fetch(["--report", "json"])
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let account = try XCTUnwrap((object?["accounts"] as? [[String: Any]])?.first, result.stdout + result.stderr)
        return (result, account)
    }

    private static func message(_ tag: String) -> [UInt8] {
        Array("From: a@example.org\nSubject: \(tag)\nMessage-ID: <\(tag)@example.org>\n\nbody of \(tag)\n".utf8)
    }

    private func archivedSubjects() throws -> [String] {
        let inspection = try ArchiveInspection(root: root, account: "hostile", path: root + "/hostile")
        XCTAssertEqual(inspection.pending, 0)
        XCTAssertEqual(inspection.unrecordedFiles, [])
        return inspection.contents.values.compactMap { bytes in
            String(decoding: bytes, as: UTF8.self).split(separator: "\n").first { $0.hasPrefix("Subject: ") }
                .map { String($0.dropFirst(9)) }
        }.sorted()
    }

    func testAFolderRecreatedBeforeExpungeKeepsItsMailAndTheRunExits75() async throws {
        let server = try await start(
            [.init(name: "INBOX", uidValidity: 7, messages: ["a-1", "a-2", "a-3"].map(Self.message))],
            faults: [.before(verb: "SELECT", folder: "INBOX",
                             changes: [.recreate(uidValidity: 9, messages: ["b-1", "b-2", "b-3"].map(Self.message))])])
        let (run, account) = try fetchJSON()
        XCTAssertEqual(run.status, 75, "temporary: the next run deletes safely: \(run.stderr)")
        XCTAssertEqual(account["outcome"] as? String, "partial")
        XCTAssertEqual(account["fetched"] as? Int, 3)
        XCTAssertEqual(account["deleted"] as? Int, 0)
        let error = try XCTUnwrap(account["error"] as? String)
        XCTAssertTrue(error.contains("account \"hostile\"") && error.contains("\"INBOX\"")
                      && error.contains("UIDVALIDITY 7"), error)
        let folder = try XCTUnwrap((account["folders"] as? [[String: Any]])?.first)
        let change = try XCTUnwrap(folder["changedBeforeExpunge"] as? [String: Any], "\(folder)")
        XCTAssertEqual(change["examinedUIDValidity"] as? Int, 7)
        XCTAssertEqual(change["selectedUIDValidity"] as? Int, 9)
        XCTAssertEqual(server.expunged, [], "nothing expunged on the server")
        XCTAssertEqual(server.folder("INBOX")?.messages.count, 3)
        XCTAssertEqual(try archivedSubjects(), ["a-1", "a-2", "a-3"])
        let ledger = try ArchiveLedger(path: root + "/popvault.sqlite")
        let id = try XCTUnwrap(try ledger.existingAccount(named: "hostile"))
        XCTAssertEqual(try ledger.deletionCandidates(account: id, archivedBefore: nil).count, 3, "none marked deleted")

        // Again in text: the folder changes once more under the run that archives the new mail.
        server.setFaults([.before(verb: "SELECT", folder: "INBOX",
                                  changes: [.recreate(uidValidity: 11, messages: ["c-1"].map(Self.message))])])
        let text = try fetch()
        XCTAssertEqual(text.status, 75, text.stderr)
        XCTAssertTrue(text.stdout.contains("INBOX: nothing expunged"), text.stdout)
        XCTAssertTrue(text.stderr.contains("UIDVALIDITY 9"), text.stderr)
        XCTAssertEqual(server.expunged, [])

        let clean = try fetch(["--quiet"])
        XCTAssertEqual(clean.status, 0, clean.stderr)
        XCTAssertEqual(server.expunged, ["INBOX/1"])
        XCTAssertEqual(try archivedSubjects(), ["a-1", "a-2", "a-3", "b-1", "b-2", "b-3", "c-1"])
    }

    func testTheHighestUIDIsArchivedOnceAndARerunFetchesNothing() async throws {
        let server = try await start(
            [.init(name: "INBOX", uidValidity: 7, firstUID: 4_294_967_294, messages: ["t-1", "t-2"].map(Self.message))],
            delete: "never")
        let (first, account) = try fetchJSON()
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertEqual(account["fetched"] as? Int, 2)
        let (again, rerun) = try fetchJSON()
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertEqual(rerun["fetched"] as? Int, 0, "a rerun fetches nothing new")
        XCTAssertEqual(try archivedSubjects(), ["t-1", "t-2"])
        XCTAssertEqual(server.folder("INBOX")?.messages.count, 2)
    }

    func testAnAbsurdSizeExits65NamingTheAccountFolderAndLine() async throws {
        let server = try await start(
            [.init(name: "INBOX", uidValidity: 7, messages: (1...10).map { Self.message("s-\($0)") })],
            faults: (1...10).map { .size(uid: UInt32($0), text: "999999999999999999") })
        let result = try fetch()
        XCTAssertEqual(result.status, 65, result.stderr)
        for part in ["account \"hostile\"", "folder \"INBOX\"", "RFC822.SIZE 999999999999999999"] {
            XCTAssertTrue(result.stderr.contains(part), "\(part): \(result.stderr)")
        }
        XCTAssertEqual(try archivedSubjects(), [])
        XCTAssertEqual(server.expunged, [])
        XCTAssertEqual(server.folder("INBOX")?.messages.count, 10)
    }
}
