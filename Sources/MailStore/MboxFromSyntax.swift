/// Recognises the From_ line syntax of RFC 4155 §2 as mutt's `is_from` does:
/// `From <sender> <asctime date>`, with the variants real writers produce.
///
/// Accepted after `From `: any sender tokens (none, `-` from Thunderbird, `alice at example.org` from
/// Mailman, `1234567890@xxx` from Google Takeout), then a weekday, a month, a day (`7` or `07`), a
/// time with or without seconds, then a year (2 or 4 digits) within the next two tokens, the other
/// one being a zone (`-0000`, `+0100`, `UTC`); anything after the year (`remote from host`) is
/// ignored. A body line that merely starts with `From ` ("From the desk of…") has no such date.
public enum MboxFromSyntax {
    /// `line` is the From_ line without `From ` and without its line end (a trailing CR is ignored).
    public static func matches(_ bytes: [UInt8]) -> Bool {
        var tokens: [ArraySlice<UInt8>] = []
        tokens.reserveCapacity(16)
        var start = 0
        var end = bytes.count
        if end > 0 && bytes[end - 1] == 0x0D { end -= 1 }
        for index in 0...end where index == end || bytes[index] == 0x20 || bytes[index] == 0x09 {
            if index > start { tokens.append(bytes[start..<index]) }
            start = index + 1
        }
        return tokens.indices.contains { isWeekday(tokens[$0]) && dateFollows(tokens, $0) }
    }

    private static let weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].map { Array($0.utf8) }
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        .map { Array($0.utf8) }

    private static func isWeekday(_ token: ArraySlice<UInt8>) -> Bool {
        token.count == 3 && weekdays.contains { $0.elementsEqual(token) }
    }

    /// month day time, then the year in one of the next two tokens (the other a zone).
    private static func dateFollows(_ tokens: [ArraySlice<UInt8>], _ weekday: Int) -> Bool {
        guard weekday + 4 < tokens.count else { return false }
        let month = tokens[weekday + 1]
        let day = tokens[weekday + 2]
        guard month.count == 3, months.contains(where: { $0.elementsEqual(month) }),
            (1...2).contains(day.count), day.allSatisfy(isDigit), isTime(tokens[weekday + 3])
        else { return false }
        let year = tokens[weekday + 4]
        if isYear(year) { return true }
        guard isZone(year), weekday + 5 < tokens.count else { return false }
        return isYear(tokens[weekday + 5])
    }

    /// `h:mm`, `hh:mm` or `hh:mm:ss`.
    private static func isTime(_ token: ArraySlice<UInt8>) -> Bool {
        let fields = token.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
        guard fields.count == 2 || fields.count == 3, (1...2).contains(fields[0].count) else { return false }
        return fields.allSatisfy { !$0.isEmpty && $0.count <= 2 && $0.allSatisfy(isDigit) }
    }

    private static func isYear(_ token: ArraySlice<UInt8>) -> Bool {
        (token.count == 4 || token.count == 2) && token.allSatisfy(isDigit)
    }

    /// `+0100`, `-0000`, or a zone name (`UTC`, `PST`).
    private static func isZone(_ token: ArraySlice<UInt8>) -> Bool {
        guard let first = token.first else { return false }
        if first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
            return token.count == 5 && token.dropFirst().allSatisfy(isDigit)
        }
        return token.count <= 5 && token.allSatisfy { ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A }
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
}
