import Foundation

/// The names of an account's mbox segments. The plain segment is the configured file (`work.mbox`);
/// rotated segments lie beside it, named from its stem (the name without `.mbox`):
/// - monthly: `work-2026-10.mbox.gz`, after the month (UTC) in which the segment's first recorded
///   message was archived; a second segment of the same month (e.g. a forced rotation) becomes
///   `work-2026-10.2.mbox.gz`, then `.3`, …;
/// - by size: `work-0001.mbox.gz`, `work-0002.mbox.gz`, …, one more than the highest number in use.
struct SegmentNaming {
    /// The plain segment's file name.
    let plain: String
    /// Names already taken: files in the directory and names the ledger uses.
    let taken: Set<String>

    /// `plain` without a trailing `.mbox`.
    var stem: String {
        plain.hasSuffix(".mbox") && plain.count > 5 ? String(plain.dropLast(5)) : plain
    }

    /// The compressed name for a segment whose messages were archived in `month` (UTC).
    func monthly(_ month: Date) -> String {
        let parts = Self.utc.dateComponents([.year, .month], from: month)
        let label = String(format: "%04d-%02d", parts.year ?? 1970, parts.month ?? 1)
        var name = "\(stem)-\(label).mbox.gz"
        var counter = 2
        while taken.contains(name) {
            name = "\(stem)-\(label).\(counter).mbox.gz"
            counter += 1
        }
        return name
    }

    /// The next numbered compressed name.
    func numbered() -> String {
        let prefix = "\(stem)-"
        let suffix = ".mbox.gz"
        var highest = 0
        for name in taken where name.hasPrefix(prefix) && name.hasSuffix(suffix) {
            let middle = name.dropFirst(prefix.count).dropLast(suffix.count)
            if !middle.isEmpty, middle.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(middle) {
                highest = max(highest, number)
            }
        }
        var number = highest + 1
        while taken.contains(prefix + String(format: "%04d", number) + suffix) {
            number += 1
        }
        return prefix + String(format: "%04d", number) + suffix
    }

    /// The temporary name a compressed segment is written under before it is renamed to `target`:
    /// hidden, in the same directory.
    static func temporary(for target: String) -> String {
        ".\(target).tmp"
    }

    /// Months are counted in UTC, whatever the machine's time zone, so names never depend on it.
    static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    /// A month as one number (year × 12 + month), to compare months.
    static func monthIndex(_ date: Date) -> Int {
        let parts = utc.dateComponents([.year, .month], from: date)
        return (parts.year ?? 1970) * 12 + (parts.month ?? 1)
    }
}
