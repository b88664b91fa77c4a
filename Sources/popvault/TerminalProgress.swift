import ArchiverEngine
import Foundation
import Synchronization

/// The progress line on a terminal: messages n/N, bytes, rate and ETA, summed over the accounts
/// running at the moment. Draws nothing when stderr is not a terminal or output is quiet.
final class TerminalProgress: FetchProgress {
    private struct Counts {
        var plannedMessages = 0
        var plannedBytes = 0
        var doneMessages: [String: Int] = [:]
        var doneBytes: [String: Int] = [:]
        var lastDraw = Date.distantPast
        var drawn = false
    }

    private let enabled: Bool
    private let started = Date()
    private let state = Mutex(Counts())

    init(enabled: Bool) {
        self.enabled = enabled && isatty(STDERR_FILENO) == 1
    }

    func planned(account: String, messages: Int, bytes: Int) {
        state.withLock {
            $0.plannedMessages += messages
            // Sizes the servers announced: saturated, a progress line is no reason to stop.
            let (sum, overflow) = $0.plannedBytes.addingReportingOverflow(bytes)
            $0.plannedBytes = overflow ? .max : sum
        }
    }

    func committed(account: String, messages: Int, bytes: Int) {
        guard enabled else { return }
        let line: String? = state.withLock { counts in
            counts.doneMessages[account] = messages
            counts.doneBytes[account] = bytes
            let now = Date()
            guard now.timeIntervalSince(counts.lastDraw) >= 0.1 else { return nil }
            counts.lastDraw = now
            counts.drawn = true
            return Self.render(counts, elapsed: now.timeIntervalSince(started))
        }
        if let line { FileHandle.standardError.write(Data(line.utf8)) }
    }

    /// Ends the progress line so that what follows starts on a fresh line.
    func finish() {
        let drawn = state.withLock { $0.drawn }
        if enabled, drawn { FileHandle.standardError.write(Data("\n".utf8)) }
    }

    private static func render(_ counts: Counts, elapsed: TimeInterval) -> String {
        let messages = counts.doneMessages.values.reduce(0, +)
        let bytes = counts.doneBytes.values.reduce(0, +)
        let rate = elapsed > 0 ? Double(bytes) / elapsed : 0
        var eta = "--:--"
        if rate > 0, counts.plannedBytes > bytes {
            let left = Double(counts.plannedBytes - bytes) / rate
            if left < 100 * 3600 {
                let seconds = Int(left)
                eta = String(format: "%02d:%02d", seconds / 60, seconds % 60)
            }
        }
        return "\r\u{1B}[K\(messages)/\(counts.plannedMessages) messages, \(ByteCount.text(bytes)), "
            + "\(ByteCount.text(Int(rate)))/s, ETA \(eta)"
    }
}

/// Human-readable byte counts (binary units).
enum ByteCount {
    static func text(_ bytes: Int) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return unit == 0 ? "\(bytes) B" : String(format: "%.1f %@", value, units[unit])
    }
}
