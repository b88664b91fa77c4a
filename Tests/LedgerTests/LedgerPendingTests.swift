import Foundation
import Ledger
import XCTest

/// The Maildir journal (pending rows), mbox segment bases and read-only account lookup.
final class LedgerPendingTests: XCTestCase {
    func testPendingRowsAreInvisibleUntilCommitted() throws {
        let fixture = try LedgerFixture()
        defer { fixture.directory.remove() }
        let id = try fixture.ledger.account(named: "work", protocol: "pop3")
        let at = Date(timeIntervalSince1970: 7)
        let batch = ["a", "b", "c"].map {
            message(account: id, key: $0, location: .maildir(path: "new/\($0)"), archivedAt: at)
        }
        try fixture.ledger.recordPending(batch)
        XCTAssertEqual(try fixture.ledger.pendingMessages(account: id), batch)
        XCTAssertEqual(try fixture.ledger.knownMessages(account: id), [:])

        // Journalling again (a retried batch) replaces, never duplicates.
        try fixture.ledger.recordPending(batch)
        XCTAssertEqual(try fixture.ledger.pendingMessages(account: id).count, 3)

        try fixture.ledger.commitPending(Array(batch[0..<2]))
        XCTAssertEqual(try fixture.ledger.messages(account: id), Array(batch[0..<2]))
        XCTAssertEqual(try fixture.ledger.pendingMessages(account: id), [batch[2]])
        try fixture.ledger.clearPending(account: id, keys: ["c"])
        XCTAssertEqual(try fixture.ledger.pendingMessages(account: id), [])
        XCTAssertEqual(Set(try fixture.ledger.knownMessages(account: id).keys), ["a", "b"])
    }

    func testPendingJournalSurvivesReopen() throws {
        let fixture = try LedgerFixture()
        defer { fixture.directory.remove() }
        let id = try fixture.ledger.account(named: "work", protocol: "pop3")
        let pending = message(account: id, key: "k", archivedAt: Date(timeIntervalSince1970: 1))
        try fixture.ledger.recordPending([pending])
        let reopened = try ArchiveLedger(path: fixture.path)
        XCTAssertEqual(try reopened.pendingMessages(account: id), [pending])
    }

    func testSegmentBaseIsRecordedOnFirstUseOnly() throws {
        let fixture = try LedgerFixture()
        defer { fixture.directory.remove() }
        let id = try fixture.ledger.account(named: "box", protocol: "pop3")
        XCTAssertEqual(try fixture.ledger.segmentBase(account: id, segment: "box.mbox", currentLength: 4_096), 4_096)
        XCTAssertEqual(try fixture.ledger.segmentBase(account: id, segment: "box.mbox", currentLength: 9_999), 4_096)
        XCTAssertEqual(try fixture.ledger.segmentBase(account: id, segment: "other.mbox", currentLength: 0), 0)
    }

    func testExistingAccountNeverCreates() throws {
        let fixture = try LedgerFixture()
        defer { fixture.directory.remove() }
        XCTAssertNil(try fixture.ledger.existingAccount(named: "work"))
        XCTAssertEqual(try fixture.ledger.status(), [])
        let id = try fixture.ledger.account(named: "work", protocol: "pop3")
        XCTAssertEqual(try fixture.ledger.existingAccount(named: "work"), id)
    }

    func testBothMigrationsAreApplied() throws {
        let fixture = try LedgerFixture()
        defer { fixture.directory.remove() }
        let applied = try fixture.ledger.appliedMigrations()
        XCTAssertEqual(Array(applied.prefix(2)), ["v1-accounts-messages-runs", "v2-pending-segments"])
    }
}
