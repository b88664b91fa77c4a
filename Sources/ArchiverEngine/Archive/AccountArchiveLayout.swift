import ArchiveConfig
import Foundation
import Ledger
import MailStore

/// Where the ledger locations of one account lie on disk: the one place `verify`, `export
/// --account` and `extract --account` turn a ``LedgerLocation`` into a file path.
///
/// - POP3 Maildir: `path` is the Maildir; a location `cur/NAME:2,S` is relative to it.
/// - POP3 mbox: `path` is the current mbox file; a segment (`work.mbox`, `work-2024-05.mbox.gz`) is
///   a file name in the directory holding it.
/// - IMAP (both formats): `path` is a directory holding the whole account. Maildir: a Maildir++ tree,
///   locations `new/…` for the INBOX and `.Work.Sub/cur/…` for folders. mbox: one file per folder,
///   segments `INBOX.mbox`, `Work.Sub.mbox`, relative to `path` itself.
public struct AccountArchiveLayout: Sendable, Equatable {
    public var format: AccountConfig.Format
    /// The account's configured path (Maildir, current mbox file, or an IMAP account's directory).
    public var path: String
    /// True for an IMAP account: `path` is a directory of folders.
    public var holdsFolders: Bool

    public init(format: AccountConfig.Format, path: String, protocolName: String) {
        self.format = format
        self.path = path
        holdsFolders = protocolName == AccountConfig.MailProtocol.imap.rawValue
    }

    /// The layout of a configured account.
    public init(account: AccountConfig) {
        self.init(format: account.format, path: account.path.path, protocolName: account.protocol.rawValue)
    }

    /// The directory every location of the account is relative to.
    public var base: String {
        format == .mbox && !holdsFolders ? (path as NSString).deletingLastPathComponent : path
    }

    /// The file a location names (for an mbox record: its segment's file).
    public func file(of location: LedgerLocation) -> String {
        switch location {
        case .maildir(let relative): file(relative)
        case .mbox(let segment, _, _): file(segment)
        }
    }

    /// A path relative to ``base``, made absolute.
    public func file(_ relative: String) -> String { (base as NSString).appendingPathComponent(relative) }

    /// The Maildir folders to scan for messages, relative to ``base``: `""` for the Maildir itself,
    /// then every Maildir++ subfolder (`.Work.Sub/`), sorted. Folders without `new/` or `cur/` are
    /// left out.
    public func maildirFolders() -> [String] {
        var folders = [""]
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: base)) ?? []
        for entry in entries.sorted() where entry.hasPrefix(".") && entry != "." && entry != ".." {
            if MaildirReader.isMaildir(file(entry)) { folders.append(entry + "/") }
        }
        return folders
    }

    /// The mbox segments on disk, as segment names (relative to ``base``), whether or not the ledger
    /// names them. POP3: the current mbox and its rotated segments `<stem>-*.mbox.gz` beside it.
    /// IMAP: every `*.mbox` and `*.mbox.gz` file in the account's directory, one per folder (and
    /// any rotated ones).
    public func mboxSegmentsOnDisk() -> [String] {
        let entries = ((try? FileManager.default.contentsOfDirectory(atPath: base)) ?? []).sorted()
        guard !holdsFolders else {
            return entries.filter { entry in
                (entry.hasSuffix(".mbox") || entry.hasSuffix(".mbox.gz")) && !entry.hasPrefix(".") && isFile(entry)
            }
        }
        let name = (path as NSString).lastPathComponent
        let stem = name.hasSuffix(".mbox") ? String(name.dropLast(5)) : name
        var found: [String] = []
        if FileManager.default.fileExists(atPath: path) { found.append(name) }
        found += entries.filter { $0.hasPrefix(stem + "-") && $0.hasSuffix(".mbox.gz") }
        return found
    }

    private func isFile(_ relative: String) -> Bool {
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: file(relative), isDirectory: &isDirectory)
        return exists && !isDirectory.boolValue
    }
}
