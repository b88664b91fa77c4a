import Foundation
import Ledger
import MailStore

/// The outcome of one account's run: the report, and the error that stopped it, if any.
public struct AccountRunResult: Sendable {
    public var report: AccountReport
    public var failure: ArchiveError?
}

extension ArchiveError: @unchecked Sendable {}

/// Runs the pipeline for one account: lock → recover → plan → fetch → store → commit → dispose.
public struct AccountArchiver: Sendable {
    public let ledger: ArchiveLedger
    public let archiveRoot: URL
    public let target: ArchiveTarget
    public let options: FetchOptions
    public let progress: (any FetchProgress)?

    public init(
        ledger: ArchiveLedger, archiveRoot: URL, target: ArchiveTarget, options: FetchOptions = .init(),
        progress: (any FetchProgress)? = nil
    ) {
        self.ledger = ledger
        self.archiveRoot = archiveRoot
        self.target = target
        self.options = options
        self.progress = progress
    }

    /// Runs once. `connect` opens the server session (it is called after the lock is held).
    public func run(connect: @Sendable () async throws -> any MailSource) async -> AccountRunResult {
        var report = AccountReport(account: target.account, outcome: .failed, startedAt: Date(), finishedAt: Date())
        var run = Run(archiver: self)
        let failure: ArchiveError?
        do {
            try await run.execute(connect: connect, report: &report)
            failure = nil
        } catch let error as ArchiveError {
            failure = error
        } catch {
            failure = ArchiveError(account: target.account, phase: .ledger, underlying: error)
        }
        report.finishedAt = Date()
        if let failure {
            report.error = failure.description
            report.outcome = report.fetched > 0 || report.deleted > 0 ? .partial : .failed
        } else if options.dryRun {
            report.outcome = .planned
        } else {
            report.outcome = .ok
        }
        run.finish(report: report)
        return AccountRunResult(report: report, failure: failure)
    }

    func fail(_ phase: ArchiveError.Phase, _ message: SourceMessage? = nil, _ error: any Error) -> ArchiveError {
        if let error = error as? ArchiveError { return error }
        return ArchiveError(account: target.account, phase: phase, message: message, underlying: error)
    }
}

/// The state of one run, released in `finish`.
private struct Run {
    let archiver: AccountArchiver
    var lock: AccountLock?
    var runID: Int64?
    var accountID: Int64?

    init(archiver: AccountArchiver) {
        self.archiver = archiver
    }

    var target: ArchiveTarget { archiver.target }
    var ledger: ArchiveLedger { archiver.ledger }

    mutating func execute(connect: () async throws -> any MailSource, report: inout AccountReport) async throws {
        let dryRun = archiver.options.dryRun
        do {
            lock = try AccountLock.acquire(root: archiver.archiveRoot, account: target.account)
        } catch {
            throw archiver.fail(.lock, nil, error)
        }
        let account: Int64?
        do {
            if dryRun {
                account = try ledger.existingAccount(named: target.account)
            } else {
                let id = try ledger.account(named: target.account, protocol: target.protocolName)
                runID = try ledger.startRun(account: id, at: report.startedAt)
                report.recovered = try PendingRecovery(ledger: ledger, account: id, target: target).run()
                account = id
            }
        } catch {
            throw archiver.fail(.ledger, nil, error)
        }
        accountID = account
        // Before the sink opens: complete an interrupted rotation (the plain file must not be written
        // while the journal says it is being replaced), and close a segment that became due (a new
        // month) so that this run's messages start the next one.
        var dueFailure: ArchiveError?
        if let account, let rotator = rotator(account: account) {
            do {
                report.rotated += try rotator.recover()
            } catch {
                throw archiver.fail(.rotate, nil, error)
            }
            do {
                if let rotated = try rotator.rotateIfDue() { report.rotated.append(rotated) }
            } catch {
                // Undone; archiving goes on into the plain segment, the run still reports the failure.
                dueFailure = archiver.fail(.rotate, nil, error)
            }
        }
        let known = try account.map { try ledger.knownMessages(account: $0) } ?? [:]

        let source: any MailSource
        do {
            source = try await connect()
        } catch {
            throw archiver.fail(.connect, nil, error)
        }
        do {
            try await fetchAndDispose(source: source, account: account, known: known, report: &report)
        } catch {
            await source.close()
            throw error
        }
        if let dueFailure { throw dueFailure }
        if let account, let rotator = rotator(account: account) {
            do {
                if let rotated = try rotator.rotateIfDue() { report.rotated.append(rotated) }
            } catch {
                throw archiver.fail(.rotate, nil, error)
            }
        }
    }

    /// The rotator of an mbox account (whatever its policy: an interrupted rotation is completed
    /// even when rotation was switched off since); `nil` for Maildir and dry runs.
    private func rotator(account: Int64) -> SegmentRotator? {
        guard target.format == .mbox, !archiver.options.dryRun else { return nil }
        return SegmentRotator(ledger: ledger, account: account, file: target.path, policy: target.rotation)
    }

    private func fetchAndDispose(
        source: any MailSource, account: Int64?, known: [String: LedgerMessageState], report: inout AccountReport
    ) async throws {
        let inventory: [SourceMessage]
        do {
            inventory = try await source.inventory()
        } catch {
            throw archiver.fail(.inventory, nil, error)
        }
        let plan = FetchPlan(inventory: inventory, known: Set(known.keys))
        report.serverMessages = inventory.count
        report.alreadyKnown = plan.alreadyKnown
        report.planned = plan.toFetch.count
        archiver.progress?.planned(account: target.account, messages: plan.toFetch.count, bytes: plan.bytesToFetch)

        if archiver.options.dryRun {
            report.wouldFetch = plan.toFetch.map(\.key)
            let deletion = try deletionPlan(account: account, inventory: inventory, alsoArchived: plan.toFetch)
            report.wouldDelete = deletion.toDelete.map(\.key)
            report.sizeMismatches = deletion.sizeMismatches
            do { try await source.quit() } catch { throw archiver.fail(.quit, nil, error) }
            return
        }
        guard let account else { return }
        try await fetch(plan.toFetch, from: source, account: account, report: &report)

        let deletion = try deletionPlan(account: account, inventory: inventory, alsoArchived: [])
        report.sizeMismatches = deletion.sizeMismatches
        if !deletion.toDelete.isEmpty {
            do {
                try await source.delete(deletion.toDelete)
            } catch {
                throw archiver.fail(.delete, nil, error)
            }
        }
        do {
            try await source.quit()
        } catch {
            throw archiver.fail(.quit, nil, error)
        }
        // POP3 applies deletions at QUIT: only now are they real.
        if !deletion.toDelete.isEmpty || !deletion.gone.isEmpty {
            do {
                try ledger.markDeleted(account: account, keys: deletion.toDelete.map(\.key) + deletion.gone, at: Date())
            } catch {
                throw archiver.fail(.ledger, nil, error)
            }
            report.deleted = deletion.toDelete.count
        }
    }

    private func fetch(
        _ messages: [SourceMessage], from source: any MailSource, account: Int64, report: inout AccountReport
    ) async throws {
        guard !messages.isEmpty else { return }
        let sink: any MessageSink
        do {
            sink = try SinkOpener(ledger: ledger, account: account, target: target).open()
        } catch {
            throw archiver.fail(.open, nil, error)
        }
        let writer = ArchiveWriter(
            sink: sink, ledger: ledger, accountID: account, target: target, options: archiver.options,
            progress: archiver.progress
        )
        defer {
            report.fetched = writer.committedCount
            report.fetchedBytes = writer.committedBytes
            report.listSizeDiffers = writer.listSizeDiffers
        }
        do {
            try await source.retrieve(messages, into: writer)
            try writer.flush()
            try sink.close()
        } catch {
            let inFlight = writer.messageInFlight
            writer.abandon()
            throw archiver.fail(writer.sinkFailed ? .store : .retrieve, inFlight, error)
        }
    }

    private func deletionPlan(
        account: Int64?, inventory: [SourceMessage], alsoArchived: [SourceMessage]
    ) throws -> DeletionPlan {
        let policy = target.deletion
        guard policy != .never else { return DeletionPlan(policy: .never, candidates: [], inventory: [], now: Date()) }
        let now = Date()
        var candidates: [DeletionCandidate] = []
        do {
            if let account {
                let cutoff: Date? = if case .olderThan(let age) = policy { now.addingTimeInterval(-age) } else { nil }
                candidates = try ledger.deletionCandidates(account: account, archivedBefore: cutoff).map {
                    DeletionCandidate(key: $0.key, archivedSize: Int($0.serverSize), archivedAt: $0.archivedAt)
                }
            }
        } catch {
            throw archiver.fail(.ledger, nil, error)
        }
        if policy == .afterArchive {
            // Dry run: what this run would archive would be deleted too.
            candidates += alsoArchived.map { DeletionCandidate(key: $0.key, archivedSize: $0.size, archivedAt: now) }
        }
        return DeletionPlan(policy: policy, candidates: candidates, inventory: inventory, now: now)
    }

    func finish(report: AccountReport) {
        if let runID {
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
        lock?.release()
    }
}
