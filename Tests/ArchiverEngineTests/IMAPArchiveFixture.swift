import ArchiverEngine
import Crypto
import Foundation
import Ledger
import TestSupport
import XCTest

/// An IMAP account archive in a temporary directory, with readers for what it stored.
struct IMAPArchiveFixture {
    let directory: TemporaryDirectory
    let ledger: ArchiveLedger
    let format: ArchiveTarget.Format

    init(directory: TemporaryDirectory, format: ArchiveTarget.Format) throws {
        self.directory = directory
        self.format = format
        ledger = try ArchiveLedger(path: directory.path + "/popvault.sqlite")
    }

    var accountPath: URL { directory.url.appendingPathComponent("mail") }

    func archiver(
        deletion: DeletionPolicy = .never, dryRun: Bool = false, selection: IMAPFolderSelection = .init(),
        batch: Int = 3
    ) -> IMAPAccountArchiver {
        IMAPAccountArchiver(
            ledger: ledger, archiveRoot: directory.url,
            target: ArchiveTarget(
                account: "imap", protocolName: "imap", format: format, path: accountPath, deletion: deletion),
            selection: selection, options: FetchOptions(dryRun: dryRun, batchMessages: batch))
    }

    func recorded() throws -> [LedgerMessage] {
        guard let account = try ledger.existingAccount(named: "imap") else { return [] }
        return try ledger.messages(account: account)
    }

    /// The stored bytes of every recorded message, by ledger key.
    func stored() throws -> [String: [UInt8]] {
        var contents: [String: [UInt8]] = [:]
        for message in try recorded() {
            switch message.location {
            case .maildir(let path):
                contents[message.key] = Array(try Data(contentsOf: accountPath.appendingPathComponent(path)))
            case .mbox(let segment, let offset, let length):
                // Each record unquoted by MailStore's mboxrd splitter, as every reader of the archive does.
                let file = try MboxSegmentContents(path: accountPath.appendingPathComponent(segment).path)
                contents[message.key] = try file.message(offset: offset, length: length)
            }
        }
        return contents
    }

    /// Every message file in the Maildir++ tree (new/ and cur/ of the root and of each folder).
    func maildirFiles() throws -> [String] {
        let manager = FileManager.default
        var files: [String] = []
        let folders = [""] + (try manager.contentsOfDirectory(atPath: accountPath.path)).filter { $0.hasPrefix(".") }
        for folder in folders {
            for sub in ["new", "cur"] {
                let relative = folder.isEmpty ? sub : folder + "/" + sub
                let path = accountPath.appendingPathComponent(relative).path
                files += ((try? manager.contentsOfDirectory(atPath: path)) ?? []).map { relative + "/" + $0 }
            }
        }
        return files.sorted()
    }

    static func sha256(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: Data(bytes)).map { String(format: "%02x", $0) }.joined()
    }

    /// A message with LF line ends, distinct per `tag`.
    static func message(_ tag: String, bodyLines: Int = 3) -> [UInt8] {
        var text = "From: A <a@example.org>\nSubject: \(tag)\nMessage-ID: <\(tag)@example.org>\n"
            + "Date: Sun, 22 Nov 2026 03:10:33 +0000\n\nFrom the start of \(tag).\n"
        for line in 0..<bodyLines { text += "line \(line) of \(tag)\n" }
        return Array(text.utf8)
    }
}
