import ArchiverEngine
import Foundation
import Ledger
import MailStore
import TestSupport
import XCTest

/// A rotation that fails for lack of space (segments on a 1 MiB tmpfs, mounted when running as
/// root) is undone: no `.gz`, no temporary file, no journal entry, the plain segment and the ledger
/// as they were; it succeeds once there is room.
final class RotationFullDiskTests: XCTestCase {
    private var archive: RotationFixture!
    private var mounted = false

    override func setUpWithError() throws {
        guard geteuid() == 0 else { throw XCTSkip("needs root to mount a small tmpfs") }
        guard GzipTool.path != nil else { throw XCTSkip("gzip(1) is not installed") }
        archive = try RotationFixture(subdirectory: "segments")
        let status = try programExitStatus(
            "/bin/mount", ["-t", "tmpfs", "-o", "size=1m,mode=0700", "tmpfs", archive.mboxDirectory.path])
        guard status == 0 else {
            archive.remove()
            throw XCTSkip("mount -t tmpfs failed (status \(status))")
        }
        mounted = true
    }

    override func tearDownWithError() throws {
        if mounted { XCTAssertEqual(try programExitStatus("/bin/umount", [archive.mboxDirectory.path]), 0) }
        archive?.remove()
    }

    /// Fills the file system with incompressible bytes until a write fails.
    private func fill(_ path: String) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        defer { close(fd) }
        var generator = SystemRandomNumberGenerator()
        var block = [UInt8](repeating: 0, count: 4096)
        while true {
            for index in block.indices { block[index] = generator.next() }
            if block.withUnsafeBytes({ write(fd, $0.baseAddress, $0.count) }) <= 0 { return }
        }
    }

    func testRotationOnAFullDiskIsUndone() async throws {
        try await archive.fetch(0..<40)
        let plainBytes = Array(try Data(contentsOf: archive.plain))
        let locations = try archive.ledger.messages(account: archive.accountID).map(\.location)
        fill(archive.path("ballast"))

        let rotation = AccountRotation(
            ledger: archive.ledger, archiveRoot: archive.directory.url, target: archive.target(.size(1)))
        let failed = rotation.run()
        let failure = try XCTUnwrap(failed.failure)
        XCTAssertEqual(failure.phase, .rotate)
        XCTAssertEqual((failure.underlying as? MailStoreError)?.kind, .noSpace, "\(failure)")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: archive.mboxDirectory.path).sorted(),
                       ["ballast", "work.mbox"], "no .gz and no temporary file left")
        XCTAssertEqual(Array(try Data(contentsOf: archive.plain)), plainBytes)
        XCTAssertEqual(try archive.ledger.rotations(account: archive.accountID), [])
        XCTAssertEqual(try archive.ledger.messages(account: archive.accountID).map(\.location), locations)

        try FileManager.default.removeItem(atPath: archive.path("ballast"))
        XCTAssertEqual(rotation.run().rotated.map(\.target), ["work-0001.mbox.gz"])
        try archive.assertArchiveIntact()
    }
}
