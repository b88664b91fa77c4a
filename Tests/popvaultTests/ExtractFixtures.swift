import Foundation

/// Messages the extract tests write themselves.
enum ExtractFixtures {
    /// Base64 of `bytes`, in 76-column lines.
    static func base64(_ bytes: [UInt8]) -> String {
        let text = Data(bytes).base64EncodedString()
        var lines: [Substring] = []
        var rest = Substring(text)
        while !rest.isEmpty {
            lines.append(rest.prefix(76))
            rest = rest.dropFirst(76)
        }
        return lines.joined(separator: "\n")
    }

    static let pdf = Array("%PDF-1.4 invoice body\n".utf8) + (0..<3000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
    static let sheet = Array("PK\u{3}\u{4} spreadsheet".utf8) + (0..<5000).map { UInt8(truncatingIfNeeded: $0 &* 13) }
    static let image = [0x89, 0x50, 0x4E, 0x47] + (0..<700).map { UInt8(truncatingIfNeeded: $0 &* 31) }
    static let nestedFile = Array("attached to the attached message\n".utf8)

    /// GB2312 name in an RFC 2047 word (quoted, as real mailers do), an RFC 2231 name in pieces, an
    /// unnamed inline image with a Content-ID, and a dangerous name.
    static func namesMessage() -> String {
        """
        From: =?UTF-8?B?5byg5LiJ?= <zhang@example.com>
        To: you@example.com
        Subject: =?GB2312?B?t6LGsQ==?=
        Date: Tue, 05 Mar 2024 10:00:00 +0000
        Message-ID: <names@example.com>
        MIME-Version: 1.0
        Content-Type: multipart/mixed; boundary="outer"

        --outer
        Content-Type: multipart/related; boundary="rel"

        --rel
        Content-Type: text/html; charset=utf-8

        <p>see <img src="cid:logo@x"></p>
        --rel
        Content-Type: image/png
        Content-ID: <logo@x>
        Content-Transfer-Encoding: base64

        \(base64(image))
        --rel--
        --outer
        Content-Type: application/pdf; name="=?GB2312?B?t6LGsS5wZGY=?="
        Content-Disposition: attachment; filename="=?GB2312?B?t6LGsS5wZGY=?="
        Content-Transfer-Encoding: base64

        \(base64(pdf))
        --outer
        Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet
        Content-Disposition: attachment;
         filename*0*=utf-8''%E5%AD%A3%E5%BA%A6%E6%8A%A5;
         filename*1*=%E5%91%8A%202024.xlsx
        Content-Transfer-Encoding: base64

        \(base64(sheet))
        --outer
        Content-Type: text/plain
        Content-Disposition: attachment; filename="../../\u{1B}[31mevil.sh"

        echo pwned
        --outer
        Content-Type: text/plain
        Content-Disposition: attachment; filename="CON.txt"

        device
        --outer--

        """
    }

    /// The same PDF again (a duplicate), and an attached message that carries its own attachment.
    static func nestedMessage() -> String {
        """
        From: bob@example.com
        Subject: fwd
        Date: Tue, 30 Apr 2024 23:30:00 -0200
        Message-ID: <nested@example.com>
        MIME-Version: 1.0
        Content-Type: multipart/mixed; boundary="a"

        --a
        Content-Type: text/plain

        forwarding
        --a
        Content-Type: application/pdf
        Content-Disposition: attachment; filename="copy.pdf"
        Content-Transfer-Encoding: base64

        \(base64(pdf))
        --a
        Content-Type: message/rfc822

        From: carol@example.com
        Subject: inner
        Message-ID: <inner@example.com>
        MIME-Version: 1.0
        Content-Type: multipart/mixed; boundary="b"

        --b
        Content-Type: text/plain

        inner body
        --b
        Content-Type: text/plain; name="inner.txt"
        Content-Disposition: inline; filename="inner.txt"

        \(String(decoding: nestedFile, as: UTF8.self))
        --b--
        --a--

        """
    }

    /// No Date header, a single non-multipart attachment body.
    static func undatedMessage() -> String {
        """
        From: dave@example.com
        Subject: no date
        MIME-Version: 1.0
        Content-Type: application/octet-stream
        Content-Disposition: attachment
        Content-Transfer-Encoding: base64

        \(base64(Array("raw bytes".utf8)))

        """
    }

    /// An mbox holding the three messages (mboxrd: no body line needs quoting here).
    static func mbox() -> String {
        [namesMessage(), nestedMessage(), undatedMessage()].map {
            "From sender@example.com Mon Jan  1 00:00:00 2024\n" + $0 + "\n"
        }.joined()
    }
}
