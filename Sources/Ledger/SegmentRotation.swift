import Foundation

/// One mbox segment's rotation in progress, as journalled in the ledger (table `rotations`).
///
/// The rotation of the plain segment `segment` into the compressed segment `target` goes through
/// these steps; the journal says how far it got, so that a run killed at any point is completed by
/// the next one:
/// 1. ``ArchiveLedger/beginRotation(_:)``: phase `compressing`, no digest;
/// 2. the first `length` bytes are compressed to a temporary file, fsynced and verified;
///    ``ArchiveLedger/recordRotationDigest(account:segment:sha256:)`` keeps their SHA-256;
/// 3. the temporary file is renamed to `target` (directory fsynced);
/// 4. ``ArchiveLedger/adoptRotation(account:segment:)``: in one transaction the segment's messages
///    move to `target` (same offsets: they index the uncompressed stream), the plain segment's base
///    length is forgotten, and the phase becomes `adopted`;
/// 5. the plain file is removed (directory fsynced), then ``ArchiveLedger/finishRotation(account:segment:)``.
public struct SegmentRotation: Sendable, Equatable {
    /// How far a rotation got.
    public enum Phase: String, Sendable, Equatable {
        /// The ledger still points at the plain segment; a `.gz` may or may not exist yet.
        case compressing
        /// The ledger points at the `.gz`; only the plain file's removal may be missing.
        case adopted
    }

    /// The account's row id.
    public var account: Int64
    /// The plain segment's name (e.g. `work.mbox`), relative to the account's mbox directory.
    public var segment: String
    /// The compressed segment's name (e.g. `work-2026-10.mbox.gz`), in the same directory.
    public var target: String
    /// Bytes of the plain segment that are compressed: its committed length when the rotation began.
    public var length: Int64
    /// Lower-case hex SHA-256 of those bytes, once the compressed copy was verified.
    public var sha256: String?
    public var phase: Phase
    public var startedAt: Date

    /// Creates a journal entry.
    public init(
        account: Int64, segment: String, target: String, length: Int64, sha256: String? = nil,
        phase: Phase = .compressing, startedAt: Date = Date()
    ) {
        self.account = account
        self.segment = segment
        self.target = target
        self.length = length
        self.sha256 = sha256
        self.phase = phase
        self.startedAt = startedAt
    }
}
