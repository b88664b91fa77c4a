import Foundation
import Ledger

/// The start of one account's run, shared by the POP3 and IMAP archivers: the account's lock, then
/// (unless it is a dry run) the ledger's account and run rows, and the settling of a journalled batch
/// an interrupted run left.
struct RunOpening {
    var lock: AccountLock
    /// `nil` on a dry run of an account the ledger has never seen.
    var accountID: Int64?
    /// `nil` on a dry run (it records no run).
    var runID: Int64?

    /// Takes the account's lock: the first step of every run.
    static func lock(
        root: URL, target: ArchiveTarget, fail: (ArchiveError.Phase, any Error) -> ArchiveError
    ) throws -> AccountLock {
        do {
            return try AccountLock.acquire(root: root, account: target.account)
        } catch {
            throw fail(.lock, error)
        }
    }

    /// Opens the run under `lock` (taken with ``lock(root:target:fail:)``), which it releases if it fails.
    init(
        lock: AccountLock, ledger: ArchiveLedger, target: ArchiveTarget, dryRun: Bool, report: inout AccountReport,
        fail: (ArchiveError.Phase, any Error) -> ArchiveError
    ) throws {
        self.lock = lock
        do {
            if dryRun {
                accountID = try ledger.existingAccount(named: target.account)
            } else {
                let id = try ledger.account(named: target.account, protocol: target.protocolName)
                runID = try ledger.startRun(account: id, at: report.startedAt)
                report.recovered = try PendingRecovery(ledger: ledger, account: id, target: target).run()
                accountID = id
            }
        } catch {
            lock.release()
            throw fail(.ledger, error)
        }
    }
}

/// The end of one account's run, shared by the POP3 and IMAP archivers: the failure becomes the
/// report's outcome and error, and the ledger's run row is closed with the report's counts.
enum RunConclusion {
    /// Runs `body`; returns the failure that stopped it (an unexpected error counts as a ledger one).
    static func capture(account: String, _ body: () async throws -> Void) async -> ArchiveError? {
        do {
            try await body()
            return nil
        } catch let error as ArchiveError {
            return error
        } catch {
            return ArchiveError(account: account, phase: .ledger, underlying: error)
        }
    }

    /// Sets the report's end time, outcome and error.
    static func conclude(_ report: inout AccountReport, failure: ArchiveError?, dryRun: Bool) {
        report.finishedAt = Date()
        if let failure {
            report.error = failure.description
            report.outcome = report.fetched > 0 || report.deleted > 0 ? .partial : .failed
        } else if dryRun {
            report.outcome = .planned
        } else {
            report.outcome = .ok
        }
    }

    /// Closes the run row `runID` (if the run opened one) with the report's counts.
    static func record(_ report: AccountReport, runID: Int64?, in ledger: ArchiveLedger) {
        guard let runID else { return }
        let outcome: RunOutcome = switch report.outcome {
        case .ok, .planned: .ok
        case .partial: .partial
        case .failed: .failed
        }
        try? ledger.finishRun(
            runID,
            RunSummary(
                finishedAt: report.finishedAt, fetched: report.fetched, fetchedBytes: report.fetchedBytes,
                deleted: report.deleted, failed: max(0, report.planned - report.fetched), outcome: outcome,
                error: report.error
            )
        )
    }
}
