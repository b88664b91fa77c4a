import Foundation
import Ledger
import TestSupport
import XCTest

/// A private Dovecot with one user, a scratch archive and a config of IMAP (and POP3) accounts: the
/// setting of the `popvault fetch` tests against real IMAP.
class IMAPFetchTestCase: DovecotFetchTestCase {
    struct IMAPAccount {
        var name: String
        var format = "maildir"
        var path: String
        var delete = "never"
        var folders: [String] = []
        var exclude: [String] = []
        var proto = "imap"
    }

    var passwordFile: String { work.path + "/password" }

    /// Writes a config of `accounts` against this Dovecot (IMAP port, or POP3 for `proto = "pop3"`).
    func writeIMAPConfig(_ accounts: [IMAPAccount]) throws {
        try Data(password.utf8).write(to: URL(fileURLWithPath: passwordFile))
        chmod(passwordFile, 0o600)
        func list(_ names: [String]) -> String { "[" + names.map { "\"\($0)\"" }.joined(separator: ", ") + "]" }
        var text = "[archive]\nroot = \"\(root)\"\n"
        for account in accounts {
            text += """

                [[account]]
                name = "\(account.name)"
                protocol = "\(account.proto)"
                host = "\(dovecot.host)"
                port = \(account.proto == "imap" ? dovecot.imapPort : dovecot.pop3Port)
                tls = "none"
                user = "\(user)"
                password_file = "\(passwordFile)"
                format = "\(account.format)"
                path = "\(account.path)"
                delete = "\(account.delete)"

                """
            if !account.folders.isEmpty { text += "folders = \(list(account.folders))\n" }
            if !account.exclude.isEmpty { text += "exclude = \(list(account.exclude))\n" }
        }
        try text.write(toFile: configPath, atomically: true, encoding: .utf8)
    }

    /// `popvault fetch --report json`, and its accounts.
    func fetchJSON(_ extra: [String] = []) throws -> (result: PopvaultProcess.Result, accounts: [[String: Any]]) {
        let result = try fetch(["--report", "json"] + extra)
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let accounts = try XCTUnwrap(
            object?["accounts"] as? [[String: Any]], "report: \(result.stdout) \(result.stderr)")
        return (result, accounts)
    }

    /// A message with LF line ends, distinct per `tag`.
    static func message(_ tag: String, lines: Int = 20) -> [UInt8] {
        var text = "Return-Path: <a@example.org>\nFrom: A <a@example.org>\nTo: b@example.org\n"
            + "Subject: \(tag)\nMessage-ID: <\(tag)@example.org>\nDate: Sun, 22 Nov 2026 03:10:33 +0000\n\n"
            + "From the start of \(tag).\n"
        for line in 0..<lines { text += "line \(line) of \(tag): \(String(repeating: "x", count: line % 70))\n" }
        return Array(text.utf8)
    }

    /// The archive of IMAP account `account` at `path` (a directory), checked against its ledger.
    func inspect(_ account: String, path: String) throws -> ArchiveInspection {
        let inspection = try ArchiveInspection(root: root, account: account, path: path + "/.")
        XCTAssertEqual(inspection.pending, 0, "no pending journal left")
        XCTAssertEqual(inspection.unrecordedFiles, [], "every file in the Maildir root is recorded")
        return inspection
    }

    /// The stored bytes of IMAP account `account`, by folder name.
    func storedByFolder(_ inspection: ArchiveInspection) -> [String: [[UInt8]]] {
        var result: [String: [[UInt8]]] = [:]
        for (key, bytes) in inspection.contents {
            guard let folder = LedgerMessage.imapKeyComponents(key)?.folder else { continue }
            result[folder, default: []].append(bytes)
        }
        return result
    }
}
