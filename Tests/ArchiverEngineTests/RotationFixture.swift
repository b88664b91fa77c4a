import ArchiveConfig
import ArchiverEngine
import Foundation
import Ledger
import MailStore
import TestSupport
import XCTest

/// An mbox account archived through the real engine (scripted server, real files, real fsync), with
/// what rotation tests need: its messages, its rotator, and the archive read back through the ledger.
final class RotationFixture {
    let directory: TemporaryDirectory
    let ledger: ArchiveLedger
    let source = ScriptedMailSource(messages: [])
    /// Every message given to the server so far, by key (LF line ends: as stored).
    var sent: [String: [UInt8]] = [:]
    /// Where the mbox segments live (the archive root unless a test mounts something there).
    let mboxDirectory: URL
    var plain: URL { mboxDirectory.appendingPathComponent("work.mbox") }

    /// - Parameter subdirectory: puts the segments in this directory under the root.
    init(subdirectory: String? = nil) throws {
        let directory = try TemporaryDirectory(prefix: "popvault-rotate")
        self.directory = directory
        ledger = try ArchiveLedger(root: directory.url)
        mboxDirectory = subdirectory.map { directory.url.appendingPathComponent($0) } ?? directory.url
        try FileManager.default.createDirectory(at: mboxDirectory, withIntermediateDirectories: true)
    }

    func remove() { directory.remove() }

    /// A file in the segments' directory.
    func path(_ name: String) -> String { mboxDirectory.appendingPathComponent(name).path }

    var accountID: Int64 { get throws { try XCTUnwrap(try ledger.existingAccount(named: "work")) } }

    func target(_ policy: AccountConfig.RotatePolicy) -> ArchiveTarget {
        ArchiveTarget(account: "work", format: .mbox, path: plain, deletion: .never, rotation: policy)
    }

    /// A message with an attachment, so that extraction has something to find.
    static func message(_ index: Int, padding: Int = 2000) -> [UInt8] {
        let filler = (0..<padding / 40).map { "line \($0) of message \(index) From here on\n" }.joined()
        return Array("""
            From: a@example.org
            Subject: message \(index)
            Message-ID: <m\(index)@example.org>
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="b"

            --b
            Content-Type: text/plain

            \(filler)
            From the start of a line, quoted in mbox
            --b
            Content-Type: application/octet-stream
            Content-Disposition: attachment; filename="file-\(index).bin"

            payload \(index)
            --b--

            """.utf8)
    }

    /// Puts messages `range` on the server and fetches with `policy`; returns the run's report.
    @discardableResult
    func fetch(_ range: Range<Int>, policy: AccountConfig.RotatePolicy = .none) async throws -> AccountReport {
        for index in range {
            let key = "UID\(index)"
            sent[key] = Self.message(index)
            source.add(key, Self.message(index))
        }
        let archiver = AccountArchiver(
            ledger: ledger, archiveRoot: directory.url, target: target(policy), options: FetchOptions(batchMessages: 7))
        let source = self.source
        let result = await archiver.run { source }
        if let failure = result.failure { throw failure }
        return result.report
    }

    /// Rewrites when the ledger says the messages `keys` were archived.
    func setArchivedAt(_ date: Date, keys: Set<String>) throws {
        let messages = try ledger.messages(account: accountID).filter { keys.contains($0.key) }
        try ledger.record(messages.map { message in
            var copy = message
            copy.archivedAt = date
            return copy
        })
    }

    func rotator(_ policy: AccountConfig.RotatePolicy) throws -> SegmentRotator {
        try SegmentRotator(
            ledger: ledger, account: accountID, file: plain, policy: policy,
            options: SegmentCompressor.Options(blockSize: 16 << 10, workers: 2))
    }

    static func utc(_ year: Int, _ month: Int, _ day: Int) -> Date {
        var parts = DateComponents(year: year, month: month, day: day, hour: 12)
        parts.timeZone = TimeZone(identifier: "UTC")
        return Calendar(identifier: .gregorian).date(from: parts)!
    }
}
