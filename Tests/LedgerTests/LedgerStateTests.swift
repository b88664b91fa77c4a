import Foundation
import Ledger
import TestSupport
import XCTest

/// The ledger under outside trouble: another process holding the write lock, a `-shm` left 0400,
/// the file removed or replaced while open; and the journal and counts a fetch keeps in it.
final class LedgerStateTests: XCTestCase {
    func testAWriteLockHeldTooLongIsBusyAndTemporary() throws {
        let fixture = try LedgerFixture()
        defer { fixture.directory.remove() }
        let ledger = try ArchiveLedger(path: fixture.path, busyTimeout: 0.2)
        let holder = try WriteLockHolder(path: fixture.path)
        defer { holder.release() }
        XCTAssertThrowsError(try ledger.account(named: "work", protocol: "pop3")) { error in
            guard case LedgerError.busy(let path, _, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(path, fixture.path)
            XCTAssertTrue("\(error)".contains("temporary"), "\(error)")
        }
    }

    func testAReadOnlySharedMemoryFileIsGivenBackItsMode() throws {
        let fixture = try LedgerFixture()
        defer { fixture.directory.remove() }
        // What a run against a `chmod 400` ledger leaves: SQLite created the -shm with the file's mode.
        for suffix in ["-shm", "-wal"] {
            let sidecar = fixture.path + suffix
            if !FileManager.default.fileExists(atPath: sidecar) {
                XCTAssertTrue(FileManager.default.createFile(atPath: sidecar, contents: nil))
            }
            XCTAssertEqual(chmod(sidecar, 0o400), 0)
        }
        let reopened = try ArchiveLedger(path: fixture.path)
        _ = try reopened.account(named: "work", protocol: "pop3")
        XCTAssertEqual(try fileMode(fixture.path + "-shm"), 0o600)
        XCTAssertEqual(try fileMode(fixture.path + "-wal"), 0o600)
    }

    func testARemovedOrReplacedFileIsNoticed() throws {
        let fixture = try LedgerFixture()
        defer { fixture.directory.remove() }
        XCTAssertNoThrow(try fixture.ledger.checkFileUnchanged())
        let other = fixture.directory.url.appendingPathComponent("other.sqlite").path
        _ = try ArchiveLedger(path: other)
        XCTAssertEqual(rename(other, fixture.path), 0)
        XCTAssertThrowsError(try fixture.ledger.checkFileUnchanged()) { error in
            XCTAssertEqual(error as? LedgerError, .replaced(path: fixture.path, detail: "replaced by another file"))
        }
        XCTAssertEqual(unlink(fixture.path), 0)
        XCTAssertThrowsError(try fixture.ledger.checkFileUnchanged()) { error in
            XCTAssertEqual(error as? LedgerError, .replaced(path: fixture.path, detail: "removed"))
        }
    }

    func testABatchCountsInItsRunAndMovesTheAppendInOneTransaction() throws {
        let fixture = try LedgerFixture()
        defer { fixture.directory.remove() }
        let ledger = fixture.ledger
        let account = try ledger.account(named: "work", protocol: "pop3")
        let run = try ledger.startRun(account: account, at: Date())
        try ledger.beginAppend(MboxAppend(account: account, segment: "work.mbox", start: 0))
        let batch = (0..<3).map {
            message(account: account, key: "k\($0)", location: .mbox(segment: "work.mbox", offset: Int64($0) * 100,
                                                                       length: 100), archivedAt: Date())
        }
        try ledger.record(batch, run: run, append: MboxAppend(account: account, segment: "work.mbox", start: 300))
        XCTAssertEqual(try ledger.openAppend(account: account, segment: "work.mbox"), 300)
        let row = try XCTUnwrap(try ledger.runs(account: account).first)
        XCTAssertEqual(row.fetched, 3)
        XCTAssertEqual(row.fetchedBytes, 300)
        XCTAssertNil(row.outcome)
        try ledger.endAppend(account: account, segment: "work.mbox")
        XCTAssertNil(try ledger.openAppend(account: account, segment: "work.mbox"))
    }
}
