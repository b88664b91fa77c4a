import Crypto
import Foundation
import IMAPWire
import MailTransport
import TestSupport
import XCTest

/// ``IMAPSession`` against a real Dovecot on loopback (skipped when Dovecot is missing, unless
/// `POPVAULT_REQUIRE_DOVECOT=1`).
final class IMAPDovecotTests: XCTestCase {
    private var dovecot: DovecotServer!
    static let chinese = "其他文件夹"
    static let chineseOnDisk = String(decoding: IMAPMailboxName(chinese).wire, as: UTF8.self)

    override func setUpWithError() throws {
        dovecot = try DovecotServer.startOrSkip()
    }

    override func tearDown() {
        dovecot?.stop()
    }

    private func configuration(
        tls: IMAPConfiguration.TLSMode,
        auth: IMAPConfiguration.AuthChoice = .auto,
        password: String = "alicepass"
    ) -> IMAPConfiguration {
        var configuration = IMAPConfiguration(
            host: dovecot.host,
            port: tls == .implicit ? dovecot.imapsPort : dovecot.imapPort,
            tls: tls,
            user: "alice",
            password: { password },
            auth: auth,
            timeouts: .init(connect: .seconds(5), response: .seconds(20), idle: .seconds(60))
        )
        if tls != .none { configuration.caFile = dovecot.certificate.certificatePath }
        return configuration
    }

    static func message(_ subject: String, body: String = "Hello.\r\n.\r\nFrom here\r\n") -> [UInt8] {
        Array("From: a@example.com\r\nSubject: \(subject)\r\n\r\n\(body)".utf8)
    }

    func testLOGINOverSTARTTLSRereadsCapabilities() async throws {
        let session = try await IMAPSession.connect(configuration(tls: .startTLS, auth: .login))
        XCTAssertTrue(session.isEncrypted)
        XCTAssertTrue(session.hasCapability("IMAP4rev1"))
        XCTAssertFalse(session.hasCapability("STARTTLS"), "capabilities are those after TLS and login")
        XCTAssertFalse(session.hasCapability("AUTH=PLAIN"), "Dovecot lists mechanisms only before login")
        try await session.logout()
    }

    func testAuthenticatePLAINOverImplicitTLS() async throws {
        let session = try await IMAPSession.connect(configuration(tls: .implicit, auth: .plain))
        XCTAssertTrue(session.isEncrypted)
        let listings = try await session.list()
        XCTAssertTrue(listings.contains { $0.mailbox.isInbox })
        try await session.logout()
    }

    func testLOGINSendsQuotedAndLiteralPasswords() async throws {
        dovecot.stop()
        let password = "pä\"ss\\wörd"
        dovecot = try DovecotServer.startOrSkip(users: ["alice": "alicepass", "bob": password])
        var configuration = configuration(tls: .implicit, auth: .login)
        configuration.user = "bob"
        configuration.password = { password }
        let session = try await IMAPSession.connect(configuration)
        XCTAssertTrue(session.hasCapability("IMAP4rev1"))
        try await session.logout()
    }

    func testWrongPasswordIsAuthenticationFailedWithServerText() async throws {
        do {
            _ = try await IMAPSession.connect(configuration(tls: .implicit, password: "wrong"))
            XCTFail("logged in")
        } catch let error as IMAPError {
            XCTAssertEqual(error.kind, .authenticationFailed)
            XCTAssertEqual(error.status?.code, .other("AUTHENTICATIONFAILED", ""))
            XCTAssertFalse(error.description.contains("wrong"))
        }
    }

    func testUntrustedCertificateIsRejected() async throws {
        var configuration = configuration(tls: .implicit)
        configuration.caFile = nil
        do {
            _ = try await IMAPSession.connect(configuration)
            XCTFail("connected")
        } catch let error as IMAPError {
            XCTAssertEqual(error.kind, .tls)
        }
        configuration.pinnedSHA256 = Array(repeating: 0xAB, count: 32)
        do {
            _ = try await IMAPSession.connect(configuration)
            XCTFail("connected")
        } catch let error as IMAPError {
            guard case .certificateMismatch = error.kind else { return XCTFail("\(error)") }
        }
    }

    func testFoldersAreListedDecodedAndFetchedByteExact() async throws {
        let inbox = [Self.message("one"), Array("Subject: lf\n\nbare\nline feeds\n".utf8)]
        for message in inbox { try dovecot.deliver(message, to: "alice") }
        try dovecot.createFolder("Archive", for: "alice")
        try dovecot.deliver(Self.message("old"), to: "alice", folder: "Archive.2024")
        try dovecot.deliver(Self.message("中文"), to: "alice", folder: Self.chineseOnDisk)
        try dovecot.deliver(Self.message("amp"), to: "alice", folder: "R&-D")

        let session = try await IMAPSession.connect(configuration(tls: .implicit))
        let listings = try await session.list()
        let byName = Dictionary(uniqueKeysWithValues: listings.map { ($0.name, $0) })
        XCTAssertEqual(Set(byName.keys), ["INBOX", "Archive", "Archive.2024", Self.chinese, "R&D"])
        XCTAssertEqual(byName[Self.chinese]?.mailbox.wire, Array("&UXZO1mWHTvZZOQ-".utf8))
        XCTAssertEqual(byName["Archive"]?.delimiter, ".")
        XCTAssertTrue(byName["Archive"]?.attributes.contains("\\HasChildren") ?? false)
        XCTAssertTrue(byName["Archive.2024"]?.attributes.contains("\\HasNoChildren") ?? false)
        XCTAssertTrue(listings.allSatisfy(\.isSelectable))

        let status = try await session.examine(.inbox)
        XCTAssertEqual(status.exists, 2)
        XCTAssertTrue(status.readOnly)
        XCTAssertNotNil(status.uidNext)
        let uids = try await session.uidSearch()
        XCTAssertEqual(uids.count, 2)
        let fromLast = try await session.uidSearch(from: uids[1])
        let beyond = try await session.uidSearch(from: uids[1] + 1)
        XCTAssertEqual(fromLast, [uids[1]])
        XCTAssertEqual(beyond, [], "n:* must not return the last UID")

        let receiver = IMAPCollectingReceiver()
        try await session.fetchBodies(uids: uids, into: receiver)
        // Deliveries within one second get UIDs in file-name order, which is random here: compare as a set.
        let lfServed = Array("Subject: lf\r\n\r\nbare\r\nline feeds\r\n".utf8)
        XCTAssertEqual(Set(receiver.messages.values), [inbox[0], lfServed], "Dovecot serves LF-stored mail with CRLF")
        for message in receiver.ended {
            XCTAssertEqual(message.size, message.octets)
            XCTAssertNotNil(message.internalDate)
            XCTAssertFalse(message.has(flag: "\\Seen"), "BODY.PEEK leaves \\Seen alone")
        }

        let chinese = try await session.examine(byName[Self.chinese]!.mailbox)
        XCTAssertEqual(chinese.exists, 1)
        let other = IMAPCollectingReceiver()
        try await session.fetchBodies(uids: try await session.uidSearch(), into: other)
        XCTAssertEqual(Array(other.messages.values), [Self.message("中文")])

        // Still unseen after the fetch: EXAMINE and BODY.PEEK changed nothing.
        _ = try await session.examine(.inbox)
        let metadata = try await session.fetchMetadata(uids: uids)
        XCTAssertEqual(metadata.map(\.uid), uids)
        XCTAssertEqual(metadata.map(\.size), receiver.ended.map(\.size))
        XCTAssertTrue(metadata.allSatisfy { !$0.has(flag: "\\Seen") })
        try await session.logout()
    }

    func testParentWithoutMailboxIsNoselect() async throws {
        try dovecot.deliver(Self.message("deep"), to: "alice", folder: "Parent.Child")
        let session = try await IMAPSession.connect(configuration(tls: .implicit))
        let listings = try await session.list()
        let parent = try XCTUnwrap(listings.first { $0.name == "Parent" })
        XCTAssertFalse(parent.isSelectable, "\(parent.attributes)")
        XCTAssertTrue(parent.attributes.contains("\\HasChildren"))
        XCTAssertTrue(listings.first { $0.name == "Parent.Child" }?.isSelectable ?? false)
        try await session.logout()
    }

    func testPipelinedBatchesDeliverEveryMessageInOrder() async throws {
        var expected: [[UInt8]] = []
        for number in 1...23 {
            let message = Self.message("m\(number)", body: String(repeating: "line \(number)\r\n", count: number * 50))
            expected.append(message)
            try dovecot.deliver(message, to: "alice")
        }
        var configuration = configuration(tls: .none)
        configuration.fetchBatch = 4
        configuration.fetchPipelineDepth = 3
        let session = try await IMAPSession.connect(configuration)
        _ = try await session.examine(.inbox)
        let uids = try await session.uidSearch()
        let receiver = IMAPCollectingReceiver()
        try await session.fetchBodies(uids: uids, into: receiver)
        XCTAssertEqual(receiver.ended.map(\.uid), uids)
        XCTAssertEqual(Set(uids.map { receiver.messages[$0]! }), Set(expected))
        try await session.logout()
    }

    func testMarkDeletedAndUIDExpungeRemoveOnlyThoseMessages() async throws {
        for number in 1...4 { try dovecot.deliver(Self.message("d\(number)"), to: "alice") }
        let session = try await IMAPSession.connect(configuration(tls: .implicit))
        _ = try await session.select(.inbox)
        let uids = try await session.uidSearch()
        XCTAssertTrue(session.supportsUIDExpunge)
        try await session.markDeleted(uids: [uids[0], uids[2]])
        let flagged = try await session.fetchMetadata(uids: uids)
        XCTAssertEqual(flagged.filter { $0.has(flag: "\\Deleted") }.map(\.uid), [uids[0], uids[2]])
        try await session.expunge(uids: [uids[0]])
        let remaining = try await session.uidSearch()
        XCTAssertEqual(remaining, [uids[1], uids[2], uids[3]])
        try await session.logout()
        XCTAssertEqual(try dovecot.remainingMessages(of: "alice").count, 3)
    }

    func testFiftyMegabyteMessageKeepsPeakRSSFlat() async throws {
        let target = 50 * 1024 * 1024
        let block = (1...1000).map { "L\($0) The quick brown fox jumps over the lazy dog 0123456789 abcdefgh\n" }
            .joined()
        let lfBlock = Data(block.utf8)
        let crlfBlock = Data(block.replacingOccurrences(of: "\n", with: "\r\n").utf8)
        let repeats = target / lfBlock.count + 1
        var expected = SHA256()
        expected.update(data: Data("Subject: large\r\n\r\n".utf8))
        for _ in 0..<repeats { expected.update(data: crlfBlock) }
        let expectedOctets = 18 + repeats * crlfBlock.count
        try dovecot.deliver(to: "alice", folder: "Big") { handle in
            handle.write(Data("Subject: large\n\n".utf8))
            for _ in 0..<repeats { handle.write(lfBlock) }
        }
        let session = try await IMAPSession.connect(configuration(tls: .implicit))
        _ = try await session.examine(IMAPMailboxName("Big"))
        let uids = try await session.uidSearch()

        let canMeasure = ProcessMemory.resetPeak()
        let baseline = ProcessMemory.residentBytes ?? 0
        let receiver = IMAPHashingReceiver()
        try await session.fetchBodies(uids: uids, into: receiver)
        let peak = ProcessMemory.peakResidentBytes ?? 0
        try await session.logout()

        XCTAssertEqual(receiver.received, expectedOctets)
        XCTAssertEqual(receiver.ended?.size, expectedOctets)
        XCTAssertEqual(Array(receiver.hash.finalize()), Array(expected.finalize()), "content differs")
        if canMeasure {
            let growth = peak - baseline
            print(
                "50 MB IMAP fetch: baseline RSS \(baseline >> 20) MiB, peak \(peak >> 20) MiB, "
                    + "growth \(growth >> 20) MiB"
            )
            XCTAssertLessThan(growth, 40 * 1024 * 1024)
        } else {
            print("50 MB IMAP fetch: /proc/self/clear_refs not writable here; peak RSS not checked")
        }
    }
}
