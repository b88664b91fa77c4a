/// An `INTERNALDATE` (RFC 3501 §9 `date-time`): `"17-Jul-1996 02:44:25 -0700"`.
public struct IMAPInternalDate: Sendable, Hashable, CustomStringConvertible {
    public var year: Int
    /// 1–12.
    public var month: Int
    public var day: Int
    public var hour: Int
    public var minute: Int
    public var second: Int
    /// The zone's offset from UTC in minutes (`-0700` is -420).
    public var zoneMinutes: Int

    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// Parses `date-time` without its quotes, or returns `nil`.
    ///
    /// `date-day-fixed = (SP DIGIT) / 2DIGIT`; QUIRK: a day without the leading space (`"7-Jul-…"`),
    /// which RFC 3501 §9 does not allow, is accepted too (some servers trim it).
    public init?<Text: StringProtocol>(_ text: Text) {
        let parts = text.trimmingLeadingSpace.split(separator: " ")
        guard parts.count == 3 else { return nil }
        let date = parts[0].split(separator: "-")
        let time = parts[1].split(separator: ":")
        let zone = parts[2]
        guard date.count == 3, time.count == 3, zone.count == 5,
            let day = Int(date[0]), (1...31).contains(day), date[0].count <= 2,
            let monthIndex = Self.months.firstIndex(where: { $0.lowercased() == date[1].lowercased() }),
            date[2].count == 4, let year = Int(date[2]),
            time.allSatisfy({ $0.count == 2 }),
            let hour = Int(time[0]), let minute = Int(time[1]), let second = Int(time[2]),
            hour < 24, minute < 60, second < 61,
            let sign = zone.first, sign == "+" || sign == "-", let offset = Int(zone.dropFirst()),
            zone.dropFirst().allSatisfy(\.isASCIIDigit)
        else { return nil }
        (self.year, self.month, self.day) = (year, monthIndex + 1, day)
        (self.hour, self.minute, self.second) = (hour, minute, second)
        self.zoneMinutes = (sign == "-" ? -1 : 1) * (offset / 100 * 60 + offset % 100)
    }

    /// Seconds since 1970-01-01T00:00:00Z.
    public var secondsSince1970: Int {
        // Days from civil (proleptic Gregorian), H. Hinnant's algorithm.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        return days * 86_400 + hour * 3600 + minute * 60 + second - zoneMinutes * 60
    }

    /// The wire form.
    public var description: String {
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let zone = abs(zoneMinutes)
        let sign = zoneMinutes < 0 ? "-" : "+"
        return "\(two(day))-\(Self.months[month - 1])-\(year) \(two(hour)):\(two(minute)):\(two(second)) "
            + "\(sign)\(two(zone / 60))\(two(zone % 60))"
    }
}

extension StringProtocol {
    fileprivate var trimmingLeadingSpace: SubSequence { self.drop { $0 == " " } }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
