import Foundation

/// The process's resident-set figures from `/proc/self/status` (Linux).
public enum ProcessMemory {
    /// Peak resident set size (`VmHWM`) in bytes, or nil where `/proc` is not available.
    public static var peakResidentBytes: Int? { field("VmHWM") }

    /// Current resident set size (`VmRSS`) in bytes.
    public static var residentBytes: Int? { field("VmRSS") }

    /// Resets the peak to the current RSS (writes 5 to `/proc/self/clear_refs`); false if not permitted.
    @discardableResult
    public static func resetPeak() -> Bool {
        guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return false }
        defer { try? handle.close() }
        return (try? handle.write(contentsOf: Data("5".utf8))) != nil
    }

    private static func field(_ name: String) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix(name + ":") {
            let kilobytes = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst().first.flatMap { Int($0) }
            return kilobytes.map { $0 * 1024 }
        }
        return nil
    }
}
