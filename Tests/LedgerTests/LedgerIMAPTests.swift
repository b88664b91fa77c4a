import Foundation
import Ledger
import XCTest

/// The `v4-imap` additions: folder states and the source hash beside the stored one.
final class LedgerIMAPTests: XCTestCase {
    func testFolderStatesAreRecordedAndReplaced() throws {
        let fixture = try LedgerFixture()
        defer { fixture.directory.remove() }
        let account = try fixture.ledger.account(named: "imap", protocol: "imap")
        XCTAssertEqual(try fixture.ledger.imapFolders(account: account), [:])
        let other = "其他文件夹"
        let ledger = fixture.ledger
        try ledger.setIMAPFolder(account: account, IMAPFolderState(folder: other, uidValidity: 7, uidWatermark: 1))
        try fixture.ledger.setIMAPFolder(
            account: account, IMAPFolderState(folder: "INBOX", uidValidity: UInt32.max, uidWatermark: 42))
        try ledger.setIMAPFolder(account: account, IMAPFolderState(folder: other, uidValidity: 9, uidWatermark: 5))
        let states = try fixture.ledger.imapFolders(account: account)
        XCTAssertEqual(states["INBOX"], IMAPFolderState(folder: "INBOX", uidValidity: UInt32.max, uidWatermark: 42))
        XCTAssertEqual(states[other], IMAPFolderState(folder: other, uidValidity: 9, uidWatermark: 5))
        let otherAccount = try fixture.ledger.account(named: "other", protocol: "imap")
        XCTAssertEqual(try fixture.ledger.imapFolders(account: otherAccount), [:], "states are per account")
    }

    func testSourceHashSurvivesJournalRecordAndRename() throws {
        let fixture = try LedgerFixture()
        defer { fixture.directory.remove() }
        let account = try fixture.ledger.account(named: "imap", protocol: "imap")
        let old = LedgerMessage.imapKey(folder: "INBOX", uidValidity: 1, uid: 3)
        var stored = message(account: account, key: old, archivedAt: Date(timeIntervalSince1970: 1_700_000_000))
        stored.sourceSHA256 = fakeDigest("wire")
        try fixture.ledger.recordPending([stored])
        XCTAssertEqual(try fixture.ledger.pendingMessages(account: account).map(\.sourceSHA256), [fakeDigest("wire")])
        try fixture.ledger.commitPending([stored])
        XCTAssertEqual(try fixture.ledger.messages(account: account), [stored])
        let new = LedgerMessage.imapKey(folder: "INBOX", uidValidity: 2, uid: 1)
        try fixture.ledger.renameKeys(account: account, [(old, new)])
        XCTAssertEqual(try fixture.ledger.messages(account: account).map(\.sourceSHA256), [fakeDigest("wire")])
        XCTAssertEqual(try fixture.ledger.messages(account: account).map(\.key), [new])

        var malformed = stored
        malformed.key = "bad"
        malformed.sourceSHA256 = "not hex"
        XCTAssertThrowsError(try fixture.ledger.record([malformed]), "the column is checked like sha256")
    }
}
