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
    public func run(connect: @escaping @Sendable () async throws -> any MailSource) async -> AccountRunResult {
        var report = AccountReport(account: target.account, outcome: .failed, startedAt: Date(), finishedAt: Date())
        var run = Run(archiver: self)
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

    mutating func execute(connect: @escaping @Sendable () async throws -> any MailSource, report: inout AccountReport)
        async throws
    {
        let lock = try RunOpening.lock(root: archiver.archiveRoot, target: target) { archiver.fail($0, nil, $1) }
        // The session connects and authenticates (server round trips) while the ledger work below
        // runs (local), and the ledger's keys are read while the server lists its messages: the
        // waits overlap instead of adding up. A no-op run is mostly these waits. If the run fails before
        // it needs the session (a ledger that cannot be opened), the connect is cancelled: it stops before
        // sending credentials, and its socket is closed.
        let connecting = Task { try await connect() }
        let opening: RunOpening
        do {
            opening = try RunOpening(
                lock: lock, ledger: ledger, target: target, dryRun: archiver.options.dryRun, report: &report,
                fail: { archiver.fail($0, nil, $1) })
        } catch {
            await Self.abandon(connecting)
            throw error
        }
        (self.lock, runID, accountID) = (opening.lock, opening.runID, opening.accountID)
        let account = opening.accountID
        let ledger = self.ledger
        // Before the sink opens: complete an interrupted rotation (the plain file must not be written
        // while the journal says it is being replaced), and close a segment that became due (a new
        // month) so that this run's messages start the next one. The session meanwhile waits, logged
        // in (POP3's autologout timer is at least 10 minutes, RFC 1939 §3; a 1 GB segment takes ~20 s).
        var dueFailure: ArchiveError?
        if let account, let rotator = rotator(account: account) {
            do {
                report.rotated += try rotator.recover()
            } catch {
                await Self.abandon(connecting)
                throw archiver.fail(.rotate, nil, error)
            }
            do {
                if let rotated = try rotator.rotateIfDue() { report.rotated.append(rotated) }
            } catch {
                // Undone; archiving goes on into the plain segment, the run still reports the failure.
                dueFailure = archiver.fail(.rotate, nil, error)
            }
        }
        async let knownKeys = Self.knownKeys(ledger: ledger, account: account)
        var duplicates: POP3InventoryError?

        let source: any MailSource
        do {
            source = try await connecting.value
        } catch {
            throw archiver.fail(.connect, nil, error)
        }
        report.authentication = source.authenticationMethod
        do {
            // Sizes are needed only to fetch (progress, the ledger's server size) and to delete (the size
            // check): a run that deletes nothing asks for the keys first, and for the sizes only if
            // something is new.
            var inventory: [SourceMessage]
            var sized = true
            do {
                if target.deletion == .never, let keys = try await source.keys() {
                    (inventory, sized) = (keys, false)
                } else {
                    inventory = try await source.inventory()
                }
            } catch {
                throw archiver.fail(.inventory, nil, error)
            }
            let known: KeyIndex
            do {
                known = try await knownKeys
            } catch {
                throw archiver.fail(.ledger, nil, error)
            }
            var plan = FetchPlan(inventory: inventory, known: known)
            if !sized && !plan.toFetch.isEmpty {
                do {
                    inventory = try await source.sizes(of: inventory)
                } catch {
                    throw archiver.fail(.inventory, nil, error)
                }
                plan = FetchPlan(inventory: inventory, known: known)
            }
            // Messages sharing a UIDL are hashed first (nothing stored) and archived under content keys.
            var contentKeyed = false
            if !plan.duplicateKeys.isEmpty, !archiver.options.dryRun {
                do {
                    let twins = try await ContentKeys(plan: plan, inventory: inventory, known: known, source: source)
                    plan.toFetch += twins.toFetch
                    plan.alreadyKnown += twins.alreadyKnown
                    contentKeyed = !twins.toFetch.isEmpty
                } catch {
                    throw archiver.fail(.retrieve, nil, error)
                }
            }
            try await fetchAndDispose(
                source: source, account: account, inventory: inventory, plan: plan, contentKeyed: contentKeyed,
                report: &report)
            duplicates = Self.duplicates(plan, in: inventory)
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
        // Everything else is done; a UIDL listed for several messages fails the run (exit 65): those messages
        // are never deleted, whatever the policy, and the server breaks RFC 1939.
        if let duplicates { throw archiver.fail(.inventory, nil, duplicates) }
    }

    /// The keys `plan` left out because the server lists each for several messages, with their numbers.
    private static func duplicates(_ plan: FetchPlan, in inventory: [SourceMessage]) -> POP3InventoryError? {
        guard !plan.duplicateKeys.isEmpty else { return nil }
        let numbers = Dictionary(grouping: inventory, by: \.key)
        return .duplicateUIDLs(plan.duplicateKeys.map { ($0, numbers[$0, default: []].map(\.number)) })
    }

    /// The rotator of an mbox account (whatever its policy: an interrupted rotation is completed
    /// even when rotation was switched off since); `nil` for Maildir and dry runs.
    private func rotator(account: Int64) -> SegmentRotator? {
        guard target.format == .mbox, !archiver.options.dryRun else { return nil }
        return SegmentRotator(ledger: ledger, account: account, file: target.path, policy: target.rotation)
    }

    private static func abandon(_ connecting: Task<any MailSource, any Error>) async {
        connecting.cancel()
        if let source = try? await connecting.value { await source.close() }
    }

    private static func knownKeys(ledger: ArchiveLedger, account: Int64?) async throws -> KeyIndex {
        try account.map { try ledger.knownKeyIndex(account: $0) } ?? KeyIndex()
    }

    private func fetchAndDispose(
        source: any MailSource, account: Int64?, inventory: [SourceMessage], plan: FetchPlan, contentKeyed: Bool,
        report: inout AccountReport
    ) async throws {
        report.serverMessages = inventory.count
        report.alreadyKnown = plan.alreadyKnown
        if let account, plan.alreadyKnown > 0 {
            report.knownFromAnotherTool = try importedCount(account: account, inventory: inventory)
            report.alreadyKnown -= report.knownFromAnotherTool
        }
        report.planned = plan.toFetch.count
        report.duplicateUIDLs = plan.duplicateKeys
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
        try await fetch(plan.toFetch, from: source, account: account, contentKeyed: contentKeyed, report: &report)

        let deletion = try deletionPlan(account: account, inventory: inventory, alsoArchived: [])
        report.sizeMismatches = deletion.sizeMismatches
        var toDelete = deletion.toDelete
        if !toDelete.isEmpty {
            do {
                (toDelete, report.identityMismatches) = try await DeletionCheck(ledger: ledger, account: account)
                    .confirm(toDelete, on: source)
            } catch {
                throw archiver.fail(.delete, nil, error)
            }
            if !toDelete.isEmpty {
                // A ledger removed or replaced during the run would not hold what this run recorded.
                do { try ledger.checkFileUnchanged() } catch { throw archiver.fail(.ledger, nil, error) }
                do { try await source.delete(toDelete) } catch { throw archiver.fail(.delete, nil, error) }
            }
        }
        do {
            try await source.quit()
        } catch {
            throw archiver.fail(.quit, nil, error)
        }
        // POP3 applies deletions at QUIT: only now are they real.
        if !toDelete.isEmpty || !deletion.gone.isEmpty {
            do {
                try ledger.markDeleted(account: account, keys: toDelete.map(\.key) + deletion.gone, at: Date())
            } catch {
                throw archiver.fail(.ledger, nil, error)
            }
            report.deleted = toDelete.count
        }
    }

    /// How many keys the server lists that `import-state` recorded (none without an import: one cheap query).
    private func importedCount(account: Int64, inventory: [SourceMessage]) throws -> Int {
        do {
            guard try !ledger.imports(account: account).isEmpty else { return 0 }
            let imported = try ledger.importedKeys(account: account)
            return Set(inventory.lazy.map(\.key).filter(imported.contains)).count
        } catch {
            throw archiver.fail(.ledger, nil, error)
        }
    }

    private func fetch(
        _ messages: [SourceMessage], from source: any MailSource, account: Int64, contentKeyed: Bool,
        report: inout AccountReport
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
            progress: archiver.progress, runID: runID
        )
        defer {
            report.fetched = writer.committedCount
            report.fetchedBytes = writer.committedBytes
            report.listSizeDiffers = writer.listSizeDiffers
        }
        let receiver: any SourceMessageReceiver = contentKeyed ? ContentKeyIntake(writer: writer) : writer
        try await writer.complete(account: target.account) { try await source.retrieve(messages, into: receiver) }
    }

    private func deletionPlan(
        account: Int64?, inventory: [SourceMessage], alsoArchived: [SourceMessage]
    ) throws -> DeletionPlan {
        let policy = target.deletion
        guard policy != .never else { return DeletionPlan(policy: .never, candidates: [], inventory: [], now: Date()) }
        let now = Date()
        var candidates: [DeletionCandidate] = []
        var imported: Set<String> = []
        do {
            if let account {
                imported = try ledger.importedKeys(account: account)
                let cutoff: Date? = if case .olderThan(let age) = policy { now.addingTimeInterval(-age) } else { nil }
                // The archived size is what RETR delivered: it may hold Cyrus' and Courier's uncounted final CRLF.
                candidates = try ledger.deletionCandidates(account: account, archivedBefore: cutoff).map {
                    DeletionCandidate(
                        key: $0.key, archivedSize: Int($0.serverSize), archivedAt: $0.archivedAt,
                        allowsUncountedFinalLineEnd: true)
                }
            }
        } catch {
            throw archiver.fail(.ledger, nil, error)
        }
        if policy == .afterArchive {
            // Dry run: what this run would archive would be deleted too.
            candidates += alsoArchived.map { DeletionCandidate(key: $0.key, archivedSize: $0.size, archivedAt: now) }
        }
        return DeletionPlan(policy: policy, candidates: candidates, inventory: inventory, now: now, imported: imported)
    }

    func finish(report: AccountReport) {
        RunConclusion.record(report, runID: runID, in: ledger)
        lock?.release()
    }
}
