import ArchiverEngine
import Foundation
import UntrustedText

extension Verify {
    /// One line per finding (on stdout: they are the command's result), then the summary line.
    static func printFindings(_ result: AccountVerification, quiet: Bool) {
        for finding in result.findings {
            var line = "\(finding.kind.rawValue) \(result.account) \(finding.location)"
            line += " uidl=\(finding.key ?? "-")"
            if !finding.detail.isEmpty { line += ": \(finding.detail)" }
            if let key = finding.repairedKey { line += " (recorded as \"\(key)\")" }
            // An IMAP key holds the server's folder name.
            print(line.terminalSafe)
        }
        if !quiet || !result.isConsistent { print(summaryLine(result)) }
        if result.relocationsRecorded && !quiet {
            print("verify \(result.account): recorded the new path of \(result.relocated.count) moved messages")
        }
    }

    static func summaryLine(_ r: AccountVerification) -> String {
        "verify \(r.account): \(r.checked) recorded, \(r.matched) ok, \(r.count(.missing)) missing, "
            + "\(r.count(.altered)) altered, \(r.count(.unrecorded)) unrecorded"
            + (r.repaired > 0 ? " (\(r.repaired) recorded by --repair)" : "")
    }

    struct Report: Encodable {
        struct Account: Encodable {
            var account: String
            var checked, matched, missing, altered, unrecorded, repaired, moved: Int
            var consistent: Bool
            var findings: [Finding]
        }

        struct Finding: Encodable {
            var kind: String
            var location: String
            var uidl: String?
            var detail: String
            var repairedKey: String?
        }

        var accounts: [Account]
        var consistent: Bool
    }

    static func jsonReport(_ results: [AccountVerification]) throws -> String {
        let accounts = results.map { r in
            Report.Account(
                account: r.account, checked: r.checked, matched: r.matched, missing: r.count(.missing),
                altered: r.count(.altered), unrecorded: r.count(.unrecorded), repaired: r.repaired,
                moved: r.relocated.count,
                consistent: r.isConsistent,
                findings: r.findings.map {
                    Report.Finding(kind: $0.kind.rawValue, location: $0.location, uidl: $0.key, detail: $0.detail,
                                   repairedKey: $0.repairedKey)
                })
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        let report = Report(accounts: accounts, consistent: results.allSatisfy(\.isConsistent))
        return TerminalEscaping.neutralizeJSON(String(decoding: try encoder.encode(report), as: UTF8.self))
    }
}
