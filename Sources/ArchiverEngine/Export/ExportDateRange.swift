import Foundation

/// `--since` / `--until`: which messages an export takes, by their `Date:` header (RFC 5322 §3.6.1,
/// parsed by `MessageDate`). Both ends are inclusive. A message without a parseable `Date:` is
/// taken only when neither end is set.
public struct ExportDateRange: Sendable, Equatable {
    public var since: Date?
    public var until: Date?

    public init(since: Date? = nil, until: Date? = nil) {
        self.since = since
        self.until = until
    }

    /// True when no end is set.
    public var isUnbounded: Bool { since == nil && until == nil }

    /// Whether a message dated `date` is exported.
    public func admits(_ date: Date?) -> Bool {
        if isUnbounded { return true }
        guard let date else { return false }
        if let since, date < since { return false }
        if let until, date > until { return false }
        return true
    }

    /// Parses a command-line date: `YYYY-MM-DD` (a UTC day: its first second for `since`, its last
    /// for `until`, so `--until 2024-01-31` includes all of January 31) or a full RFC 3339
    /// date-time (`2024-01-31T12:00:00Z`, `…+01:00`), taken as is. Nil when malformed.
    public static func parse(_ text: String, endOfDay: Bool) -> Date? {
        let bytes = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[range] {
                guard byte >= 0x30 && byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        guard bytes.count >= 10, bytes[4] == 0x2D, bytes[7] == 0x2D,
            let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        guard let midnight = Self.midnight(year: year, month: month, day: day) else { return nil }
        if bytes.count == 10 { return Date(timeIntervalSince1970: endOfDay ? midnight + 86399 : midnight) }
        guard bytes.count >= 20, bytes[10] == 0x54 || bytes[10] == 0x74 || bytes[10] == 0x20,
            bytes[13] == 0x3A, bytes[16] == 0x3A,
            let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
            hour < 24, minute < 60, second < 61
        else { return nil }
        var zoneStart = 19
        if bytes[19] == 0x2E {  // fractional seconds: ignored
            zoneStart = 20
            while zoneStart < bytes.count, bytes[zoneStart] >= 0x30, bytes[zoneStart] <= 0x39 { zoneStart += 1 }
        }
        let zone = Array(bytes[zoneStart...])
        var offset = 0
        if zone == [0x5A] || zone == [0x7A] {
            offset = 0
        } else if zone.count == 6, zone[0] == 0x2B || zone[0] == 0x2D, zone[3] == 0x3A,
            let hours = number((zoneStart + 1)..<(zoneStart + 3)),
            let minutes = number((zoneStart + 4)..<(zoneStart + 6))
        {
            offset = (hours * 60 + minutes) * 60 * (zone[0] == 0x2D ? -1 : 1)
        } else {
            return nil
        }
        return Date(timeIntervalSince1970: midnight + Double(hour * 3600 + minute * 60 + second - offset))
    }

    /// Seconds since 1970 of 00:00 UTC on that day (a day past the month's end is refused).
    private static func midnight(year: Int, month: Int, day: Int) -> Double? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let components = DateComponents(year: year, month: month, day: day)
        guard components.isValidDate(in: calendar), let date = calendar.date(from: components) else { return nil }
        return date.timeIntervalSince1970
    }
}
