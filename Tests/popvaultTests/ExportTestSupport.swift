import Foundation

/// Writes mboxrd files for the export tests, independently of popvault's own writer: a `From `
/// line per message, `>` added to every `>*From ` line, a final line end, an empty line.
enum MboxWriter {
    static func mboxrd(_ messages: [[UInt8]], separator: (Int) -> String) -> [UInt8] {
        var out: [UInt8] = []
        for (index, message) in messages.enumerated() {
            out += Array("From \(separator(index))\n".utf8)
            var lines = message.split(separator: 0x0A, omittingEmptySubsequences: false)
            if lines.last?.isEmpty == true { lines.removeLast() }
            for line in lines {
                let quotes = line.prefix { $0 == UInt8(ascii: ">") }.count
                if line.dropFirst(quotes).starts(with: Array("From ".utf8)) { out.append(UInt8(ascii: ">")) }
                out += line
                out.append(0x0A)
            }
            out.append(0x0A)
        }
        return out
    }

    /// `asctime`-style dates, one minute apart from 1 Jan 2024 (so name order is source order).
    static func separator(_ index: Int) -> String {
        let minute = index % 60
        let hour = index / 60 % 24
        let day = 1 + index / 1440
        return String(format: "sender%d@example.org Mon Jan %2d %02d:%02d:00 2024", index % 3, day, hour, minute)
    }

    static func lf(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        for (index, byte) in bytes.enumerated() {
            let lineEndCR = byte == 0x0D && index + 1 < bytes.count && bytes[index + 1] == 0x0A
            if !lineEndCR { out.append(byte) }
        }
        return out
    }

    /// Every file in a Maildir (relative paths), sorted.
    static func files(_ root: String) -> [String] {
        var found: [String] = []
        for sub in ["tmp", "new", "cur"] {
            for name in (try? FileManager.default.contentsOfDirectory(atPath: root + "/" + sub)) ?? [] {
                found.append(sub + "/" + name)
            }
        }
        return found.sorted()
    }
}
