import ArchiveConfig
import ArchiverEngine
import ArgumentParser
import Foundation
import Logging
import Ledger
import MailTransport

/// Maps the config's accounts to the engine's jobs.
enum AccountSelection {
    /// The accounts named by `--account` (all when none), in config order; an unknown name is a usage error.
    static func select(_ names: [String], from config: PopvaultConfig) throws -> [AccountConfig] {
        for name in names where config.account(named: name) == nil {
            let known = config.accounts.map(\.name).joined(separator: ", ")
            throw ValidationError("no account \"\(name)\" in \(config.file) (accounts: \(known))")
        }
        guard !names.isEmpty else { return config.accounts }
        return config.accounts.filter { names.contains($0.name) }
    }

    static func target(for account: AccountConfig) -> ArchiveTarget {
        let deletion: DeletionPolicy = switch account.delete {
        case .never: .never
        case .afterArchive: .afterArchive
        case .olderThan(let age): .olderThan(age)
        }
        return ArchiveTarget(
            account: account.name, protocolName: account.protocol.rawValue,
            format: account.format == .maildir ? .maildir : .mbox, path: account.path, deletion: deletion,
            rotation: account.rotate
        )
    }

    static func job(
        for account: AccountConfig, config: PopvaultConfig, ledger: ArchiveLedger, options: FetchOptions,
        progress: (any FetchProgress)?, logger: Logger
    ) throws -> AccountJob {
        let archiver = AccountArchiver(
            ledger: ledger, archiveRoot: config.archiveRoot, target: target(for: account), options: options,
            progress: progress
        )
        if account.protocol == .imap {
            return try imapJob(for: account, config: config, ledger: ledger, options: options, progress: progress,
                               logger: logger)
        }
        // Resolved up front, one account after the other, so that a prompt never interleaves.
        let password = try account.password.resolve(account: account.name)
        let configuration = pop3Configuration(for: account, password: password, logger: logger)
        return AccountJob(archiver: archiver) {
            try await POP3MailSource.connect(configuration)
        }
    }
}

extension AccountSelection {
    /// The session configuration for a POP3 account; the password is the one already resolved.
    static func pop3Configuration(for account: AccountConfig, password: String, logger: Logger) -> POP3Configuration {
        let tls: POP3Configuration.TLSMode = switch account.tls {
        case .implicit: .implicit
        case .startTLS: .startTLS
        case .none: .none
        }
        let auth = POP3Configuration.AuthChoice(rawValue: account.auth.rawValue) ?? .auto
        return POP3Configuration(
            host: account.host, port: account.port, tls: tls, caFile: account.tlsCAFile,
            pinnedSHA256: account.tlsFingerprint, user: account.user, password: { password }, auth: auth,
            timeouts: timeouts(for: account), logger: logger)
    }
}
