import ArchiverEngine
import Foundation

/// Prints what `popvault rotate` did: one line per segment, or the JSON report.
struct RotationSummaryPrinter {
    var quiet: Bool
    var json: Bool

    init(output: OutputOptions) {
        quiet = output.quiet
        json = output.report == .json
    }

    func print(_ results: [AccountRotationResult], exitCode: Int32) throws {
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            let report = RotationReport(accounts: results.map(RotationReport.Account.init), exitCode: exitCode)
            Swift.print(String(decoding: try encoder.encode(report), as: UTF8.self))
            return
        }
        for result in results {
            if let failure = result.failure {
                ExitStatus.printError(failure)
            }
            guard !quiet else { continue }
            if result.rotated.isEmpty && result.failure == nil {
                Swift.print("\(result.account): nothing due")
            }
            for segment in result.rotated {
                Swift.print("\(result.account): " + Self.line(segment))
            }
        }
    }

    /// `work.mbox → work-2026-10.mbox.gz: 1.0 GiB → 251.3 MiB (24.5 %), 1234 messages`.
    static func line(_ segment: RotatedSegment) -> String {
        let ratio = segment.bytes > 0 ? Double(segment.compressedBytes) * 100 / Double(segment.bytes) : 0
        var text = "\(segment.segment) → \(segment.target): \(ByteCount.text(Int(segment.bytes))) → "
            + "\(ByteCount.text(Int(segment.compressedBytes))) (\(String(format: "%.1f", ratio)) %)"
        text += segment.resumed ? ", completed an interrupted rotation" : ", \(segment.messages) messages"
        return text
    }
}

/// The `--report json` form of a `popvault rotate` run.
struct RotationReport: Encodable {
    struct Account: Encodable {
        var account: String
        var rotated: [RotatedSegment]
        var skipped: String?
        var error: String?

        init(_ result: AccountRotationResult) {
            account = result.account
            rotated = result.rotated
            skipped = result.skipped
            error = result.failure?.description
        }
    }

    var accounts: [Account]
    var exitCode: Int32
}
