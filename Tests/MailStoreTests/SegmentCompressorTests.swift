import Crypto
import Foundation
import MailStore
import TestSupport
import XCTest

/// The parallel, verified compressor behind mbox rotation, checked against gzip(1) itself.
final class SegmentCompressorTests: XCTestCase {
    var dir: TemporaryDirectory!

    override func setUpWithError() throws { dir = try TemporaryDirectory(prefix: "segment-gzip") }
    override func tearDown() { dir.remove() }

    func path(_ name: String) -> String { dir.url.appendingPathComponent(name).path }

    /// mbox-like text with some incompressible bytes, deterministic.
    func sample(_ count: Int, seed: UInt64) -> [UInt8] {
        var state = seed
        var out: [UInt8] = []
        out.reserveCapacity(count)
        let words = ["From ", "alpha ", "beta ", "\n", "Subject: x\n", "\n\n", ">From "].map { Array($0.utf8) }
        while out.count < count {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            if state >> 60 == 0 {
                out.append(UInt8(truncatingIfNeeded: state >> 32))
            } else {
                out += words[Int(state >> 33) % words.count]
            }
        }
        return Array(out.prefix(count))
    }

    func digest(_ bytes: ArraySlice<UInt8>) -> SegmentDigest {
        SegmentDigest(length: Int64(bytes.count), sha256: SHA256.hash(data: Array(bytes)).map {
            String(format: "%02x", $0)
        }.joined())
    }

    func testEveryBlockEdgeAndWorkerCountRoundTripsThroughGzip() throws {
        guard GzipTool.path != nil else { throw XCTSkip("gzip(1) is not installed") }
        let block = 64 << 10
        let source = sample(5 * block + 123, seed: 1)
        try Data(source).write(to: URL(fileURLWithPath: path("plain")))
        let lengths = [0, 1, block - 1, block, block + 1, 3 * block, source.count - 7, source.count]
        for (index, length) in lengths.enumerated() {
            for workers in [1, 2, 3] {
                let name = "out-\(index)-\(workers).gz"
                let options = SegmentCompressor.Options(blockSize: block, workers: workers)
                let result = try SegmentCompressor.compress(
                    source: path("plain"), length: Int64(length), to: path(name), options: options)
                let expected = source.prefix(length)
                let label = "length \(length), \(workers) workers"
                XCTAssertEqual(result.digest, digest(expected), label)
                XCTAssertEqual(result.members, max(1, (length + block - 1) / block), label)
                XCTAssertEqual(try SegmentFiles.size(path(name)), result.compressedLength, label)
                try GzipTool.test(path(name))
                XCTAssertEqual(try GzipTool.decompress(path(name)), Array(expected), "zcat: \(label)")
                var read: [UInt8] = []
                try GzipReader.forEachChunk(ofFile: path(name), chunkSize: 4093) { read += $0 }
                XCTAssertEqual(read, Array(expected), "GzipReader: \(label)")
                XCTAssertEqual(try SegmentDigest.ofGzipFile(path(name)), result.digest, label)
                XCTAssertEqual(try SegmentDigest.ofPlainFile(path("plain"), length: Int64(length)), result.digest)
            }
        }
        let mode = try FileManager.default.attributesOfItem(atPath: path("out-7-2.gz"))[.posixPermissions] as? Int
        XCTAssertEqual(mode, 0o600)
    }

    func testCompressesAboutAsWellAsOneMember() throws {
        let source = sample(4 << 20, seed: 2)
        try Data(source).write(to: URL(fileURLWithPath: path("plain")))
        let parallel = try SegmentCompressor.compress(
            source: path("plain"), length: Int64(source.count), to: path("blocks.gz"),
            options: SegmentCompressor.Options(blockSize: 1 << 20, workers: 2))
        let single = try GzipWriter(path: path("single.gz"))
        try source.withUnsafeBytes { try single.write($0) }
        try single.finish()
        XCTAssertEqual(parallel.members, 4)
        // Independent 1 MiB members lose only their first 32 KiB of dictionary each.
        XCTAssertLessThan(Double(parallel.compressedLength), Double(single.bytesOut) * 1.02)
    }

    func testNeverOverwritesAndLeavesNothingOnFailure() throws {
        try Data(sample(1000, seed: 3)).write(to: URL(fileURLWithPath: path("plain")))
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: path("taken.gz")))
        XCTAssertThrowsError(try SegmentCompressor.compress(source: path("plain"), length: 1000, to: path("taken.gz")))
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path("taken.gz"))), Data([1, 2, 3]), "left alone")

        // The source is shorter than the length asked for: the reader fails, the output is removed.
        let options = SegmentCompressor.Options(blockSize: 256, workers: 2)
        XCTAssertThrowsError(
            try SegmentCompressor.compress(source: path("plain"), length: 5000, to: path("short.gz"), options: options)
        ) { error in
            XCTAssertEqual((error as? MailStoreError)?.operation, .read, "\(error)")
        }
        XCTAssertFalse(SegmentFiles.exists(path("short.gz")))
        XCTAssertThrowsError(try SegmentCompressor.compress(source: path("missing"), length: 10, to: path("m.gz")))
        XCTAssertFalse(SegmentFiles.exists(path("m.gz")))
    }

    func testDigestOfCorruptGzipFails() throws {
        try Data(sample(100_000, seed: 4)).write(to: URL(fileURLWithPath: path("plain")))
        _ = try SegmentCompressor.compress(source: path("plain"), length: 100_000, to: path("good.gz"))
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path("good.gz"))))
        bytes[bytes.count / 2] ^= 0x55
        try Data(bytes).write(to: URL(fileURLWithPath: path("bad.gz")))
        XCTAssertThrowsError(try SegmentDigest.ofGzipFile(path("bad.gz")))
        try Data(bytes.prefix(bytes.count - 4)).write(to: URL(fileURLWithPath: path("cut.gz")))
        XCTAssertThrowsError(try SegmentDigest.ofGzipFile(path("cut.gz")))
    }
}
