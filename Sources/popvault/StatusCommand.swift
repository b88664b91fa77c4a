import ArchiveConfig
import ArgumentParser
import Foundation
import Ledger
import UntrustedText

struct Status: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show per account: archived messages and bytes, the last run and the last error."
    )

    @OptionGroup var configOptions: ConfigOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await ExitStatus.mapping {
            let config = try configOptions.load()
            let statuses: [AccountStatus] = FileManager.default.fileExists(atPath: config.ledgerPath)
                ? try ArchiveLedger(path: config.ledgerPath).status() : []
            let rows = config.accounts.map { account in
                StatusRow(account: account.name, status: statuses.first { $0.name == account.name })
            }
            if output.report == .json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                encoder.dateEncodingStrategy = .iso8601
                print(TerminalEscaping.neutralizeJSON(String(decoding: try encoder.encode(rows), as: UTF8.self)))
            } else {
                rows.forEach { print($0.text) }
            }
        }
    }
}

/// One account's line of `popvault status`, and its JSON form.
struct StatusRow: Encodable {
    var account: String
    var archived = 0
    var archivedBytes: Int64 = 0
    var deletedOnServer = 0
    var imported = 0
    var lastRunStarted: Date?
    var lastRunFinished: Date?
    var lastRunOutcome: String?
    var lastRunFetched: Int?
    var lastError: String?
    var lastErrorAt: Date?

    init(account: String, status: AccountStatus?) {
        self.account = account
        guard let status else { return }
        archived = status.archivedCount
        archivedBytes = status.archivedBytes
        deletedOnServer = status.deletedCount
        imported = status.importedCount
        lastRunStarted = status.lastRun?.startedAt
        lastRunFinished = status.lastRun?.finishedAt
        lastRunOutcome = status.lastRun.map { $0.outcome?.rawValue ?? "interrupted" }
        lastRunFetched = status.lastRun?.fetched
        lastError = status.lastError?.error
        lastErrorAt = status.lastError?.startedAt
    }

    var text: String {
        guard let lastRunStarted else { return "\(account): never run" }
        let formatter = ISO8601DateFormatter()
        var line = "\(account): \(archived) messages (\(ByteCount.text(Int(archivedBytes))))"
            + ", \(deletedOnServer) deleted on the server"
        if imported > 0 { line += ", \(imported) known from another tool" }
        line += "; last run \(formatter.string(from: lastRunStarted)): \(lastRunOutcome ?? "?")"
            + ", fetched \(lastRunFetched ?? 0)"
        if let lastError, let lastErrorAt {
            // Escaped again: a row written before errors were escaped may hold a server's raw words.
            line += "\n  last error (\(formatter.string(from: lastErrorAt))): \(lastError.terminalSafe)"
        }
        return line
    }
}
