import ArchiveConfig
import ArchiverEngine
import ArgumentParser
import Foundation
import Ledger

struct Rotate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate",
        abstract: "Compress the mbox segments that are due into .mbox.gz segments.",
        discussion: """
            For each mbox account (all, or those named by --account), completes a rotation an interrupted \
            run left unfinished, then compresses the plain segment if the account's rotate policy says it \
            is due: "monthly" once the segment's first message was archived in an earlier month (UTC), \
            "size:N" once it holds N bytes. The .gz is verified before the ledger points at it; the plain \
            file is removed last. fetch does the same at its end. Exit status follows sysexits.
            """
    )

    @OptionGroup var configOptions: ConfigOptions
    @OptionGroup var output: OutputOptions

    @Option(name: .customLong("account"), help: "Rotate only this account (repeatable).")
    var accounts: [String] = []

    @Flag(name: .long, help: "Rotate the plain segment now, whatever the policy (rotate = \"none\" included).")
    var force = false

    func run() async throws {
        try await ExitStatus.mapping {
            let config = try configOptions.load()
            let selected = try AccountSelection.select(accounts, from: config)
            for account in selected where !Self.isRotatable(account) && !accounts.isEmpty {
                throw ValidationError(account.format != .mbox
                    ? "account \"\(account.name)\" is a Maildir: only mbox archives are rotated"
                    : "account \"\(account.name)\" is an IMAP account: its per-folder mbox files are not rotated")
            }
            let ledger = try ArchiveLedger(path: config.ledgerPath)
            var results: [AccountRotationResult] = []
            for account in selected where Self.isRotatable(account) {
                let rotation = AccountRotation(
                    ledger: ledger, archiveRoot: config.archiveRoot, target: AccountSelection.target(for: account),
                    force: force)
                results.append(rotation.run())
            }
            let code = results.lazy.compactMap(\.failure).map(ExitStatus.code(for:)).first ?? ExitStatus.ok
            try RotationSummaryPrinter(output: output).print(results, exitCode: code)
            if code != ExitStatus.ok { throw ExitCode(code) }
        }
    }

    /// A POP3 account archived to mbox: one segment, which rotation closes and compresses.
    private static func isRotatable(_ account: AccountConfig) -> Bool {
        account.format == .mbox && account.protocol == .pop3
    }
}
