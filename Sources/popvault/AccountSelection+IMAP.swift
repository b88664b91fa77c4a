import ArchiveConfig
import ArchiverEngine
import Foundation
import Ledger
import Logging
import MailTransport

extension AccountSelection {
    /// The job of an IMAP account: its archiver (the account's path is a directory: the Maildir++
    /// root or the directory of the per-folder mbox files) and how to open its session.
    static func imapJob(
        for account: AccountConfig, config: PopvaultConfig, ledger: ArchiveLedger, options: FetchOptions,
        progress: (any FetchProgress)?, logger: Logger
    ) throws -> AccountJob {
        let archiver = IMAPAccountArchiver(
            ledger: ledger, archiveRoot: config.archiveRoot, target: target(for: account),
            selection: IMAPFolderSelection(folders: account.folders, exclude: account.exclude), options: options,
            progress: progress)
        let auth = try imapAuth(for: account, file: config.file)
        let password = try account.password.resolve(account: account.name)
        let tls: IMAPConfiguration.TLSMode = switch account.tls {
        case .implicit: .implicit
        case .startTLS: .startTLS
        case .none: .none
        }
        let configuration = IMAPConfiguration(
            host: account.host, port: account.port, tls: tls, caFile: account.tlsCAFile,
            pinnedSHA256: account.tlsFingerprint, user: account.user, password: { password }, auth: auth,
            timeouts: timeouts(for: account), logger: logger)
        return AccountJob(imap: archiver) {
            try await IMAPSessionSource.connect(configuration)
        }
    }

    /// IMAP knows `auto`, `plain`, `login` and `xoauth2`; the POP3-only methods are a config error.
    static func imapAuth(for account: AccountConfig, file: String) throws -> IMAPConfiguration.AuthChoice {
        guard let auth = IMAPConfiguration.AuthChoice(rawValue: account.auth.rawValue) else {
            let known = IMAPConfiguration.AuthChoice.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
            throw ConfigError(
                file: file, account: account.name, key: "auth",
                message: "expected \(known) for an IMAP account, got \"\(account.auth.rawValue)\"")
        }
        return auth
    }
}
