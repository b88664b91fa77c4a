import ArchiverEngine
import Foundation
import Ledger
import TestSupport

/// A POP3 account ("work") archived into a temporary directory: its archiver, and what it stored.
struct POP3ArchiveFixture {
    let directory: TemporaryDirectory

    /// An archiver of the account, with a ledger of its own (several share the ledger file).
    func archiver(
        _ format: ArchiveTarget.Format, deletion: DeletionPolicy = .never, dryRun: Bool = false, batch: Int
    ) throws -> AccountArchiver {
        let ledger = try ArchiveLedger(path: directory.path + "/popvault.sqlite")
        let path = directory.url.appendingPathComponent(format == .maildir ? "work" : "work.mbox")
        return AccountArchiver(
            ledger: ledger, archiveRoot: directory.url,
            target: ArchiveTarget(account: "work", format: format, path: path, deletion: deletion),
            options: FetchOptions(dryRun: dryRun, batchMessages: batch)
        )
    }

    /// The stored bytes of every message the ledger records, by key (LF line ends, as stored).
    static func stored(_ archiver: AccountArchiver) throws -> [String: [UInt8]] {
        let ledger = archiver.ledger
        guard let account = try ledger.existingAccount(named: "work") else { return [:] }
        var contents: [String: [UInt8]] = [:]
        var segments: [String: MboxSegmentContents] = [:]
        for message in try ledger.messages(account: account) {
            switch message.location {
            case .maildir(let path):
                contents[message.key] = Array(try Data(contentsOf: archiver.target.path.appendingPathComponent(path)))
            case .mbox(let segment, let offset, let length):
                // Each segment read once; each record unquoted by MailStore's mboxrd splitter.
                let file = try segments[segment] ?? MboxSegmentContents(
                    path: archiver.target.path.deletingLastPathComponent().appendingPathComponent(segment).path)
                segments[segment] = file
                contents[message.key] = try file.message(offset: offset, length: length)
            }
        }
        return contents
    }
}
