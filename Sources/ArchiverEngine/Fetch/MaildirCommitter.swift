import Dispatch
import Ledger
import MailStore

/// Makes Maildir batches durable on a thread of its own, one batch at a time, so that the receive
/// path streams the next batch into `tmp/` while this one is journalled, fsynced, renamed and
/// recorded. Every batch still follows DESIGN.md §1 in order (journal → fsync → rename → directory
/// fsync → ledger transaction); only the waiting for the disk overlaps the network.
///
/// At most one batch is in flight: `submit` first waits for the previous one. Use from one thread.
final class MaildirCommitter {
    /// The outcome of the batch in flight, written on the committer's queue before it leaves the
    /// group and read only after `group.wait()`: the group orders the two.
    private final class Outcome: @unchecked Sendable {
        var result: Result<[LedgerMessage], any Error>?
    }

    private let ledger: ArchiveLedger
    private let accountID: Int64
    /// The run whose counts each batch's ledger transaction adds to.
    private let runID: Int64?
    private let queue = DispatchQueue(label: "popvault.maildir-commit")
    private let group = DispatchGroup()
    private var inFlight: Outcome?

    init(ledger: ArchiveLedger, accountID: Int64, runID: Int64? = nil) {
        self.ledger = ledger
        self.accountID = accountID
        self.runID = runID
    }

    /// Whether a batch is being committed.
    var isBusy: Bool { inFlight != nil }

    /// Starts committing `batch`, recorded as `records` (same order). Call `wait()` first when busy.
    func submit(_ batch: MaildirBatch, records: [LedgerMessage]) {
        precondition(inFlight == nil, "submit while a batch is in flight")
        let outcome = Outcome()
        inFlight = outcome
        let ledger = self.ledger
        let (accountID, runID) = (self.accountID, self.runID)
        group.enter()
        queue.async { [group] in
            outcome.result = Result {
                try Self.commit(batch, records: records, ledger: ledger, accountID: accountID, runID: runID)
            }
            group.leave()
        }
    }

    /// Waits for the batch in flight, if any. Returns its records once they are durable and in the
    /// ledger, `nil` when nothing was in flight, or throws the error that stopped it (its files are
    /// then gone from `tmp/` and its journal rows cleared, as far as the failure allowed).
    func wait() throws -> [LedgerMessage]? {
        guard let outcome = inFlight else { return nil }
        group.wait()
        inFlight = nil
        return try outcome.result?.get()
    }

    private static func commit(
        _ batch: MaildirBatch, records: [LedgerMessage], ledger: ArchiveLedger, accountID: Int64, runID: Int64?
    ) throws -> [LedgerMessage] {
        var batch = batch
        var published = false
        do {
            try ledger.recordPending(records)
            let stored = try batch.publish()
            published = true
            guard stored.count == records.count else {
                throw SinkMismatch(expected: records.count, got: stored.count)
            }
            try ledger.commitPending(records, run: runID)
            return records
        } catch {
            // Nothing of a failed batch stays: its files leave tmp/ and its journal rows go. Once the
            // files are visible the journal must stay instead: the next run's PendingRecovery records
            // them, as after a crash between rename and ledger transaction.
            if !published {
                try? batch.discard()
                try? ledger.clearPending(account: accountID, keys: records.map(\.key))
            }
            throw error
        }
    }
}
