#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// The `From ` line that starts each message in an mbox: `From <sender> <asctime date>`.
public enum MboxSeparator {
    static let nullSender = "MAILER-DAEMON"

    /// `From sender Sun Nov 22 03:10:33 2026\n`, the date in UTC.
    static func line(returnPath: String?, receivedAt: Date) -> [UInt8] {
        Array("From \(text(returnPath: returnPath, receivedAt: receivedAt))\n".utf8)
    }

    /// The separator `MboxSink` derives when it is given none, without `From ` and the line end:
    /// `sender Sun Nov 22 03:10:33 2026`.
    public static func text(returnPath: String?, receivedAt: Date) -> String {
        "\(sender(returnPath: returnPath)) \(asctime(receivedAt))"
    }

    /// The address inside `Return-Path` (`<a@b>` → `a@b`), or `MAILER-DAEMON` for a missing or null
    /// (`<>`) path, or one with white space or control characters that would break the line's fields.
    static func sender(returnPath: String?) -> String {
        guard var value = returnPath?.trimmingCharacters(in: .whitespaces) else { return nullSender }
        if let open = value.firstIndex(of: "<") {
            let rest = value[value.index(after: open)...]
            value = String(rest[..<(rest.firstIndex(of: ">") ?? rest.endIndex)])
        }
        let usable = !value.isEmpty && value.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value != 0x7F }
        return usable ? value : nullSender
    }

    /// C `asctime` layout in UTC, day of month padded with a space: `Sun Nov  2 03:10:33 2026`.
    static func asctime(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let day = parts.tm_mday < 10 ? " \(parts.tm_mday)" : "\(parts.tm_mday)"
        return "\(days[Int(parts.tm_wday)]) \(months[Int(parts.tm_mon)]) \(day) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) \(1900 + Int(parts.tm_year))"
    }

    /// A given separator text, if it can stand on the `From ` line: not empty, no line end or NUL.
    static func usableText(_ text: String) -> String? {
        guard !text.isEmpty, !text.utf8.contains(where: { $0 == ASCII.lf || $0 == ASCII.cr || $0 == 0 }) else {
            return nil
        }
        return text
    }
}
