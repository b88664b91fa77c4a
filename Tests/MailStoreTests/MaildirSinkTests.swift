import Crypto
import Foundation
import TestSupport
import XCTest
@testable import MailStore

final class MaildirSinkTests: XCTestCase {
    private var directory: TemporaryDirectory!
    private var maildir: URL { directory.url.appendingPathComponent("Mail/work") }

    override func setUpWithError() throws { directory = try TemporaryDirectory(prefix: "maildir-sink") }
    override func tearDown() { directory.remove() }

    func testRoundTripInEveryChunking() throws {
        let sink = try MaildirSink(directory: maildir, hostname: "host")
        for (name, message) in MessageFixtures.all {
            let chunkings = MessageFixtures.chunkings(message)
            for chunks in chunkings { try sink.write(chunks) }
            let stored = try sink.commit()
            XCTAssertEqual(stored.count, chunkings.count, name)
            let expected = MessageFixtures.normalized(message)
            for message in stored {
                guard case .maildir(let path) = message.location else { return XCTFail("not a Maildir location") }
                XCTAssertTrue(path.hasPrefix("new/"), path)
                XCTAssertEqual(try contents(path), expected, "\(name) \(path)")
                XCTAssertEqual(message.size, Int64(expected.count), name)
                XCTAssertEqual(message.sha256, SHA256.hash(data: expected).map { String(format: "%02x", $0) }.joined())
            }
            XCTAssertEqual(Set(stored.map(\.location)).count, stored.count, "names are unique")
        }
        XCTAssertEqual(try files("tmp"), [])
    }

    func testHeaderSummaryAndNameAndPermissions() throws {
        let sink = try MaildirSink(directory: maildir, hostname: "mail/box:1")
        let received = Date(timeIntervalSince1970: 1_795_403_433.25)
        try sink.write([MessageFixtures.fullHeader], envelope: MessageEnvelope(receivedAt: received))
        let stored = try XCTUnwrap(try sink.commit().first)
        XCTAssertEqual(stored.headers.returnPath, "<bounce@example.org>")
        XCTAssertEqual(stored.headers.subject, "a folded\tmore")
        guard case .maildir(let path) = stored.location else { return XCTFail("not a Maildir location") }
        let name = String(path.dropFirst(4))
        XCTAssertTrue(name.hasPrefix("1795403433.M250000P\(getpid())Q1R"), name)
        XCTAssertTrue(name.hasSuffix(".mail\\057box\\0721"), name)
        XCTAssertEqual(try mode(""), 0o700)
        for sub in ["tmp", "new", "cur"] { XCTAssertEqual(try mode(sub), 0o700, sub) }
        XCTAssertEqual(try mode(path), 0o600)
        let attributes = try FileManager.default.attributesOfItem(atPath: maildir.appendingPathComponent(path).path)
        let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        XCTAssertEqual(modified, received.timeIntervalSince1970, accuracy: 0.001)
    }

    func testFlagsGoToCur() throws {
        let sink = try MaildirSink(directory: maildir, hostname: "host")
        try sink.write([MessageFixtures.dotLines], envelope: MessageEnvelope(flags: "SFS"))
        try sink.write([MessageFixtures.dotLines])
        let stored = try sink.commit()
        guard case .maildir(let first) = stored[0].location, case .maildir(let second) = stored[1].location else {
            return XCTFail("not Maildir locations")
        }
        XCTAssertTrue(first.hasPrefix("cur/") && first.hasSuffix(":2,FS"), first)
        XCTAssertTrue(second.hasPrefix("new/"), second)
        XCTAssertThrowsError(try sink.begin(MessageEnvelope(flags: "S/"))) {
            XCTAssertEqual(($0 as? MailStoreError)?.kind, .invalidFlags("S/"))
        }
    }

    func testAbortLeavesNothing() throws {
        let sink = try MaildirSink(directory: maildir, hostname: "host")
        try sink.write([MessageFixtures.fromLines])
        XCTAssertEqual(try sink.commit().count, 1)
        try sink.write([MessageFixtures.large])
        try sink.write([MessageFixtures.dotLines])
        try sink.begin(MessageEnvelope())
        try MessageFixtures.large.withUnsafeBytes { try sink.append($0) }
        XCTAssertEqual(try files("tmp").count, 3)
        try sink.abort()
        XCTAssertEqual(try files("tmp"), [])
        XCTAssertEqual(try files("new").count, 1)
        XCTAssertEqual(try sink.commit(), [], "nothing pending after abort")
        try sink.write([MessageFixtures.dotLines])
        XCTAssertEqual(try sink.commit().count, 1, "usable after abort")
    }

    func testTemporaryFilesOfAnEarlierRunAreRemoved() throws {
        var sink: MaildirSink? = try MaildirSink(directory: maildir, hostname: "host")
        try sink?.write([MessageFixtures.large])
        try sink?.begin(MessageEnvelope())
        sink = nil  // a crash: files stay in tmp/
        let leftover = try files("tmp")
        XCTAssertEqual(leftover.count, 2)
        let reopened = try MaildirSink(directory: maildir, hostname: "host")
        XCTAssertEqual(reopened.removedTemporaryFiles.sorted(), leftover)
        XCTAssertEqual(try files("tmp"), [])
        XCTAssertEqual(try files("new"), [])
    }

    func testCallsOutOfOrderAndStickyFailure() throws {
        let options = SinkOptions(header: .init(maximumHeaderBytes: 32))
        let sink = try MaildirSink(directory: maildir, hostname: "host", options: options)
        XCTAssertThrowsError(try sink.end()) {
            XCTAssertEqual(($0 as? MailStoreError)?.kind, .outOfOrder(call: "end", state: "idle"))
        }
        try sink.begin(MessageEnvelope())
        XCTAssertThrowsError(try sink.commit())
        XCTAssertThrowsError(try MessageFixtures.fullHeader.withUnsafeBytes { try sink.append($0) }) {
            guard case .headerTooLarge(_, 32) = ($0 as? MailStoreError)?.kind else { return XCTFail("\($0)") }
            XCTAssertTrue(($0 as? MailStoreError)?.path.contains("/tmp/") ?? false)
        }
        XCTAssertThrowsError(try sink.end()) {
            XCTAssertEqual(($0 as? MailStoreError)?.kind, .outOfOrder(call: "end", state: "failed (call abort)"))
        }
        try sink.abort()
        XCTAssertEqual(try files("tmp"), [])
    }

    func testLargeBatchBeyondOpenDescriptorLimit() throws {
        let sink = try MaildirSink(directory: maildir, hostname: "host")
        let count = MaildirSink.maximumOpenPendingFiles + 6
        for _ in 0..<count { try sink.write([MessageFixtures.dotLines]) }
        XCTAssertEqual(try sink.commit().count, count)
        XCTAssertEqual(try files("new").count, count)
    }

    private func contents(_ relative: String) throws -> [UInt8] {
        Array(try Data(contentsOf: maildir.appendingPathComponent(relative)))
    }

    private func files(_ sub: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: maildir.appendingPathComponent(sub).path).sorted()
    }

    private func mode(_ relative: String) throws -> Int {
        let path = relative.isEmpty ? maildir.path : maildir.appendingPathComponent(relative).path
        return (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? -1
    }
}
