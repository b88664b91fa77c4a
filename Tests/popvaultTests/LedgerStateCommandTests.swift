import Foundation
import Ledger
import POP3TestServer
import TestSupport
import XCTest

/// The ledger's own troubles, by running the binary against the in-process server: locked by another
/// process (temporary, 75), left with a read-only `-shm`, a run killed after committing batches,
/// account paths that would land on the ledger or the locks (78), and an mbox holding records past
/// the ledger's end (65, then the advice followed).
final class LedgerStateCommandTests: XCTestCase {
    private var work: TemporaryDirectory!
    private let password = "pw"

    override func setUpWithError() throws {
        work = try TemporaryDirectory(prefix: "popvault-ledger-state")
    }

    override func tearDown() {
        work?.remove()
    }

    private var root: String { work.path + "/archive" }
    private var configPath: String { work.path + "/config.toml" }
    private var ledgerPath: String { root + "/popvault.sqlite" }

    private func serve(_ count: Int, faults: [POP3TestServer.Fault] = []) async throws -> POP3TestServer {
        let messages = SampleMail.messages(count: count, seed: 12).enumerated().map {
            POP3TestServer.Message($1, uid: "u\($0)")
        }
        let server = try await POP3TestServer.start(
            .init(messages: messages, user: "demo", password: password, faults: faults))
        addTeardownBlock { await server.stop() }
        return server
    }

    private func writeConfig(port: Int, path: String = "work", format: String = "maildir") throws {
        try TestConfig.write(
            root: root, host: "127.0.0.1", port: port, user: "demo",
            accounts: [.init(name: "work", format: format, path: path)], to: configPath)
    }

    private func fetch() throws -> PopvaultProcess.Result {
        try PopvaultProcess.run(
            ["fetch", "--config", configPath, "--quiet"], environment: [TestConfig.passwordVariable: password])
    }

    func testALedgerLockedByAnotherProcessIsATemporaryFailure() async throws {
        let server = try await serve(3)
        try writeConfig(port: server.port)
        XCTAssertEqual(try fetch().status, 0)
        // Another process (here: this one) holds the write lock for longer than the 30 s popvault waits.
        let holder = try WriteLockHolder(path: ledgerPath)
        defer { holder.release() }
        let locked = try fetch()
        XCTAssertEqual(locked.status, 75, "a lock held by another process is temporary: \(locked.stderr)")
        for part in [ledgerPath, "locked", "temporary"] {
            XCTAssertTrue(locked.stderr.contains(part), "the error says \(part): \(locked.stderr)")
        }
    }

    func testARunKilledAfterCommittingABatchShowsWhatItFetched() async throws {
        // The 70th RETR is never answered: the first batch (64 messages) is committed, then the run waits.
        let server = try await serve(80, faults: [.stall(.init("RETR", "70"))])
        try writeConfig(port: server.port)
        let ledger = try ArchiveLedger(path: ledgerPath)
        let killed = try PopvaultProcess.runAndKill(
            ["fetch", "--config", configPath, "--quiet"],
            when: { (try? ledger.existingAccount(named: "work")).flatMap { $0 }
                .map { ((try? ledger.messages(account: $0))?.count ?? 0) >= 64 } ?? false },
            environment: [TestConfig.passwordVariable: password])
        XCTAssertTrue(killed)
        let account = try XCTUnwrap(try ledger.existingAccount(named: "work"))
        let archived = try ledger.messages(account: account)
        let run = try XCTUnwrap(try ledger.runs(account: account).first)
        XCTAssertNil(run.outcome, "killed: never finished")
        XCTAssertEqual(run.fetched, archived.count, "the run row counts what its batches committed")
        XCTAssertEqual(run.fetchedBytes, archived.reduce(0) { $0 + $1.storedSize })
        let status = try PopvaultProcess.run(["status", "--config", configPath])
        XCTAssertEqual(status.status, 0, status.stderr)
        XCTAssertTrue(status.stdout.contains("fetched \(archived.count)"), status.stdout)
    }

    func testRecordsPastTheLedgersEndAreRefusedAndVerifyRepairRecordsThem() async throws {
        let server = try await serve(3)
        try writeConfig(port: server.port, path: "work.mbox", format: "mbox")
        XCTAssertEqual(try fetch().status, 0)
        let mbox = root + "/work.mbox"
        let end = try Data(contentsOf: URL(fileURLWithPath: mbox)).count
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: mbox))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("From me Mon Jan  1 00:00:00 2024\nSubject: saved by mutt\n\nkept\n\n".utf8))
        try handle.close()
        let appended = try Data(contentsOf: URL(fileURLWithPath: mbox))
        server.add([POP3TestServer.Message("Subject: new\n\nnew\n", uid: "new")])

        let refused = try fetch()
        XCTAssertEqual(refused.status, 65, refused.stderr)
        for part in [mbox, "offset \(end)", "popvault verify --repair --account work"] {
            XCTAssertTrue(refused.stderr.contains(part), "the error names \(part): \(refused.stderr)")
        }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: mbox)), appended, "nothing cut")

        let repair = try PopvaultProcess.run(["verify", "--config", configPath, "--repair", "--account", "work"])
        XCTAssertEqual(repair.status, 0, repair.stdout + repair.stderr)
        XCTAssertEqual(try fetch().status, 0)
        XCTAssertTrue(try Data(contentsOf: URL(fileURLWithPath: mbox)).starts(with: appended))
        XCTAssertEqual(try PopvaultProcess.run(["verify", "--config", configPath]).status, 0)
    }

    func testAccountPathsOntoTheLedgerOrTheLocksAreRefused() throws {
        for (path, format) in [("popvault.sqlite", "mbox"), (".locks", "maildir"), ("popvault.sqlite-shm", "mbox"),
                               (".locks/work", "maildir"), ("./popvault.sqlite-wal", "mbox")] {
            try writeConfig(port: 1, path: path, format: format)
            let result = try fetch()
            XCTAssertEqual(result.status, 78, "path \(path): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains("key \"path\""), result.stderr)
            XCTAssertTrue(result.stderr.contains("choose another path"), result.stderr)
            XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, "one line: \(result.stderr)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: root), "nothing touched")
    }

    /// A `chmod 400` of the ledger for one run leaves a 0400 `-shm` (SQLite gives it the database's
    /// mode); once the mode is back, later runs must work again. Run as an unprivileged user: root
    /// ignores permissions.
    func testAReadOnlyLedgerForOneRunDoesNotBreakLaterRuns() async throws {
        let server = try await serve(4)
        try writeConfig(port: server.port)
        let user: uid_t = geteuid() == 0 ? 65534 : geteuid()
        if geteuid() == 0 {
            XCTAssertEqual(chown(work.path, user, gid_t(user)), 0)
            XCTAssertEqual(chown(configPath, user, gid_t(user)), 0)
        }
        func fetchAsUser() throws -> PopvaultProcess.Result {
            let arguments = ["fetch", "--config", configPath, "--quiet"]
            let environment = [TestConfig.passwordVariable: password]
            guard geteuid() == 0 else { return try PopvaultProcess.run(arguments, environment: environment) }
            return try PopvaultProcess.run(arguments, environment: environment, runAs: user)
        }
        XCTAssertEqual(try fetchAsUser().status, 0)
        XCTAssertEqual(chmod(ledgerPath, 0o400), 0)
        let readOnly = try fetchAsUser()
        XCTAssertNotEqual(readOnly.status, 0, "nothing can be recorded in a read-only ledger")
        XCTAssertEqual(chmod(ledgerPath, 0o600), 0)
        server.add(SampleMail.messages(count: 2, seed: 13).enumerated().map {
            POP3TestServer.Message($1, uid: "new\($0)")
        })
        let later = try fetchAsUser()
        XCTAssertEqual(later.status, 0, "the mode is back: the run must work again: \(later.stderr)")
        for suffix in ["-wal", "-shm"] {
            var info = stat()
            if lstat(ledgerPath + suffix, &info) == 0 {
                XCTAssertEqual(info.st_mode & 0o777, 0o600, "popvault.sqlite\(suffix)")
            }
        }
    }
}
