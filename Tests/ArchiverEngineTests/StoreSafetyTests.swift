import ArchiverEngine
import Foundation
import Ledger
import MailStore
import TestSupport
import XCTest

/// What lies in an archive besides popvault's committed messages is never destroyed: records past the
/// ledger's end of an mbox, another writer's deliveries in a Maildir's `tmp/`; and a ledger that is
/// removed during a run stops it before anything is deleted on the server. Real files, real SQLite.
final class StoreSafetyTests: XCTestCase {
    private var directory: TemporaryDirectory!

    override func setUpWithError() throws {
        directory = try TemporaryDirectory(prefix: "popvault-store-safety")
    }

    override func tearDown() {
        directory.remove()
    }

    private var ledgerPath: String { directory.path + "/popvault.sqlite" }
    private var mbox: String { directory.path + "/work.mbox" }

    private func message(_ index: Int) -> (String, [UInt8]) {
        ("UID\(index)", Array("From: a\(index)@example.org\nSubject: message \(index)\n\nbody \(index)\n".utf8))
    }

    private func archiver(
        _ format: ArchiveTarget.Format, deletion: DeletionPolicy = .never, ledger: ArchiveLedger? = nil
    ) throws -> AccountArchiver {
        let path = directory.url.appendingPathComponent(format == .maildir ? "work" : "work.mbox")
        return AccountArchiver(
            ledger: try ledger ?? ArchiveLedger(path: ledgerPath), archiveRoot: directory.url,
            target: ArchiveTarget(account: "work", format: format, path: path, deletion: deletion),
            options: FetchOptions(batchMessages: 2))
    }

    /// An mbox account whose first run archived messages 1 to `count`.
    private func archivedMbox(_ count: Int) async throws -> (ScriptedMailSource, AccountArchiver) {
        let source = ScriptedMailSource(messages: (1...count).map(message))
        let archiver = try archiver(.mbox)
        let first = await archiver.run { source }
        XCTAssertNil(first.failure)
        return (source, archiver)
    }

    private func append(_ text: String, to path: String) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
        try handle.close()
    }

    private func bytes(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    static let clientRecord = "From client@example.org Mon Jan  1 00:00:00 2024\nSubject: saved by mutt\n\nkept\n\n"

    // MARK: - mbox: bytes past the ledger's end

    func testCompleteRecordsAppendedByAMailClientAreRefusedNotCut() async throws {
        let (source, archiver) = try await archivedMbox(3)
        let end = try bytes(mbox).count
        try append(Self.clientRecord, to: mbox)
        let before = try bytes(mbox)

        source.add(message(4).0, message(4).1)
        let refused = await archiver.run { source }
        let failure = try XCTUnwrap(refused.failure, "a fetch must not cut complete records it did not write")
        let tail = try XCTUnwrap(failure.underlying as? UnrecordedMboxTail, "\(failure)")
        XCTAssertEqual(tail.offset, Int64(end))
        XCTAssertEqual(tail.fileLength, Int64(before.count))
        XCTAssertNil(tail.incompleteFrom)
        for part in [mbox, "offset \(end)", "verify --repair --account work"] {
            XCTAssertTrue(failure.description.contains(part), "the error names \(part): \(failure)")
        }
        XCTAssertEqual(try bytes(mbox), before, "nothing was cut")
        XCTAssertEqual(refused.report.fetched, 0)

        // The advice holds: verify --repair records the record, and the next fetch goes on after it.
        let target = ArchiveVerifier.Target(account: "work", format: .mbox, path: mbox)
        let repaired = try ArchiveVerifier(ledger: archiver.ledger, repair: true).verify(target)
        XCTAssertEqual(repaired.repaired, 1, "\(repaired.findings)")
        let next = await archiver.run { source }
        XCTAssertNil(next.failure)
        XCTAssertEqual(next.report.fetched, 1)
        XCTAssertTrue(try bytes(mbox).starts(with: before), "the client's record is still there")
        XCTAssertTrue(try ArchiveVerifier(ledger: archiver.ledger).verify(target).isConsistent)
    }

    /// A ledger restored from an older backup no longer records the last messages archived (and
    /// deleted on the server since): their records past its end must survive.
    func testRecordsOfALedgerRestoredFromAnOlderBackupSurvive() async throws {
        let source = ScriptedMailSource(messages: (1...2).map(message))
        let backup = directory.path + "/backup.sqlite"
        // Each archiver's ledger is closed when it goes (SQLite checkpoints and removes the -wal).
        let first = try await archiver(.mbox, deletion: .afterArchive).run { source }
        XCTAssertNil(first.failure)
        try FileManager.default.copyItem(atPath: ledgerPath, toPath: backup)
        source.add(message(3).0, message(3).1)
        source.add(message(4).0, message(4).1)
        let second = try await archiver(.mbox, deletion: .afterArchive).run { source }
        XCTAssertNil(second.failure)
        XCTAssertEqual(source.remainingKeys, [], "archived and deleted on the server")
        let before = try bytes(mbox)
        try FileManager.default.removeItem(atPath: ledgerPath)
        try FileManager.default.copyItem(atPath: backup, toPath: ledgerPath)

        source.add(message(5).0, message(5).1)
        let refused = try await archiver(.mbox, deletion: .afterArchive).run { source }
        XCTAssertTrue(refused.failure?.underlying is UnrecordedMboxTail, "\(String(describing: refused.failure))")
        XCTAssertEqual(try bytes(mbox), before, "UID3 and UID4 exist nowhere else: nothing may be cut")
        XCTAssertEqual(source.remainingKeys, ["UID5"], "nothing deleted either")
    }

    func testATornTailPopvaultBeganIsCutAndAForeignOneRefused() async throws {
        let (source, archiver) = try await archivedMbox(2)
        let end = try bytes(mbox).count
        let account = try XCTUnwrap(try archiver.ledger.existingAccount(named: "work"))

        // What a SIGKILL in the middle of a batch leaves: the journal row, then a torn record.
        try archiver.ledger.beginAppend(MboxAppend(account: account, segment: "work.mbox", start: Int64(end)))
        try append("From popvault Mon Jan  1 00:00:00 2024\nSubject: torn by a kill\n\nhalf a", to: mbox)
        let target = ArchiveVerifier.Target(account: "work", format: .mbox, path: mbox)
        XCTAssertEqual(try ArchiveVerifier(ledger: archiver.ledger).verify(target).findings.map(\.detail),
                       ["a torn tail an interrupted fetch began (the next fetch cuts it off)"])
        source.add(message(3).0, message(3).1)
        let resumed = await archiver.run { source }
        XCTAssertNil(resumed.failure)
        XCTAssertEqual(resumed.report.fetched, 1)
        XCTAssertFalse(String(decoding: try bytes(mbox), as: UTF8.self).contains("torn by a kill"))
        XCTAssertNil(try archiver.ledger.openAppend(account: account, segment: "work.mbox"), "the append ended")

        // The same torn record without the journal row: someone else's, refused.
        let whole = try bytes(mbox).count
        try append("From other Mon Jan  1 00:00:00 2024\nSubject: torn by another writer\n\nhalf a", to: mbox)
        let before = try bytes(mbox)
        source.add(message(4).0, message(4).1)
        let refused = await archiver.run { source }
        let tail = try XCTUnwrap(refused.failure?.underlying as? UnrecordedMboxTail)
        XCTAssertEqual(tail.incompleteFrom, Int64(whole))
        XCTAssertTrue(tail.description.contains("incomplete"), tail.description)
        XCTAssertEqual(try bytes(mbox), before)
        let findings = try ArchiveVerifier(ledger: archiver.ledger).verify(target).findings
        XCTAssertEqual(findings.map(\.kind), [.unrecorded])
        XCTAssertTrue(findings.first?.detail.contains("popvault did not write") ?? false, "\(findings)")
    }

    func testRotationRefusesASegmentWithRecordsPastTheLedgersEnd() async throws {
        let (_, archiver) = try await archivedMbox(2)
        try append(Self.clientRecord, to: mbox)
        let before = try bytes(mbox)
        let account = try XCTUnwrap(try archiver.ledger.existingAccount(named: "work"))
        let rotator = SegmentRotator(
            ledger: archiver.ledger, account: account, file: URL(fileURLWithPath: mbox), policy: .monthly)
        XCTAssertThrowsError(try rotator.rotateIfDue(force: true)) { error in
            XCTAssertTrue(error is UnrecordedMboxTail, "\(error)")
        }
        XCTAssertEqual(try bytes(mbox), before, "the plain segment, with the client's record, stays")
    }

    // MARK: - Maildir: another writer's deliveries in tmp/

    func testADeliveryAgentsFileInTmpSurvivesAndPopvaultsLeftoversGo() async throws {
        let maildir = directory.path + "/work"
        for sub in ["tmp", "new", "cur"] {
            try FileManager.default.createDirectory(atPath: maildir + "/" + sub, withIntermediateDirectories: true)
        }
        let delivery = maildir + "/tmp/1796000000.M123P4567Q1.mail.example.org"
        try Data("Subject: being delivered\n\nhalf".utf8).write(to: URL(fileURLWithPath: delivery))
        let leftover = maildir + "/tmp/" + MaildirTemporaryName.fetchPrefix + "1796000000.M1P2Q3Rff.host"
        try Data("torn by a kill".utf8).write(to: URL(fileURLWithPath: leftover))

        let source = ScriptedMailSource(messages: (1...3).map(message))
        let result = try await archiver(.maildir).run { source }
        XCTAssertNil(result.failure)
        XCTAssertEqual(result.report.fetched, 3)
        XCTAssertEqual(try bytes(delivery), Data("Subject: being delivered\n\nhalf".utf8),
                       "a delivery in progress is not popvault's to remove")
        XCTAssertFalse(FileManager.default.fileExists(atPath: leftover), "popvault's own leftover is removed")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: maildir + "/new").count, 3)
    }

    // MARK: - The ledger removed or replaced during a run

    func testALedgerRemovedDuringTheRunStopsItBeforeDeleting() async throws {
        for replace in [false, true] {
            let source = LedgerRemovingSource(
                inner: ScriptedMailSource(messages: (1...3).map(message)), ledgerPath: ledgerPath, replace: replace)
            let archiver = try archiver(.maildir, deletion: .afterArchive)
            let result = await archiver.run { source }
            let failure = try XCTUnwrap(result.failure, "the run must stop (replace: \(replace))")
            guard case .replaced = failure.underlying as? LedgerError else { return XCTFail("\(failure)") }
            XCTAssertTrue(failure.description.contains(ledgerPath), failure.description)
            XCTAssertTrue(failure.description.contains(replace ? "replaced" : "removed"), failure.description)
            XCTAssertEqual(source.inner.remainingKeys, ["UID1", "UID2", "UID3"], "nothing deleted on the server")
            try? FileManager.default.removeItem(atPath: ledgerPath)
            try? FileManager.default.removeItem(atPath: directory.path + "/work")
        }
    }

    func testAnIMAPRunWhoseLedgerWasRemovedExpungesNothing() async throws {
        let source = ScriptedIMAPSource()
        source.add(folder: "INBOX")
        for tag in ["a", "b"] { source.append(IMAPArchiveFixture.message(tag), to: "INBOX") }
        let fixture = try IMAPArchiveFixture(directory: directory, format: .mbox)
        XCTAssertEqual(unlink(fixture.ledger.path), 0, "open, then removed: the run records into a lost file")
        let result = await fixture.archiver(deletion: .afterArchive).run { source }
        guard case .replaced = result.failure?.underlying as? LedgerError else {
            return XCTFail("\(String(describing: result.failure))")
        }
        XCTAssertEqual(source.state.withLock { $0.expunged }, [], "nothing expunged")
    }
}

/// Removes (or replaces with another SQLite file) the ledger while the messages are retrieved.
final class LedgerRemovingSource: MailSource, @unchecked Sendable {
    let inner: ScriptedMailSource
    let ledgerPath: String
    let replace: Bool

    init(inner: ScriptedMailSource, ledgerPath: String, replace: Bool) {
        self.inner = inner
        self.ledgerPath = ledgerPath
        self.replace = replace
    }

    func inventory() async throws -> [SourceMessage] { try await inner.inventory() }
    func keys() async throws -> [SourceMessage]? { try await inner.keys() }
    func sizes(of messages: [SourceMessage]) async throws -> [SourceMessage] { try await inner.sizes(of: messages) }

    func retrieve(_ messages: [SourceMessage], into receiver: SourceMessageReceiver) async throws {
        try await inner.retrieve(messages, into: receiver)
        let scratch = ledgerPath + ".other"
        if replace {
            _ = try ArchiveLedger(path: scratch)
            XCTAssertEqual(rename(scratch, ledgerPath), 0)
        } else {
            XCTAssertEqual(unlink(ledgerPath), 0)
        }
    }

    func delete(_ messages: [SourceMessage]) async throws { try await inner.delete(messages) }
    func quit() async throws { try await inner.quit() }
    func close() async { await inner.close() }
}
