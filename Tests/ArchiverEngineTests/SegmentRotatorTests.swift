import ArchiveConfig
import ArchiverEngine
import Foundation
import Ledger
import MailStore
import TestSupport
import XCTest

/// Monthly and size rotation through the engine: names, ledger locations, byte-identical content
/// after `zcat` and after reading back through the ledger.
final class SegmentRotatorTests: XCTestCase {
    private var archive: RotationFixture!

    override func setUpWithError() throws {
        guard GzipTool.path != nil else { throw XCTSkip("gzip(1) is not installed") }
        archive = try RotationFixture()
    }
    override func tearDown() { archive?.remove() }

    private func bytes(_ path: String) throws -> [UInt8] { Array(try Data(contentsOf: URL(fileURLWithPath: path))) }

    func testMonthlyRotationNamesTheMonthOfTheSegmentsMessages() async throws {
        try await archive.fetch(0..<20)
        try archive.setArchivedAt(RotationFixture.utc(2026, 10, 3), keys: Set(archive.sent.keys))
        let plainBytes = try bytes(archive.plain.path)
        let rotator = try archive.rotator(.monthly)
        XCTAssertNil(try rotator.rotateIfDue(now: RotationFixture.utc(2026, 10, 31)), "not due within the month")
        let locationsBefore = try archive.ledger.messages(account: archive.accountID).map(\.location)

        let rotated = try XCTUnwrap(try rotator.rotateIfDue(now: RotationFixture.utc(2026, 11, 1)))
        XCTAssertEqual(rotated.segment, "work.mbox")
        XCTAssertEqual(rotated.target, "work-2026-10.mbox.gz")
        XCTAssertEqual(rotated.messages, 20)
        XCTAssertEqual(rotated.bytes, Int64(plainBytes.count))
        XCTAssertFalse(rotated.resumed)
        XCTAssertFalse(FileManager.default.fileExists(atPath: archive.plain.path), "plain file removed")
        XCTAssertEqual(try GzipTool.decompress(archive.path(rotated.target)), plainBytes, "zcat: byte-identical")
        XCTAssertEqual(try archive.ledger.messages(account: archive.accountID).map(\.location), locationsBefore.map {
            guard case .mbox(_, let offset, let length) = $0 else { return $0 }
            return .mbox(segment: "work-2026-10.mbox.gz", offset: offset, length: length)
        }, "same offsets, now into the .gz")
        try archive.assertArchiveIntact()

        // The next messages start a new plain segment at offset 0, rotated under their own month…
        try await archive.fetch(20..<25)
        let fresh = try archive.ledger.messages(account: archive.accountID).first { $0.key == "UID20" }
        guard case .mbox("work.mbox", 0, _)? = fresh?.location else {
            return XCTFail("UID20 at offset 0 of a new work.mbox: \(String(describing: fresh?.location))")
        }
        try archive.setArchivedAt(RotationFixture.utc(2026, 11, 20), keys: Set((20..<25).map { "UID\($0)" }))
        XCTAssertEqual(try rotator.rotateIfDue(now: RotationFixture.utc(2026, 12, 1))?.target, "work-2026-11.mbox.gz")
        // …and a second segment of a month already taken gets a counter.
        try await archive.fetch(25..<27)
        try archive.setArchivedAt(RotationFixture.utc(2026, 11, 21), keys: ["UID25", "UID26"])
        XCTAssertEqual(try rotator.rotateIfDue(now: RotationFixture.utc(2026, 12, 1))?.target, "work-2026-11.2.mbox.gz")
        XCTAssertEqual(try archive.assertArchiveIntact(),
                       ["work-2026-10.mbox.gz": 20, "work-2026-11.mbox.gz": 5, "work-2026-11.2.mbox.gz": 2])
    }

    func testSizeRotationAtTheEndOfEachFetch() async throws {
        var targets: [String] = []
        for round in 0..<3 {
            // 40 KiB: the first fetch of each round passes it, the next segment starts empty.
            let report = try await archive.fetch((round * 30)..<(round * 30 + 30), policy: .size(40 << 10))
            XCTAssertEqual(report.rotated.count, 1, "round \(round)")
            targets += report.rotated.map(\.target)
            XCTAssertEqual(report.rotated.first?.messages, 30)
            XCTAssertFalse(FileManager.default.fileExists(atPath: archive.plain.path))
        }
        XCTAssertEqual(targets, ["work-0001.mbox.gz", "work-0002.mbox.gz", "work-0003.mbox.gz"])
        // Below the limit: fetched into the plain segment, not rotated.
        let small = try await archive.fetch(90..<91, policy: .size(40 << 10))
        XCTAssertEqual(small.rotated, [])
        XCTAssertEqual(try archive.assertArchiveIntact(),
                       ["work-0001.mbox.gz": 30, "work-0002.mbox.gz": 30, "work-0003.mbox.gz": 30, "work.mbox": 1])
        // Forced: whatever the policy.
        let forced = try archive.rotator(.none).rotateIfDue(force: true)
        XCTAssertEqual(forced?.messages, 1)
        let name = try XCTUnwrap(forced?.target)
        XCTAssertNotNil(name.range(of: #"^work-[0-9]{4}-[0-9]{2}\.mbox\.gz$"#, options: .regularExpression), name)
        XCTAssertNil(try archive.rotator(.none).rotateIfDue(force: true), "nothing left to rotate")
        try archive.assertArchiveIntact()
    }

    func testContentOlderThanPopvaultIsRotatedUnderItsModificationMonth() async throws {
        // An mbox popvault never wrote to: its bytes belong to no recorded message, and are kept.
        let old = Array("From x Mon Sep  7 10:00:00 2026\nSubject: old\n\nbody\n\n".utf8)
        try Data(old).write(to: archive.plain)
        var times = [timeval(tv_sec: 1_788_000_000, tv_usec: 0), timeval(tv_sec: 1_788_000_000, tv_usec: 0)]
        XCTAssertEqual(utimes(archive.plain.path, &times), 0)  // 2026-08-29 UTC
        _ = try archive.ledger.account(named: "work", protocol: "pop3")
        let rotated = try archive.rotator(.monthly).rotateIfDue(now: RotationFixture.utc(2026, 11, 1))
        XCTAssertEqual(rotated?.target, "work-2026-08.mbox.gz")
        XCTAssertEqual(rotated?.messages, 0)
        XCTAssertEqual(try GzipTool.decompress(archive.path("work-2026-08.mbox.gz")), old)
    }

    func testExtractReadsRotatedSegmentsThroughTheLedger() async throws {
        try await archive.fetch(0..<6, policy: .size(1))
        try await archive.fetch(6..<9)
        let config = try PopvaultConfig.parse(
            """
            [archive]
            root = "\(archive.directory.path)"
            [[account]]
            name = "work"
            host = "pop.example.org"
            user = "me"
            password_env = "UNUSED"
            format = "mbox"
            path = "work.mbox"
            rotate = "size:1"
            """, file: archive.directory.path + "/config.toml", environment: ["HOME": archive.directory.path])
        let archived = try ArchivedMessages.load(config: config, account: "work")
        let out = archive.directory.path + "/out"
        let extractor = try AttachmentExtractor(options: ExtractOptions(outputDirectory: out, layout: .flat))
        try extractor.extract(.archived(archived))
        let summary = try extractor.finish()
        XCTAssertEqual(summary.messages, 9)
        XCTAssertEqual(summary.errors, 0)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: out).sorted(),
                       (0..<9).map { "file-\($0).bin" })
        XCTAssertEqual(try String(contentsOfFile: out + "/file-4.bin", encoding: .utf8), "payload 4")
    }
}
