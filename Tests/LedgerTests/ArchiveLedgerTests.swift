import Foundation
import Ledger
import TestSupport
import XCTest

final class ArchiveLedgerTests: XCTestCase {
    func testNewLedgerIsPrivateAndInWALMode() throws {
        let fixture = try LedgerFixture()
        defer { fixture.directory.remove() }
        XCTAssertEqual(try fixture.ledger.journalMode(), "wal")
        _ = try fixture.ledger.account(named: "work", protocol: "pop3")
        XCTAssertEqual(try fileMode(fixture.path), 0o600)
        // SQLite gives the write-ahead log the database file's mode.
        XCTAssertEqual(try fileMode(fixture.path + "-wal"), 0o600)
    }

    func testCreatesMissingDirectoryPrivate() throws {
        let directory = try TemporaryDirectory(prefix: "popvault-ledger")
        defer { directory.remove() }
        let root = directory.url.appendingPathComponent("Archive/deeper")
        let path = root.appendingPathComponent("popvault.sqlite").path
        let ledger = try ArchiveLedger(root: root)
        XCTAssertEqual(ledger.path, path)
        XCTAssertEqual(try fileMode(root.path), 0o700)
        XCTAssertEqual(try fileMode(path), 0o600)
    }

    func testReopenKeepsDataAndDoesNotRemigrate() throws {
        let fixture = try LedgerFixture()
        defer { fixture.directory.remove() }
        let id = try fixture.ledger.account(named: "work", protocol: "pop3")
        try fixture.ledger.record([message(account: id, key: "u1", archivedAt: Date(timeIntervalSince1970: 10))])
        let migrations = try fixture.ledger.appliedMigrations()
        XCTAssertFalse(migrations.isEmpty)

        for _ in 0..<2 {
            let reopened = try ArchiveLedger(path: fixture.path)
            XCTAssertEqual(try reopened.appliedMigrations(), migrations)
            XCTAssertEqual(try reopened.account(named: "work", protocol: "pop3"), id)
            XCTAssertEqual(try reopened.messages(account: id).map(\.key), ["u1"])
        }
    }

    func testNotADatabaseIsAnErrorNamingThePath() throws {
        let directory = try TemporaryDirectory(prefix: "popvault-ledger")
        defer { directory.remove() }
        let path = directory.url.appendingPathComponent("popvault.sqlite").path
        try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try ArchiveLedger(path: path)) { error in
            XCTAssertTrue(String(describing: error).contains(path), "\(error)")
        }
    }

    func testBackgroundOpenWorksAndReportsItsErrorAtFirstUse() throws {
        let directory = try TemporaryDirectory(prefix: "popvault-ledger")
        defer { directory.remove() }
        let good = directory.url.appendingPathComponent("popvault.sqlite").path
        let ledger = ArchiveLedger(openingInBackground: good)
        let id = try ledger.account(named: "work", protocol: "pop3")
        XCTAssertEqual(try ArchiveLedger(path: good).existingAccount(named: "work"), id)
        XCTAssertEqual(try ledger.journalMode(), "wal")

        let bad = directory.url.appendingPathComponent("garbage.sqlite").path
        try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: bad))
        let broken = ArchiveLedger(openingInBackground: bad)
        for _ in 0..<2 {
            XCTAssertThrowsError(try broken.account(named: "work", protocol: "pop3")) { error in
                guard case LedgerError.cannotOpen(let path, _) = error else { return XCTFail("\(error)") }
                XCTAssertEqual(path, bad, "every use reports the open's error, naming the file")
            }
        }
    }

    func testNewerSchemaIsRefused() throws {
        let fixture = try LedgerFixture()
        defer { fixture.directory.remove() }
        let sqlite = Process()
        sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        sqlite.arguments = [fixture.path, "INSERT INTO grdb_migrations VALUES ('v99-from-the-future')"]
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3") else {
            throw XCTSkip("sqlite3 is not installed")
        }
        try sqlite.run()
        sqlite.waitUntilExit()
        XCTAssertEqual(sqlite.terminationStatus, 0)
        XCTAssertThrowsError(try ArchiveLedger(path: fixture.path)) { error in
            guard case LedgerError.migration(let path, let reason) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(path, fixture.path)
            XCTAssertTrue(reason.contains("newer popvault"), reason)
        }
    }

    func testAccountUpsert() throws {
        let fixture = try LedgerFixture()
        defer { fixture.directory.remove() }
        let work = try fixture.ledger.account(named: "work", protocol: "pop3")
        let home = try fixture.ledger.account(named: "home", protocol: "imap")
        XCTAssertNotEqual(work, home)
        XCTAssertEqual(try fixture.ledger.account(named: "work", protocol: "imap"), work)
        let status = try fixture.ledger.status()
        XCTAssertEqual(status.map(\.name), ["home", "work"])
        XCTAssertEqual(status.map(\.protocol), ["imap", "imap"])
    }
}

final class LedgerConcurrencyTests: XCTestCase {
    /// Two runs for different accounts, each with its own connection pool (as two popvault processes
    /// would have), write batches at the same time: the busy timeout serialises them, nothing fails.
    func testTwoWritersOnOneFileBothSucceed() throws {
        let fixture = try LedgerFixture()
        defer { fixture.directory.remove() }
        let second = try ArchiveLedger(path: fixture.path)
        let ledgers = [fixture.ledger, second]
        let ids = try ledgers.enumerated().map { index, ledger in
            try ledger.account(named: "account-\(index)", protocol: "pop3")
        }
        let failures = FailureList()
        DispatchQueue.concurrentPerform(iterations: 2) { writer in
            do {
                for batch in 0..<25 {
                    let at = Date(timeIntervalSince1970: Double(batch))
                    try ledgers[writer].record((0..<40).map { index in
                        message(account: ids[writer], key: "b\(batch)-m\(index)", archivedAt: at)
                    })
                    _ = try ledgers[1 - writer].knownMessages(account: ids[writer])
                }
            } catch {
                failures.append(error)
            }
        }
        XCTAssertEqual(failures.errors.map { String(describing: $0) }, [])
        for id in ids {
            XCTAssertEqual(try fixture.ledger.knownMessages(account: id).count, 1_000)
        }
    }
}

final class FailureList: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [any Error] = []

    func append(_ error: any Error) {
        lock.lock()
        list.append(error)
        lock.unlock()
    }

    var errors: [any Error] {
        lock.lock()
        defer { lock.unlock() }
        return list
    }
}
