import Crypto
import Foundation
import TestSupport
import XCTest
@testable import MailStore

final class MboxSinkTests: XCTestCase {
    private var directory: TemporaryDirectory!
    private var mbox: URL { directory.url.appendingPathComponent("archive/work.mbox") }
    private let received = Date(timeIntervalSince1970: 1_795_317_033)  // Sun Nov 22 03:10:33 2026 UTC

    override func setUpWithError() throws { directory = try TemporaryDirectory(prefix: "mbox-sink") }
    override func tearDown() { directory.remove() }

    func testRoundTripInEveryChunking() throws {
        let sink = try MboxSink(file: mbox, committedLength: nil)
        var expected: [(name: String, content: [UInt8], stored: StoredMessage)] = []
        for (name, message) in MessageFixtures.all {
            for chunks in MessageFixtures.chunkings(message) {
                try sink.write(chunks, envelope: MessageEnvelope(receivedAt: received))
            }
            let content = MessageFixtures.normalized(message)
            for stored in try sink.commit() { expected.append((name, content, stored)) }
        }
        let file = try bytes()
        XCTAssertEqual(Int64(file.count), sink.committedLength)
        var end: Int64 = 0
        let senders = ["fullHeader": "bounce@example.org", "large": "big@example.org"]
        for (name, content, stored) in expected {
            guard case .mbox(let segment, let offset, let length) = stored.location else { return XCTFail("not mbox") }
            XCTAssertEqual(segment, "work.mbox")
            XCTAssertEqual(offset, end, "records are contiguous")
            end = offset + length
            let record = Array(file[Int(offset)..<Int(end)])
            let separatorEnd = record.firstIndex(of: 0x0A)! + 1
            let sender = senders[name] ?? "MAILER-DAEMON"
            let separator = String(decoding: record[..<separatorEnd], as: UTF8.self)
            XCTAssertEqual(separator, "From \(sender) Sun Nov 22 03:10:33 2026\n")
            let body = MessageFixtures.unquoted(Array(record[separatorEnd...]))
            let addedLineEnd = !content.isEmpty && content.last != 0x0A
            XCTAssertEqual(body, content + (addedLineEnd ? [0x0A, 0x0A] : [0x0A]), name)
            XCTAssertEqual(Array(record[separatorEnd...]), MessageFixtures.quoted(body))
            XCTAssertEqual(stored.size, Int64(content.count))
            XCTAssertEqual(stored.sha256, SHA256.hash(data: content).map { String(format: "%02x", $0) }.joined())
        }
        XCTAssertEqual(end, Int64(file.count))
        XCTAssertEqual(try MboxTail.endOfLastCompleteMessage(in: mbox), Int64(file.count))
        XCTAssertEqual((try FileManager.default.attributesOfItem(atPath: mbox.path)[.posixPermissions] as? Int), 0o600)
    }

    func testAbortTruncatesToTheCommittedEnd() throws {
        let sink = try MboxSink(file: mbox, committedLength: nil)
        try sink.write([MessageFixtures.fromLines])
        _ = try sink.commit()
        let committed = try bytes()
        try sink.write([MessageFixtures.large])
        try sink.begin(MessageEnvelope())
        try MessageFixtures.large.withUnsafeBytes { try sink.append($0) }
        try sink.abort()
        XCTAssertEqual(try bytes(), committed)
        try sink.write([MessageFixtures.dotLines])
        let stored = try sink.commit()
        XCTAssertEqual(stored.first?.location, .mbox(segment: "work.mbox", offset: Int64(committed.count),
                                                     length: Int64(try bytes().count - committed.count)))
    }

    func testTornTailIsTruncatedToTheLedgersLength() throws {
        var sink: MboxSink? = try MboxSink(file: mbox, committedLength: nil)
        try sink?.write([MessageFixtures.fromLines])
        let committed = try XCTUnwrap(sink?.commit().first)
        guard case .mbox(_, let offset, let length) = committed.location else { return XCTFail("not mbox") }
        try sink?.write([MessageFixtures.large])
        try sink?.begin(MessageEnvelope())
        try MessageFixtures.large.withUnsafeBytes { try sink?.append($0) }
        try sink?.end()
        _ = try sink?.commit()  // durable, but the crash comes before the ledger recorded it
        sink = nil
        let reopened = try MboxSink(file: mbox, committedLength: offset + length)
        XCTAssertGreaterThan(reopened.truncatedTailBytes, 0)
        XCTAssertEqual(Int64(try bytes().count), offset + length)
        XCTAssertThrowsError(try MboxSink(file: mbox, committedLength: offset + length + 1)) {
            XCTAssertEqual(($0 as? MailStoreError)?.kind, .locked)
        }
        try reopened.close()
        XCTAssertThrowsError(try MboxSink(file: mbox, committedLength: offset + length + 1)) {
            XCTAssertEqual(($0 as? MailStoreError)?.kind,
                           .committedLengthBeyondEnd(committed: offset + length + 1, fileLength: offset + length))
        }
    }

    func testTailWithoutLedger() throws {
        let sink = try MboxSink(file: mbox, committedLength: nil)
        try sink.write([MessageFixtures.fromLines])
        try sink.write([MessageFixtures.large])
        let stored = try sink.commit()
        try sink.close()
        guard case .mbox(_, let lastOffset, _) = stored[1].location else { return XCTFail("not mbox") }
        let whole = try bytes()
        // Cut the last record at many points; each cut that does not end in an empty line goes back
        // to the record's start.
        for cut in [1, 2, 3, 4, 5, 6, 100, 70_000, whole.count - Int(lastOffset) - 1] {
            try Data(whole[..<(Int(lastOffset) + cut)]).write(to: mbox)
            XCTAssertEqual(try MboxTail.endOfLastCompleteMessage(in: mbox), lastOffset, "cut \(cut)")
        }
        try Data(whole[..<3]).write(to: mbox)
        XCTAssertEqual(try MboxTail.endOfLastCompleteMessage(in: mbox), 0)
        try Data().write(to: mbox)
        XCTAssertEqual(try MboxTail.endOfLastCompleteMessage(in: mbox), 0)
    }

    func testAppendsAfterAForeignFileWithoutEmptyLastLine() throws {
        try FileManager.default.createDirectory(at: mbox.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("From a Sun Nov 22 03:10:33 2026\nSubject: old\n\nno empty line".utf8).write(to: mbox)
        let sink = try MboxSink(file: mbox, committedLength: nil)
        try sink.write([MessageFixtures.dotLines], envelope: MessageEnvelope(receivedAt: received))
        let stored = try XCTUnwrap(try sink.commit().first)
        let file = try bytes()
        guard case .mbox(_, let offset, _) = stored.location else { return XCTFail("not mbox") }
        XCTAssertEqual(String(decoding: file[(Int(offset) - 2)...].prefix(7), as: UTF8.self), "\n\nFrom ")
    }

    func testLockExcludesASecondWriter() throws {
        let sink = try MboxSink(file: mbox, committedLength: nil)
        XCTAssertThrowsError(try MboxSink(file: mbox, committedLength: nil)) {
            XCTAssertEqual(($0 as? MailStoreError)?.kind, .locked)
        }
        try sink.close()
        XCTAssertNoThrow(try MboxSink(file: mbox, committedLength: nil))
    }

    func testSeparatorSenderAndDate() {
        XCTAssertEqual(MboxSeparator.sender(returnPath: "<a@b.example>"), "a@b.example")
        XCTAssertEqual(MboxSeparator.sender(returnPath: " <a@b> (comment)"), "a@b")
        XCTAssertEqual(MboxSeparator.sender(returnPath: "<>"), "MAILER-DAEMON")
        XCTAssertEqual(MboxSeparator.sender(returnPath: nil), "MAILER-DAEMON")
        XCTAssertEqual(MboxSeparator.sender(returnPath: "<\"a b\"@c>"), "MAILER-DAEMON")
        XCTAssertEqual(MboxSeparator.sender(returnPath: "bare@x"), "bare@x")
        XCTAssertEqual(MboxSeparator.asctime(received), "Sun Nov 22 03:10:33 2026")
        XCTAssertEqual(MboxSeparator.asctime(Date(timeIntervalSince1970: 1_793_589_000)), "Mon Nov  2 03:10:00 2026")
    }

    private func bytes() throws -> [UInt8] { Array(try Data(contentsOf: mbox)) }
}
