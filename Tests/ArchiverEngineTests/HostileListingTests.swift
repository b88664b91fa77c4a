import ArchiverEngine
import Foundation
import Ledger
import MailTransport
import POP3TestServer
import TestSupport
import XCTest

/// Listings a hostile or broken POP3 server sends (issue 12, items 3, 4 and 9), end to end: the in-process
/// `POP3TestServer`, `POP3MailSource`, a real ledger and a real Maildir.
final class HostileListingTests: XCTestCase {
    private var directory: TemporaryDirectory!

    override func setUpWithError() throws {
        directory = try TemporaryDirectory(prefix: "popvault-hostile")
    }

    override func tearDown() {
        directory.remove()
    }

    private static func mail(_ uid: String, _ body: String) -> POP3TestServer.Message {
        POP3TestServer.Message("From: a@example.org\nSubject: \(uid)\n\n\(body)\n", uid: uid)
    }

    private let mailbox = [mail("uid-a", "first"), mail("uid-c", "second"), mail("uid-d", "third")]

    /// Starts a server that is stopped when the test ends, failed or not.
    private func start(_ configuration: POP3TestServer.Configuration) async throws -> POP3TestServer {
        let server = try await POP3TestServer.start(configuration)
        addTeardownBlock { await server.stop() }
        return server
    }

    private func archiver(deletion: DeletionPolicy) throws -> AccountArchiver {
        AccountArchiver(
            ledger: try ArchiveLedger(path: directory.path + "/popvault.sqlite"), archiveRoot: directory.url,
            target: ArchiveTarget(
                account: "work", format: .maildir, path: directory.url.appendingPathComponent("work"),
                deletion: deletion))
    }

    private func run(_ archiver: AccountArchiver, against server: POP3TestServer) async -> AccountRunResult {
        let configuration = POP3Configuration(
            host: server.host, port: server.port, tls: .none, user: "user", password: { "secret" })
        return await archiver.run { try await POP3MailSource.connect(configuration) }
    }

    private func archivedKeys(_ archiver: AccountArchiver) throws -> [String] {
        guard let account = try archiver.ledger.existingAccount(named: "work") else { return [] }
        return try archiver.ledger.messages(account: account).map(\.key).sorted()
    }

    private func verbs(_ server: POP3TestServer) -> Set<String> { Set(server.transcript.map(\.verb)) }

    /// `1 uid-a`, `1 uid-b`: RETR 1 was sent twice and `uid-b` recorded with message 1's bytes.
    func testListingThatRepeatsAMessageNumberStopsTheRunBeforeAnyRetrieval() async throws {
        let cases: [(verb: String, line: String)] = [("UIDL", "1 uid-b"), ("LIST", "1 999")]
        for (verb, line) in cases {
            for pipelining in [true, false] {
                for deletion in [DeletionPolicy.never, .afterArchive] {
                    let what = "\(verb) +\"\(line)\", pipelining \(pipelining), \(deletion)"
                    directory.remove()
                    directory = try TemporaryDirectory(prefix: "popvault-hostile")
                    let server = try await start(.init(
                        messages: mailbox, pipelining: pipelining,
                        faults: [.extraListingLines(.init(verb), lines: [line])]))
                    let archiver = try archiver(deletion: deletion)
                    let result = await run(archiver, against: server)
                    let failure = try XCTUnwrap(result.failure, what)
                    XCTAssertEqual(failure.phase, .inventory, what)
                    let text = String(describing: failure)
                    XCTAssertTrue(text.contains("\"work\"") && text.contains(line), "\(what): \(text)")
                    XCTAssertTrue(text.contains("repeats message number 1"), "\(what): \(text)")
                    XCTAssertTrue(verbs(server).isDisjoint(with: ["RETR", "DELE", "TOP"]), "\(what): \(verbs(server))")
                    XCTAssertEqual(server.messages.count, 3, what)
                    XCTAssertEqual(try archivedKeys(archiver), [], what)
                }
            }
        }
    }

    /// A LIST entry UIDL does not list (message 4 of 3): the message has no key, so it would never be archived.
    func testListEntryThatUIDLDoesNotListStopsTheRun() async throws {
        let server = try await start(.init(
            messages: mailbox, faults: [.extraListingLines(.init("LIST"), lines: ["4 120"])]))
        let archiver = try archiver(deletion: .afterArchive)
        let result = await run(archiver, against: server)
        let failure = try XCTUnwrap(result.failure)
        XCTAssertEqual(failure.phase, .inventory)
        XCTAssertTrue(String(describing: failure).contains("LIST lists message 4"), "\(failure)")
        XCTAssertTrue(verbs(server).isDisjoint(with: ["RETR", "DELE"]), "\(verbs(server))")
        XCTAssertEqual(try archivedKeys(archiver), [])
    }

    /// A listing numbered past its own length (`7 uid-x` in a listing of 4) breaks RFC 1939 §5's 1…n numbering.
    func testMessageNumberPastTheListingsLengthStopsTheRun() async throws {
        let server = try await start(.init(messages: mailbox, faults: [
            .extraListingLines(.init("UIDL"), lines: ["7 uid-x"]), .extraListingLines(.init("LIST"), lines: ["7 10"]),
        ]))
        let archiver = try archiver(deletion: .never)
        let result = await run(archiver, against: server)
        let failure = try XCTUnwrap(result.failure)
        XCTAssertEqual(failure.phase, .inventory)
        XCTAssertTrue(String(describing: failure).contains("7 uid-x"), "\(failure)")
        XCTAssertFalse(verbs(server).contains("RETR"))
    }
}

extension HostileListingTests {
    /// Two messages under one UIDL (popa3d when headers repeat): each is archived once, under its content key,
    /// neither is deleted, a second run fetches nothing new, and every run says so.
    func testDuplicateUIDLMessagesAreArchivedOnceByContentAndNeverDeleted() async throws {
        let mailbox = [Self.mail("dup", "first"), Self.mail("u2", "single"), Self.mail("dup", "second")]
        let server = try await start(.init(messages: mailbox))
        let archiver = try archiver(deletion: .afterArchive)
        for round in 1...2 {
            let result = await run(archiver, against: server)
            let failure = try XCTUnwrap(result.failure, "round \(round)")
            XCTAssertEqual(failure.phase, .inventory, "round \(round)")
            let numbers = round == 1 ? "1, 3" : "1, 2"  // u2, message 2, is deleted by the first round
            XCTAssertTrue(String(describing: failure).contains("UIDL dup for messages \(numbers)"), "\(failure)")
            XCTAssertEqual(result.report.duplicateUIDLs, ["dup"], "round \(round)")
            XCTAssertEqual(result.report.fetched, round == 1 ? 3 : 0, "round \(round)")
            XCTAssertEqual(result.report.alreadyKnown, round == 1 ? 0 : 2, "round \(round)")
            XCTAssertEqual(result.report.deleted, round == 1 ? 1 : 0, "round \(round): only u2 is deleted")
            XCTAssertEqual(server.messages.map(\.uid), ["dup", "dup"], "round \(round): both stay on the server")
        }
        XCTAssertEqual(server.transcript.filter { $0.verb == "DELE" }.map(\.line), ["DELE 2"])
        let account = try XCTUnwrap(try archiver.ledger.existingAccount(named: "work"))
        let twins = try archiver.ledger.messages(account: account).filter { $0.key.hasPrefix("dup ") }
        XCTAssertEqual(twins.count, 2)
        for twin in twins {
            XCTAssertEqual(twin.key, "dup " + (twin.sourceSHA256 ?? "none"), "keyed by the bytes the server sent")
            XCTAssertNil(twin.deletedAt)
        }
        let stored = try twins.map { twin -> String in
            guard case .maildir(let path) = twin.location else { return "" }
            return try String(contentsOf: archiver.target.path.appendingPathComponent(path), encoding: .utf8)
        }
        XCTAssertEqual(Set(stored), Set([mailbox[0], mailbox[2]].map { String(decoding: $0.bytes, as: UTF8.self) }))
    }

    /// Byte-identical messages under one UIDL (a message delivered twice) are one message: archived once.
    func testByteIdenticalDuplicatesAreArchivedOnce() async throws {
        let server = try await start(.init(messages: [Self.mail("dup", "same"), Self.mail("dup", "same")]))
        let archiver = try archiver(deletion: .afterArchive)
        let first = await run(archiver, against: server)
        XCTAssertEqual(first.report.fetched, 1)
        XCTAssertEqual(first.report.alreadyKnown, 1)
        let second = await run(archiver, against: server)
        XCTAssertNotNil(second.failure)
        XCTAssertEqual(second.report.fetched, 0)
        XCTAssertEqual(second.report.alreadyKnown, 2)
        XCTAssertEqual(server.messages.count, 2)
        XCTAssertFalse(server.transcript.contains { $0.verb == "DELE" })
        XCTAssertEqual(try archivedKeys(archiver).count, 1)
    }

    /// The UIDL was unique when its message was archived; now a second message has it. Which of the two is
    /// the archived one is unknown: neither is deleted, and neither counts as already archived.
    func testUIDLThatBecomesDuplicateAfterArchivingKeepsBothMessages() async throws {
        let server = try await start(.init(messages: [Self.mail("dup", "first"), Self.mail("u2", "single")]))
        let first = await run(try archiver(deletion: .never), against: server)
        XCTAssertNil(first.failure)
        XCTAssertEqual(first.report.fetched, 2)
        server.add([Self.mail("dup", "a new message under an old UIDL")])

        let archiver = try archiver(deletion: .afterArchive)
        let result = await run(archiver, against: server)
        let failure = try XCTUnwrap(result.failure)
        XCTAssertTrue(String(describing: failure).contains("UIDL dup"), "\(failure)")
        XCTAssertEqual(result.report.alreadyKnown, 1, "u2 only")
        XCTAssertEqual(result.report.deleted, 1, "u2 only")
        XCTAssertEqual(server.messages.map(\.uid), ["dup", "dup"])
    }
}

extension HostileListingTests {
    /// LIST sizes that sum past Int64 trapped (SIGILL) in `FetchPlan.bytesToFetch` on every run.
    func testAbsurdListSizesStopTheRunInsteadOfTrapping() async throws {
        let messages = (1...11).map { Self.mail("big\($0)", "small really") }
        let absurd = 999_999_999_999_999_999
        let server = try await start(.init(
            messages: messages, faults: (1...11).map { .listedSize(message: $0, size: absurd) }))
        let archiver = try archiver(deletion: .afterArchive)
        let result = await run(archiver, against: server)
        let failure = try XCTUnwrap(result.failure)
        XCTAssertEqual(failure.phase, .inventory)
        let text = String(describing: failure)
        XCTAssertTrue(text.contains("\"work\"") && text.contains("1 \(absurd)"), text)
        XCTAssertFalse(verbs(server).contains("RETR"))
        XCTAssertEqual(server.messages.count, 11)
    }

    func testFetchPlanByteTotalNeverTraps() {
        let inventory = (1...3).map { SourceMessage(number: $0, key: "k\($0)", size: Int.max / 2) }
        XCTAssertEqual(FetchPlan(inventory: inventory, known: KeyIndex()).bytesToFetch, Int.max)
    }
}

extension HostileListingTests {
    /// A message archived under its content key must come back with the bytes its key was made from: a server
    /// that answers the second RETR of a session with other bytes stores nothing under that key.
    func testContentKeyedMessageThatChangesBetweenRetrievalsIsNotStored() async throws {
        let source = ShiftingSource()
        let archiver = try archiver(deletion: .afterArchive)
        let result = await archiver.run { source }
        let failure = try XCTUnwrap(result.failure)
        XCTAssertEqual(failure.phase, .retrieve)
        XCTAssertTrue(failure.underlying is ContentKeyMismatch, "\(failure)")
        XCTAssertTrue(String(describing: failure).contains("changed between two retrievals"), "\(failure)")
        XCTAssertFalse(try archivedKeys(archiver).contains { $0.hasPrefix("dup ") }, "nothing under a content key")
        XCTAssertEqual(source.deleted, [])
    }
}

/// Two messages under one UIDL whose bytes differ from one retrieval to the next (a hostile server).
private final class ShiftingSource: MailSource, @unchecked Sendable {
    private var retrievals = 0
    private(set) var deleted: [Int] = []

    func inventory() async throws -> [SourceMessage] {
        (1...2).map { SourceMessage(number: $0, key: "dup", size: 24) }
    }

    func retrieve(_ messages: [SourceMessage], into receiver: SourceMessageReceiver) async throws {
        retrievals += 1
        for message in messages {
            let bytes = Array("Subject: \(message.number)\r\n\r\nround \(retrievals)\r\n".utf8)
            try receiver.begin(message)
            try bytes.withUnsafeBytes { try receiver.bytes($0) }
            try receiver.end(message, octets: bytes.count)
        }
    }

    func delete(_ messages: [SourceMessage]) async throws { deleted += messages.map(\.number) }
    func quit() async throws {}
    func close() async {}
}

extension HostileListingTests {
    /// A content key is never listed itself: kept (not deleted, not "gone") while its UIDL is listed, gone once
    /// it is not. A key of another shape with a space in it (an IMAP folder name) is not a content key.
    func testDeletionPlanKeepsContentKeysWhileTheirUIDLIsListed() {
        let digest = String(repeating: "0123456789abcdef", count: 4)
        let keys = ["dup " + digest, "gone " + digest, "Sent Items\t7\t9"]
        let candidates = keys.map { DeletionCandidate(key: $0, archivedSize: 10, archivedAt: Date()) }
        let inventory = [SourceMessage(number: 1, key: "dup", size: 10), SourceMessage(number: 2, key: "dup", size: 10)]
        let plan = DeletionPlan(policy: .afterArchive, candidates: candidates, inventory: inventory, now: Date())
        XCTAssertEqual(plan.toDelete, [])
        XCTAssertEqual(plan.gone, ["gone " + digest, "Sent Items\t7\t9"])
    }
}
