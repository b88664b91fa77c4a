import ArchiveConfig
import Foundation
import Ledger
import MailStore

/// The messages the ledger records as archived for one account (`popvault extract --account NAME`):
/// only what a fetch committed is read, never a torn tail or a stray file.
public struct ArchivedMessages: Sendable, Equatable {
    public var account: String
    /// Where the locations lie on disk.
    public var layout: AccountArchiveLayout
    /// In archive order.
    public var locations: [LedgerLocation]

    public init(account: String, layout: AccountArchiveLayout, locations: [LedgerLocation]) {
        self.account = account
        self.layout = layout
        self.locations = locations
    }

    public var format: AccountConfig.Format { layout.format }
    /// The account's Maildir directory, or its current mbox file (rotated segments lie beside it);
    /// for an IMAP account the directory holding its folders.
    public var path: String { layout.path }

    /// Looks the account up in the config and its messages up in the archive's ledger (read only).
    public static func load(config: PopvaultConfig, account name: String) throws -> ArchivedMessages {
        guard let account = config.account(named: name) else {
            let known = config.accounts.map(\.name).joined(separator: ", ")
            throw ExtractError.usage("no account named \"\(name)\" in \(config.file) (configured: \(known))")
        }
        guard FileManager.default.fileExists(atPath: config.ledgerPath) else {
            throw ExtractError.input(path: config.ledgerPath, reason: "no ledger: nothing has been archived yet")
        }
        let locations: [LedgerLocation]
        do {
            let ledger = try ArchiveLedger(path: config.ledgerPath)
            if let id = try ledger.existingAccount(named: name) {
                locations = try ledger.messages(account: id).map(\.location)
            } else {
                locations = []
            }
        } catch {
            throw ExtractError.input(path: config.ledgerPath, reason: "\(error)")
        }
        return ArchivedMessages(account: name, layout: AccountArchiveLayout(account: account), locations: locations)
    }

    /// Maildir files as recorded (relative to the layout's base) and their full paths, in archive order.
    var maildirFiles: [(relative: String, path: String)] {
        locations.compactMap { if case .maildir(let file) = $0 { (file, layout.file(file)) } else { nil } }
    }

    /// mbox segments (their ledger name and full path) with the offsets of their recorded `From `
    /// lines, segments in the order their first message was archived.
    var mboxSegments: [(name: String, path: String, offsets: Set<Int64>)] {
        var order: [String] = []
        var offsets: [String: Set<Int64>] = [:]
        for case .mbox(let segment, let offset, _) in locations {
            if offsets[segment] == nil { order.append(segment) }
            offsets[segment, default: []].insert(offset)
        }
        return order.map { ($0, layout.file($0), offsets[$0]!) }
    }
}

/// Passes on only the messages that start at one of `offsets` (those the ledger recorded).
final class RecordedMessageFilter: MailboxConsumer {
    let next: MailboxConsumer
    let offsets: Set<Int64>
    private var passing = false

    init(next: MailboxConsumer, offsets: Set<Int64>) {
        self.next = next
        self.offsets = offsets
    }

    func messageBegan(_ message: MailboxMessage) throws {
        passing = message.offset.map(offsets.contains) ?? false
        if passing { try next.messageBegan(message) }
    }

    func messageBytes(_ chunk: UnsafeRawBufferPointer) throws {
        if passing { try next.messageBytes(chunk) }
    }

    func messageEnded() throws {
        if passing { try next.messageEnded() }
        passing = false
    }
}
