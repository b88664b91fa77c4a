import ArchiverEngine
import Foundation
import Ledger

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
            Swift.print(String(decoding: data, as: UTF8.self))
            return
        }
        for result in results {
            if let failure = result.failure {
                FileHandle.standardError.write(Data("popvault: error: \(failure)\n".utf8))
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
            return text
        }
        var text = "\(report.account): \(report.outcome.rawValue): fetched \(report.fetched) messages"
            + " (\(ByteCount.text(Int(report.fetchedBytes)))), \(report.alreadyKnown) already archived"
        if report.knownFromAnotherTool > 0 { text += ", \(report.knownFromAnotherTool) known from another tool" }
        text += ", deleted \(report.deleted)"
        if report.recovered > 0 { text += ", settled \(report.recovered) from an interrupted run" }
        let rematched = report.folders?.reduce(0) { $0 + $1.rematched } ?? 0
        if rematched > 0 { text += ", recognised \(rematched) under a new UIDVALIDITY or folder name" }
        if let missing = report.missingFolders {
            text += "\n  folders not on the server: " + missing.joined(separator: ", ")
        }
        for segment in report.rotated {
            text += "\n  rotated " + RotationSummaryPrinter.line(segment)
        }
        if !report.sizeMismatches.isEmpty {
            text += "\n  kept on the server (size differs from the archived copy): "
                + report.sizeMismatches.joined(separator: " ")
        }
        return text
    }
}

extension RunSummaryPrinter {
    /// A POP3 UIDL as it is; an IMAP ledger key as `folder UID n (UIDVALIDITY v)`.
    static func display(_ key: String) -> String {
        guard let imap = LedgerMessage.imapKeyComponents(key) else { return key }
        return "\(imap.folder) UID \(imap.uid) (UIDVALIDITY \(imap.uidValidity))"
    }
}

/// The whole run, as `--report json` writes it.
struct RunReport: Encodable {
    var accounts: [AccountReport]
    var exitCode: Int32
}
