import Foundation
import TestSupport
import XCTest
@testable import MailStore

/// `MaildirSink.detachBatch()` and `MaildirBatch`: what lets the engine publish one batch on another
/// thread while the sink writes the next.
final class MaildirBatchTests: XCTestCase {
    private var directory: TemporaryDirectory!
    private var maildir: URL { directory.url.appendingPathComponent("Mail/work") }

    override func setUpWithError() throws { directory = try TemporaryDirectory(prefix: "maildir-batch") }
    override func tearDown() { directory.remove() }

    func testDetachedBatchPublishesWhileTheSinkWritesTheNext() throws {
        let sink = try MaildirSink(directory: maildir, hostname: "host")
        try sink.write([MessageFixtures.fromLines])
        try sink.write([MessageFixtures.dotLines])
        let announced = sink.endedMessages
        var batch = try sink.detachBatch()
        XCTAssertEqual(batch.endedMessages, announced)
        XCTAssertEqual(sink.endedMessages, [], "the sink's batch is empty once detached")

        // The sink goes on with the next message while the detached batch is still in tmp/.
        try sink.begin(MessageEnvelope())
        try MessageFixtures.large.withUnsafeBytes { try sink.append($0) }
        XCTAssertEqual(try files("tmp").count, 3)
        XCTAssertEqual(try files("new"), [])

        let published = try batch.publish()
        XCTAssertEqual(published, announced, "each message lands where endedMessages said")
        XCTAssertTrue(batch.isEmpty)
        for message in published {
            guard case .maildir(let path) = message.location else { return XCTFail("not a Maildir location") }
            XCTAssertEqual(Int64(try contents(path).count), message.size)
        }
        XCTAssertEqual(try files("tmp").count, 1, "only the message still being written")

        try sink.end()
        XCTAssertEqual(try sink.commit().count, 1)
        XCTAssertEqual(try files("new").count, 3)
        XCTAssertEqual(try files("tmp"), [])
    }

    func testDiscardedBatchLeavesNothing() throws {
        let sink = try MaildirSink(directory: maildir, hostname: "host")
        try sink.write([MessageFixtures.large])
        try sink.write([MessageFixtures.fromLines])
        var batch = try sink.detachBatch()
        try batch.discard()
        XCTAssertTrue(batch.isEmpty)
        XCTAssertEqual(try files("tmp"), [])
        XCTAssertEqual(try files("new"), [])
        XCTAssertEqual(try sink.commit(), [], "a detached batch is no longer the sink's")
    }

    func testDetachInTheMiddleOfAMessageIsRefused() throws {
        let sink = try MaildirSink(directory: maildir, hostname: "host")
        try sink.begin(MessageEnvelope())
        XCTAssertThrowsError(try sink.detachBatch()) {
            guard case .outOfOrder = ($0 as? MailStoreError)?.kind else { return XCTFail("\($0)") }
        }
    }

    func testFailedPublishMovesTheBatchBackToTmp() throws {
        let sink = try MaildirSink(directory: maildir, hostname: "host")
        try sink.write([MessageFixtures.fromLines])
        try sink.write([MessageFixtures.dotLines])
        var batch = try sink.detachBatch()
        // new/ replaced by a file: every rename into it fails.
        try FileManager.default.removeItem(at: maildir.appendingPathComponent("new"))
        FileManager.default.createFile(atPath: maildir.appendingPathComponent("new").path, contents: Data())
        XCTAssertThrowsError(try batch.publish())
        XCTAssertEqual(try files("tmp").count, 2, "nothing became visible; the files wait in tmp/")
        try batch.discard()
        XCTAssertEqual(try files("tmp"), [])
    }

    private func files(_ sub: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: maildir.appendingPathComponent(sub).path).sorted()
    }

    private func contents(_ path: String) throws -> Data {
        try Data(contentsOf: maildir.appendingPathComponent(path))
    }
}
