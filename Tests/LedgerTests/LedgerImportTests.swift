import Foundation
import Ledger
import TestSupport
import XCTest

/// `v3-imported`: keys archived by another tool, where they came from, and that they are never deleted.
final class LedgerImportTests: XCTestCase {
    private let source = ImportSource(tool: "fetchmail", file: "/home/me/.fetchids", serverUser: "me", serverHost: "h")

    func testMigrationIsApplied() throws {
        let fixture = try LedgerFixture()
        defer { fixture.directory.remove() }
        XCTAssertTrue(try fixture.ledger.appliedMigrations().contains("v3-imported"))
    }

    func testImportIsIdempotentAndRemembersItsSource() throws {
        let fixture = try LedgerFixture()
        defer { fixture.directory.remove() }
        let id = try fixture.ledger.account(named: "work", protocol: "pop3")
        let other = try fixture.ledger.account(named: "home", protocol: "pop3")
        try fixture.ledger.record([message(account: id, key: "ours", archivedAt: Date(timeIntervalSince1970: 5))])
        let first = Date(timeIntervalSince1970: 1_000)
        let keys = ["ours", "t1", "t2", "t1", "t3"]
        XCTAssertEqual(try fixture.ledger.recordImport(account: id, keys: keys, source: source, at: first),
                       ImportCount(listed: 4, added: 3))
        let second = try fixture.ledger.recordImport(
            account: id, keys: keys + ["t4"], source: source, at: Date(timeIntervalSince1970: 2_000))
        XCTAssertEqual(second, ImportCount(listed: 5, added: 1))
        XCTAssertEqual(second.known, 4)

        XCTAssertEqual(try fixture.ledger.importedKeys(account: id), ["t1", "t2", "t3", "t4"])
        XCTAssertEqual(try fixture.ledger.importedKeys(account: other), [])
        XCTAssertEqual(try fixture.ledger.knownMessages(account: id)["ours"]?.state, .archived, "ours stays ours")
        XCTAssertEqual(try fixture.ledger.messages(account: id).map(\.key), ["ours"], "no stored copy for imports")
        XCTAssertEqual(try fixture.ledger.deletionCandidates(account: id, archivedBefore: nil).map(\.key), ["ours"])
        let history = try fixture.ledger.imports(account: id)
        XCTAssertEqual(history.map(\.count), [ImportCount(listed: 4, added: 3), ImportCount(listed: 5, added: 1)])
        XCTAssertEqual(history.first?.source, source)
        XCTAssertEqual(history.first?.importedAt, first)
        XCTAssertEqual(try fixture.ledger.status().first { $0.name == "work" }?.importedCount, 4)
    }

    func testAnImportedKeyIsNeverMarkedDeleted() throws {
        let fixture = try LedgerFixture()
        defer { fixture.directory.remove() }
        let id = try fixture.ledger.account(named: "work", protocol: "pop3")
        try fixture.ledger.record([message(account: id, key: "ours", archivedAt: Date(timeIntervalSince1970: 5))])
        _ = try fixture.ledger.recordImport(account: id, keys: ["theirs"], source: source, at: Date())
        XCTAssertThrowsError(try fixture.ledger.markDeleted(account: id, keys: ["ours", "theirs"], at: Date())) {
            XCTAssertTrue(String(describing: $0).contains("never deleted"), "\($0)")
        }
        let known = try fixture.ledger.knownMessages(account: id)
        XCTAssertEqual(known["ours"]?.deleted, false, "the whole transaction is refused")
        XCTAssertEqual(known["theirs"]?.deleted, false)
    }
}
