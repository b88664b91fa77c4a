import Foundation

/// mbox files as other programs write them, generated for the splitter's tests (issue 14 item 1).
/// Each holds three messages, each message one attachment `note-<i>.txt`.
public struct MboxDialect: Sendable {
    public var name: String
    public var bytes: [UInt8]
    /// What mutt (and popvault on a foreign file) counts.
    public var messages: Int
    /// What Python's `mailbox.mbox` counts: any line starting `From ` is a separator for it.
    public var pythonMessages: Int

    /// The writers, in the order of `all`.
    public static let names = [
        "mboxo", "mboxrd", "mboxcl", "mboxcl2", "thunderbird", "apple-mail", "google-takeout", "mailman", "crlf",
    ]

    /// The separator line's text after `From ` for message `index`, per writer.
    static func separator(_ name: String, _ index: Int) -> String {
        switch name {
        case "mboxo": return "alice@example.org Mon Dec  \(index + 7) 21:57:03 2026"
        case "mboxrd": return "MAILER-DAEMON Tue Dec  8 09:0\(index):11 2026"
        case "mboxcl": return "bob@example.org Wed Dec  9 10:00:0\(index) 2026 -0000"
        case "mboxcl2": return "bob@example.org Wed Dec  9 10:00:0\(index) 2026"
        case "thunderbird": return "- Thu Dec 10 12:34:56 2026"
        case "apple-mail": return "carol@example.org Fri Dec 11 08:1\(index) 2026"
        case "google-takeout": return "17\(index)5432109876543210@xxx Sat Dec 12 07:06:05 +0000 2026"
        case "mailman": return "dave at example.org  Sun Dec 13 0\(index):00:00 2026"
        default: return "erin@example.org Mon Dec 14 23:59:59 PST 2026"
        }
    }

    /// Every dialect, in `names` order.
    public static var all: [MboxDialect] { names.map(make) }

    static func make(_ name: String) -> MboxDialect {
        let eol = name == "crlf" ? "\r\n" : "\n"
        // mboxo and mboxcl quote body `From ` lines once, mboxrd every `>*From `; mboxcl2 and the
        // exports here leave them alone (a body line without the From_ date).
        let bodyFrom: String
        switch name {
        case "mboxo", "mboxcl": bodyFrom = ">From the desk of Alice"
        case "mboxrd": bodyFrom = ">>From the desk of Alice"
        default: bodyFrom = "From the desk of Alice"
        }
        // Apple Mail, Takeout and Thunderbird exports here write no blank line before a From_ line.
        let blankBefore = !["apple-mail", "google-takeout", "thunderbird"].contains(name)
        var text = ""
        for index in 0..<3 {
            let body = [
                "--b", "Content-Type: text/plain", "", bodyFrom, "yours, Alice", "--b",
                "Content-Type: text/plain", "Content-Disposition: attachment; filename=\"note-\(index).txt\"", "",
                "note \(index)", "--b--",
            ].map { $0 + eol }.joined()
            var header = [
                "From: alice@example.org", "Subject: dialect \(name) \(index)",
                "Message-ID: <\(name)-\(index)@example.org>", "Date: Mon, 7 Dec 2026 21:57:03 +0000",
                "MIME-Version: 1.0", "Content-Type: multipart/mixed; boundary=\"b\"",
            ]
            if name.hasPrefix("mboxcl") { header.append("Content-Length: \(body.utf8.count)") }
            if name == "thunderbird" { header.insert("X-Mozilla-Status: 0001", at: 0) }
            if name == "google-takeout" { header.insert("X-GM-THRID: 17\(index)54321", at: 0) }
            if index > 0 && blankBefore { text += eol }
            text += "From \(separator(name, index))" + eol + header.map { $0 + eol }.joined() + eol + body
        }
        let unquoted = bodyFrom.hasPrefix("From ") ? 3 : 0
        return MboxDialect(name: name, bytes: Array(text.utf8), messages: 3, pythonMessages: 3 + unquoted)
    }
}
