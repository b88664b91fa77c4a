import Foundation
@testable import MailStore

/// Messages that are hard to store faithfully, as a server would send them, and ways to cut them.
enum MessageFixtures {
    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    static let fromLines = bytes(
        "Subject: from lines\r\n\r\nFrom here\r\n>From there\r\n>>From deep\r\nFrom\r\n>From\r\nFrom \r\n From x\r\n")
    static let dotLines = bytes("Subject: dots\r\n\r\n.\r\n..\r\n. \r\n.\r\n")
    static let mixedLineEnds = bytes("A: b\nC: d\r\n\r\nline1\rstill\r\nline2\n\r\r\nlast\r\n")
    static let noTrailingNewline = bytes("Subject: t\n\nno newline at end")
    static let endsWithCarriageReturn = bytes("S: x\r\n\r\nends with CR\r")
    static let empty: [UInt8] = []
    static let headerOnly = bytes("Subject: only a header\r\n")
    static let noHeader = bytes("\r\nbody From \r\nFrom x\r\n")
    static let startsWithFrom = bytes("From someone Sat Jan  3 01:05:34 1996\nSubject: s\n\nbody\n")
    static let manyQuotes = bytes(">>>>>>>>From x\r\n>>>> not from\r\n>\r\n>>\r\nFro\r\nFrom")
    static let eightBit: [UInt8] = bytes("Subject: caf") + [0xE9] + bytes("\r\nFrom: \"J\u{00FC}rgen\" <j@x>\r\n\r\n")
        + (0...255).map { UInt8($0) } + bytes("\r\n")
    static let fullHeader = bytes("""
        Return-Path: <bounce@example.org>\r
        Received: from mx by pop; Sun, 22 Nov 2026 03:10:33 +0000\r
        Subject: a\r
         folded\r
        \tmore\r
        Message-ID:   <id@example.org>  \r
        from: A <a@example.org>\r
        Date: Sun, 22 Nov 2026 03:10:33 +0000\r
        Subject: second subject is ignored\r
        \r
        body\r
        From the body\r

        """)

    /// A larger message that crosses the sinks' 64 KiB slices and write buffers, "From " lines,
    /// dots and CRLF everywhere.
    static let large: [UInt8] = {
        var text = bytes("Return-Path: <big@example.org>\r\nSubject: large\r\n\r\n")
        for line in 0..<3000 {
            text += bytes(line % 7 == 0 ? "From line \(line)\r\n" : ">From \(line) or . or text\r\n")
        }
        return text
    }()

    static let all: [(name: String, bytes: [UInt8])] = [
        ("fromLines", fromLines), ("dotLines", dotLines), ("mixedLineEnds", mixedLineEnds),
        ("noTrailingNewline", noTrailingNewline), ("endsWithCarriageReturn", endsWithCarriageReturn),
        ("empty", empty), ("headerOnly", headerOnly), ("noHeader", noHeader), ("startsWithFrom", startsWithFrom),
        ("manyQuotes", manyQuotes), ("eightBit", eightBit), ("fullHeader", fullHeader), ("large", large),
    ]

    /// CRLF → LF, the whole message at once: the reference the streaming code must match.
    static func normalized(_ message: [UInt8]) -> [UInt8] {
        var result: [UInt8] = []
        for (index, byte) in message.enumerated() {
            if byte == 0x0D && index + 1 < message.count && message[index + 1] == 0x0A { continue }
            result.append(byte)
        }
        return result
    }

    /// mboxrd quoting of whole content, line by line: the reference for the streaming quoter.
    static func quoted(_ content: [UInt8]) -> [UInt8] {
        lines(content).flatMap { isFromLine($0, minimumQuotes: 0) ? [0x3E] + $0 : $0 }
    }

    /// mboxrd unquoting: one `>` removed from every line matching `^>+From `.
    static func unquoted(_ content: [UInt8]) -> [UInt8] {
        lines(content).flatMap { isFromLine($0, minimumQuotes: 1) ? Array($0.dropFirst()) : $0 }
    }

    private static func lines(_ content: [UInt8]) -> [[UInt8]] {
        var result: [[UInt8]] = []
        var current: [UInt8] = []
        for byte in content {
            current.append(byte)
            if byte == 0x0A {
                result.append(current)
                current = []
            }
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    private static func isFromLine(_ line: [UInt8], minimumQuotes: Int) -> Bool {
        let quotes = line.prefix { $0 == 0x3E }.count
        return quotes >= minimumQuotes && line.dropFirst(quotes).starts(with: bytes("From "))
    }

    /// Ways to cut `message` into chunks: whole, byte by byte, fixed sizes, and a cut right after
    /// CRs (so a CRLF straddles two chunks).
    static func chunkings(_ message: [UInt8], exhaustive: Bool = false) -> [[[UInt8]]] {
        var result: [[[UInt8]]] = [[message]]
        for size in [1, 2, 3, 7, 64, 4096] where size < message.count {
            result.append(stride(from: 0, to: message.count, by: size).map {
                Array(message[$0..<min($0 + size, message.count)])
            })
        }
        // Right after a CR (at most 16 of them, spread over the message), or everywhere.
        let afterCR = message.indices.filter { message[$0] == 0x0D }.map { $0 + 1 }
        var cuts = Set(stride(from: 0, to: afterCR.count, by: max(1, afterCR.count / 16)).map { afterCR[$0] })
        if exhaustive { cuts.formUnion(1..<max(1, message.count)) }
        for cut in cuts.sorted() where cut > 0 && cut < message.count {
            result.append([Array(message[..<cut]), Array(message[cut...])])
        }
        return result
    }
}

extension MessageSink {
    /// Streams one message into the sink in the given chunks.
    func write(_ chunks: [[UInt8]], envelope: MessageEnvelope = MessageEnvelope()) throws {
        try begin(envelope)
        for chunk in chunks { try chunk.withUnsafeBytes { try append($0) } }
        try end()
    }
}
