import ArchiveConfig
import Foundation
import Ledger
import MailStore

/// Rotates one account's plain mbox segment into a compressed segment, and completes rotations an
/// interrupted run left in the ledger's journal. The caller holds the account's ``AccountLock``.
///
/// The steps and what a crash between any two of them leaves are described at ``SegmentRotation``;
/// ``recover()`` takes each journalled rotation from where it stopped:
/// - `compressing`: a leftover temporary file is removed; a `.gz` already under its final name is
///   re-verified against the journalled digest and adopted, or removed and made again;
/// - `adopted`: the ledger points at the `.gz`; the plain file is removed.
/// A rotation that fails with an error (rather than a crash) before the ledger points at the `.gz`
/// is undone at once: its files removed, its journal entry deleted; the plain segment stays as it was.
public struct SegmentRotator: Sendable {
    public let ledger: ArchiveLedger
    /// The account's ledger id.
    public let account: Int64
    /// The account's plain mbox file; compressed segments are written beside it.
    public let file: URL
    public let policy: AccountConfig.RotatePolicy
    public let options: SegmentCompressor.Options

    public init(
        ledger: ArchiveLedger, account: Int64, file: URL, policy: AccountConfig.RotatePolicy,
        options: SegmentCompressor.Options = SegmentCompressor.Options()
    ) {
        self.ledger = ledger
        self.account = account
        self.file = file.standardizedFileURL
        self.policy = policy
        self.options = options
    }

    var plainName: String { file.lastPathComponent }
    var directory: URL { file.deletingLastPathComponent() }
    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// Completes every rotation of the account an interrupted run left unfinished.
    public func recover() throws -> [RotatedSegment] {
        try ledger.rotations(account: account).map { try complete($0, resumed: true) }
    }

    /// Rotates the plain segment when the policy says it is due at `now` (`force`: whatever the
    /// policy, if the segment holds anything). Returns `nil` when nothing was due.
    public func rotateIfDue(now: Date = Date(), force: Bool = false) throws -> RotatedSegment? {
        guard let plan = try plan(now: now, force: force) else { return nil }
        let rotation = SegmentRotation(
            account: account, segment: plainName, target: plan.target, length: plan.length, startedAt: now)
        try ledger.beginRotation(rotation)
        return try complete(rotation, resumed: false)
    }

    /// Takes `rotation` from its journalled phase to the end.
    func complete(_ rotation: SegmentRotation, resumed: Bool) throws -> RotatedSegment {
        var compressedBytes: Int64 = 0
        var messages = 0
        if rotation.phase == .compressing {
            do {
                compressedBytes = try install(rotation)
                messages = try ledger.adoptRotation(account: account, segment: rotation.segment)
            } catch {
                undo(rotation)
                throw error
            }
        } else {
            compressedBytes = try SegmentFiles.size(path(rotation.target)) ?? 0
        }
        try SegmentFiles.remove(path(rotation.segment))
        try ledger.finishRotation(account: account, segment: rotation.segment)
        return RotatedSegment(
            segment: rotation.segment, target: rotation.target, bytes: rotation.length,
            compressedBytes: compressedBytes, messages: messages, resumed: resumed)
    }

    /// Puts a verified `.gz` of the rotation's bytes under its final name; returns its size.
    private func install(_ rotation: SegmentRotation) throws -> Int64 {
        let target = path(rotation.target)
        let temporary = path(SegmentNaming.temporary(for: rotation.target))
        try SegmentFiles.remove(temporary)
        if let size = try SegmentFiles.size(target) {
            // Renamed into place by a run that stopped before the ledger update: adopt it only if
            // it still inflates to exactly the journalled bytes.
            if let sha256 = rotation.sha256,
                (try? SegmentDigest.ofGzipFile(target)) == SegmentDigest(length: rotation.length, sha256: sha256)
            {
                return size
            }
            try SegmentFiles.remove(target)
        }
        let result = try SegmentCompressor.compress(
            source: path(rotation.segment), length: rotation.length, to: temporary, options: options)
        try ledger.recordRotationDigest(account: account, segment: rotation.segment, sha256: result.digest.sha256)
        try SegmentFiles.rename(temporary, to: target)
        return result.compressedLength
    }

    /// Removes what a failed rotation wrote, unless the ledger already points at it; best effort:
    /// whatever is left is completed or undone by the next run's ``recover()``.
    private func undo(_ rotation: SegmentRotation) {
        guard let journal = try? ledger.rotations(account: account),
            let current = journal.first(where: { $0.segment == rotation.segment }), current.phase == .compressing
        else { return }
        guard (try? SegmentFiles.remove(path(SegmentNaming.temporary(for: rotation.target)))) != nil,
            (try? SegmentFiles.remove(path(rotation.target))) != nil
        else { return }
        try? ledger.finishRotation(account: account, segment: rotation.segment)
    }
}
