import ArchiveConfig
import Foundation

/// Where and how one account is archived, as the engine needs it (mapped from the config).
public struct ArchiveTarget: Sendable, Equatable {
    public enum Format: String, Sendable, Codable {
        case maildir
        case mbox
    }

    /// The account name (ledger key, lock name, report label).
    public var account: String
    /// "pop3" or "imap".
    public var protocolName: String
    public var format: Format
    /// Absolute path of the Maildir directory or the mbox file.
    public var path: URL
    public var deletion: DeletionPolicy
    /// mbox only: when the plain segment is compressed into a rotated `.gz` segment.
    public var rotation: AccountConfig.RotatePolicy

    public init(
        account: String, protocolName: String = "pop3", format: Format, path: URL, deletion: DeletionPolicy,
        rotation: AccountConfig.RotatePolicy = .none
    ) {
        self.account = account
        self.protocolName = protocolName
        self.format = format
        self.path = path
        self.deletion = deletion
        self.rotation = rotation
    }
}

/// How a fetch run behaves.
public struct FetchOptions: Sendable {
    /// Plan only: list what would be fetched and deleted, change nothing (not even the ledger).
    public var dryRun: Bool
    /// Group commit: at most this many messages per fsync pass and ledger transaction…
    public var batchMessages: Int
    /// …and at most this many bytes.
    public var batchBytes: Int

    public init(dryRun: Bool = false, batchMessages: Int = 64, batchBytes: Int = 32 << 20) {
        self.dryRun = dryRun
        self.batchMessages = batchMessages
        self.batchBytes = batchBytes
    }
}

/// Receives progress of a run (the CLI draws a line on a terminal from it).
public protocol FetchProgress: Sendable {
    func planned(account: String, messages: Int, bytes: Int)
    func committed(account: String, messages: Int, bytes: Int)
}
