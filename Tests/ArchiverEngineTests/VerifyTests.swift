import ArchiverEngine
import Foundation
import Ledger
import TestSupport
import XCTest

/// `ArchiveVerifier`: recorded messages re-read and re-hashed, unrecorded ones found and repaired.
final class VerifyTests: XCTestCase {
    private var directory: TemporaryDirectory!
    private var ledger: ArchiveLedger!

    override func setUpWithError() throws {
        directory = try TemporaryDirectory(prefix: "popvault-verify")
        ledger = try ArchiveLedger(path: directory.path + "/popvault.sqlite")
    }
    override func tearDown() { directory.remove() }

    private let messages: [(String, [UInt8])] = (1...4).map { index in
        let text = "Subject: message \(index)\nDate: Mon, 1 Jan 2024 00:00:0\(index) +0000\n\n"
            + "body \(index)\nFrom inside\n"
        return ("UID\(index)", Array(text.utf8))
    }

    private func archive(_ format: ArchiveTarget.Format, path: String) async throws -> ArchiveVerifier.Target {
        await ScriptedArchive.archive(messages, ledger: ledger, root: directory.url, format: format, path: path)
        return ArchiveVerifier.Target(account: "work", format: format == .maildir ? .maildir : .mbox,
                                      path: directory.path + "/" + path)
    }

    private func flipByte(_ path: String, at offset: Int) throws {
        var data = try Data(contentsOf: URL(fileURLWithPath: path))
        data[offset] ^= 0x20
        try data.write(to: URL(fileURLWithPath: path))
    }

    func testMaildirFlippedDeletedAndUnrecordedFilesThenRepair() async throws {
        let target = try await archive(.maildir, path: "work")
        let clean = try ArchiveVerifier(ledger: ledger).verify(target)
        XCTAssertEqual(clean.checked, 4)
        XCTAssertEqual(clean.matched, 4)
        XCTAssertTrue(clean.isConsistent)

        let recorded = try ledger.messages(account: XCTUnwrap(ledger.existingAccount(named: "work")))
        let files = recorded.map { message -> String in
            guard case .maildir(let path) = message.location else { return "" }
            return target.path + "/" + path
        }
        try flipByte(files[0], at: 3)
        let deleted = try Data(contentsOf: URL(fileURLWithPath: files[1]))
        try FileManager.default.removeItem(atPath: files[1])
        // A mail reader moved message 3 to cur/ and marked it seen: still found.
        let moved = target.path + "/cur/" + (files[2] as NSString).lastPathComponent + ":2,S"
        try FileManager.default.moveItem(atPath: files[2], toPath: moved)
        try Data("Subject: stray\n\nnot fetched\n".utf8)
            .write(to: URL(fileURLWithPath: target.path + "/new/stray.host"))

        let found = try ArchiveVerifier(ledger: ledger).verify(target)
        XCTAssertEqual(found.matched, 2)
        XCTAssertEqual(found.findings.map(\.kind), [.altered, .missing, .unrecorded])
        XCTAssertEqual(found.findings.map(\.key), ["UID1", "UID2", nil])
        XCTAssertEqual(found.findings.map(\.location), [files[0], files[1], target.path + "/new/stray.host"])
        XCTAssertFalse(found.isConsistent)

        // Restore the two recorded messages; --repair records the stray file.
        try flipByte(files[0], at: 3)
        try deleted.write(to: URL(fileURLWithPath: files[1]))
        let repaired = try ArchiveVerifier(ledger: ledger, repair: true).verify(target)
        XCTAssertEqual(repaired.repaired, 1)
        XCTAssertTrue(repaired.isConsistent)
        let key = try XCTUnwrap(repaired.findings.first?.repairedKey)
        XCTAssertTrue(key.hasPrefix("unrecorded "), key)
        XCTAssertEqual(repaired.relocated.count, 1)
        XCTAssertTrue(repaired.relocationsRecorded)
        let after = try ArchiveVerifier(ledger: ledger).verify(target)
        XCTAssertEqual(after.findings, [])
        XCTAssertEqual(after.matched, 5)
        XCTAssertEqual(after.relocated, [:], "the moved message's new path is recorded")
        XCTAssertTrue(FileManager.default.fileExists(atPath: target.path + "/new/stray.host"), "repair moves nothing")
    }

    func testMboxFlippedByteUnrecordedRecordAndRotatedSegment() async throws {
        let target = try await archive(.mbox, path: "work.mbox")
        for chunkSize in [1, 3, 1 << 18] {
            let clean = try ArchiveVerifier(ledger: ledger, chunkSize: chunkSize).verify(target)
            XCTAssertEqual(clean.matched, 4, "read \(chunkSize) bytes at a time")
            XCTAssertTrue(clean.isConsistent)
        }
        let mbox = target.path
        let original = try Data(contentsOf: URL(fileURLWithPath: mbox))
        let text = String(decoding: original, as: UTF8.self)
        let bodyOffset = try XCTUnwrap(text.range(of: "body 2")).lowerBound.utf16Offset(in: text)
        try flipByte(mbox, at: bodyOffset)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: mbox))
        try handle.seekToEnd()
        let appended = "From someone Mon Jan  1 00:00:00 2024\nSubject: appended\n\nby hand\n\n"
        try handle.write(contentsOf: Data(appended.utf8))
        try handle.close()

        let found = try ArchiveVerifier(ledger: ledger).verify(target)
        XCTAssertEqual(found.findings.map(\.kind), [.altered, .unrecorded])
        XCTAssertEqual(found.findings.first?.key, "UID2")
        XCTAssertTrue(found.findings[1].location.hasPrefix(mbox + "@\(original.count)+"), found.findings[1].location)

        // A rotated segment: the same records compressed, the ledger pointing into it.
        try original.write(to: URL(fileURLWithPath: mbox))
        try runProgram("/bin/gzip", ["-k", mbox])
        let rotated = directory.path + "/work-2024-01.mbox.gz"
        try FileManager.default.moveItem(atPath: mbox + ".gz", toPath: rotated)
        try FileManager.default.removeItem(atPath: mbox)
        let id = try XCTUnwrap(ledger.existingAccount(named: "work"))
        try ledger.record(try ledger.messages(account: id).map { message in
            var moved = message
            if case .mbox(_, let offset, let length) = message.location {
                moved.location = .mbox(segment: "work-2024-01.mbox.gz", offset: offset, length: length)
            }
            return moved
        })
        let gz = try ArchiveVerifier(ledger: ledger).verify(target)
        XCTAssertEqual(gz.matched, 4, "\(gz.findings)")
        XCTAssertEqual(gz.findings, [])

        try FileManager.default.removeItem(atPath: rotated)
        let gone = try ArchiveVerifier(ledger: ledger).verify(target)
        XCTAssertEqual(gone.findings.map(\.kind), [.missing, .missing, .missing, .missing])
        XCTAssertEqual(gone.findings.map(\.key), ["UID1", "UID2", "UID3", "UID4"])
    }

    func testMboxRepairRecordsUnrecordedRecordsButNotATornTail() async throws {
        let target = try await archive(.mbox, path: "work.mbox")
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: target.path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("From a Mon Jan  1 00:00:00 2024\nSubject: whole\n\nx\n\n".utf8))
        try handle.write(contentsOf: Data("From a Mon Jan  1 00:00:00 2024\nSubject: torn\n\nhalf a mess".utf8))
        try handle.close()
        let repaired = try ArchiveVerifier(ledger: ledger, repair: true).verify(target)
        XCTAssertEqual(repaired.findings.map(\.kind), [.unrecorded, .unrecorded])
        XCTAssertNotNil(repaired.findings[0].repairedKey)
        XCTAssertNil(repaired.findings[1].repairedKey, "a torn tail is left for the next fetch to cut off")
        XCTAssertFalse(repaired.isConsistent)
        let after = try ArchiveVerifier(ledger: ledger).verify(target)
        XCTAssertEqual(after.matched, 5)
        XCTAssertEqual(after.findings.count, 1)

        // A rotated segment the ledger does not name (a rotation stopped before adopting it) is
        // reported, never recorded: its messages are recorded in the plain segment.
        try runProgram("/bin/gzip", ["-k", target.path])
        try FileManager.default.moveItem(atPath: target.path + ".gz", toPath: directory.path + "/work-2024-02.mbox.gz")
        let rotated = try ArchiveVerifier(ledger: ledger, repair: true).verify(target)
        let inRotated = rotated.findings.filter { $0.location.contains("work-2024-02.mbox.gz@") }
        XCTAssertEqual(inRotated.count, 6, "\(rotated.findings)")
        XCTAssertTrue(inRotated.allSatisfy { $0.kind == .unrecorded && $0.repairedKey == nil })
        XCTAssertTrue(inRotated.allSatisfy { $0.detail.contains("does not name") })
    }
}
