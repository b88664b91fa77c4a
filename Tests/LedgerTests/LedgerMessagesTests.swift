import Foundation
import Ledger
import XCTest

final class LedgerMessagesTests: XCTestCase {
    func testTwentyThousandKeysRecordedInOneBatchAndDiffedInOneQuery() throws {
        let fixture = try LedgerFixture()
        defer { fixture.directory.remove() }
        let id = try fixture.ledger.account(named: "big", protocol: "pop3")
        let at = Date(timeIntervalSince1970: 1_700_000_000)
        let batch = (0..<20_000).map { index in
            message(account: id, key: "UIDL-\(index)", size: Int64(index), archivedAt: at)
        }
        try fixture.ledger.record(batch)
        let known = try fixture.ledger.knownMessages(account: id)
        XCTAssertEqual(known.count, 20_000)
        XCTAssertEqual(known["UIDL-12345"], LedgerMessageState(state: .archived, serverSize: 12_347, deleted: false))
        let stored = try fixture.ledger.messages(account: id)
        XCTAssertEqual(stored, batch)
        XCTAssertEqual(try fixture.ledger.knownMessages(account: id + 1), [:])
    }

    func testMessageRoundTripsEveryField() throws {
        let fixture = try LedgerFixture()
        defer { fixture.directory.remove() }
        let id = try fixture.ledger.account(named: "imap", protocol: "imap")
        let key = LedgerMessage.imapKey(folder: "其他文件夹", uidValidity: 1_700_000_123, uid: 42)
        let original = LedgerMessage(
            account: id, key: key, serverSize: 5_000_000_000, storedSize: 4_999_999_000,
            sha256: String(repeating: "ab", count: 32), messageID: nil, date: nil, from: nil, subject: nil,
            location: .mbox(segment: "imap-2024-05.mbox.gz", offset: 1 << 33, length: 4_999_999_100),
            archivedAt: Date(timeIntervalSince1970: 1_700_000_000.123456), deletedAt: nil)
        try fixture.ledger.record([original])
        XCTAssertEqual(try fixture.ledger.messages(account: id), [original])
        XCTAssertEqual(key, "其他文件夹\t1700000123\t42")
    }

    func testABatchWithOneBadRowRecordsNothing() throws {
        let fixture = try LedgerFixture()
        defer { fixture.directory.remove() }
        let id = try fixture.ledger.account(named: "work", protocol: "pop3")
        let at = Date(timeIntervalSince1970: 1_000)
        var bad = message(account: id, key: "bad", archivedAt: at)
        bad.sha256 = "not-a-digest"
        let batch = [
            message(account: id, key: "a", archivedAt: at), bad, message(account: id, key: "c", archivedAt: at),
        ]
        XCTAssertThrowsError(try fixture.ledger.record(batch)) { error in
            guard case LedgerError.database(let path, _, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(path, fixture.path)
        }
        XCTAssertEqual(try fixture.ledger.knownMessages(account: id), [:])
    }

    func testRecordOverwritesLocationOfAnExistingKey() throws {
        let fixture = try LedgerFixture()
        defer { fixture.directory.remove() }
        let id = try fixture.ledger.account(named: "work", protocol: "pop3")
        var first = message(account: id, key: "k", location: .mbox(segment: "work.mbox", offset: 0, length: 10),
                            archivedAt: Date(timeIntervalSince1970: 5))
        try fixture.ledger.record([first])
        first.location = .mbox(segment: "work-2024-01.mbox.gz", offset: 0, length: 10)
        try fixture.ledger.record([first])
        XCTAssertEqual(try fixture.ledger.messages(account: id), [first])
    }

    func testDeletionCandidatesAndMarkDeleted() throws {
        let fixture = try LedgerFixture()
        defer { fixture.directory.remove() }
        let id = try fixture.ledger.account(named: "work", protocol: "pop3")
        let other = try fixture.ledger.account(named: "other", protocol: "pop3")
        let day: TimeInterval = 86_400
        try fixture.ledger.record([
            message(account: id, key: "old", archivedAt: Date(timeIntervalSince1970: 1 * day)),
            message(account: id, key: "mid", archivedAt: Date(timeIntervalSince1970: 10 * day)),
            message(account: id, key: "new", archivedAt: Date(timeIntervalSince1970: 40 * day)),
            message(account: other, key: "old", archivedAt: Date(timeIntervalSince1970: 1 * day)),
        ])
        try fixture.ledger.markImported(account: id, keys: ["imported-1"], at: Date(timeIntervalSince1970: 0))

        XCTAssertEqual(try fixture.ledger.deletionCandidates(account: id, archivedBefore: nil).map(\.key),
                       ["old", "mid", "new"])
        let cutoff = Date(timeIntervalSince1970: 10 * day)
        XCTAssertEqual(try fixture.ledger.deletionCandidates(account: id, archivedBefore: cutoff).map(\.key), ["old"])

        let deletedAt = Date(timeIntervalSince1970: 50 * day)
        try fixture.ledger.markDeleted(account: id, keys: ["old", "unknown"], at: deletedAt)
        try fixture.ledger.markDeleted(account: id, keys: ["old"], at: Date(timeIntervalSince1970: 60 * day))
        XCTAssertEqual(
            try fixture.ledger.deletionCandidates(account: id, archivedBefore: nil).map(\.key), ["mid", "new"])
        XCTAssertEqual(try fixture.ledger.messages(account: id).first { $0.key == "old" }?.deletedAt, deletedAt)
        XCTAssertEqual(try fixture.ledger.knownMessages(account: id)["old"]?.deleted, true)
        // The same key of another account is untouched.
        XCTAssertEqual(try fixture.ledger.knownMessages(account: other)["old"]?.deleted, false)
    }

    func testImportedKeysAreKnownButNeverStoredCopiesOrDeletionCandidates() throws {
        let fixture = try LedgerFixture()
        defer { fixture.directory.remove() }
        let id = try fixture.ledger.account(named: "work", protocol: "pop3")
        let at = Date(timeIntervalSince1970: 100)
        try fixture.ledger.record([message(account: id, key: "ours", archivedAt: at)])
        XCTAssertEqual(try fixture.ledger.markImported(account: id, keys: ["ours", "theirs-1", "theirs-2"], at: at), 2)
        XCTAssertEqual(try fixture.ledger.markImported(account: id, keys: ["theirs-1"], at: at), 0)

        let known = try fixture.ledger.knownMessages(account: id)
        XCTAssertEqual(known["ours"]?.state, .archived)
        XCTAssertEqual(known["theirs-1"], LedgerMessageState(state: .imported, serverSize: nil, deleted: false))
        XCTAssertEqual(try fixture.ledger.messages(account: id).map(\.key), ["ours"])
        XCTAssertEqual(try fixture.ledger.deletionCandidates(account: id, archivedBefore: nil).map(\.key), ["ours"])

        // Archiving an imported key later makes it ours.
        try fixture.ledger.record([message(account: id, key: "theirs-2", archivedAt: at)])
        XCTAssertEqual(try fixture.ledger.knownMessages(account: id)["theirs-2"]?.state, .archived)
        let status = try XCTUnwrap(try fixture.ledger.status().first)
        XCTAssertEqual(status.archivedCount, 2)
        XCTAssertEqual(status.importedCount, 1)
    }

    func testIMAPKeysAndRenamesAfterAUIDValidityChange() throws {
        let fixture = try LedgerFixture()
        defer { fixture.directory.remove() }
        let id = try fixture.ledger.account(named: "imap", protocol: "imap")
        let at = Date(timeIntervalSince1970: 1)
        let old = (1...3).map { LedgerMessage.imapKey(folder: "Archiv\tTab", uidValidity: 7, uid: UInt32($0)) }
        try fixture.ledger.record(old.map { message(account: id, key: $0, archivedAt: at) })
        let parts = try XCTUnwrap(LedgerMessage.imapKeyComponents(old[0]))
        XCTAssertEqual(parts.folder, "Archiv\tTab")
        XCTAssertEqual(parts.uidValidity, 7)
        XCTAssertEqual(parts.uid, 1)
        XCTAssertNil(LedgerMessage.imapKeyComponents("000012345abcde"))
        XCTAssertNil(LedgerMessage.imapKeyComponents("INBOX\tx\t1"))

        let new = (1...3).map { LedgerMessage.imapKey(folder: "Archiv\tTab", uidValidity: 9, uid: UInt32(100 + $0)) }
        try fixture.ledger.renameKeys(account: id, [(old[0], new[0]), (old[1], new[1])])
        XCTAssertEqual(Set(try fixture.ledger.knownMessages(account: id).keys), [new[0], new[1], old[2]])

        // A clash or an unknown key rolls the whole batch back.
        XCTAssertThrowsError(try fixture.ledger.renameKeys(account: id, [(old[2], new[2]), (new[0], new[1])])) {
            XCTAssertTrue(String(describing: $0).contains("is already recorded"), "\($0)")
        }
        XCTAssertThrowsError(try fixture.ledger.renameKeys(account: id, [(old[2], new[2]), ("nope", "x")])) {
            XCTAssertTrue(String(describing: $0).contains("no message with key \"nope\""), "\($0)")
        }
        XCTAssertEqual(Set(try fixture.ledger.knownMessages(account: id).keys), [new[0], new[1], old[2]])
    }

    func testLastCommittedEndPerSegment() throws {
        let fixture = try LedgerFixture()
        defer { fixture.directory.remove() }
        let id = try fixture.ledger.account(named: "box", protocol: "pop3")
        let at = Date(timeIntervalSince1970: 1)
        XCTAssertNil(try fixture.ledger.lastCommittedEnd(account: id, segment: "box.mbox"))
        try fixture.ledger.record([
            message(account: id, key: "1", location: .mbox(segment: "box.mbox", offset: 0, length: 120),
                    archivedAt: at),
            message(account: id, key: "2", location: .mbox(segment: "box.mbox", offset: 120, length: 80),
                    archivedAt: at),
            message(account: id, key: "3", location: .mbox(segment: "old.mbox.gz", offset: 0, length: 999),
                    archivedAt: at),
            message(account: id, key: "4", location: .maildir(path: "box.mbox"), archivedAt: at),
        ])
        XCTAssertEqual(try fixture.ledger.lastCommittedEnd(account: id, segment: "box.mbox"), 200)
        XCTAssertEqual(try fixture.ledger.lastCommittedEnd(account: id, segment: "old.mbox.gz"), 999)
        XCTAssertNil(try fixture.ledger.lastCommittedEnd(account: id + 1, segment: "box.mbox"))
    }
}

final class LedgerKnownKeysTests: XCTestCase {
    func testKnownKeysAreTheKeysOfKnownMessagesPerAccount() throws {
        let fixture = try LedgerFixture()
        defer { fixture.directory.remove() }
        let id = try fixture.ledger.account(named: "work", protocol: "pop3")
        let other = try fixture.ledger.account(named: "home", protocol: "pop3")
        let at = Date(timeIntervalSince1970: 1_700_000_000)
        try fixture.ledger.record((0..<2_000).map { message(account: id, key: "UIDL-\($0)", size: 10, archivedAt: at) })
        try fixture.ledger.record([message(account: other, key: "UIDL-0", size: 10, archivedAt: at)])
        try fixture.ledger.markDeleted(account: id, keys: ["UIDL-7"], at: at)
        let keys = try fixture.ledger.knownKeys(account: id)
        XCTAssertEqual(keys.count, 2_000)
        XCTAssertEqual(keys, Set(try fixture.ledger.knownMessages(account: id).keys))
        XCTAssertTrue(keys.contains("UIDL-7"), "a key deleted on the server is still known: never fetched again")
        XCTAssertEqual(try fixture.ledger.knownKeys(account: other), ["UIDL-0"])
        XCTAssertEqual(try fixture.ledger.knownKeys(account: other + 1), [])

        let index = try fixture.ledger.knownKeyIndex(account: id)
        XCTAssertEqual(index.count, 2_000, "the index the fetch planner uses holds the same keys")
        for key in keys { XCTAssertTrue(index.contains(key), key) }
        XCTAssertFalse(index.contains("UIDL-2000"))
        XCTAssertEqual(try fixture.ledger.knownKeyIndex(account: other + 1).count, 0)
    }
}
