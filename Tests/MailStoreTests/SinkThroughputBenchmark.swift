import Foundation
import TestSupport
import XCTest
@testable import MailStore

/// Throughput of the sinks on a 100 MB synthetic stream (CRLF lines, "From " lines, 64 KiB
/// chunks, a commit every 50 messages), next to a plain write(2)+fsync of the same bytes measured
/// in the same run. A benchmark, not a timed test: it prints figures and only checks the byte
/// counts. Runs only with POPVAULT_BENCH=1 (e.g. `POPVAULT_BENCH=1 swift test -c release
/// --filter SinkThroughputBenchmark`).
final class SinkThroughputBenchmark: XCTestCase {
    private static let messageCount = 1250
    private static let message: [UInt8] = {
        var text = "Return-Path: <bench@example.org>\r\nSubject: benchmark\r\nMessage-ID: <b@example.org>\r\n\r\n"
        var line = 0
        while text.utf8.count < 80_000 {
            text += line % 40 == 0 ? "From the benchmark, line \(line)\r\n"
                : "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod \(line)\r\n"
            line += 1
        }
        return Array(text.utf8)
    }()

    func testThroughput() throws {
        guard ProcessInfo.processInfo.environment["POPVAULT_BENCH"] == "1" else {
            throw XCTSkip("set POPVAULT_BENCH=1 to run the sink benchmark")
        }
        let directory = try TemporaryDirectory(prefix: "sink-bench")
        defer { directory.remove() }
        let total = Double(Self.messageCount * Self.message.count) / 1_000_000
        let plain = try measure { try plainWrite(directory.url.appendingPathComponent("plain")) }
        let plainFiles = try measure { try plainFilesWrite(directory.url.appendingPathComponent("files")) }
        let maildir = try measure {
            try feed(MaildirSink(directory: directory.url.appendingPathComponent("Maildir"), hostname: "bench"))
        }
        let mbox = try measure {
            try feed(MboxSink(file: directory.url.appendingPathComponent("bench.mbox"), committedLength: nil))
        }
        let rows = [("write+fsync, one file", plain, plain), ("MboxSink", mbox, plain),
                    ("write+fsync, file per message", plainFiles, plainFiles), ("MaildirSink", maildir, plainFiles)]
        let report = rows.map { name, seconds, peer in
            String(format: "%@: %.0f MB/s (%.2f s, %.2fx its plain peer)",
                   name, total / seconds, seconds, seconds / peer)
        }
        print("sink throughput, \(Int(total)) MB in \(Self.messageCount) messages:")
        print("  " + report.joined(separator: "\n  "))
    }

    private func measure(_ body: () throws -> Void) throws -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    private func feed(_ sink: MessageSink) throws {
        var stored: Int64 = 0
        for index in 0..<Self.messageCount {
            try sink.begin(MessageEnvelope())
            try Self.message.withUnsafeBytes { bytes in
                for start in stride(from: 0, to: bytes.count, by: 65_536) {
                    try sink.append(UnsafeRawBufferPointer(rebasing: bytes[start..<min(start + 65_536, bytes.count)]))
                }
            }
            try sink.end()
            if index % 50 == 49 { stored += try sink.commit().reduce(0) { $0 + $1.size } }
        }
        stored += try sink.commit().reduce(0) { $0 + $1.size }
        try sink.close()
        XCTAssertEqual(stored, Int64(Self.messageCount * MessageFixtures.normalized(Self.message).count))
    }

    /// The same bytes, one file per message as Maildir does: fsync each file and the directory
    /// every 50 messages.
    private func plainFilesWrite(_ url: URL) throws {
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        var open: [Int32] = []
        for index in 0..<Self.messageCount {
            let fd = Glibc.open(url.appendingPathComponent("\(index)").path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
            XCTAssertGreaterThanOrEqual(fd, 0)
            _ = Self.message.withUnsafeBytes { write(fd, $0.baseAddress!, $0.count) }
            open.append(fd)
            if index % 50 == 49 || index == Self.messageCount - 1 {
                for fd in open { fsync(fd); close(fd) }
                open.removeAll()
                let directory = Glibc.open(url.path, O_RDONLY | O_DIRECTORY)
                fsync(directory)
                close(directory)
            }
        }
    }

    /// The same bytes, unnormalized and unhashed, written to one file; fsync every 50 messages.
    private func plainWrite(_ url: URL) throws {
        let fd = open(url.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        XCTAssertGreaterThanOrEqual(fd, 0)
        defer { close(fd) }
        for index in 0..<Self.messageCount {
            try Self.message.withUnsafeBytes { bytes in
                for start in stride(from: 0, to: bytes.count, by: 131_072) {
                    let count = min(131_072, bytes.count - start)
                    guard write(fd, bytes.baseAddress! + start, count) == count else {
                        throw MailStoreError.system(errno, .write, url.path)
                    }
                }
            }
            if index % 50 == 49 { fsync(fd) }
        }
        fsync(fd)
    }
}
