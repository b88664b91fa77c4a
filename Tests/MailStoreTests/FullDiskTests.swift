import Foundation
import TestSupport
import XCTest
@testable import MailStore

/// A full file system (a 1 MiB tmpfs, mounted when running as root) gives a typed `noSpace` error,
/// and after `abort` the Maildir or mbox holds exactly what was committed before, and takes new
/// messages once there is room again.
final class FullDiskTests: XCTestCase {
    private var directory: TemporaryDirectory!
    private var mounted = false

    override func setUpWithError() throws {
        guard geteuid() == 0 else { throw XCTSkip("full-disk tests need root to mount a small tmpfs") }
        directory = try TemporaryDirectory(prefix: "full-disk")
        let status = try programExitStatus(
            "/bin/mount", ["-t", "tmpfs", "-o", "size=1m,mode=0700", "tmpfs", directory.path])
        guard status == 0 else {
            directory.remove()
            throw XCTSkip("mount -t tmpfs failed (status \(status)); no CAP_SYS_ADMIN in this environment?")
        }
        mounted = true
    }

    override func tearDownWithError() throws {
        if mounted { XCTAssertEqual(try programExitStatus("/bin/umount", [directory.path]), 0) }
        directory?.remove()
    }

    /// 2 MiB of body lines: more than the file system holds.
    private let oversized: [UInt8] = Array("Subject: big\r\n\r\n".utf8)
        + Array(repeating: Array("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde\r\n".utf8),
                count: 32_768).flatMap { $0 }

    func testMaildirOnFullDisk() throws {
        let sink = try MaildirSink(directory: directory.url.appendingPathComponent("Maildir"), hostname: "host")
        try sink.write([MessageFixtures.fromLines])
        XCTAssertEqual(try sink.commit().count, 1)
        try sink.write([MessageFixtures.dotLines])
        let error = try XCTUnwrap(writeExpectingFailure(sink))
        XCTAssertEqual(error.kind, .noSpace)
        XCTAssertEqual(error.operation, .write)
        XCTAssertTrue(error.path.hasPrefix(directory.path + "/Maildir/tmp/"), error.path)
        try sink.abort()
        let root = directory.url.appendingPathComponent("Maildir")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("tmp").path), [])
        let visible = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("new").path)
        XCTAssertEqual(visible.count, 1)
        try sink.write([MessageFixtures.dotLines])
        XCTAssertEqual(try sink.commit().count, 1, "the next batch completes")
    }

    func testMboxOnFullDisk() throws {
        let file = directory.url.appendingPathComponent("work.mbox")
        let sink = try MboxSink(file: file, committedLength: nil)
        try sink.write([MessageFixtures.fromLines])
        _ = try sink.commit()
        let committed = try Data(contentsOf: file)
        try sink.write([MessageFixtures.dotLines])
        let error = try XCTUnwrap(writeExpectingFailure(sink))
        XCTAssertEqual(error.kind, .noSpace)
        XCTAssertEqual(error.path, file.path)
        try sink.abort()
        XCTAssertEqual(try Data(contentsOf: file), committed)
        try sink.write([MessageFixtures.dotLines])
        XCTAssertEqual(try sink.commit().count, 1, "the next batch completes")
        XCTAssertEqual(try MboxTail.endOfLastCompleteMessage(in: file), Int64(try Data(contentsOf: file).count))
    }

    /// Streams the oversized message in 8 KiB chunks; returns the error that stops it.
    private func writeExpectingFailure(_ sink: MessageSink) throws -> MailStoreError? {
        do {
            try sink.begin(MessageEnvelope())
            for start in stride(from: 0, to: oversized.count, by: 8192) {
                try oversized[start..<min(start + 8192, oversized.count)].withUnsafeBytes { try sink.append($0) }
            }
            try sink.end()
            _ = try sink.commit()
        } catch let error as MailStoreError {
            return error
        }
        XCTFail("a 2 MiB message fit into a 1 MiB file system")
        return nil
    }
}
