import Foundation
import MailStore
import TestSupport
import XCTest

final class GzipTests: XCTestCase {
    var dir: TemporaryDirectory!

    override func setUpWithError() throws { dir = try TemporaryDirectory(prefix: "gzip") }
    override func tearDown() { dir.remove() }

    func path(_ name: String) -> String { dir.url.appendingPathComponent(name).path }

    func gzip(_ bytes: [UInt8], to name: String, level: Int32 = 6) throws -> [UInt8] {
        let writer = try GzipWriter(path: path(name), level: level)
        // Written in uneven pieces to cross the writer's buffer edges.
        var start = 0
        var step = 1
        while start < bytes.count {
            let end = min(bytes.count, start + step)
            try bytes[start..<end].withUnsafeBytes { try writer.write($0) }
            start = end
            step = step * 3 + 1
        }
        try writer.finish()
        XCTAssertEqual(writer.bytesIn, Int64(bytes.count))
        return Array(try Data(contentsOf: URL(fileURLWithPath: path(name))))
    }

    func readAll(_ name: String, chunkSize: Int = 1 << 18) throws -> [UInt8] {
        var out: [UInt8] = []
        try GzipReader.forEachChunk(ofFile: path(name), chunkSize: chunkSize) { out.append(contentsOf: $0) }
        return out
    }

    func sample(_ count: Int, seed: UInt64) -> [UInt8] {
        var state = seed
        return (0..<count).map { i in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return i % 7 == 0 ? UInt8(truncatingIfNeeded: state >> 56) : UInt8(ascii: "a") + UInt8(i % 26)
        }
    }

    func testRoundTripMultiMemberAndPadding() throws {
        let one = sample(700_000, seed: 1)
        let two = sample(123_457, seed: 2)
        let gzOne = try gzip(one, to: "one.gz")
        let gzTwo = try gzip(two, to: "two.gz", level: 1)
        try writeFile(path("both.gz"), gzOne + gzTwo + [0, 0, 0, 0])
        for chunkSize in [7, 4096, 1 << 18] {
            XCTAssertEqual(try readAll("both.gz", chunkSize: chunkSize), one + two, "chunk size \(chunkSize)")
        }
        // Byte by byte, on a smaller two-member file to keep the test fast.
        let small = try gzip(Array(two.prefix(3000)), to: "s1.gz") + gzip([1, 2, 3], to: "s2.gz")
        try writeFile(path("small.gz"), small)
        XCTAssertEqual(try readAll("small.gz", chunkSize: 1), Array(two.prefix(3000)) + [1, 2, 3])
        XCTAssertTrue(try GzipReader.isCompressed(path: path("both.gz")))
    }

    func testPlainFilesPassThrough() throws {
        let bytes = sample(10_000, seed: 3)
        try writeFile(path("plain"), bytes)
        XCTAssertEqual(try readAll("plain", chunkSize: 333), bytes)
        XCTAssertFalse(try GzipReader.isCompressed(path: path("plain")))
    }

    func testTruncatedAndCorruptStreamsFail() throws {
        let gz = try gzip(sample(50_000, seed: 4), to: "full.gz")
        try writeFile(path("cut.gz"), Array(gz.dropLast(9)))
        XCTAssertThrowsError(try readAll("cut.gz")) { error in
            XCTAssertEqual((error as? GzipError)?.kind, .truncated)
        }
        try writeFile(path("junk.gz"), gz + Array("junk".utf8))
        XCTAssertThrowsError(try readAll("junk.gz"))
        var flipped = gz
        flipped[gz.count / 2] ^= 0xff
        try writeFile(path("flipped.gz"), flipped)
        XCTAssertThrowsError(try readAll("flipped.gz"))
    }

    func testWriterNeverOverwritesAndAbortRemoves() throws {
        try writeFile(path("exists.gz"), [1])
        XCTAssertThrowsError(try GzipWriter(path: path("exists.gz")))
        let writer = try GzipWriter(path: path("aborted.gz"))
        try [UInt8](repeating: 65, count: 10).withUnsafeBytes { try writer.write($0) }
        writer.abort()
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("aborted.gz")))
        _ = try gzip([9], to: "mode.gz")
        let mode = try FileManager.default.attributesOfItem(atPath: path("mode.gz"))[.posixPermissions] as? Int
        XCTAssertEqual(mode, 0o600)
    }

    func testSystemGzipAcceptsWriterOutput() throws {
        guard let gzipTool = ["/usr/bin/gzip", "/bin/gzip"].first(where: FileManager.default.isExecutableFile) else {
            throw XCTSkip("gzip(1) is not installed")
        }
        let bytes = sample(300_000, seed: 5)
        _ = try gzip(bytes, to: "tool.gz")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: gzipTool)
        process.arguments = ["-dc", path("tool.gz")]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let out = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        XCTAssertEqual(Array(out), bytes)
    }
}
