import Foundation

/// RFC 5322 §3.3 date-time, parsed leniently: `[day-of-week ","] day month year hour ":" minute
/// [":" second] zone`.
// QUIRK: obsolete zones (RFC 5322 §4.3: UT, GMT, EST…PDT, military letters), two-digit years
// (< 50 → 20xx), a missing zone (taken as UTC), and missing seconds are accepted; so is ISO-ish
// `dd Mon yyyy hh:mm:ss` with the weekday or comma missing.
public enum MessageDate {
    static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    static let zones: [String: Int] = [
        "ut": 0, "utc": 0, "gmt": 0, "z": 0, "est": -5, "edt": -4, "cst": -6, "cdt": -5,
        "mst": -7, "mdt": -6, "pst": -8, "pdt": -7,
    ]

    /// The instant `text` names, or nil when it is not a date-time this parser recognises.
    public static func parse(_ text: String) -> Date? {
        let cleaned = text.lowercased().map { c -> Character in
            c == "," || c == "\t" ? " " : c
        }
        var tokens = String(cleaned).split(separator: " ").map(String.init)
        // Drop a comment such as "(CET)" and a leading weekday.
        tokens = tokens.filter { !$0.hasPrefix("(") }
        if let first = tokens.first, first.count >= 3, first.allSatisfy(\.isLetter),
           !months.contains(String(first.prefix(3))) {
            tokens.removeFirst()
        }
        guard tokens.count >= 4 else { return nil }
        var day: Int?, month: Int?, year: Int?
        // Either "12 Jan 2024" or "Jan 12 2024".
        if let d = Int(tokens[0]) {
            day = d
            month = months.firstIndex(of: String(tokens[1].prefix(3))).map { $0 + 1 }
        } else if let d = Int(tokens[1]) {
            day = d
            month = months.firstIndex(of: String(tokens[0].prefix(3))).map { $0 + 1 }
        }
        year = Int(tokens[2])
        guard let day, let month, var year, (1...31).contains(day) else { return nil }
        if tokens[2].count <= 2 { year += year < 50 ? 2000 : 1900 } else if tokens[2].count == 3 { year += 1900 }
        let time = tokens[3].split(separator: ":").map { Int($0) }
        guard time.count >= 2, let hour = time[0], let minute = time[1], hour < 24, minute < 60 else { return nil }
        let second = time.count >= 3 ? (time[2] ?? 0) : 0
        var offset = 0
        if tokens.count >= 5 {
            let z = tokens[4]
            if let sign = z.first, sign == "+" || sign == "-", z.count >= 5, let v = Int(z.dropFirst().prefix(4)) {
                offset = (v / 100 * 60 + v % 100) * 60 * (sign == "-" ? -1 : 1)
            } else if let h = zones[z] {
                offset = h * 3600
            }
        }
        let days = daysFromCivil(year, month, day)
        let seconds = days * 86400 + hour * 3600 + minute * 60 + min(second, 60) - offset
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
    static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }
}
