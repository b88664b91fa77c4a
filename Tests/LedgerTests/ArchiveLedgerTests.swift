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
