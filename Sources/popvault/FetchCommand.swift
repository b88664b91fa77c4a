import ArchiveConfig
import ArchiverEngine
import ArgumentParser
import Foundation
import Ledger

struct Fetch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Archive the new messages of the configured accounts.",
        discussion: """
            Only messages whose UIDL the ledger does not know are retrieved. With delete = "after-archive"
            or "older-than:…" in an account, messages are deleted on the server only once their archive
            copy is durable and recorded. Exit status follows sysexits: 0 when every account succeeded.
            """
    )

    @OptionGroup var configOptions: ConfigOptions
    @OptionGroup var output: OutputOptions

    @Option(name: .customLong("account"), help: "Archive only this account (repeatable).")
    var accounts: [String] = []

    @Flag(name: .long, help: "Print what would be fetched and deleted; change nothing.")
    var dryRun = false

    @Option(name: .long, help: "How many accounts run at the same time.")
    var concurrency = 4

    @Flag(name: .long, help: "Print each account's server certificate SHA-256 fingerprint and exit.")
    var showCertificate = false

    func validate() throws {
        guard concurrency >= 1 else { throw ValidationError("--concurrency must be at least 1") }
    }

    func run() async throws {
        try await ExitStatus.mapping {
            let config = try configOptions.load()
            let selected = try AccountSelection.select(accounts, from: config)
            if showCertificate {
                try await CertificateReport.print(selected)
                return
            }
            if !output.quiet {
                for warning in config.warnings {
                    FileHandle.standardError.write(Data("popvault: warning: \(warning)\n".utf8))
                }
            }
            // Opened on another thread while each account locks and connects; its first use waits for it.
            let ledger = ArchiveLedger(openingInBackground: config.ledgerPath)
            let progress = TerminalProgress(enabled: !output.quiet && output.report == nil)
            let options = FetchOptions(dryRun: dryRun)
            let jobs = try selected.map { account in
                try AccountSelection.job(for: account, config: config, ledger: ledger, options: options,
                                         progress: progress, logger: output.logger(label: "popvault.\(account.name)"))
            }
            let results = await ArchiveRun.run(jobs, concurrency: concurrency)
            progress.finish()
            try RunSummaryPrinter(output: output).print(results)
            let code = ExitStatus.code(for: results)
            if code != ExitStatus.ok { throw ExitCode(code) }
        }
    }
}
