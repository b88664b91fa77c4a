import ArchiverEngine
import Foundation
import Ledger
import MailStore
import Synchronization
import TestSupport
import XCTest

final class ArchiverEngineTests: XCTestCase {
    private var directory: TemporaryDirectory!

    override func setUpWithError() throws {
        directory = try TemporaryDirectory(prefix: "popvault-engine")
    }

    override func tearDown() {
        directory.remove()
    }

    private func sample(_ count: Int, from start: Int = 0) -> [(String, [UInt8])] {
        (start..<start + count).map { index in
            let text = """
                Return-Path: <a\(index)@example.org>
                From: A <a\(index)@example.org>
                Subject: message \(index)
                Message-ID: <m\(index)@example.org>
                Date: Sun, 22 Nov 2026 03:10:33 +0000

                From the start of line \(index).
                .a dotted line
                >From quoted already
                \(String(repeating: "body \(index) ", count: index % 50))

                """
            return (String(format: "UID%05d", index), Array(text.utf8))
        }
    }

    private func archiver(
        _ format: ArchiveTarget.Format, deletion: DeletionPolicy = .never, dryRun: Bool = false, batch: Int = 4
    ) throws -> AccountArchiver {
        try POP3ArchiveFixture(directory: directory).archiver(format, deletion: deletion, dryRun: dryRun, batch: batch)
    }

    private func storedContents(_ archiver: AccountArchiver) throws -> [String: [UInt8]] {
        try POP3ArchiveFixture.stored(archiver)
    }

    func testMaildirFetchIsIncrementalAndByteExact() async throws {
        let messages = sample(10)
        let source = ScriptedMailSource(messages: messages)
        let archiver = try archiver(.maildir)
        let first = await archiver.run { source }
        XCTAssertNil(first.failure)
        XCTAssertEqual(first.report.outcome, .ok)
        XCTAssertEqual(first.report.fetched, 10)
        let stored = try storedContents(archiver)
        for (key, bytes) in messages {
            XCTAssertEqual(stored[key], bytes, "message \(key) must be stored byte for byte with LF line ends")
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: archiver.target.path.path + "/new")
        XCTAssertEqual(files.count, 10)
        let account = try XCTUnwrap(try archiver.ledger.existingAccount(named: "work"))
        let recorded = try archiver.ledger.messages(account: account)
        XCTAssertEqual(Set(recorded.map(\.date)), [Date(timeIntervalSince1970: 1_795_317_033)], "Date: header parsed")
        XCTAssertEqual(recorded.first { $0.key == "UID00003" }?.messageID, "<m3@example.org>")

        let second = await archiver.run { source }
        XCTAssertEqual(second.report.fetched, 0)
        XCTAssertEqual(second.report.alreadyKnown, 10)

        for (key, bytes) in sample(3, from: 10) { source.add(key, bytes) }
        let third = await archiver.run { source }
        XCTAssertEqual(third.report.fetched, 3)
        XCTAssertEqual(source.retrievedKeys.count, 13, "nothing is retrieved twice")
    }

    func testRunThatDeletesNothingAsksForSizesOnlyWhenSomethingIsNew() async throws {
        let messages = sample(5)
        let source = ScriptedMailSource(messages: messages, fault: .init(keysFirst: true))
        let archiver = try archiver(.maildir)
        let first = await archiver.run { source }
        XCTAssertNil(first.failure)
        XCTAssertEqual(first.report.fetched, 5)
        XCTAssertEqual(source.listings, ["keys", "sizes"])
        let account = try XCTUnwrap(try archiver.ledger.existingAccount(named: "work"))
        let sizes = Dictionary(uniqueKeysWithValues: try archiver.ledger.messages(account: account).map {
            ($0.key, $0.serverSize)
        })
        for (key, bytes) in messages {
            XCTAssertEqual(sizes[key], Int64(ScriptedMailSource.wire(bytes).count), "LIST size of \(key) recorded")
        }

        let second = await archiver.run { source }
        XCTAssertEqual(second.report.fetched, 0)
        XCTAssertEqual(second.report.alreadyKnown, 5)
        XCTAssertEqual(source.listings, ["keys", "sizes", "keys"], "nothing new: no sizes asked for")

        source.add("UID00099", Array("Subject: new\n\nnew\n".utf8))
        let third = await archiver.run { source }
        XCTAssertEqual(third.report.fetched, 1)
        XCTAssertEqual(source.listings.suffix(2), ["keys", "sizes"])
    }

    func testRunThatMayDeleteListsKeysAndSizesTogether() async throws {
        let source = ScriptedMailSource(messages: sample(3), fault: .init(keysFirst: true))
        let archiver = try archiver(.maildir, deletion: .afterArchive)
        let result = await archiver.run { source }
        XCTAssertNil(result.failure)
        XCTAssertEqual(result.report.deleted, 3)
        XCTAssertEqual(source.listings, ["inventory"], "deleting needs every size (the size check)")
    }

    func testRunThatCannotOpenItsLedgerCancelsTheConnect() async throws {
        let path = directory.path + "/garbage.sqlite"
        try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: path))
        let archiver = AccountArchiver(
            ledger: ArchiveLedger(openingInBackground: path), archiveRoot: directory.url,
            target: ArchiveTarget(
                account: "work", format: .maildir, path: directory.url.appendingPathComponent("work"),
                deletion: .never))
        let cancelled = CancelFlag()
        let result = await archiver.run {
            do {
                try await Task.sleep(for: .seconds(60))
            } catch {
                cancelled.value.withLock { $0 = true }
                throw error
            }
            return ScriptedMailSource(messages: [])
        }
        let failure = try XCTUnwrap(result.failure)
        guard case LedgerError.cannotOpen(let failedPath, _) = failure.underlying else {
            return XCTFail("\(failure)")
        }
        XCTAssertEqual(failedPath, path)
        XCTAssertTrue(cancelled.value.withLock { $0 }, "the connect was cancelled, not waited for")
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory.path + "/work"), "nothing was archived")
    }

    func testMboxFetchRecordsOffsetsOfEachMessage() async throws {
        let messages = sample(7)
        let source = ScriptedMailSource(messages: messages)
        let archiver = try archiver(.mbox)
        let result = await archiver.run { source }
        XCTAssertEqual(result.report.fetched, 7)
        let mbox = try String(contentsOf: archiver.target.path, encoding: .utf8)
        let separators = mbox.split(separator: "\n", omittingEmptySubsequences: false).filter { $0.hasPrefix("From a") }
        XCTAssertEqual(separators.count, 7, "one separator line per message, with the Return-Path sender")
        XCTAssertTrue(mbox.contains("\n>From the start of line 1."), "mboxrd quoting")
        XCTAssertTrue(mbox.contains("\n>>From quoted already"), "mboxrd quoting adds one level")
        let stored = try storedContents(archiver)
        for (key, bytes) in messages {
            XCTAssertEqual(stored[key], bytes, "message \(key) comes back byte for byte")
        }
    }

    func testDeleteAfterArchiveEmptiesTheServerOnlyAfterQuit() async throws {
        let source = ScriptedMailSource(messages: sample(6))
        let archiver = try archiver(.maildir, deletion: .afterArchive)
        let result = await archiver.run { source }
        XCTAssertNil(result.failure)
        XCTAssertEqual(result.report.deleted, 6)
        XCTAssertEqual(source.remainingKeys, [])
        let account = try XCTUnwrap(try archiver.ledger.existingAccount(named: "work"))
        XCTAssertTrue(try archiver.ledger.deletionCandidates(account: account, archivedBefore: nil).isEmpty)
    }

    func testFailedQuitLeavesDeletionsUnrecordedAndTheyAreRetried() async throws {
        let source = ScriptedMailSource(messages: sample(4), fault: .init(failQuit: true))
        let archiver = try archiver(.maildir, deletion: .afterArchive)
        let result = await archiver.run { source }
        XCTAssertEqual(result.failure?.phase, .quit)
        XCTAssertEqual(result.report.outcome, .partial)
        XCTAssertEqual(source.remainingKeys.count, 4, "the server undid the deletions")
        let account = try XCTUnwrap(try archiver.ledger.existingAccount(named: "work"))
        XCTAssertEqual(try archiver.ledger.deletionCandidates(account: account, archivedBefore: nil).count, 4)

        source.fault.withLock { $0.failQuit = false }
        let retry = await archiver.run { source }
        XCTAssertEqual(retry.report.fetched, 0)
        XCTAssertEqual(retry.report.deleted, 4, "earlier runs' unconfirmed deletions are done now")
        XCTAssertEqual(source.remainingKeys, [])
    }

    func testConnectionDropMidMessageKeepsCommittedBatchesAndDeletesNothing() async throws {
        let messages = sample(12)
        let wireBytes = messages.prefix(6).reduce(0) { $0 + ScriptedMailSource.wire($1.1).count }
        let source = ScriptedMailSource(messages: messages, fault: .init(failAfterBytes: wireBytes + 50))
        let archiver = try archiver(.maildir, deletion: .afterArchive, batch: 4)
        let result = await archiver.run { source }
        XCTAssertEqual(result.failure?.phase, .retrieve)
        XCTAssertEqual(result.failure?.message?.key, messages[6].0, "the error names the message")
        XCTAssertEqual(result.report.fetched, 6, "the batch of 4 and the 2 messages received whole after it are kept")
        XCTAssertEqual(source.remainingKeys.count, 12, "no deletion after a failed retrieval")
        let tmp = try FileManager.default.contentsOfDirectory(atPath: archiver.target.path.path + "/tmp")
        XCTAssertEqual(tmp, [], "the torn message leaves nothing behind")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: archiver.target.path.path + "/new").count, 6)
        XCTAssertEqual(try storedContents(archiver).keys.sorted(), messages.prefix(6).map(\.0))

        source.fault.withLock { $0.failAfterBytes = nil }
        let retry = await archiver.run { source }
        XCTAssertNil(retry.failure)
        XCTAssertEqual(retry.report.fetched, 6)
        XCTAssertEqual(try storedContents(archiver).count, 12)
        XCTAssertEqual(source.remainingKeys, [])
    }

    func testSizeMismatchIsArchivedButNeverDeleted() async throws {
        let messages = sample(3)
        let source = ScriptedMailSource(messages: messages, fault: .init(misreportedSizes: [messages[1].0: 7]))
        let archiver = try archiver(.maildir, deletion: .afterArchive)
        let result = await archiver.run { source }
        XCTAssertEqual(result.report.fetched, 3)
        XCTAssertEqual(result.report.listSizeDiffers, [messages[1].0])
        XCTAssertEqual(result.report.sizeMismatches, [messages[1].0])
        XCTAssertEqual(source.remainingKeys, [messages[1].0])
    }

    func testDryRunChangesNothing() async throws {
        let source = ScriptedMailSource(messages: sample(5))
        let archiver = try archiver(.maildir, deletion: .afterArchive, dryRun: true)
        let result = await archiver.run { source }
        XCTAssertEqual(result.report.outcome, .planned)
        XCTAssertEqual(result.report.wouldFetch.count, 5)
        XCTAssertEqual(result.report.wouldDelete.count, 5)
        XCTAssertEqual(source.retrievedKeys, [])
        XCTAssertEqual(source.remainingKeys.count, 5)
        XCTAssertFalse(FileManager.default.fileExists(atPath: archiver.target.path.path))
        XCTAssertNil(try archiver.ledger.existingAccount(named: "work"))
    }

    func testPendingJournalAdoptsRenamedFilesAfterACrash() async throws {
        // A crash after the rename into new/ and before the ledger transaction: the journal says
        // which files those are; the next run records them instead of fetching them again.
        let messages = sample(3)
        let archiver = try archiver(.maildir)
        let ledger = archiver.ledger
        let account = try ledger.account(named: "work", protocol: "pop3")
        let sink = try MaildirSink(directory: archiver.target.path)
        var journal: [LedgerMessage] = []
        for (key, bytes) in messages.prefix(2) {
            try sink.begin(MessageEnvelope())
            try bytes.withUnsafeBytes { try sink.append($0) }
            try sink.end()
            let stored = try XCTUnwrap(sink.endedMessages.last)
            guard case .maildir(let path) = stored.location else { return XCTFail("maildir location") }
            journal.append(LedgerMessage(
                account: account, key: key, serverSize: Int64(ScriptedMailSource.wire(bytes).count),
                storedSize: stored.size, sha256: stored.sha256, messageID: nil, date: nil, from: nil, subject: nil,
                location: .maildir(path: path), state: .archived, archivedAt: Date(), deletedAt: nil))
        }
        try ledger.recordPending(journal)
        _ = try sink.commit()  // renamed, then "crash": no ledger record

        let source = ScriptedMailSource(messages: messages)
        let result = await archiver.run { source }
        XCTAssertNil(result.failure)
        XCTAssertEqual(result.report.recovered, 2)
        XCTAssertEqual(result.report.fetched, 1, "only the message that never became visible is fetched")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: archiver.target.path.path + "/new").count, 3)
        XCTAssertTrue(try ledger.pendingMessages(account: account).isEmpty)
    }

    func testTornMboxTailIsCutBackBeforeTheNextAppend() async throws {
        let source = ScriptedMailSource(messages: sample(3))
        let archiver = try archiver(.mbox)
        _ = await archiver.run { source }
        let committed = try Data(contentsOf: archiver.target.path)
        // What a kill in the middle of a batch leaves: the append journalled, then a torn record.
        let account = try XCTUnwrap(try archiver.ledger.existingAccount(named: "work"))
        try archiver.ledger.beginAppend(MboxAppend(account: account, segment: "work.mbox", start: Int64(committed.count)))
        let handle = try FileHandle(forWritingTo: archiver.target.path)
        handle.seekToEndOfFile()
        handle.write(Data("From torn@example.org Sun Nov 22 03:10:33 2026\nSubject: torn\n\nhalf a mess".utf8))
        try handle.close()

        for (key, bytes) in sample(1, from: 3) { source.add(key, bytes) }
        let result = await archiver.run { source }
        XCTAssertNil(result.failure)
        let after = try Data(contentsOf: archiver.target.path)
        XCTAssertEqual(after.prefix(committed.count), committed)
        XCTAssertFalse(String(decoding: after, as: UTF8.self).contains("half a mess"))
        XCTAssertEqual(try storedContents(archiver).count, 4)
    }

    func testSecondConcurrentRunOnTheSameAccountIsRefused() async throws {
        let archiver = try archiver(.maildir)
        let lock = try AccountLock.acquire(root: directory.url, account: "work")
        defer { lock.release() }
        let result = await archiver.run { ScriptedMailSource(messages: []) }
        XCTAssertEqual(result.failure?.phase, .lock)
        XCTAssertTrue(String(describing: result.failure!).contains("work"))
    }

    func testFetchPlanDiffsAgainstKnownKeys() {
        let inventory = (1...5).map { SourceMessage(number: $0, key: "k\($0)", size: $0 * 10) }
            + [SourceMessage(number: 6, key: "k2", size: 1)]
        for plan in [FetchPlan(inventory: inventory, known: ["k1", "k3"]),
                     FetchPlan(inventory: inventory, known: KeyIndex(["k1", "k3"]))] {
            XCTAssertEqual(plan.toFetch.map(\.key), ["k4", "k5"], "no message of a key listed twice is fetched")
            XCTAssertEqual(plan.alreadyKnown, 2)
            XCTAssertEqual(plan.duplicateKeys, ["k2"])
        }
        let twice = inventory
            + [SourceMessage(number: 7, key: "k3", size: 2), SourceMessage(number: 8, key: "k2", size: 3)]
        for knownTwice in [FetchPlan(inventory: twice, known: ["k1", "k3"]),
                           FetchPlan(inventory: twice, known: KeyIndex(["k1", "k3"]))] {
            XCTAssertEqual(knownTwice.toFetch.map(\.key), ["k4", "k5"])
            XCTAssertEqual(knownTwice.alreadyKnown, 1, "a known key listed twice is not counted as archived")
            XCTAssertEqual(knownTwice.duplicateKeys, ["k2", "k3"], "each key once")
        }
    }

    func testOlderThanPolicyDeletesOnlyOldArchives() {
        let now = Date()
        let inventory = [SourceMessage(number: 1, key: "old", size: 5), SourceMessage(number: 2, key: "new", size: 5)]
        let candidates = [
            DeletionCandidate(key: "old", archivedSize: 5, archivedAt: now.addingTimeInterval(-31 * 86_400)),
            DeletionCandidate(key: "new", archivedSize: 5, archivedAt: now.addingTimeInterval(-86_400)),
        ]
        let plan = DeletionPlan(policy: .olderThan(30 * 86_400), candidates: candidates, inventory: inventory, now: now)
        XCTAssertEqual(plan.toDelete.map(\.key), ["old"])
    }
}

extension ArchiverEngineTests {
    func testCandidatesTheServerNoLongerListsAreRecordedAsDeleted() {
        let candidates = [DeletionCandidate(key: "gone", archivedSize: 5, archivedAt: Date())]
        let plan = DeletionPlan(policy: .afterArchive, candidates: candidates, inventory: [], now: Date())
        XCTAssertEqual(plan.toDelete, [])
        XCTAssertEqual(plan.gone, ["gone"])
    }
}

extension ArchiverEngineTests {
    /// A header block past the sniffer's limit must not stop the account: the message is stored
    /// byte for byte, and the messages after it too.
    func testMessageWithAHugeHeaderIsArchivedNotRefused() async throws {
        for format in [ArchiveTarget.Format.maildir, .mbox] {
            var huge = "Return-Path: <big@example.org>\nSubject: huge header\n"
            for index in 0..<6_000 { huge += "X-Trace-\(index): \(String(repeating: "x", count: 50))\n" }
            huge += "\nbody\n"
            let messages = [("big", Array(huge.utf8))] + sample(2)
            let source = ScriptedMailSource(messages: messages)
            let archiver = try archiver(format)
            let result = await archiver.run { source }
            XCTAssertNil(result.failure, "\(format): \(String(describing: result.failure))")
            XCTAssertEqual(result.report.fetched, 3)
            XCTAssertEqual(try storedContents(archiver)["big"], Array(huge.utf8))
            directory.remove()
            directory = try TemporaryDirectory(prefix: "popvault-engine")
        }
    }
}

/// Set by a connect closure that saw its task cancelled.
private final class CancelFlag: Sendable {
    let value = Mutex(false)
}
