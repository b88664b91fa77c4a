@testable import ArchiverEngine
import Foundation
import MIME
import TestSupport
import XCTest

/// `PartFile` with the `PartHasher` queue: the bytes written and the SHA-256 returned match what went in,
/// whatever the sizes (below, at and across buffer edges), with several files open on one hasher.
final class PartFileTests: XCTestCase {
    var scratch: TemporaryDirectory!
    var tree: OutputTree!

    override func setUpWithError() throws {
        scratch = try TemporaryDirectory(prefix: "popvault-partfile")
        tree = try OutputTree(root: scratch.path + "/out", policy: FilenamePolicy())
    }

    override func tearDown() {
        tree = nil
        scratch.remove()
    }

    func open(_ name: String, _ hasher: PartHasher) throws -> PartFile {
        let directory = try tree.directory("")
        return PartFile(
            directory: directory, temporary: try tree.createTemporary(in: directory), safeName: name,
            root: tree.root, hasher: hasher)
    }

    func bytes(_ count: Int, seed: UInt64) -> [UInt8] {
        var state = seed | 1
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 56)
        }
    }

    /// Writes `data` in pieces of `piece` bytes, closes, and checks the digest and the file.
    func check(_ data: [UInt8], piece: Int, hasher: PartHasher, file: StaticString = #filePath, line: UInt = #line)
        throws
    {
        let part = try open("f", hasher)
        var start = 0
        while start < data.count {
            let end = min(data.count, start + piece)
            try data[start..<end].withUnsafeBytes { try part.write($0) }
            start = end
        }
        let digest = try part.close(sync: true)
        XCTAssertEqual(digest, ContentDigest.sha256(data), "\(data.count) in \(piece)", file: file, line: line)
        let written = try Data(contentsOf: URL(fileURLWithPath: tree.root + "/" + part.temporaryName))
        XCTAssertEqual(Array(written), data, "\(data.count) in \(piece)", file: file, line: line)
        XCTAssertEqual(part.size, Int64(data.count), file: file, line: line)
    }

    func testSizesAroundBufferEdges() throws {
        let hasher = PartHasher(bufferSize: 4096, maximumInFlight: 2)
        for size in [0, 1, 4095, 4096, 4097, 8192, 3 * 4096 + 17, 100_000] {
            for piece in [1, 1000, 4096, 5000, 200_000] where size <= 20_000 || piece >= 1000 {
                try check(bytes(size, seed: UInt64(size)), piece: piece, hasher: hasher)
            }
        }
    }

    /// Nested parts (an attached message's attachment inside an attachment) write in turn through one hasher.
    func testInterleavedFilesOnOneHasher() throws {
        let hasher = PartHasher(bufferSize: 1024, maximumInFlight: 1)
        let data = (0..<5).map { bytes(20_000 + $0 * 333, seed: UInt64($0 + 7)) }
        let parts = try (0..<5).map { try open("f\($0)", hasher) }
        for start in stride(from: 0, to: 22_000, by: 700) {
            for (part, bytes) in zip(parts, data) where start < bytes.count {
                try bytes[start..<min(bytes.count, start + 700)].withUnsafeBytes { try part.write($0) }
            }
        }
        for (part, bytes) in zip(parts, data) {
            XCTAssertEqual(try part.close(sync: false), ContentDigest.sha256(bytes))
            let written = try Data(contentsOf: URL(fileURLWithPath: tree.root + "/" + part.temporaryName))
            XCTAssertEqual(Array(written), bytes)
        }
    }

    /// A part dropped half-way (its message failed to parse) leaves the hasher usable.
    func testDiscardAfterHandOver() throws {
        let hasher = PartHasher(bufferSize: 1024, maximumInFlight: 1)
        let dropped = try open("dropped", hasher)
        try bytes(10_000, seed: 3).withUnsafeBytes { try dropped.write($0) }
        dropped.discard()
        try check(bytes(9_000, seed: 4), piece: 999, hasher: hasher)
    }

    /// A write that fails (here: the descriptor is made read-only) is reported, not lost behind the queue.
    func testWriteFailureIsReported() throws {
        let hasher = PartHasher(bufferSize: 1024, maximumInFlight: 1)
        let directory = try tree.directory("")
        let temporary = try tree.createTemporary(in: directory)
        let readOnly = Foundation.open("/dev/null", O_RDONLY)
        XCTAssertEqual(dup2(readOnly, temporary.fd), temporary.fd)
        close(readOnly)
        let part = PartFile(directory: directory, temporary: temporary, safeName: "x", root: tree.root, hasher: hasher)
        let data = bytes(5_000, seed: 5)
        XCTAssertThrowsError(try data.withUnsafeBytes { try part.write($0) }) { error in
            guard case ExtractError.output(_, let operation, let code) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(operation, "write")
            XCTAssertEqual(code, EBADF)
        }
    }
}
