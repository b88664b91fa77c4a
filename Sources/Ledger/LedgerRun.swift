import Foundation

/// How a fetch run ended.
public enum RunOutcome: String, Sendable, Equatable, CaseIterable {
    /// Every planned message was archived (and, if asked, deleted).
    case ok
    /// Some messages were archived, some failed.
    case partial
    /// Nothing could be done (connection, authentication, …).
    case failed
    /// The run never finished: the process was killed or crashed. Set by the next
    /// ``ArchiveLedger/startRun(account:at:)`` on runs left open.
    case interrupted
}

/// The counts and outcome a run reports when it finishes.
public struct RunSummary: Sendable, Equatable {
    /// When the run ended.
    public var finishedAt: Date
    /// Messages archived by this run.
    public var fetched: Int
    /// Bytes stored by this run.
    public var fetchedBytes: Int64
    /// Messages whose deletion the server confirmed in this run.
    public var deleted: Int
    /// Messages this run tried and failed to archive.
    public var failed: Int
    /// How the run ended.
    public var outcome: RunOutcome
    /// Our description of what went wrong (never a password); `nil` when all went well.
    public var error: String?

    /// Creates a run summary.
    public init(
        finishedAt: Date, fetched: Int, fetchedBytes: Int64, deleted: Int, failed: Int,
        outcome: RunOutcome, error: String? = nil
    ) {
        self.finishedAt = finishedAt
        self.fetched = fetched
        self.fetchedBytes = fetchedBytes
        self.deleted = deleted
        self.failed = failed
        self.outcome = outcome
        self.error = error
    }
}

/// One row of the runs table.
public struct RunRecord: Sendable, Equatable {
    /// The run's row id.
    public var id: Int64
    /// The account's row id.
    public var account: Int64
    /// When the run began.
    public var startedAt: Date
    /// `nil` while the run is in progress (or when it was interrupted).
    public var finishedAt: Date?
    /// Counts as in ``RunSummary`` (zero while in progress).
    public var fetched: Int
    /// Bytes stored.
    public var fetchedBytes: Int64
    /// Deletions confirmed.
    public var deleted: Int
    /// Messages that failed.
    public var failed: Int
    /// `nil` while the run is in progress.
    public var outcome: RunOutcome?
    /// The error the run recorded, if any.
    public var error: String?

    /// Creates a run record (for fakes and tests; the ledger builds its own).
    public init(
        id: Int64, account: Int64, startedAt: Date, finishedAt: Date?, fetched: Int, fetchedBytes: Int64,
        deleted: Int, failed: Int, outcome: RunOutcome?, error: String?
    ) {
        self.id = id
        self.account = account
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.fetched = fetched
        self.fetchedBytes = fetchedBytes
        self.deleted = deleted
        self.failed = failed
        self.outcome = outcome
        self.error = error
    }
}

/// What `popvault status` shows for one account.
public struct AccountStatus: Sendable, Equatable {
    /// The account's row id.
    public var id: Int64
    /// The account's name.
    public var name: String
    /// `pop3` or `imap`, as last given to ``ArchiveLedger/account(named:protocol:)``.
    public var `protocol`: String
    /// Messages archived by popvault (including those since deleted on the server).
    public var archivedCount: Int
    /// Sum of their stored sizes.
    public var archivedBytes: Int64
    /// Archived messages whose deletion the server confirmed.
    public var deletedCount: Int
    /// Keys recorded by `import-state` as archived by another tool.
    public var importedCount: Int
    /// The most recent run, finished or not.
    public var lastRun: RunRecord?
    /// The most recent run that recorded an error (it may be older than `lastRun`).
    public var lastError: RunRecord?

    /// Creates an account status (for fakes and tests; the ledger builds its own).
    public init(
        id: Int64, name: String, protocol proto: String, archivedCount: Int, archivedBytes: Int64,
        deletedCount: Int, importedCount: Int, lastRun: RunRecord?, lastError: RunRecord?
    ) {
        self.id = id
        self.name = name
        self.protocol = proto
        self.archivedCount = archivedCount
        self.archivedBytes = archivedBytes
        self.deletedCount = deletedCount
        self.importedCount = importedCount
        self.lastRun = lastRun
        self.lastError = lastError
    }
}
