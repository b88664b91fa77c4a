import ArchiverEngine
import Foundation
import Ledger
import TestSupport
import XCTest

/// The IMAP pipeline against ``ScriptedIMAPSource``: layout, flags, incremental runs, re-matching,
/// faults and deletion.
final class IMAPArchiverTests: XCTestCase {
    private var directory: TemporaryDirectory!

    override func setUpWithError() throws {
        directory = try TemporaryDirectory(prefix: "popvault-imap-engine")
    }

    override func tearDown() {
        directory.remove()
    }

    private typealias Fixture = IMAPArchiveFixture

    /// INBOX, Work, Work/Sub, a non-ASCII folder and a \Noselect parent, with flags.
    private func account() -> ScriptedIMAPSource {
        let source = ScriptedIMAPSource()
        for name in ["INBOX", "Work", "Work/Sub", "其他文件夹"] { source.add(folder: name) }
        source.add(folder: "Projects", selectable: false)
        source.append(Fixture.message("inbox-1"), to: "INBOX", flags: [.seen])
        source.append(Fixture.message("inbox-2"), to: "INBOX")
        source.append(Fixture.message("inbox-3"), to: "INBOX", flags: [.seen, .flagged, .answered])
        source.append(Fixture.message("work-1"), to: "Work", flags: [.draft])
        source.append(Fixture.message("sub-1"), to: "Work/Sub", flags: [.deleted, .seen])
        source.append(Fixture.message("other-1", bodyLines: 400), to: "其他文件夹")
        source.append(Fixture.message("other-2"), to: "其他文件夹", flags: [.seen])
        return source
    }

    /// The stored messages by subject tag, and every key once.
    private func storedByTag(_ fixture: Fixture) throws -> [String: [UInt8]] {
        var byTag: [String: [UInt8]] = [:]
        for (_, bytes) in try fixture.stored() {
            let text = String(decoding: bytes, as: UTF8.self)
            let tag = try XCTUnwrap(text.split(separator: "\n").first { $0.hasPrefix("Subject: ") }?.dropFirst(9))
            XCTAssertNil(byTag[String(tag)], "\(tag) stored once")
            byTag[String(tag)] = bytes
        }
        return byTag
    }

    func testMaildirHoldsEveryFolderWithFlagsAndASecondRunFetchesNothing() async throws {
        let source = account()
        let fixture = try Fixture(directory: directory, format: .maildir)
        let first = await fixture.archiver().run { source }
        XCTAssertNil(first.failure)
        XCTAssertEqual(first.report.fetched, 7)
        XCTAssertEqual(first.report.folders?.map(\.name), ["INBOX", "Work", "Work/Sub", "其他文件夹"])
        XCTAssertEqual(first.report.folders?.map(\.location), ["", ".Work", ".Work.Sub", ".其他文件夹"])

        let files = try fixture.maildirFiles()
        XCTAssertEqual(files.filter { $0.hasPrefix("new/") }.count, 1, "the message without flags goes to new/")
        XCTAssertEqual(files.filter { $0.hasPrefix("cur/") }.map { String($0.split(separator: ",").last!) }.sorted(),
                       ["FRS", "S"])
        XCTAssertEqual(files.filter { $0.hasPrefix(".Work/cur/") }.map { String($0.suffix(4)) }, [":2,D"])
        XCTAssertEqual(files.filter { $0.hasPrefix(".Work.Sub/cur/") }.map { String($0.suffix(5)) }, [":2,ST"])
        XCTAssertEqual(files.filter { $0.hasPrefix(".其他文件夹/") }.count, 2)
        XCTAssertTrue(FileManager.default.fileExists(atPath: fixture.accountPath.path + "/.Work/maildirfolder"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: fixture.accountPath.path + "/.Projects"))

        let stored = try storedByTag(fixture)
        for tag in ["inbox-1", "inbox-2", "work-1", "sub-1", "other-1"] {
            let expected = Fixture.message(tag, bodyLines: tag == "other-1" ? 400 : 3)
            XCTAssertEqual(stored[tag], expected, "\(tag) byte-exact")
        }
        for message in try fixture.recorded() {
            XCTAssertEqual(message.sha256, Fixture.sha256(try XCTUnwrap(fixture.stored()[message.key])))
            XCTAssertNotNil(message.sourceSHA256)
        }

        let fetchedBefore = source.bodies.count
        let second = await fixture.archiver().run { source }
        XCTAssertNil(second.failure)
        XCTAssertEqual(second.report.fetched, 0)
        XCTAssertEqual(source.bodies.count, fetchedBefore, "a second run downloads no body")

        source.append(Fixture.message("inbox-4"), to: "INBOX")
        source.append(Fixture.message("other-3"), to: "其他文件夹", flags: [.flagged])
        let third = await fixture.archiver().run { source }
        XCTAssertEqual(third.report.fetched, 2)
        XCTAssertEqual(third.report.folders?.map(\.fetched), [1, 0, 0, 1])
        XCTAssertEqual(source.bodies.count, fetchedBefore + 2, "only the new messages")
        XCTAssertEqual(try storedByTag(fixture).count, 9)
    }

    func testMboxKeepsFlagsAsStatusLinesAndHashesTheStoredBytes() async throws {
        let source = account()
        let fixture = try Fixture(directory: directory, format: .mbox)
        let result = await fixture.archiver().run { source }
        XCTAssertNil(result.failure)
        let files = try FileManager.default.contentsOfDirectory(atPath: fixture.accountPath.path).sorted()
        XCTAssertEqual(files, ["INBOX.mbox", "Work.Sub.mbox", "Work.mbox", "其他文件夹.mbox"])
        let stored = try storedByTag(fixture)
        func expected(_ tag: String, _ lines: String) -> [UInt8] {
            let text = String(decoding: Fixture.message(tag), as: UTF8.self)
            return Array(text.replacingOccurrences(of: "\n\n", with: "\n" + lines + "\n\n").utf8)
        }
        XCTAssertEqual(stored["inbox-1"], expected("inbox-1", "Status: RO"))
        XCTAssertEqual(stored["inbox-2"], Fixture.message("inbox-2"), "no flags: byte for byte")
        XCTAssertEqual(stored["inbox-3"], expected("inbox-3", "Status: RO\nX-Status: AF"))
        XCTAssertEqual(stored["work-1"], expected("work-1", "X-Status: T"))
        XCTAssertEqual(stored["sub-1"], expected("sub-1", "Status: RO\nX-Status: D"))
        let wire = Dictionary(uniqueKeysWithValues: source.messages(in: "INBOX").map { ($0.uid, $0.bytes) })
        for message in try fixture.recorded() {
            XCTAssertEqual(message.sha256, Fixture.sha256(try XCTUnwrap(fixture.stored()[message.key])),
                           "sha256 describes the stored bytes")
            guard let key = LedgerMessage.imapKeyComponents(message.key), key.folder == "INBOX" else { continue }
            XCTAssertEqual(message.sourceSHA256, Fixture.sha256(try XCTUnwrap(wire[key.uid])),
                           "source_sha256 describes the bytes the server sent")
        }
    }

    func testUIDValidityResetIsRematchedWithoutDuplicates() async throws {
        for format in [ArchiveTarget.Format.maildir, .mbox] {
            let source = account()
            let fixture = try Fixture(directory: try TemporaryDirectory(prefix: "popvault-imap-reset"), format: format)
            defer { fixture.directory.remove() }
            _ = await fixture.archiver().run { source }
            source.recreate("INBOX")
            source.append(Fixture.message("inbox-new"), to: "INBOX")
            let after = await fixture.archiver().run { source }
            XCTAssertNil(after.failure)
            XCTAssertEqual(after.report.fetched, 1, "\(format): only the new message is archived")
            XCTAssertEqual(after.report.folders?.first?.rematched, 3)
            XCTAssertEqual(try storedByTag(fixture).count, 8)
            let validity = source.state.withLock { $0.folders[0].uidValidity }
            let inbox = try fixture.recorded().compactMap { LedgerMessage.imapKeyComponents($0.key) }
                .filter { $0.folder == "INBOX" }
            XCTAssertEqual(Set(inbox.map(\.uidValidity)), [validity], "the ledger follows the new UIDVALIDITY")
            XCTAssertEqual(inbox.map(\.uid).sorted(), [1, 2, 3, 4])
            let bodies = source.bodies.count
            let again = await fixture.archiver().run { source }
            XCTAssertEqual(again.report.fetched, 0)
            XCTAssertEqual(source.bodies.count, bodies, "after re-matching nothing is downloaded again")
        }
    }

    func testRenamedFolderIsRematchedAndNewMailGoesToTheNewName() async throws {
        let source = account()
        let fixture = try Fixture(directory: directory, format: .maildir)
        _ = await fixture.archiver().run { source }
        source.rename("Work", to: "Archive")
        source.append(Fixture.message("archive-1"), to: "Archive")
        let after = await fixture.archiver().run { source }
        XCTAssertNil(after.failure)
        XCTAssertEqual(after.report.fetched, 1)
        XCTAssertEqual(after.report.folders?.first { $0.name == "Archive" }?.rematched, 1)
        XCTAssertEqual(try storedByTag(fixture).count, 8)
        let keys = try fixture.recorded().compactMap { LedgerMessage.imapKeyComponents($0.key)?.folder }
        XCTAssertFalse(keys.contains("Work"))
        XCTAssertEqual(try fixture.maildirFiles().filter { $0.hasPrefix(".Archive/") }.count, 1,
                       "earlier messages stay where they were archived; new ones go under the new name")
    }

    func testDroppedConnectionThenRerunLosesAndDuplicatesNothing() async throws {
        for format in [ArchiveTarget.Format.maildir, .mbox] {
            for budget in [150, 900, 2_500, 6_000] {
                let source = account()
                let scratch = try TemporaryDirectory(prefix: "popvault-imap-drop")
                let fixture = try Fixture(directory: scratch, format: format)
                defer { fixture.directory.remove() }
                source.state.withLock { $0.failAfterBytes = budget }
                let broken = await fixture.archiver().run { source }
                XCTAssertEqual(broken.failure?.phase, .retrieve)
                let failure = "\(broken.failure!)"
                XCTAssertTrue(failure.contains("(folder \""), "names the folder and UID: \(failure)")
                XCTAssertNotEqual(broken.report.outcome, .ok)
                let healed = await fixture.archiver().run { source }
                XCTAssertNil(healed.failure, "\(format) \(budget)")
                XCTAssertEqual(broken.report.fetched + healed.report.fetched, 7, "\(format) \(budget)")
                XCTAssertEqual(try storedByTag(fixture).count, 7)
                if format == .maildir { XCTAssertEqual(try fixture.maildirFiles().count, 7, "no stray file") }
            }
        }
    }

    func testDeleteAfterArchiveExpungesOnlyCommittedMessages() async throws {
        let source = account()
        let fixture = try Fixture(directory: directory, format: .maildir)
        source.state.withLock { $0.failAfterBytes = 2_500 }
        let broken = await fixture.archiver(deletion: .afterArchive).run { source }
        XCTAssertNotNil(broken.failure)
        let committed = Set(try fixture.recorded().map(\.key))
        let expunged = source.state.withLock { $0.expunged }
        XCTAssertEqual(expunged.count, broken.report.deleted)
        XCTAssertLessThanOrEqual(expunged.count, committed.count, "nothing uncommitted is expunged")

        let dry = await fixture.archiver(deletion: .afterArchive, dryRun: true).run { source }
        XCTAssertEqual(dry.report.outcome, .planned)
        XCTAssertEqual(source.state.withLock { $0.expunged.count }, expunged.count, "a dry run expunges nothing")
        XCTAssertEqual(dry.report.wouldDelete.count, 7 - expunged.count)

        let healed = await fixture.archiver(deletion: .afterArchive).run { source }
        XCTAssertNil(healed.failure)
        XCTAssertEqual(source.state.withLock { $0.folders.map(\.messages.count) }, [0, 0, 0, 0, 0])
        XCTAssertEqual(try storedByTag(fixture).count, 7)
        let account = try XCTUnwrap(try fixture.ledger.existingAccount(named: "imap"))
        XCTAssertEqual(try fixture.ledger.deletionCandidates(account: account, archivedBefore: nil).count, 0)
    }

    func testWithoutUIDPlusNothingIsExpungedAndTheRunSaysWhy() async throws {
        let source = account()
        source.state.withLock { $0.uidPlus = false }
        let fixture = try Fixture(directory: directory, format: .mbox)
        let result = await fixture.archiver(deletion: .afterArchive).run { source }
        XCTAssertEqual(result.failure?.phase, .delete)
        XCTAssertTrue("\(result.failure!)".contains("UIDPLUS"))
        XCTAssertEqual(result.report.fetched, 7)
        XCTAssertEqual(result.report.outcome, .partial)
        XCTAssertEqual(source.state.withLock { $0.expunged }, [])
    }

    func testDryRunChangesNothingAndSelectionApplies() async throws {
        let source = account()
        let fixture = try Fixture(directory: directory, format: .maildir)
        let dry = await fixture.archiver(dryRun: true).run { source }
        XCTAssertEqual(dry.report.outcome, .planned)
        XCTAssertEqual(dry.report.wouldFetch.count, 7)
        XCTAssertFalse(FileManager.default.fileExists(atPath: fixture.accountPath.path))
        XCTAssertEqual(source.bodies, [])

        let selection = IMAPFolderSelection(folders: ["inbox", "Work", "Work/Sub", "Gone"], exclude: ["Work/Sub"])
        let some = await fixture.archiver(selection: selection).run { source }
        XCTAssertEqual(some.report.folders?.map(\.name), ["INBOX", "Work"])
        XCTAssertEqual(some.report.missingFolders, ["Gone"])
        XCTAssertEqual(some.report.fetched, 4)
    }

    /// Issue 13: a folder whose search yields nothing while EXISTS says it holds mail is an error
    /// naming the folder, never "ok"; "already archived" counts what the ledger knows.
    func testFolderWithMessagesThatTheSearchDoesNotListFailsLoudly() async throws {
        let source = account()
        source.state.withLock { $0.searchFindsNothing = true }
        let fixture = try Fixture(directory: directory, format: .maildir)
        let result = await fixture.archiver().run { source }
        let failure = try XCTUnwrap(result.failure)
        XCTAssertEqual(failure.phase, .inventory)
        XCTAssertTrue("\(failure)".contains("folder \"INBOX\" holds 3 messages"), "\(failure)")
        XCTAssertEqual(result.report.outcome, .failed)
        XCTAssertEqual(result.report.alreadyKnown, 0, "a fresh ledger knows nothing")
        XCTAssertEqual(result.report.fetched, 0)

        source.state.withLock { $0.searchFindsNothing = false }
        let healed = await fixture.archiver().run { source }
        XCTAssertNil(healed.failure)
        XCTAssertEqual(healed.report.fetched, 7)
        XCTAssertEqual(healed.report.alreadyKnown, 0)
        let again = await fixture.archiver().run { source }
        XCTAssertNil(again.failure)
        XCTAssertEqual(again.report.fetched, 0)
        XCTAssertEqual(again.report.alreadyKnown, 7)
    }
}
