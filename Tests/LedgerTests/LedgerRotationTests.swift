import Foundation
import Ledger
import XCTest

/// The rotation journal (migration v5-rotation) and the one-transaction adoption of a `.gz` segment.
final class LedgerRotationTests: XCTestCase {
    private func mbox(_ id: Int64, _ key: String, _ segment: String, _ offset: Int64, at: Double) -> LedgerMessage {
        message(account: id, key: key, location: .mbox(segment: segment, offset: offset, length: 100),
                archivedAt: Date(timeIntervalSince1970: at))
    }

    func testAdoptionMovesOnlyThatSegmentAndForgetsItsBase() throws {
        let fixture = try LedgerFixture()
        defer { fixture.directory.remove() }
        let ledger = fixture.ledger
        XCTAssertTrue(try ledger.appliedMigrations().contains("v5-rotation"))
        let id = try ledger.account(named: "work", protocol: "pop3")
        let other = try ledger.account(named: "home", protocol: "pop3")
        XCTAssertEqual(try ledger.segmentBase(account: id, segment: "work.mbox", currentLength: 50), 50)
        try ledger.record([
            mbox(id, "a", "work.mbox", 50, at: 3_000), mbox(id, "b", "work.mbox", 150, at: 2_000),
            mbox(id, "old", "work-0001.mbox.gz", 0, at: 1_000), mbox(other, "c", "work.mbox", 0, at: 500),
            message(account: id, key: "m", archivedAt: Date(timeIntervalSince1970: 10)),
        ])
        XCTAssertEqual(
            try ledger.firstArchivedAt(account: id, segment: "work.mbox"), Date(timeIntervalSince1970: 2_000))
        XCTAssertNil(try ledger.firstArchivedAt(account: id, segment: "none.mbox"))

        let rotation = SegmentRotation(
            account: id, segment: "work.mbox", target: "work-0002.mbox.gz", length: 250,
            startedAt: Date(timeIntervalSince1970: 4_000))
        try ledger.beginRotation(rotation)
        XCTAssertThrowsError(try ledger.beginRotation(rotation), "one rotation per segment at a time")
        XCTAssertEqual(try ledger.rotations(account: id), [rotation])
        XCTAssertEqual(try ledger.rotations(account: other), [])
        XCTAssertEqual(
            try ledger.mboxSegmentNames(account: id), ["work.mbox", "work-0001.mbox.gz", "work-0002.mbox.gz"])

        let sha = String(repeating: "ab", count: 32)
        try ledger.recordRotationDigest(account: id, segment: "work.mbox", sha256: sha)
        XCTAssertThrowsError(try ledger.recordRotationDigest(account: id, segment: "nope", sha256: sha))
        XCTAssertEqual(try ledger.adoptRotation(account: id, segment: "work.mbox"), 2)
        var adopted = rotation
        adopted.sha256 = sha
        adopted.phase = .adopted
        XCTAssertEqual(try ledger.rotations(account: id), [adopted])

        let locations = Dictionary(uniqueKeysWithValues: try ledger.messages(account: id).map { ($0.key, $0.location) })
        XCTAssertEqual(locations["a"], .mbox(segment: "work-0002.mbox.gz", offset: 50, length: 100), "offset kept")
        XCTAssertEqual(locations["b"], .mbox(segment: "work-0002.mbox.gz", offset: 150, length: 100))
        XCTAssertEqual(locations["old"], .mbox(segment: "work-0001.mbox.gz", offset: 0, length: 100))
        XCTAssertEqual(locations["m"], .maildir(path: "cur/m:2,"))
        XCTAssertEqual(try ledger.messages(account: other).first?.location,
                       .mbox(segment: "work.mbox", offset: 0, length: 100), "another account's segment untouched")
        XCTAssertNil(try ledger.lastCommittedEnd(account: id, segment: "work.mbox"))
        XCTAssertEqual(try ledger.segmentBase(account: id, segment: "work.mbox", currentLength: 0), 0,
                       "a new plain segment starts from nothing")

        try ledger.finishRotation(account: id, segment: "work.mbox")
        XCTAssertEqual(try ledger.rotations(account: id), [])
    }

    func testAdoptionRefusesWhenAMessageLiesBeyondTheCompressedBytes() throws {
        let fixture = try LedgerFixture()
        defer { fixture.directory.remove() }
        let ledger = fixture.ledger
        let id = try ledger.account(named: "work", protocol: "pop3")
        try ledger.record([mbox(id, "a", "work.mbox", 0, at: 1), mbox(id, "b", "work.mbox", 100, at: 2)])
        try ledger.beginRotation(SegmentRotation(account: id, segment: "work.mbox", target: "w.gz", length: 150))
        XCTAssertThrowsError(try ledger.adoptRotation(account: id, segment: "work.mbox")) { error in
            XCTAssertTrue("\(error)".contains("beyond"), "\(error)")
        }
        XCTAssertEqual(try ledger.lastCommittedEnd(account: id, segment: "work.mbox"), 200, "nothing moved")
        XCTAssertEqual(try ledger.rotations(account: id).first?.phase, .compressing)
        XCTAssertThrowsError(try ledger.adoptRotation(account: id, segment: "other.mbox"))
    }

    func testJournalSurvivesReopen() throws {
        let fixture = try LedgerFixture()
        defer { fixture.directory.remove() }
        let id = try fixture.ledger.account(named: "work", protocol: "pop3")
        let rotation = SegmentRotation(
            account: id, segment: "work.mbox", target: "work-2026-10.mbox.gz", length: 9,
            startedAt: Date(timeIntervalSince1970: 12.5))
        try fixture.ledger.beginRotation(rotation)
        XCTAssertEqual(try ArchiveLedger(path: fixture.path).rotations(account: id), [rotation])
    }
}
