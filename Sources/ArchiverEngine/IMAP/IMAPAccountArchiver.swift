import Foundation
import Ledger
import MailStore

/// Runs the pipeline for one IMAP account, folder by folder: lock → recover → LIST → per folder
/// EXAMINE, plan (UIDs from the folder's watermark, re-match after a UIDVALIDITY change or rename),
/// fetch → store → commit with the POP3 path's ``ArchiveWriter`` (same durability order), then
/// expunge committed UIDs when the policy asks → LOGOUT.
///
/// The archive is read-only towards the server unless `delete` is set: folders are opened with
/// EXAMINE and bodies fetched with `BODY.PEEK[]`, so no flag changes.
public struct IMAPAccountArchiver: Sendable {
    public let ledger: ArchiveLedger
    public let archiveRoot: URL
    /// `path` is the account's directory: the Maildir++ root, or the directory of the mbox files.
    public let target: ArchiveTarget
    public let selection: IMAPFolderSelection
    public let options: FetchOptions
    public let progress: (any FetchProgress)?

    public init(
        ledger: ArchiveLedger, archiveRoot: URL, target: ArchiveTarget, selection: IMAPFolderSelection = .init(),
        options: FetchOptions = .init(), progress: (any FetchProgress)? = nil
    ) {
        self.ledger = ledger
        self.archiveRoot = archiveRoot
        self.target = target
        self.selection = selection
        self.options = options
        self.progress = progress
    }

    /// Runs once. `connect` opens the server session (it is called after the lock is held).
    public func run(connect: @Sendable () async throws -> any IMAPSource) async -> AccountRunResult {
        var report = AccountReport(account: target.account, outcome: .failed, startedAt: Date(), finishedAt: Date())
        report.folders = []
        var run = IMAPAccountRun(archiver: self)
        let failure = await RunConclusion.capture(account: target.account) {
            try await run.execute(connect: connect, report: &report)
        }
        RunConclusion.conclude(&report, failure: failure, dryRun: options.dryRun)
        run.finish(report: report)
        return AccountRunResult(report: report, failure: failure)
    }

    func fail(_ phase: ArchiveError.Phase, _ message: SourceMessage? = nil, _ error: any Error) -> ArchiveError {
        if let error = error as? ArchiveError { return error }
        return ArchiveError(account: target.account, phase: phase, message: message, underlying: error)
    }

    /// A failure in `folder` that concerns no one message (its listing, its SELECT…).
    func fail(_ phase: ArchiveError.Phase, folder: String, _ error: any Error) -> ArchiveError {
        if let error = error as? ArchiveError { return error }
        return ArchiveError(account: target.account, phase: phase, folder: folder, underlying: error)
    }
}
