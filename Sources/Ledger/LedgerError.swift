import Foundation

/// Errors of the ledger and of account locks. Each names the file it concerns.
public enum LedgerError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The database file or its directory could not be created or opened.
    case cannotOpen(path: String, reason: String)
    /// The schema could not be migrated, or the file was written by a newer popvault.
    case migration(path: String, reason: String)
    /// An SQLite statement failed.
    case database(path: String, operation: String, reason: String)
    /// Another process held the database's write lock for longer than the busy timeout: temporary.
    case busy(path: String, operation: String, waited: Int)
    /// The database file was removed or replaced by another file since it was opened: what this
    /// process records goes into a file nobody will read.
    case replaced(path: String, detail: String)
    /// A row holds a value this version cannot read (e.g. an unknown state).
    case corruptRow(path: String, detail: String)
    /// ``ArchiveLedger/finishRun(_:_:)`` named a run that does not exist.
    case unknownRun(path: String, id: Int64)
    /// Another popvault run holds the account's lock.
    case accountBusy(account: String, lockPath: String, holder: String?)
    /// The lock file could not be created or locked for another reason than contention.
    case lockFailed(account: String, lockPath: String, reason: String)
    /// The account name cannot be used as a file name.
    case invalidAccountName(String)

    /// A sentence naming the file (or account) and what went wrong.
    public var description: String {
        switch self {
        case let .cannotOpen(path, reason):
            return "\(path): cannot open the ledger: \(reason)"
        case let .migration(path, reason):
            return "\(path): cannot migrate the ledger schema: \(reason)"
        case let .database(path, operation, reason):
            return "\(path): ledger \(operation) failed: \(reason)"
        case let .busy(path, operation, waited):
            return "\(path): ledger \(operation) failed: another process has held the ledger locked for \(waited) s; "
                + "this is temporary, try again when it has finished"
        case let .replaced(path, detail):
            return "\(path): the ledger file was \(detail) while this run had it open; stopped before deleting "
                + "anything on the server (its records would have gone into the old file)"
        case let .corruptRow(path, detail):
            return "\(path): unreadable ledger row: \(detail)"
        case let .unknownRun(path, id):
            return "\(path): no run with id \(id)"
        case let .accountBusy(account, lockPath, holder):
            let who = holder.map { " (pid \($0))" } ?? ""
            return "account \"\(account)\": another popvault run\(who) holds the lock \(lockPath); "
                + "try again when it has finished"
        case let .lockFailed(account, lockPath, reason):
            return "account \"\(account)\": cannot lock \(lockPath): \(reason)"
        case let .invalidAccountName(name):
            return "account name \"\(name)\" cannot be used as a file name"
        }
    }
}
