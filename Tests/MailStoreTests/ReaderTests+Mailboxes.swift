import Foundation
import MailStore
import TestSupport
import XCTest

final class MailboxReaderTests: XCTestCase {
    var dir: TemporaryDirectory!

    override func setUpWithError() throws { dir = try TemporaryDirectory(prefix: "readers") }
    override func tearDown() { dir.remove() }

    func path(_ name: String) -> String { dir.url.appendingPathComponent(name).path }

    let mbox = """
        From alice@example.com Mon Jan  1 00:00:00 2024
        Subject: one

        >From the start
        >>From quoted twice

        From bob@example.com Tue Jan  2 00:00:00 2024
        Subject: two

        last

        """

    func testMboxPlainAndGzipAtEveryChunkSize() throws {
        try writeFile(path("box"), Array(mbox.utf8))
        let writer = try GzipWriter(path: path("box.gz"))
        let half = mbox.utf8.count / 2
        // Two gzip members in one file, as `cat a.gz b.gz` makes.
        try Array(mbox.utf8.prefix(half)).withUnsafeBytes { try writer.write($0) }
        try writer.finish()
        let second = try GzipWriter(path: path("tail.gz"))
        try Array(mbox.utf8.dropFirst(half)).withUnsafeBytes { try second.write($0) }
        try second.finish()
        let joined = try Data(contentsOf: URL(fileURLWithPath: path("box.gz")))
            + Data(contentsOf: URL(fileURLWithPath: path("tail.gz")))
        try joined.write(to: URL(fileURLWithPath: path("box.gz")), options: [])

        for name in ["box", "box.gz"] {
            for chunkSize in [1, 2, 5, 64, 1 << 16] {
                let consumer = CollectingConsumer()
                try MboxReader(path: path(name), chunkSize: chunkSize).read(into: consumer)
                XCTAssertEqual(
                    consumer.bodies,
                    ["Subject: one\n\nFrom the start\n>From quoted twice\n", "Subject: two\n\nlast\n"],
                    "\(name) chunk \(chunkSize)")
                XCTAssertEqual(consumer.messages.map(\.0.offset), [0, 99])
                XCTAssertEqual(consumer.messages.map(\.0.index), [0, 1])
                guard consumer.messages.count == 2 else { continue }
                XCTAssertEqual(consumer.messages[1].0.fromLine, "bob@example.com Tue Jan  2 00:00:00 2024")
                XCTAssertFalse(consumer.open)
            }
        }
    }

    func testMaildirOrderIsDeterministic() throws {
        let maildir = path("Maildir")
        for sub in ["cur", "new", "tmp"] {
            try FileManager.default.createDirectory(atPath: "\(maildir)/\(sub)", withIntermediateDirectories: true)
        }
        try writeFile("\(maildir)/new/1700000002.M2P1.host", Array("Subject: c\n\n".utf8))
        try writeFile("\(maildir)/cur/1700000001.M1P1.host:2,S", Array("Subject: b\n\n".utf8))
        try writeFile("\(maildir)/cur/1700000000.M9P1.host:2,", Array("Subject: a\n\n".utf8))
        try writeFile("\(maildir)/tmp/1700000003.M3P1.host", Array("Subject: unfinished\n\n".utf8))
        try writeFile("\(maildir)/cur/.hidden", Array("Subject: hidden\n\n".utf8))
        XCTAssertTrue(MaildirReader.isMaildir(maildir))
        XCTAssertFalse(MaildirReader.isMaildir(path("nothing")))
        let reader = MaildirReader(path: maildir, chunkSize: 3)
        XCTAssertEqual(
            try reader.messageFiles(),
            ["cur/1700000000.M9P1.host:2,", "cur/1700000001.M1P1.host:2,S", "new/1700000002.M2P1.host"])
        let consumer = CollectingConsumer()
        try reader.read(into: consumer)
        XCTAssertEqual(consumer.bodies, ["Subject: a\n\n", "Subject: b\n\n", "Subject: c\n\n"])
        XCTAssertEqual(consumer.messages.map(\.0.index), [0, 1, 2])
        XCTAssertEqual(consumer.messages.map(\.0.file), try reader.messageFiles())
    }

    func testSingleMessageFileAndMissingFile() throws {
        let eml = Array("Subject: x\n\nFrom me\n>From you\n".utf8)
        try writeFile(path("one.eml"), eml)
        let consumer = CollectingConsumer()
        try MessageFileReader(path: path("one.eml"), chunkSize: 4).read(into: consumer)
        XCTAssertEqual(consumer.messages.count, 1)
        XCTAssertEqual(consumer.messages[0].1, eml, "a message file is taken as is, never unquoted")
        XCTAssertEqual(consumer.messages[0].0.file, path("one.eml"))

        try writeFile(path("empty.eml"), [])
        let empty = CollectingConsumer()
        try MessageFileReader(path: path("empty.eml")).read(into: empty)
        XCTAssertEqual(empty.messages.count, 1)
        XCTAssertEqual(empty.messages[0].1, [])

        let missing = CollectingConsumer()
        XCTAssertThrowsError(try MessageFileReader(path: path("missing.eml")).read(into: missing)) { error in
            XCTAssertEqual((error as? GzipError)?.kind, .system(operation: "open", errno: ENOENT))
        }
        XCTAssertEqual(missing.messages.count, 0)
    }
}
