import ArchiveConfig
import ArchiverEngine
import ArgumentParser
import Foundation
import Ledger

extension StateTool: ExpressibleByArgument {}

struct ImportState: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-state",
        abstract: "Record the messages mpop, getmail or fetchmail already retrieved, so fetch skips them.",
        discussion: """
            Reads mpop's UIDL file (~/.mpop_uidls), a getmail6 oldmail-<server>-<port>-<user> file, or \
            fetchmail's .fetchids, takes the entries of the account's user and host, and records their \
            UIDLs in the ledger as archived elsewhere. fetch never downloads them, and never deletes them \
            from the server (popvault has no copy), whatever the account's delete policy. Running the same \
            import again adds nothing.
            """
    )

    @OptionGroup var configOptions: ConfigOptions
    @OptionGroup var output: OutputOptions

    @Option(name: .long, help: "The tool that wrote FILE: mpop, getmail or fetchmail.")
    var from: StateTool

    @Argument(help: "The tool's state file.")
    var file: String

    @Option(name: .long, help: "The popvault account (a POP3 account of the config) to record the UIDLs for.")
    var account: String

    @Option(name: .long, help: "The user the tool logged in as (default: the account's user).")
    var serverUser: String?

    @Option(name: .long, help: "The host the tool connected to (default: the account's host).")
    var serverHost: String?

    func run() async throws {
        try await ExitStatus.mapping {
            let config = try configOptions.load()
            guard let selected = try AccountSelection.select([account], from: config).first else { return }
            guard selected.protocol == .pop3 else {
                throw ImportStateError.notPOP3(account: selected.name, protocolName: selected.protocol.rawValue)
            }
            let mailbox = ServerMailbox(user: serverUser ?? selected.user, host: serverHost ?? selected.host)
            let ledger = try ArchiveLedger(path: config.ledgerPath)
            let summary = try StateImport(tool: from, file: file, account: selected.name, mailbox: mailbox)
                .run(ledger: ledger, archiveRoot: config.archiveRoot)
            if output.report == .json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                print(String(decoding: try encoder.encode(summary), as: UTF8.self))
            } else if !output.quiet {
                print("\(summary.account): \(summary.added) new UIDLs recorded as archived elsewhere, "
                    + "\(summary.known) already known (\(summary.listed) for \(mailbox) in \(summary.file))")
            }
        }
    }
}
