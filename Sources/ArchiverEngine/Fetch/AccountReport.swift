import Foundation
import Ledger
import UntrustedText

/// What a run did for one account: the machine-readable summary (`--report json`).
public struct AccountReport: Sendable, Codable {
    public enum Outcome: String, Sendable, Codable {
        /// Everything planned was archived (and deleted, where the policy asked).
        case ok
        /// Some messages were archived, then something failed.
        case partial
        /// Nothing could be archived.
        case failed
        /// `--dry-run`: nothing changed.
        case planned
    }

    public var account: String
    public var outcome: Outcome
    public var startedAt: Date
    public var finishedAt: Date
    /// The authentication method that logged in (`"CRAM-MD5"`, `"APOP"`, `"USER"`…), when known.
    public var authentication: String?
    /// Messages the server listed.
    public var serverMessages: Int = 0
    /// Of those, archived by popvault (in the ledger with a copy here).
    public var alreadyKnown: Int = 0
    /// Of those, recorded by `import-state` as retrieved by another tool (mpop, getmail, fetchmail): no copy
    /// here. Not counted in ``alreadyKnown``.
    public var knownFromAnotherTool: Int = 0
    /// Messages on the server the ledger did not know: what this run set out to fetch.
    public var planned: Int = 0
    /// Messages (and their stored bytes) archived by this run.
    public var fetched: Int = 0
    public var fetchedBytes: Int64 = 0
    /// Messages deleted on the server (confirmed by `+OK` to QUIT).
    public var deleted: Int = 0
    /// Keys that a dry run would fetch and delete.
    public var wouldFetch: [String] = []
    public var wouldDelete: [String] = []
    /// Deletion candidates the server lists with another size than was archived (kept on the server).
    public var sizeMismatches: [String] = []
    /// Deletion candidates kept on the server because the message it lists under the key could not be
    /// shown to be the one archived (its header fields differ, it was not shown, or byte-identical
    /// archived copies could not be checked; see `DeletionCheck`).
    public var identityMismatches: [String] = []
    /// Keys whose retrieved size differed from the size the server listed (archived, never deleted).
    public var listSizeDiffers: [String] = []
    /// UIDLs the server lists for more than one message (RFC 1939 §7 says unique): their messages are archived
    /// under content keys (``ContentKeys``), never deleted, and the run fails with exit 65.
    public var duplicateUIDLs: [String] = []
    /// Messages left behind by an interrupted run, adopted or discarded before this run.
    public var recovered: Int = 0
    /// mbox segments compressed by this run (an interrupted rotation completed included).
    public var rotated: [RotatedSegment] = []
    public var error: String?
    /// IMAP: what happened in each folder (absent for POP3).
    public var folders: [IMAPFolderReport]?
    /// IMAP: names in the account's `folders` that the server does not list as selectable.
    public var missingFolders: [String]?

    public init(account: String, outcome: Outcome, startedAt: Date, finishedAt: Date) {
        self.account = account
        self.outcome = outcome
        self.startedAt = startedAt
        self.finishedAt = finishedAt
    }
}

/// A failure of one account's run, with the phase and message it concerns.
public struct ArchiveError: Error, CustomStringConvertible {
    public enum Phase: String, Sendable {
        case lock, ledger, open, connect, inventory, retrieve, store, commit, delete, quit, rotate
    }

    public var account: String
    public var phase: Phase
    /// The message concerned (its number and key), when there is one.
    public var message: SourceMessage?
    /// IMAP: the folder concerned, when the failure concerns no one message (its listing, its SELECT).
    public var folder: String?
    public var underlying: any Error

    public init(
        account: String, phase: Phase, message: SourceMessage? = nil, folder: String? = nil, underlying: any Error
    ) {
        self.account = account
        self.phase = phase
        self.message = message
        self.folder = folder
        self.underlying = underlying
    }

    /// One line naming the account, the phase and the message; the server's words in it (a status text, a
    /// folder name) have their terminal controls escaped, here and in the ledger's `runs.error`.
    public var description: String {
        var text = "account \"\(account)\": \(phase.rawValue) failed"
        if let message {
            if let imap = LedgerMessage.imapKeyComponents(message.key) {
                text += " (folder \"\(imap.folder)\", UID \(imap.uid))"
            } else {
                text += " (message \(message.number), UIDL \(message.key))"
            }
        } else if let folder {
            text += " (folder \"\(folder)\")"
        }
        return (text + ": \(underlying)").terminalSafe
    }
}
