import ArchiverEngine
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Extract {
    static func summaryLine(_ s: ExtractSummary) -> String {
        "extracted \(s.parts) parts (\(ByteCountText.text(s.bytesWritten)) written) from \(s.messages) messages; "
            + "\(s.duplicates) duplicates, \(s.defects) defects, \(s.errors) errors"
    }

    static func jsonReport(_ s: ExtractSummary) -> String {
        func list(_ items: [String]) -> String {
            "[" + items.map { "\"" + $0.replacingOccurrences(of: "\\", with: "\\\\")
                .replacingOccurrences(of: "\"", with: "\\\"")
                .unicodeScalars.map { $0.value < 0x20 ? "\\u00" + String(format: "%02x", $0.value) : String($0) }
                .joined() + "\"" }.joined(separator: ",") + "]"
        }
        return "{\"messages\":\(s.messages),\"parts\":\(s.parts),\"bytes_written\":\(s.bytesWritten),"
            + "\"bytes_read\":\(s.bytesRead),\"duplicates\":\(s.duplicates),\"defects\":\(s.defects),"
            + "\"errors\":\(s.errors),\"input_errors\":\(list(s.inputErrors)),"
            + "\"message_errors\":\(list(s.messageErrors))}"
    }
}

func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

enum ByteCountText {
    static func text(_ bytes: Int64) -> String {
        let units = ["B", "KB", "MB", "GB", "TB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1000 && unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        return unit == 0 ? "\(bytes) B" : String(format: "%.1f %@", value, units[unit])
    }
}

/// The one-line progress display on a terminal (stderr), redrawn at most 10 times a second.
final class ProgressLine: @unchecked Sendable {
    let enabled: Bool
    private let start = Date()
    private var last = Date.distantPast
    private var shown = false

    init(enabled: Bool) { self.enabled = enabled }

    func update(_ p: ExtractProgress) {
        guard enabled else { return }
        let now = Date()
        guard now.timeIntervalSince(last) >= 0.1 else { return }
        last = now
        let elapsed = max(now.timeIntervalSince(start), 0.001)
        let rate = ByteCountText.text(Int64(Double(p.bytesRead) / elapsed))
        let line = "\(p.messages) messages, \(p.parts) parts, \(ByteCountText.text(p.bytesRead)) read, \(rate)/s"
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + line).utf8))
        shown = true
    }

    func clear() {
        guard shown else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        shown = false
    }
}
