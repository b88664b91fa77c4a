/// One table of header lines every reader of a header block is tested against (the MIME parser, the sinks'
/// header sniffer, the `TOP` check's wire reader, export), so that they read the same lines as fields.
///
/// Each line names `Date` (which all of them record) or is not a field; `name` is the field name it gives
/// (lowercased), nil when it is not a field line.
public enum HeaderLineFixtures {
    /// The value of every `Date` line of the table.
    public static let date = "Sun, 22 Nov 2026 03:10:33 +0000"

    public static let rows: [(line: String, name: String?)] = [
        ("Date: \(date)", "date"),
        ("Date:\(date)", "date"),
        ("DATE: \(date)", "date"),
        // RFC 5322 §4.5: white space before the colon.
        ("Date : \(date)", "date"),
        ("Date\t: \(date)", "date"),
        ("Date \t  :\(date)", "date"),
        ("Dates: \(date)", "dates"),
        ("X-Date : \(date)", "x-date"),
        ("From : a@example.org", "from"),
        (": \(date)", ""),
        // A space or a byte outside printable ASCII inside the name, or no colon after it: not a field.
        ("Date x: \(date)", nil),
        ("Da te: \(date)", nil),
        ("Date\u{01}: \(date)", nil),
        ("Date\u{7F}: \(date)", nil),
        ("Dat\u{E9}: \(date)", nil),
        ("Date \(date)", nil),
        ("From a@example.org Sun Nov 22 03:10:33 2026", nil),
        ("From x", nil),
    ]

    /// The rows as messages: the line, an empty line, a body.
    public static func messages(lineEnd: String = "\n") -> [(message: [UInt8], row: (line: String, name: String?))] {
        rows.map { (Array("\($0.line)\(lineEnd)\(lineEnd)body\(lineEnd)".utf8), $0) }
    }
}
