import Foundation

/// Unique Maildir file names, as the Maildir specification (cr.yp.to/proto/maildir.html) asks:
/// `<seconds>.M<microseconds>P<pid>Q<counter>R<random>.<host>`.
struct MaildirName {
    private let host: String
    private let processID: Int32
    private var counter: UInt64 = 0

    init(hostname: String) {
        host = Self.sanitize(hostname)
        processID = getpid()
    }

    /// The host part with "/" and ":" replaced by their octal escapes "\057" and "\072", as the
    /// specification says (":" separates the info part, "/" a directory).
    static func sanitize(_ hostname: String) -> String {
        var result = ""
        for character in hostname {
            switch character {
            case "/": result += "\\057"
            case ":": result += "\\072"
            default: result.append(character)
            }
        }
        return result.isEmpty ? "localhost" : result
    }

    /// The next name, its time taken from `date`.
    mutating func next(at date: Date) -> String {
        counter += 1
        let interval = max(0, date.timeIntervalSince1970)
        let seconds = UInt64(interval)
        let microseconds = UInt64((interval - Double(seconds)) * 1_000_000) % 1_000_000
        let random = String(UInt64.random(in: 0...UInt64.max), radix: 16)
        return "\(seconds).M\(microseconds)P\(processID)Q\(counter)R\(random).\(host)"
    }

    /// The info suffix for `flags` (":2," and the flags sorted, without repeats), or "" for none.
    static func info(for flags: String, path: String) throws -> String {
        guard !flags.isEmpty else { return "" }
        guard flags.unicodeScalars.allSatisfy({ $0.isASCII && $0.properties.isAlphabetic }) else {
            throw MailStoreError(.invalidFlags(flags), operation: .begin, path: path)
        }
        return ":2," + String(Set(flags).sorted())
    }

    /// The local host name, for the name's host part.
    static var localHostname: String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
