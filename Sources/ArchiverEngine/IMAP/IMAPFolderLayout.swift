import Crypto
import Foundation

/// Where an IMAP folder is stored under the account's path.
///
/// - Maildir: Maildir++ — the INBOX is the Maildir itself, every other folder a subdirectory
///   `.Parent.Child` (with an empty `maildirfolder` file, as Courier and Dovecot expect).
/// - mbox: one file per folder, `INBOX.mbox`, `Parent.Child.mbox`.
///
/// Names are kept in UTF-8 (not modified UTF-7): `其他文件夹` is stored as `.其他文件夹`, readable
/// in a shell; Dovecot serves such a Maildir with `mail_location = maildir:~/Maildir:UTF-8`.
/// The server's hierarchy delimiter becomes `.`; inside a level, `%`, `.`, `/` and control
/// characters are written as `%XX` (so `a.b` stays distinct from `a/b`, and no name can climb out
/// with `..` or `/`), and an empty level as `%`. A name longer than the file system allows
/// (255 bytes) is cut and ends in `~` and 16 hex digits of its SHA-256, which keeps it unique.
public enum IMAPFolderLayout {
    /// The most bytes of the escaped name kept before the hash suffix.
    static let maximumNameBytes = 200

    /// The folder's directory relative to the account's Maildir: "" for the INBOX, else `.A.B`.
    public static func maildirDirectory(for folder: IMAPFolder) -> String {
        folder.isInbox ? "" : "." + diskName(folder)
    }

    /// The folder's mbox file name inside the account's directory.
    public static func mboxFile(for folder: IMAPFolder) -> String {
        (folder.isInbox ? "INBOX" : diskName(folder)) + ".mbox"
    }

    /// The escaped levels joined with `.`, shortened when needed.
    static func diskName(_ folder: IMAPFolder) -> String {
        let levels: [Substring] = if let delimiter = folder.delimiter {
            folder.name.split(separator: delimiter, omittingEmptySubsequences: false)
        } else {
            [Substring(folder.name)]
        }
        let name = levels.map(escape).joined(separator: ".")
        guard name.utf8.count > maximumNameBytes else { return name }
        var kept = ""
        for character in name {
            guard kept.utf8.count + character.utf8.count <= maximumNameBytes else { break }
            kept.append(character)
        }
        // Never end inside an escape (`%2` of `%2E`): drop a partial one.
        if let percent = kept.suffix(2).lastIndex(of: "%") { kept = String(kept[..<percent]) }
        let digest = SHA256.hash(data: Data(folder.name.utf8))
        return kept + "~" + IMAPIntake.hex(digest.prefix(8))
    }

    /// One level of the name, with the bytes that are unsafe in a file name escaped.
    static func escape(_ level: Substring) -> String {
        guard !level.isEmpty else { return "%" }
        var result = ""
        for scalar in level.unicodeScalars {
            switch scalar {
            case "%", ".", "/", "\u{7F}", "\u{00}"..."\u{1F}":
                result += String(format: "%%%02X", scalar.value)
            default:
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}

/// Which folders of the server an account archives: `folders` (all selectable ones when empty)
/// minus `exclude`. Names are compared exactly as decoded to UTF-8, except `INBOX`, which matches
/// in any case (RFC 3501 §5.1).
public struct IMAPFolderSelection: Sendable, Equatable {
    public var folders: [String]
    public var exclude: [String]

    public init(folders: [String] = [], exclude: [String] = []) {
        self.folders = folders
        self.exclude = exclude
    }

    /// The selectable folders to archive, in the server's order, and the names of `folders` that
    /// the server does not list (or lists as not selectable).
    public func apply(to listed: [IMAPFolder]) -> (selected: [IMAPFolder], missing: [String]) {
        func same(_ name: String, _ folder: IMAPFolder) -> Bool {
            folder.isInbox ? name.uppercased() == "INBOX" : name == folder.name
        }
        let selectable = listed.filter(\.isSelectable)
        let wanted = folders.isEmpty
            ? selectable : selectable.filter { folder in folders.contains { same($0, folder) } }
        let selected = wanted.filter { folder in !exclude.contains { same($0, folder) } }
        let missing = folders.filter { name in !selectable.contains { same(name, $0) } }
        return (selected, missing)
    }
}
