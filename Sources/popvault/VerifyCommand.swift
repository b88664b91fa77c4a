import ArchiveConfig
import ArchiverEngine
import ArgumentParser
import Foundation
import Ledger

/// `popvault verify`: compare the archive with its ledger.
struct Verify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Re-read every archived message, recompute its SHA-256 and compare with the ledger.",
        discussion: """
            Reports missing messages (recorded, but not at their location), altered ones (size or SHA-256 \
            differs) and unrecorded ones (Maildir files and mbox records the ledger does not know), each with \
            its location and UIDL, then a summary line. --repair records unrecorded messages in the ledger \
            under the key "unrecorded <sha256>" (they have no server UIDL); it never deletes or moves anything.

            Exit status: 0 when archive and ledger agree (after --repair: when only unrecorded messages were \
            found and all were recorded), 65 otherwise, 75 when a fetch holds the account, 78 for \
            configuration errors.
            """
    )

    @Option(
        name: .customLong("account"), help: ArgumentHelp("Verify only this account; repeatable.", valueName: "name"))
    var accounts: [String] = []

    @Flag(help: "Record unrecorded messages in the ledger (never deletes anything).")
    var repair = false

    @OptionGroup var configOptions: ConfigOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        var results: [AccountVerification] = []
        try await ExitStatus.mapping {
            let config = try configOptions.load()
            let selected = try AccountSelection.select(accounts, from: config)
            let ledger = try ArchiveLedger(path: config.ledgerPath)
            let verifier = ArchiveVerifier(ledger: ledger, repair: repair)
            for account in selected {
                let lock = try AccountLock.acquire(root: config.archiveRoot, account: account.name)
                defer { lock.release() }
                results.append(try verifier.verify(ArchiveVerifier.Target(
                    account: account.name, format: account.format, path: account.path.path,
                    protocolName: account.protocol.rawValue)))
            }
        }
        if output.report == .json {
            print(try Self.jsonReport(results))
        } else {
            for result in results { Self.printFindings(result, quiet: output.quiet) }
        }
        if !results.allSatisfy(\.isConsistent) { throw ExitCode(ExitStatus.dataError) }
    }
}
