import ArchiverEngine
import Foundation
import IMAPTestServer
import IMAPWire
import Ledger
import MailTransport
import TestSupport
import XCTest

/// The IMAP pipeline over a real socket, through ``IMAPSessionSource``, against ``IMAPTestServer``
/// scripted to misbehave: a folder that changes between EXAMINE and the SELECT before expunging, UIDs
/// at the top of their range, and numbers no real mailbox has (issue 12, items 1 and 9).
final class IMAPHostileServerTests: XCTestCase {
    private var directory: TemporaryDirectory!

    override func setUpWithError() throws {
        directory = try TemporaryDirectory(prefix: "popvault-imap-hostile")
    }

    override func tearDown() {
        directory.remove()
    }

    private typealias Fixture = IMAPArchiveFixture

    /// Starts a server that is stopped when the test ends, failed or not.
    private func start(_ folders: [IMAPTestServer.Folder], faults: [IMAPTestServer.Fault] = []) async throws
        -> IMAPTestServer
    {
        let server = try await IMAPTestServer.start(.init(folders: folders, faults: faults))
        addTeardownBlock { await server.stop() }
        return server
    }

    private func run(
        _ fixture: Fixture, against server: IMAPTestServer, deletion: DeletionPolicy = .never,
        parserOptions: IMAPResponseParser.Options = .init()
    ) async -> AccountRunResult {
        let configuration = IMAPConfiguration(
            host: server.host, port: server.port, tls: .none, user: "user", password: { "secret" },
            parserOptions: parserOptions)
        return await fixture.archiver(deletion: deletion).run { try await IMAPSessionSource.connect(configuration) }
    }

    /// Messages of equal size, distinct per tag (tags of equal length).
    private static func messages(_ prefix: String, _ count: Int) -> [[UInt8]] {
        (1...count).map { Fixture.message("\(prefix)-\($0)") }
    }

    private func storedTags(_ fixture: Fixture) throws -> [String] {
        try fixture.stored().values.compactMap { bytes in
            String(decoding: bytes, as: UTF8.self).split(separator: "\n").first { $0.hasPrefix("Subject: ") }
                .map { String($0.dropFirst(9)) }
        }.sorted()
    }

    func testFolderRecreatedBeforeTheSelectThatPrecedesExpungeLosesNothing() async throws {
        // At the SELECT before deletion, INBOX was deleted and created again: UIDVALIDITY 9, and UIDs
        // 1–3 now name other mail of the very sizes archived.
        let server = try await start(
            [.init(name: "INBOX", uidValidity: 7, messages: Self.messages("inbox", 3))],
            faults: [.before(verb: "SELECT", folder: "INBOX",
                             changes: [.recreate(uidValidity: 9, messages: Self.messages("other", 3))])])
        let fixture = try Fixture(directory: directory, format: .maildir)
        let first = await run(fixture, against: server, deletion: .afterArchive)
        XCTAssertEqual(server.expunged, [], "nothing expunged in a folder that changed")
        XCTAssertEqual(server.folder("INBOX")?.messages.count, 3, "the other mail is still on the server")
        XCTAssertEqual(first.report.fetched, 3)
        XCTAssertEqual(first.report.deleted, 0)
        XCTAssertEqual(first.report.outcome, .partial)
        XCTAssertEqual(first.failure?.phase, .delete)
        let failure = "\(try XCTUnwrap(first.failure))"
        XCTAssertTrue(failure.contains("\"INBOX\"") && failure.contains("UIDVALIDITY 7") && failure.contains("9"),
                      failure)
        let change = try XCTUnwrap(first.report.folders?.first?.changedBeforeExpunge)
        XCTAssertEqual(change, IMAPFolderChange(folder: "INBOX", examinedUIDValidity: 7, selectedUIDValidity: 9))
        let account = try XCTUnwrap(try fixture.ledger.existingAccount(named: "imap"))
        XCTAssertEqual(try fixture.ledger.deletionCandidates(account: account, archivedBefore: nil).count, 3,
                       "nothing recorded as deleted")

        // The next run sees UIDVALIDITY 9 from the start: it archives the other mail, then expunges it.
        let second = await run(fixture, against: server, deletion: .afterArchive)
        XCTAssertNil(second.failure)
        XCTAssertEqual(second.report.fetched, 3)
        XCTAssertEqual(server.expunged, ["INBOX/1", "INBOX/2", "INBOX/3"])
        XCTAssertEqual(try storedTags(fixture), ["inbox-1", "inbox-2", "inbox-3", "other-1", "other-2", "other-3"])
    }

    func testNewMailBetweenExamineAndSelectStaysOnTheServer() async throws {
        let server = try await start(
            [.init(name: "INBOX", uidValidity: 7, messages: Self.messages("inbox", 3))],
            faults: [.before(verb: "SELECT", folder: "INBOX", changes: [.append([Fixture.message("late-1")])])])
        let fixture = try Fixture(directory: directory, format: .mbox)
        let first = await run(fixture, against: server, deletion: .afterArchive)
        XCTAssertNil(first.failure)
        XCTAssertEqual(first.report.deleted, 3)
        XCTAssertEqual(server.expunged, ["INBOX/1", "INBOX/2", "INBOX/3"], "exactly the archived UIDs")
        XCTAssertEqual(server.folder("INBOX")?.messages.map(\.uid), [4])
        let second = await run(fixture, against: server, deletion: .afterArchive)
        XCTAssertNil(second.failure)
        XCTAssertEqual(second.report.fetched, 1)
        XCTAssertEqual(try storedTags(fixture), ["inbox-1", "inbox-2", "inbox-3", "late-1"])
        XCTAssertEqual(server.folder("INBOX")?.messages.count, 0)
    }

    func testFolderRenamedBeforeTheSelectIsNotExpungedAndTheNextRunFollowsTheName() async throws {
        let server = try await start(
            [.init(name: "INBOX", uidValidity: 7),
             .init(name: "Work", uidValidity: 8, messages: Self.messages("work", 2))],
            faults: [.before(verb: "SELECT", folder: "Work", changes: [.rename(to: "Archive")])])
        let fixture = try Fixture(directory: directory, format: .maildir)
        let first = await run(fixture, against: server, deletion: .afterArchive)
        XCTAssertEqual(server.expunged, [])
        XCTAssertEqual(first.failure?.phase, .delete)
        XCTAssertTrue("\(try XCTUnwrap(first.failure))".contains("\"Work\""), "\(first.failure!)")
        XCTAssertEqual(first.report.folders?.last?.changedBeforeExpunge,
                       IMAPFolderChange(folder: "Work", examinedUIDValidity: 8, selectedUIDValidity: nil))
        let second = await run(fixture, against: server, deletion: .afterArchive)
        XCTAssertNil(second.failure)
        XCTAssertEqual(second.report.fetched, 0, "recognised under the new name, not fetched again")
        XCTAssertEqual(second.report.folders?.last?.rematched, 2)
        XCTAssertEqual(server.expunged, ["Archive/1", "Archive/2"])
        XCTAssertEqual(try storedTags(fixture), ["work-1", "work-2"])
    }

    func testTheHighestUIDArchivesAndARerunFetchesNothing() async throws {
        // UIDs 4294967293–4294967295: the last one a UID can be (RFC 3501 §9 `nz-number`, 32 bits).
        let server = try await start(
            [.init(name: "INBOX", uidValidity: 7, firstUID: 4_294_967_293, messages: Self.messages("top", 3))])
        let fixture = try Fixture(directory: directory, format: .maildir)
        let first = await run(fixture, against: server, deletion: .never)
        XCTAssertNil(first.failure)
        XCTAssertEqual(first.report.fetched, 3)
        let keys = try fixture.recorded().compactMap { LedgerMessage.imapKeyComponents($0.key)?.uid }.sorted()
        XCTAssertEqual(keys, [4_294_967_293, 4_294_967_294, 4_294_967_295])
        let bodies = server.transcript.filter { $0.contains("BODY.PEEK[]") }.count
        let second = await run(fixture, against: server, deletion: .afterArchive)
        XCTAssertNil(second.failure)
        XCTAssertEqual(second.report.fetched, 0)
        XCTAssertEqual(server.transcript.filter { $0.contains("BODY.PEEK[]") }.count, bodies, "no body fetched again")
        XCTAssertEqual(server.expunged.count, 3, "and the top UIDs can be expunged")
    }

    func testAnInflatedUIDNextDoesNotHideLaterMail() async throws {
        // RFC 3501 §2.3.1.1 promises only that UIDNEXT is above every UID; a server that announces the
        // top of the range must not make popvault skip the mail that arrives next.
        let server = try await start(
            [.init(name: "INBOX", uidValidity: 7, messages: Self.messages("inbox", 2))],
            faults: [.uidNext(text: "4294967295")])
        let fixture = try Fixture(directory: directory, format: .maildir)
        let first = await run(fixture, against: server)
        XCTAssertNil(first.failure)
        XCTAssertEqual(first.report.fetched, 2)
        server.change("INBOX", .append([Fixture.message("inbox-3")]))
        let second = await run(fixture, against: server)
        XCTAssertNil(second.failure)
        XCTAssertEqual(second.report.fetched, 1, "the new mail (UID 3) is archived")
        XCTAssertEqual(try storedTags(fixture), ["inbox-1", "inbox-2", "inbox-3"])
    }

    func testAnAbsurdSizeIsADataErrorNamingTheFolderAndTheLine() async throws {
        // Ten sizes of 10^18 - 1 octets: together past Int64.
        let server = try await start(
            [.init(name: "Work", uidValidity: 7, messages: Self.messages("work", 10))],
            faults: (1...10).map { .size(uid: UInt32($0), text: "999999999999999999") })
        let fixture = try Fixture(directory: directory, format: .maildir)
        let result = await run(fixture, against: server)
        let failure = try XCTUnwrap(result.failure)
        XCTAssertEqual(failure.phase, .inventory)
        let text = "\(failure)"
        XCTAssertTrue(text.contains("account \"imap\""), text)
        XCTAssertTrue(text.contains("folder \"Work\""), text)
        XCTAssertTrue(text.contains("RFC822.SIZE 999999999999999999"), "the line: \(text)")
        XCTAssertEqual(text.components(separatedBy: "RFC822.SIZE 999999999999999999").count, 2,
                       "one sentence, the line quoted once: \(text)")
        XCTAssertEqual(try fixture.recorded().count, 0)

        // Under a limit raised past them, each size passes, and their sum is refused instead.
        let lifted = await run(fixture, against: server, parserOptions: .init(maximumMessageSize: .max))
        let sum = "\(try XCTUnwrap(lifted.failure))"
        XCTAssertEqual(lifted.failure?.phase, .inventory)
        XCTAssertTrue(sum.contains("folder \"Work\"") && sum.contains("add up"), sum)
        XCTAssertEqual(try fixture.recorded().count, 0)
    }

    func testSizesThatOverflowOnlyAcrossFoldersAreRefusedInTheFolderThatTipsThem() async throws {
        // Five sizes of 10^18 - 1 octets in each folder: each folder adds up within an Int, both do not.
        let server = try await start(
            [.init(name: "INBOX", uidValidity: 7, messages: Self.messages("inbox", 5)),
             .init(name: "Work", uidValidity: 8, messages: Self.messages("work", 5))],
            faults: (1...5).map { .size(uid: UInt32($0), text: "999999999999999999") })
        let fixture = try Fixture(directory: directory, format: .maildir)
        let result = await run(fixture, against: server, parserOptions: .init(maximumMessageSize: .max))
        XCTAssertEqual(result.failure?.phase, .inventory)
        let text = "\(try XCTUnwrap(result.failure))"
        XCTAssertTrue(text.contains("folder \"Work\"") && text.contains("add up"), text)
        XCTAssertEqual(result.report.fetched, 5, "INBOX alone was plausible: archived")
    }

    func testTheSessionSourceExpungesOnlyInTheSelectedFolderOfTheUIDValidityNamed() async throws {
        let server = try await start([.init(name: "INBOX", uidValidity: 7, messages: Self.messages("inbox", 2))])
        let source = try await IMAPSessionSource.connect(IMAPConfiguration(
            host: server.host, port: server.port, tls: .none, user: "user", password: { "secret" }))
        let inbox = IMAPFolder(name: "INBOX", delimiter: "/")
        _ = try await source.examine(inbox)
        await assertRefused(try await source.expunge(uids: [1], uidValidity: 7), "after EXAMINE (read-only)")
        let selected = try await source.select(inbox)
        XCTAssertEqual(selected?.uidValidity, 7)
        await assertRefused(try await source.expunge(uids: [1], uidValidity: 8), "under another UIDVALIDITY")
        let gone = try await source.select(IMAPFolder(name: "Gone", delimiter: "/"))
        XCTAssertNil(gone, "a folder the server refuses to select")
        await assertRefused(try await source.expunge(uids: [1], uidValidity: 7), "after a failed SELECT")
        XCTAssertFalse(server.transcript.contains { $0.contains("STORE") }, "\(server.transcript)")
        _ = try await source.select(inbox)
        try await source.expunge(uids: [1], uidValidity: 7)
        try await source.logout()
        XCTAssertEqual(server.expunged, ["INBOX/1"])
    }

    private func assertRefused(
        _ body: @autoclosure () async throws -> Void, _ when: String, line: UInt = #line
    ) async {
        do {
            try await body()
            XCTFail("expunged \(when)", line: line)
        } catch {
            guard case .foldersChanged? = error as? IMAPArchiveError else {
                return XCTFail("\(when): \(error)", line: line)
            }
        }
    }
}
