import Foundation
import Ledger
import MailStore

/// What `popvault rotate` did for one account.
public struct AccountRotationResult: Sendable {
    public var account: String
    /// Segments compressed (an interrupted rotation completed first, then the due one).
    public var rotated: [RotatedSegment]
    /// Why the account was left alone without an error (e.g. "maildir account"), if it was.
    public var skipped: String?
    public var failure: ArchiveError?
}

/// `popvault rotate` for one account: takes the account lock, completes an interrupted rotation,
/// then rotates the plain segment if its policy says it is due (or whatever the policy, `force`).
public struct AccountRotation: Sendable {
    public let ledger: ArchiveLedger
    public let archiveRoot: URL
    public let target: ArchiveTarget
    public let force: Bool
    public let options: SegmentCompressor.Options

    public init(
        ledger: ArchiveLedger, archiveRoot: URL, target: ArchiveTarget, force: Bool = false,
        options: SegmentCompressor.Options = SegmentCompressor.Options()
    ) {
        self.ledger = ledger
        self.archiveRoot = archiveRoot
        self.target = target
        self.force = force
        self.options = options
    }

    /// Runs once; `now` decides whether a monthly segment is due.
    public func run(now: Date = Date()) -> AccountRotationResult {
        var result = AccountRotationResult(account: target.account, rotated: [])
        guard target.format == .mbox else {
            result.skipped = "not an mbox account"
            return result
        }
        let lock: AccountLock
        do {
            lock = try AccountLock.acquire(root: archiveRoot, account: target.account)
        } catch {
            result.failure = ArchiveError(account: target.account, phase: .lock, underlying: error)
            return result
        }
        defer { lock.release() }
        do {
            let account = try ledger.account(named: target.account, protocol: target.protocolName)
            let rotator = SegmentRotator(
                ledger: ledger, account: account, file: target.path, policy: target.rotation, options: options)
            result.rotated = try rotator.recover()
            if let rotated = try rotator.rotateIfDue(now: now, force: force) {
                result.rotated.append(rotated)
            }
        } catch {
            result.failure = ArchiveError(account: target.account, phase: .rotate, underlying: error)
        }
        return result
    }
}
