import ArchiverEngine
import Foundation
import Ledger
import UntrustedText

/// Prints what a fetch run did: one line per account, or the JSON report.
struct RunSummaryPrinter {
    var quiet = false
    var json = false

    init(quiet: Bool = false, json: Bool = false) {
        self.quiet = quiet
        self.json = json
    }

    init(output: OutputOptions) {
        self.init(quiet: output.quiet, json: output.report == .json)
    }

    func print(_ results: [AccountRunResult]) throws {
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            encoder.dateEncodingStrategy = .iso8601
            let data = try encoder.encode(RunReport(accounts: results.map(\.report), exitCode: ExitStatus.code(for: results)))
            Swift.print(TerminalEscaping.neutralizeJSON(String(decoding: data, as: UTF8.self)))
            return
        }
        for result in results {
            if let failure = result.failure {
                ExitStatus.printError(failure)
            }
            guard !quiet else { continue }
            Swift.print(line(result.report))
        }
    }

    private func line(_ report: AccountReport) -> String {
        if report.outcome == .planned {
            var text = "\(report.account): would fetch \(report.wouldFetch.count) of \(report.serverMessages)"
                + " messages, would delete \(report.wouldDelete.count)"
            for key in report.wouldFetch { text += "\n  fetch \(Self.display(key))" }
            for key in report.wouldDelete { text += "\n  delete \(Self.display(key))" }
            return text + Self.duplicates(report)
        }
        var text = "\(report.account): \(report.outcome.rawValue): fetched \(report.fetched) messages"
            + " (\(ByteCount.text(Int(report.fetchedBytes)))), \(report.alreadyKnown) already archived"
        if report.knownFromAnotherTool > 0 { text += ", \(report.knownFromAnotherTool) known from another tool" }
        text += ", deleted \(report.deleted)"
        if report.recovered > 0 { text += ", settled \(report.recovered) from an interrupted run" }
        let rematched = report.folders?.reduce(0) { $0 + $1.rematched } ?? 0
        if rematched > 0 { text += ", recognised \(rematched) under a new UIDVALIDITY or folder name" }
        if let missing = report.missingFolders {
            text += "\n  folders not on the server: " + missing.map(\.terminalSafe).joined(separator: ", ")
        }
        for segment in report.rotated {
            text += "\n  rotated " + RotationSummaryPrinter.line(segment)
        }
        for change in report.folders?.compactMap(\.changedBeforeExpunge) ?? [] {
            text += "\n  \(change.folder.terminalSafe): nothing expunged, the folder changed (\(change.reason))"
        }
        if !report.sizeMismatches.isEmpty {
            text += "\n  kept on the server (size differs from the archived copy): "
                + report.sizeMismatches.map(Self.display).joined(separator: " ")
        }
        if !report.identityMismatches.isEmpty {
            text += "\n  kept on the server (not the message archived under its UIDL): "
                + report.identityMismatches.map(Self.display).joined(separator: " ")
        }
        return text + Self.duplicates(report)
    }
}

extension RunSummaryPrinter {
    /// The warning line for UIDLs the server lists for several messages, or "".
    static func duplicates(_ report: AccountReport) -> String {
        guard !report.duplicateUIDLs.isEmpty else { return "" }
        return "\n  never deleted (UIDL listed for several messages): "
            + report.duplicateUIDLs.map(Self.display).joined(separator: " ")
    }

    /// A POP3 UIDL as it is; an IMAP ledger key as `folder UID n (UIDVALIDITY v)`; terminal controls escaped
    /// (a folder name is the server's).
    static func display(_ key: String) -> String {
        guard let imap = LedgerMessage.imapKeyComponents(key) else { return key.terminalSafe }
        return "\(imap.folder.terminalSafe) UID \(imap.uid) (UIDVALIDITY \(imap.uidValidity))"
    }
}

/// The whole run, as `--report json` writes it.
struct RunReport: Encodable {
    var accounts: [AccountReport]
    var exitCode: Int32
}
