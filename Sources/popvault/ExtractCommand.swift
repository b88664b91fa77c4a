import ArchiveConfig
import ArchiverEngine
import ArgumentParser
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `popvault extract`: pull every attachment out of mailboxes.
struct Extract: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Extract attachments from mbox files (plain or .gz), Maildir folders and .eml files.",
        discussion: """
            Every leaf part that is not a message's main text or HTML body is an attachment, including \
            parts of attached messages and named inline parts. Files are written under --to as \
            <YYYY-MM>/<name> (by the message's Date, UTC; unknown-date/ without one), or flat with --flat, \
            with safe names: no directories, hidden files, device names or control characters; name \
            collisions become "name (2).ext". Existing files are never overwritten.

            Exit status: 0 when everything was extracted, 65 when some message could not be parsed \
            (everything else was still extracted), 74 when an input could not be read or an output \
            could not be written, 64 for usage errors, 78 for configuration errors.
            """
    )

    @Argument(help: "Mailboxes: mbox files (plain or gzip), Maildir folders, single message files.")
    var inputs: [String] = []

    @Option(
        name: .customLong("account"),
        help: ArgumentHelp("Also extract from this account's archive, as its ledger records it; repeatable.",
            valueName: "name"))
    var accounts: [String] = []

    @Option(help: ArgumentHelp("The configuration file (for --account).", valueName: "path"))
    var config: String?

    @Option(name: .customLong("to"), help: ArgumentHelp("The output directory (created if missing).", valueName: "dir"))
    var outputDirectory: String

    @Flag(help: "Write every file directly in the output directory, not in <YYYY-MM>/ subdirectories.")
    var flat = false

    @Option(
        name: .customLong("only"),
        help: ArgumentHelp(
            "Extract only parts of this content type (application/pdf, image/*) or with a name matching this "
                + "glob (*.xlsx); repeatable, case-insensitive.", valueName: "type-or-glob"))
    var only: [String] = []

    @Flag(help: "Also extract unnamed inline parts with a Content-ID (images embedded in HTML mail).")
    var inline = false

    @Flag(help: "Store identical content once: later copies become hard links to the first.")
    var dedupe = false

    @Flag(name: .customLong("dedupe-skip"), help: "Store identical content once: later copies are not written.")
    var dedupeSkip = false

    @Option(help: ArgumentHelp("Write a JSON Lines manifest, one object per extracted part.", valueName: "file"))
    var manifest: String?

    @Flag(name: .customLong("fsync"), help: "fsync every extracted file and directory before finishing.")
    var fsync = false

    @Option(help: ArgumentHelp("Print a machine-readable summary on standard output (json).", valueName: "format"))
    var report: ReportFormat?

    @Flag(help: "No progress and no summary (errors are still printed).")
    var quiet = false

    enum ReportFormat: String, ExpressibleByArgument {
        case json
    }

    func validate() throws {
        guard !inputs.isEmpty || !accounts.isEmpty else {
            throw ValidationError("Give at least one mailbox or --account to extract from.")
        }
        guard !(dedupe && dedupeSkip) else { throw ValidationError("--dedupe and --dedupe-skip exclude each other.") }
        for pattern in only where ExtractFilter(pattern) == nil {
            throw ValidationError("--only \(pattern): expected a type/subtype (image/*) or a file name glob (*.pdf).")
        }
    }

    func makeOptions() -> ExtractOptions {
        ExtractOptions(
            outputDirectory: outputDirectory, layout: flat ? .flat : .byMonth,
            filters: only.compactMap(ExtractFilter.init), includeInlineResources: inline,
            dedupe: dedupe ? .hardLink : dedupeSkip ? .skip : .off, manifestPath: manifest, syncFiles: fsync)
    }

    func run() async throws {
        let progressLine = ProgressLine(enabled: !quiet && isatty(STDERR_FILENO) == 1)
        let archives = try loadArchives()
        let summary: ExtractSummary
        do {
            let extractor = try AttachmentExtractor(options: makeOptions())
            extractor.progress = { progressLine.update($0) }
            for input in inputs { try extractor.extract(path: input) }
            for archive in archives { try extractor.extract(.archived(archive)) }
            summary = try extractor.finish()
        } catch let error as ExtractError {
            progressLine.clear()
            printError("popvault extract: \(error)")
            if case .usage = error { throw ExitCode(64) }
            throw ExitCode(74)
        }
        progressLine.clear()
        for line in summary.inputErrors + summary.messageErrors { printError("popvault extract: \(line)") }
        if !quiet { printError(Self.summaryLine(summary)) }
        if report == .json { print(Self.jsonReport(summary)) }
        if !summary.inputErrors.isEmpty { throw ExitCode(74) }
        if !summary.messageErrors.isEmpty { throw ExitCode(65) }
    }

    /// The `--account` archives, from the config and the ledger.
    func loadArchives() throws -> [ArchivedMessages] {
        guard !accounts.isEmpty else { return [] }
        let file = config ?? PopvaultConfig.defaultPath()
        do {
            let loaded = try PopvaultConfig.load(path: file)
            for warning in loaded.warnings { printError("popvault: warning: \(warning)") }
            return try accounts.map { try ArchivedMessages.load(config: loaded, account: $0) }
        } catch let error as ConfigError {
            printError("popvault extract: \(error)")
            throw ExitCode(78)
        } catch let error as ExtractError {
            printError("popvault extract: \(error)")
            if case .usage = error { throw ExitCode(78) }
            throw ExitCode(74)
        }
    }
}
