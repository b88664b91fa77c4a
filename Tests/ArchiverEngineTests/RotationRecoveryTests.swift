import ArchiveConfig
import ArchiverEngine
import Foundation
import Ledger
import MailStore
import TestSupport
import XCTest

/// A rotation stopped after each of its durable steps (the states a SIGKILL can leave, built here
/// step by step with the same calls the rotator makes), then completed by the next fetch or rotate:
/// nothing lost, nothing duplicated, every `.gz` valid.
final class RotationRecoveryTests: XCTestCase {
    enum Step: String, CaseIterable {
        case journalled, partialTemporary, temporaryComplete, renamed, renamedCorrupt, adopted, plainRemoved
    }

    private let target = "work-0001.mbox.gz"

    override func setUpWithError() throws {
        guard GzipTool.path != nil else { throw XCTSkip("gzip(1) is not installed") }
    }

    /// Archives 25 messages, then performs the rotation's steps up to `step`; returns the plain bytes.
    private func interrupt(_ archive: RotationFixture, at step: Step) async throws -> [UInt8] {
        try await archive.fetch(0..<25)
        let plainBytes = Array(try Data(contentsOf: archive.plain))
        let id = try archive.accountID
        let temporary = archive.path(".\(target).tmp")
        try archive.ledger.beginRotation(SegmentRotation(
            account: id, segment: "work.mbox", target: target, length: Int64(plainBytes.count)))
        if step == .journalled { return plainBytes }
        let result = try SegmentCompressor.compress(
            source: archive.plain.path, length: Int64(plainBytes.count), to: temporary,
            options: SegmentCompressor.Options(blockSize: 8 << 10, workers: 2))
        if step == .partialTemporary {
            XCTAssertEqual(truncate(temporary, off_t(result.compressedLength / 2)), 0)
            return plainBytes
        }
        try archive.ledger.recordRotationDigest(account: id, segment: "work.mbox", sha256: result.digest.sha256)
        if step == .temporaryComplete { return plainBytes }
        try SegmentFiles.rename(temporary, to: archive.path(target))
        if step == .renamed { return plainBytes }
        if step == .renamedCorrupt {
            let handle = try XCTUnwrap(FileHandle(forUpdatingAtPath: archive.path(target)))
            try handle.seek(toOffset: UInt64(result.compressedLength / 2))
            let byte = try XCTUnwrap(try handle.read(upToCount: 1)).first ?? 0
            try handle.seek(toOffset: UInt64(result.compressedLength / 2))
            try handle.write(contentsOf: Data([byte ^ 0x5a]))
            try handle.close()
            return plainBytes
        }
        XCTAssertEqual(try archive.ledger.adoptRotation(account: id, segment: "work.mbox"), 25)
        if step == .adopted { return plainBytes }
        try SegmentFiles.remove(archive.plain.path)
        return plainBytes
    }

    private func inode(_ path: String) -> UInt64? {
        var info = stat()
        return stat(path, &info) == 0 ? UInt64(info.st_ino) : nil
    }

    func testNextFetchCompletesARotationStoppedAfterAnyStep() async throws {
        for step in Step.allCases {
            let archive = try RotationFixture()
            defer { archive.remove() }
            let plainBytes = try await interrupt(archive, at: step)
            let inodeBefore = inode(archive.path(target))
            let report = try await archive.fetch(25..<30)
            XCTAssertEqual(report.rotated.map(\.target), [target], "\(step)")
            XCTAssertEqual(report.rotated.first?.resumed, true, "\(step)")
            XCTAssertEqual(try GzipTool.decompress(archive.path(target)), plainBytes, "\(step): zcat")
            if step == .renamed {
                XCTAssertEqual(inode(archive.path(target)), inodeBefore, "a verified .gz is adopted, not redone")
            }
            XCTAssertEqual(try archive.assertArchiveIntact(), [target: 25, "work.mbox": 5], "\(step)")
        }
    }

    func testRotateCommandCompletesARotationStoppedAfterAnyStep() async throws {
        for step in Step.allCases {
            let archive = try RotationFixture()
            defer { archive.remove() }
            let plainBytes = try await interrupt(archive, at: step)
            let rotation = AccountRotation(
                ledger: archive.ledger, archiveRoot: archive.directory.url, target: archive.target(.monthly))
            let result = rotation.run(now: RotationFixture.utc(2000, 1, 1))
            XCTAssertNil(result.failure, "\(step)")
            XCTAssertEqual(result.rotated.map(\.target), [target], "\(step): completed, nothing else due")
            XCTAssertEqual(try GzipTool.decompress(archive.path(target)), plainBytes, "\(step): zcat")
            XCTAssertFalse(FileManager.default.fileExists(atPath: archive.plain.path), "\(step)")
            XCTAssertEqual(try archive.assertArchiveIntact(), [target: 25], "\(step)")
        }
    }

    func testRotationHoldsTheAccountLock() async throws {
        let archive = try RotationFixture()
        defer { archive.remove() }
        try await archive.fetch(0..<3)
        let lock = try AccountLock.acquire(root: archive.directory.url, account: "work")
        let rotation = AccountRotation(
            ledger: archive.ledger, archiveRoot: archive.directory.url, target: archive.target(.size(1)))
        let busy = rotation.run()
        XCTAssertEqual(busy.failure?.phase, .lock)
        XCTAssertTrue(FileManager.default.fileExists(atPath: archive.plain.path))
        lock.release()
        XCTAssertEqual(rotation.run().rotated.count, 1)
        try archive.assertArchiveIntact()
    }
}
