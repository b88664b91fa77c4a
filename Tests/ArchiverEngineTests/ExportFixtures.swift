import Foundation
import MailStore
import TestSupport

/// Messages that exercise mboxrd quoting and line ends, written to an mbox through `MboxSink` (as
/// fetch writes them) with chosen `From ` lines.
enum ExportFixtures {
    struct Message {
        var separator: String?
        var bytes: [UInt8]
        var receivedAt: Date
    }

    static let messages: [Message] = [
        Message(
            separator: nil,
            bytes: Array("""
                Return-Path: <alice@example.org>
                Date: Mon, 15 Jan 2024 10:00:00 +0000
                Subject: quoting
                Status: RO
                X-Status: AF

                From the start of a body line
                >From already quoted once
                >>From quoted twice

                From after a blank line
                > From is not a separator
                Fromage

                """.utf8),
            receivedAt: Date(timeIntervalSince1970: 1_705_312_800)),
        Message(
            separator: "bob@example.org Tue Feb  6 08:09:10 2024 +0100",
            bytes: Array("Date: Tue, 6 Feb 2024 08:09:10 +0100\nSubject: no final line end\n\nlast line".utf8),
            receivedAt: Date(timeIntervalSince1970: 1_707_203_350)),
        Message(
            separator: "MAILER-DAEMON Fri Mar  1 12:00:00 2024",
            bytes: Array(
                "Date: Fri, 1 Mar 2024 12:00:00 +0000\nStatus: O\nSubject: blank lines at the end\n\n\n\n".utf8),
            receivedAt: Date(timeIntervalSince1970: 1_709_294_400)),
        Message(
            separator: "carol@example.org Sat Mar  2 00:00:00 2024",
            bytes: Array("Subject: no date, header only\n".utf8),
            receivedAt: Date(timeIntervalSince1970: 1_709_337_600)),
        Message(
            separator: "dave@example.org Sun Mar  3 00:00:00 2024",
            bytes: Array("Date: Sun, 3 Mar 2024 00:00:00 +0000\nX-Status: FT\n\n\nFrom\n>From\nFrom \n".utf8),
            receivedAt: Date(timeIntervalSince1970: 1_709_424_000)),
    ]

    /// The content a reader yields for each message of an mbox: the bytes, plus the line end the
    /// mbox adds after a message that does not end with one.
    static var contentsAsRead: [[UInt8]] {
        messages.map { $0.bytes.last == 0x0A ? $0.bytes : $0.bytes + [0x0A] }
    }

    /// Writes the messages to an mbox at `path`.
    static func writeMbox(_ path: String, messages: [Message] = messages) throws {
        let sink = try MboxSink(file: URL(fileURLWithPath: path), committedLength: nil)
        for message in messages {
            try sink.begin(MessageEnvelope(receivedAt: message.receivedAt, separator: message.separator))
            try message.bytes.withUnsafeBytes { try sink.append($0) }
            try sink.end()
        }
        _ = try sink.commit()
        try sink.close()
    }

    static func read(_ path: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// The Maildir's files (relative), sorted.
    static func maildirFiles(_ root: String) throws -> [String] {
        var files: [String] = []
        for sub in ["new", "cur", "tmp"] {
            for name in try FileManager.default.contentsOfDirectory(atPath: root + "/" + sub) {
                files.append(sub + "/" + name)
            }
        }
        return files.sorted()
    }
}
