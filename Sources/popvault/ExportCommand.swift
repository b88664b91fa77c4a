import ArchiveConfig
import ArchiverEngine
import ArgumentParser
import Foundation

/// `popvault export`: mbox (plain or .gz) ↔ Maildir, byte for byte, resumable.
struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Copy mailboxes or an account's archive into a Maildir or an mbox, byte for byte.",
        discussion: """
            Inputs are mbox files (plain or gzip), Maildirs, single message files (--from, repeatable) and \
            archived accounts (--account, as the ledger records them). Message bytes are kept exactly (mboxrd \
            quoting is undone going to Maildir and redone going to mbox; mbox From lines are kept). Maildir \
            flags come from Status:/X-Status: and go back to them; headers are never changed, only added \
            (Status:/X-Status: for a Maildir message without either). --since/--until take YYYY-MM-DD (UTC, \
            inclusive) or an RFC 3339 date-time and select by the Date: header.

            Rerunning after an interruption continues where the last run stopped and never writes a message \
            twice. Exit status: 0 when every input was exported, 74 when an input could not be read or the \
            destination written, 65 when the resume state does not match the mbox, 64 for usage errors, \
            78 for configuration errors.
            """
    )

    @Option(name: .customLong("from"), help: ArgumentHelp("A mailbox to export; repeatable.", valueName: "path"))
    var inputs: [String] = []

    @Option(
        name: .customLong("account"),
        help: ArgumentHelp("Export this account's whole archive (as its ledger records it); repeatable.",
                           valueName: "name"))
    var accounts: [String] = []

    @Option(name: .customLong("to"), help: ArgumentHelp("The Maildir or mbox to write (created if missing).",
                                                          valueName: "path"))
    var destination: String

    @Option(help: ArgumentHelp("The format of --to: maildir or mbox.", valueName: "format"))
    var format: ExportFormatArgument

    @Option(help: ArgumentHelp("Only messages dated on or after this (YYYY-MM-DD or RFC 3339).", valueName: "date"))
    var since: String?

    @Option(help: ArgumentHelp("Only messages dated on or before this (YYYY-MM-DD or RFC 3339).", valueName: "date"))
    var until: String?

    @OptionGroup var configOptions: ConfigOptions
    @OptionGroup var output: OutputOptions

    enum ExportFormatArgument: String, ExpressibleByArgument {
        case maildir, mbox
    }

    func validate() throws {
        guard !inputs.isEmpty || !accounts.isEmpty else {
            throw ValidationError("Give at least one --from mailbox or --account to export.")
        }
        if let since, ExportDateRange.parse(since, endOfDay: false) == nil {
            throw ValidationError("--since \(since): expected YYYY-MM-DD or an RFC 3339 date-time.")
        }
        if let until, ExportDateRange.parse(until, endOfDay: true) == nil {
            throw ValidationError("--until \(until): expected YYYY-MM-DD or an RFC 3339 date-time.")
        }
    }

    func run() async throws {
        let dates = ExportDateRange(
            since: since.flatMap { ExportDateRange.parse($0, endOfDay: false) },
            until: until.flatMap { ExportDateRange.parse($0, endOfDay: true) })
        let options = ExportOptions(
            destination: destination, format: format == .maildir ? .maildir : .mbox, dates: dates)
        var summary = ExportSummary()
        try await ExitStatus.mapping {
            let archives = try accounts.isEmpty
                ? [] : accounts.map { try ArchivedExport.load(config: configOptions.load(), account: $0) }
            let exporter = try MailboxExporter(options: options)
            for input in inputs { try exporter.export(path: input) }
            for archive in archives { try exporter.export(archive) }
            summary = try exporter.finish()
        }
        for line in summary.inputErrors { printError("popvault export: \(line)") }
        if !output.quiet { printError(Self.summaryLine(summary)) }
        if output.report == .json { print(try Self.jsonReport(summary)) }
        if !summary.inputErrors.isEmpty { throw ExitCode(ExitStatus.ioError) }
    }
}

extension ExportError {
    /// The exit status of an export that stopped on this error (sysexits).
    var exitCode: Int32 {
        switch self {
        case .usage: ExitStatus.usage
        case .input, .output: ExitStatus.ioError
        case .state: ExitStatus.dataError
        }
    }
}
