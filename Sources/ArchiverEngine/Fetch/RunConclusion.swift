import Foundation
import Ledger

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
