import Foundation
import Ledger
import XCTest

final class LedgerRunsTests: XCTestCase {
    func testRunLifecycleAndStatus() throws {
        let fixture = try LedgerFixture()
        defer { fixture.directory.remove() }
        let id = try fixture.ledger.account(named: "work", protocol: "pop3")
        _ = try fixture.ledger.account(named: "idle", protocol: "imap")
        try fixture.ledger.record([
            message(account: id, key: "a", size: 1_000, archivedAt: Date(timeIntervalSince1970: 1)),
            message(account: id, key: "b", size: 24, archivedAt: Date(timeIntervalSince1970: 1)),
        ])
        try fixture.ledger.markDeleted(account: id, keys: ["a"], at: Date(timeIntervalSince1970: 2))

        let failedRun = try fixture.ledger.startRun(account: id, at: Date(timeIntervalSince1970: 10))
        try fixture.ledger.finishRun(failedRun, RunSummary(
            finishedAt: Date(timeIntervalSince1970: 11), fetched: 1, fetchedBytes: 1_000, deleted: 0, failed: 1,
            outcome: .partial, error: "RETR 2: connection reset"))
        let okRun = try fixture.ledger.startRun(account: id, at: Date(timeIntervalSince1970: 20))
        try fixture.ledger.finishRun(okRun, RunSummary(
            finishedAt: Date(timeIntervalSince1970: 21), fetched: 1, fetchedBytes: 24, deleted: 1, failed: 0,
            outcome: .ok))

        let status = try fixture.ledger.status()
        XCTAssertEqual(status.map(\.name), ["idle", "work"])
        XCTAssertEqual(status[0].archivedCount, 0)
        XCTAssertNil(status[0].lastRun)
        let work = status[1]
        XCTAssertEqual(work.archivedCount, 2)
        XCTAssertEqual(work.archivedBytes, 1_024)
        XCTAssertEqual(work.deletedCount, 1)
        XCTAssertEqual(work.lastRun, RunRecord(
            id: okRun, account: id, startedAt: Date(timeIntervalSince1970: 20),
            finishedAt: Date(timeIntervalSince1970: 21), fetched: 1, fetchedBytes: 24, deleted: 1, failed: 0,
            outcome: .ok, error: nil))
        XCTAssertEqual(work.lastError?.id, failedRun)
        XCTAssertEqual(work.lastError?.error, "RETR 2: connection reset")
        XCTAssertEqual(try fixture.ledger.runs(account: id).map(\.id), [okRun, failedRun])
    }

    func testAnUnfinishedRunIsMarkedInterruptedByTheNextStart() throws {
        let fixture = try LedgerFixture()
        defer { fixture.directory.remove() }
        let id = try fixture.ledger.account(named: "work", protocol: "pop3")
        let crashed = try fixture.ledger.startRun(account: id, at: Date(timeIntervalSince1970: 1))
        XCTAssertNil(try fixture.ledger.status().first?.lastRun?.outcome)
        let next = try fixture.ledger.startRun(account: id, at: Date(timeIntervalSince1970: 2))
        let runs = try fixture.ledger.runs(account: id)
        XCTAssertEqual(runs.map(\.id), [next, crashed])
        XCTAssertEqual(runs[1].outcome, .interrupted)
        XCTAssertNil(runs[1].finishedAt)
        XCTAssertNil(runs[0].outcome)
    }

    func testFinishingAnUnknownRunThrows() throws {
        let fixture = try LedgerFixture()
        defer { fixture.directory.remove() }
        let summary = RunSummary(finishedAt: Date(), fetched: 0, fetchedBytes: 0, deleted: 0, failed: 0, outcome: .ok)
        XCTAssertThrowsError(try fixture.ledger.finishRun(77, summary)) { error in
            XCTAssertEqual(error as? LedgerError, .unknownRun(path: fixture.path, id: 77))
        }
    }
}
