import ArchiveConfig
import Foundation
import Ledger

/// An account's archive as an export input (`popvault export --account NAME`): the messages the
/// ledger records, with their stored sizes, so that each one is exported exactly as archived
/// (the line end an mbox record adds after a message without one is left out again).
public struct ArchivedExport: Sendable, Equatable {
    public var archive: ArchivedMessages
    /// The stored size of every recorded message, by location.
    public var storedSizes: [LedgerLocation: Int64]

    public init(archive: ArchivedMessages, storedSizes: [LedgerLocation: Int64]) {
        self.archive = archive
        self.storedSizes = storedSizes
    }

    /// Looks the account up in the config and its messages up in the ledger.
    public static func load(config: PopvaultConfig, account name: String) throws -> ArchivedExport {
        let archive: ArchivedMessages
        do {
            archive = try ArchivedMessages.load(config: config, account: name)
        } catch let error as ExtractError {
            switch error {
            case .usage(let text): throw ExportError.usage(text)
            case .input(let path, let reason): throw ExportError.input(path: path, reason: reason)
            case .output(let path, let operation, let code):
                throw ExportError.output(path: path, operation: operation, errno: code)
            }
        }
        var sizes: [LedgerLocation: Int64] = [:]
        do {
            let ledger = try ArchiveLedger(path: config.ledgerPath)
            if let id = try ledger.existingAccount(named: name) {
                for message in try ledger.messages(account: id) { sizes[message.location] = message.storedSize }
            }
        } catch {
            throw ExportError.input(path: config.ledgerPath, reason: "\(error)")
        }
        return ArchivedExport(archive: archive, storedSizes: sizes)
    }

    /// The key of this input in an mbox export's resume state.
    var sourceKey: String { "account:" + archive.account }
}
