import Foundation
import TestSupport
import XCTest
@testable import MailStore

/// `discardOpenMessage`: a source failed in the middle of a message; the ended messages of the batch
/// stay pending and commit as if the torn one had never begun, in both sinks, wherever the cut falls.
final class DiscardOpenMessageTests: XCTestCase {
    private var directory: TemporaryDirectory!

    override func setUpWithError() throws { directory = try TemporaryDirectory(prefix: "discard-open") }
    override func tearDown() { directory.remove() }

    private let ended = [MessageFixtures.fullHeader, MessageFixtures.all[0].1]
    private let torn = MessageFixtures.large
    private let envelope = MessageEnvelope(receivedAt: Date(timeIntervalSince1970: 1_795_317_033))

    /// Every prefix length of the torn message worth trying: nothing, inside its header, inside its body.
    private var cuts: [Int] { [0, 10, 200, torn.count / 2, torn.count - 1] }

    func testMboxKeepsTheEndedMessagesAndNothingOfTheTornOne() throws {
        for cut in cuts {
            let file = directory.url.appendingPathComponent("cut-\(cut)/work.mbox")
            let reference = directory.url.appendingPathComponent("reference-\(cut)/work.mbox")
            // Small writes: parts of the ended and of the torn message reach the file before the discard.
            let sink = try MboxSink(file: file, committedLength: nil, options: SinkOptions(writeBufferSize: 4096))
            for message in ended { try sink.write([message], envelope: envelope) }
            try sink.begin(envelope)
            try Array(torn.prefix(cut)).withUnsafeBytes { try sink.append($0) }
            try sink.discardOpenMessage()
            try sink.write([MessageFixtures.all[1].1], envelope: envelope)
            let stored = try sink.commit()
            try sink.close()

            let clean = try MboxSink(file: reference, committedLength: nil)
            for message in ended + [MessageFixtures.all[1].1] { try clean.write([message], envelope: envelope) }
            XCTAssertEqual(stored, try clean.commit(), "cut \(cut): the same records as without the torn message")
            try clean.close()
            XCTAssertEqual(try Data(contentsOf: file), try Data(contentsOf: reference), "cut \(cut)")
        }
    }

    func testMaildirKeepsTheEndedMessagesAndRemovesTheTornFile() throws {
        for cut in cuts {
            let root = directory.url.appendingPathComponent("maildir-\(cut)")
            let sink = try MaildirSink(directory: root)
            for message in ended { try sink.write([message]) }
            try sink.begin(MessageEnvelope())
            try Array(torn.prefix(cut)).withUnsafeBytes { try sink.append($0) }
            try sink.discardOpenMessage()
            let stored = try sink.commit()
            XCTAssertEqual(stored.map(\.size), ended.map { Int64(MessageFixtures.normalized($0).count) }, "cut \(cut)")
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: root.path + "/tmp"), [], "cut \(cut)")
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: root.path + "/new").count, 2)
        }
    }

    func testNothingOpenIsANoOp() throws {
        let sink = try MaildirSink(directory: directory.url.appendingPathComponent("idle"))
        try sink.write([ended[0]])
        try sink.discardOpenMessage()
        XCTAssertEqual(try sink.commit().count, 1)
    }
}
