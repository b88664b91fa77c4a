import Foundation
import MIME

/// The text of an mbox `From ` line (without `From ` and the line end): `sender asctime-date`, as
/// RFC 4155 §2 describes it, e.g. `alice@example.com Mon Jan  1 10:00:00 2024`.
enum FromLine {
    /// The instant of the line's date, or nil when it has none this parser reads.
    ///
    /// QUIRK: RFC 4155 wants the C `asctime` layout in UTC; some writers append a zone
    /// (`… 2024 +0100`) or a zone name, which is honoured when `MessageDate` knows it.
    static func date(_ text: String) -> Date? {
        let tokens = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        // sender, weekday, month, day, time, year [, zone]
        guard tokens.count >= 6 else { return nil }
        let zone = tokens.count >= 7 ? tokens[6] : "+0000"
        return MessageDate.parse("\(tokens[3]) \(tokens[2]) \(tokens[5]) \(tokens[4]) \(zone)")
    }
}
