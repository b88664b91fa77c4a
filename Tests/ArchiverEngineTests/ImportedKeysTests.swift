import ArchiverEngine
import Foundation
import Ledger
import TestSupport
import XCTest

/// Keys imported from another tool: never fetched, never deleted, whatever the delete policy.
final class ImportedKeysTests: XCTestCase {
    private var directory: TemporaryDirectory!

    override func setUpWithError() throws {
        directory = try TemporaryDirectory(prefix: "popvault-imported")
    }

    override func tearDown() {
        directory.remove()
    }

    func testDeletionPlanNeverDeletesImportedKeys() {
        let now = Date()
        let inventory = (1...4).map { SourceMessage(number: $0, key: "k\($0)", size: 10) }
        let candidates = ["k1", "k2"].map {
            DeletionCandidate(key: $0, archivedSize: 10, archivedAt: now.addingTimeInterval(-90 * 86_400))
        }
        for policy in [DeletionPolicy.afterArchive, .olderThan(86_400)] {
            let plan = DeletionPlan(
                policy: policy, candidates: candidates, inventory: inventory, now: now, imported: ["k2", "k3", "gone"])
            XCTAssertEqual(plan.toDelete.map(\.key), ["k1"], "\(policy)")
            XCTAssertEqual(plan.gone, [], "an imported key is not a candidate, listed or not")
            XCTAssertEqual(plan.keptImported, 2, "k2 and k3 stay on the server")
        }
    }

    func testFetchSkipsImportedKeysAndDeletesOnlyWhatItArchived() async throws {
        let messages = (1...6).map { index in
            (String(format: "UID%03d", index), Array("Subject: \(index)\n\nbody \(index)\n".utf8))
        }
        let source = ScriptedMailSource(messages: messages)
        let ledger = try ArchiveLedger(path: directory.path + "/popvault.sqlite")
        let account = try ledger.account(named: "work", protocol: "pop3")
        let count = try ledger.recordImport(
            account: account, keys: ["UID001", "UID002", "UID003", "UID999"],
            source: ImportSource(tool: "mpop", file: "/x/.mpop_uidls", serverUser: "u", serverHost: "h"), at: Date())
        XCTAssertEqual(count, ImportCount(listed: 4, added: 4))

        for policy in [DeletionPolicy.afterArchive, .olderThan(0)] {
            let archiver = AccountArchiver(
                ledger: ledger, archiveRoot: directory.url,
                target: ArchiveTarget(account: "work", format: .maildir, path: directory.url.appendingPathComponent(
                    "work"), deletion: policy))
            let result = await archiver.run { source }
            XCTAssertNil(result.failure)
            XCTAssertEqual(result.report.knownFromAnotherTool, 3, "the imported keys the server lists")
            XCTAssertEqual(result.report.alreadyKnown, 0, "none of them has a copy here")
        }
        XCTAssertEqual(source.retrievedKeys.sorted(), ["UID004", "UID005", "UID006"])
        XCTAssertEqual(source.remainingKeys, ["UID001", "UID002", "UID003"], "imported messages stay on the server")
        let status = try XCTUnwrap(try ledger.status().first)
        XCTAssertEqual(status.importedCount, 4)
        XCTAssertEqual(status.archivedCount, 3)
        XCTAssertEqual(status.deletedCount, 3)
    }
}

/// The size check before DELE and a message stored without a final line end (issue 13 item 3).
final class DeletionSizeQuirkTests: XCTestCase {
    /// (listed size, archived size, a POP3 copy whose size may include an uncounted final CRLF, deleted?)
    private let fixtures: [(listed: Int, archived: Int, allowsUncounted: Bool, deleted: Bool)] = [
        (100, 100, false, true),
        (100, 100, true, true),
        (100, 102, true, true),  // Cyrus, Courier: RETR adds CRLF before the dot (RFC 1939 §3)
        (100, 102, false, false),  // an IMAP copy: its size is exact
        (100, 101, true, false),
        (100, 103, true, false),
        (102, 100, true, false),  // the server lists more than was archived: never
        (100, 98, true, false),
    ]

    func testExactlyTwoOctetsMoreAreAcceptedOnlyForAPOP3Copy() {
        let now = Date()
        for fixture in fixtures {
            let plan = DeletionPlan(
                policy: .afterArchive,
                candidates: [
                    DeletionCandidate(
                        key: "k", archivedSize: fixture.archived, archivedAt: now,
                        allowsUncountedFinalLineEnd: fixture.allowsUncounted)
                ],
                inventory: [SourceMessage(number: 1, key: "k", size: fixture.listed)], now: now)
            XCTAssertEqual(plan.toDelete.map(\.key), fixture.deleted ? ["k"] : [], "\(fixture)")
            XCTAssertEqual(plan.sizeMismatches, fixture.deleted ? [] : ["k"], "\(fixture)")
        }
    }
}
