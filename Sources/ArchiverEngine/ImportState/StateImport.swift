import Foundation
import Ledger

/// What one `import-state` run did.
public struct StateImportSummary: Sendable, Equatable, Encodable {
    public var account: String
    public var tool: String
    public var file: String
    public var serverUser: String
    public var serverHost: String
    /// Distinct unique-ids the file holds for the mailbox.
    public var listed: Int
    /// Recorded now as archived elsewhere.
    public var added: Int
    /// Already in the ledger (archived by popvault, or imported before).
    public var known: Int
}

/// Records the unique-ids another tool has already retrieved as "archived elsewhere" in an
/// account's ledger, so that `fetch` never downloads them and never deletes them.
public struct StateImport: Sendable {
    public var tool: StateTool
    public var file: String
    /// The ledger's name of the account (it must be a POP3 account).
    public var account: String
    /// The user and host whose entries to take from the file.
    public var mailbox: ServerMailbox
    public var options: StateFileOptions

    /// Creates an import.
    public init(
        tool: StateTool, file: String, account: String, mailbox: ServerMailbox, options: StateFileOptions = .init()
    ) {
        self.tool = tool
        self.file = file
        self.account = account
        self.mailbox = mailbox
        self.options = options
    }

    /// Reads the file, selects the mailbox's entries, and records them in one transaction under the
    /// account's lock (a fetch of the same account waits for it, or this waits for nothing and fails).
    public func run(ledger: ArchiveLedger, archiveRoot: URL, at: Date = Date()) throws -> StateImportSummary {
        let state = try StateFile.read(tool: tool, path: file, options: options)
        let uids = try state.uids(for: mailbox)
        let lock = try AccountLock.acquire(root: archiveRoot, account: account)
        defer { lock.release() }
        let id = try ledger.account(named: account, protocol: "pop3")
        let source = ImportSource(tool: tool.rawValue, file: file, serverUser: mailbox.user, serverHost: mailbox.host)
        let count = try ledger.recordImport(account: id, keys: uids, source: source, at: at)
        return StateImportSummary(
            account: account, tool: tool.rawValue, file: file, serverUser: mailbox.user, serverHost: mailbox.host,
            listed: count.listed, added: count.added, known: count.known)
    }
}
