import Foundation

/// Deterministic sample mail for `popvault demo` and tests: plain and multipart messages with
/// base64 attachments, RFC 2047 subjects in several scripts, RFC 2231 file names, and the body
/// lines that trip up naive archivers (lines starting with "From " and with ".").
public enum SampleMail {
    /// `count` messages (LF line ends), the same for the same `seed`.
    public static func messages(count: Int, seed: UInt64 = 1) -> [[UInt8]] {
        var generator = SplitMix64(seed: seed)
        return (0..<count).map { index in message(index: index, random: &generator) }
    }

    private static let subjects: [(encoded: String, plain: String)] = [
        ("=?UTF-8?B?5Lya6K6u57qq6KaB?=", "会议纪要"),
        ("=?UTF-8?Q?R=C3=A9sum=C3=A9_du_trimestre?=", "Résumé du trimestre"),
        ("=?UTF-8?B?0J7RgtGH0ZHRgiDQt9CwINC60LLQsNGA0YLQsNC7?=", "Отчёт за квартал"),
        ("=?UTF-8?B?6KuL5rGC5pu4?=", "請求書"),
        ("Quarterly pipeline review", "Quarterly pipeline review"),
    ]

    private static let words = [
        "archive", "backup", "invoice", "meeting", "report", "quarterly", "pipeline", "mailbox",
        "server", "protocol", "delivery", "attachment", "budget", "review", "schedule", "contract",
    ]

    private static func message(index: Int, random: inout SplitMix64) -> [UInt8] {
        let subject = subjects[index % subjects.count]
        let date = Date(timeIntervalSince1970: 1_700_000_000 + Double(index) * 3_600)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        var header = """
            Return-Path: <sender\(index % 7)@example.org>
            From: Sender \(index % 7) <sender\(index % 7)@example.org>
            To: demo@example.com
            Subject: \(subject.encoded) #\(index + 1)
            Date: \(formatter.string(from: date))
            Message-ID: <demo.\(index + 1).\(random.next() % 1_000_000)@example.org>
            MIME-Version: 1.0

            """
        var body = ""
        for line in 0..<Int(5 + random.next() % 40) {
            body += (0..<8).map { _ in words[Int(random.next() % UInt64(words.count))] }.joined(separator: " ")
            body += "\n"
            if line == 2 { body += "From here on, this line starts with \"From \".\n" }
            if line == 3 { body += ".a line that starts with a dot\n.\n" }
        }
        guard index % 3 == 1 else {
            header += "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n"
            return Array((header + body).utf8)
        }
        let boundary = "=_demo_\(index)"
        let attachment = (0..<Int(2_000 + random.next() % 30_000)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        let encoded = Data(attachment).base64EncodedString(options: [.lineLength76Characters, .endLineWithLineFeed])
        let name = index % 2 == 0 ? "report-\(index).pdf" : "\(subject.plain)-\(index).pdf"
        let percent = name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? name
        header += "Content-Type: multipart/mixed; boundary=\"\(boundary)\"\n\n"
        let text = """
            This is a multi-part message in MIME format.
            --\(boundary)
            Content-Type: text/plain; charset=utf-8
            Content-Transfer-Encoding: 8bit

            \(body)
            --\(boundary)
            Content-Type: application/pdf
            Content-Disposition: attachment; filename*=UTF-8''\(percent)
            Content-Transfer-Encoding: base64

            \(encoded)
            --\(boundary)--

            """
        return Array((header + text).utf8)
    }
}

/// A small deterministic generator (SplitMix64), so sample mail is identical on every machine.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
