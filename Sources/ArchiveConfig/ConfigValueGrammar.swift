import Foundation

/// A value that does not fit its key's grammar; ``TableReader`` adds the file, account and key.
struct InvalidValue: Error {
    var message: String
}

extension AccountConfig.DeletePolicy {
    /// `"never"`, `"after-archive"` or `"older-than:<n>d"` / `"older-than:<n>h"`.
    static func parse(_ text: String) throws -> Self {
        switch text {
        case "never": return .never
        case "after-archive": return .afterArchive
        default:
            let prefix = "older-than:"
            guard text.hasPrefix(prefix) else {
                throw InvalidValue(
                    message: "expected \"never\", \"after-archive\" or \"older-than:30d\", got \"\(text)\"")
            }
            return .olderThan(try parseDuration(String(text.dropFirst(prefix.count))))
        }
    }

    /// `30d` or `12h`: a positive whole number of days or hours.
    static func parseDuration(_ text: String) throws -> TimeInterval {
        let units: [Character: TimeInterval] = ["d": 86_400, "h": 3_600]
        guard let unit = text.last, let seconds = units[unit], let count = Int(text.dropLast()), count > 0,
            text.first?.isNumber == true
        else {
            throw InvalidValue(message: "expected a positive number of days or hours such as \"older-than:30d\" "
                + "or \"older-than:12h\", got \"older-than:\(text)\"")
        }
        return TimeInterval(count) * seconds
    }
}

extension AccountConfig.RotatePolicy {
    /// `"none"`, `"monthly"` or `"size:<n><unit>"` with KiB/MiB/GiB (1024) or KB/MB/GB (1000) or no unit (bytes).
    static func parse(_ text: String) throws -> Self {
        switch text {
        case "none": return .none
        case "monthly": return .monthly
        default:
            let prefix = "size:"
            guard text.hasPrefix(prefix) else {
                throw InvalidValue(message: "expected \"none\", \"monthly\" or \"size:1GiB\", got \"\(text)\"")
            }
            return .size(try parseSize(String(text.dropFirst(prefix.count))))
        }
    }

    static func parseSize(_ text: String) throws -> Int64 {
        let units: [(String, Int64)] = [
            ("KiB", 1 << 10), ("MiB", 1 << 20), ("GiB", 1 << 30),
            ("KB", 1_000), ("MB", 1_000_000), ("GB", 1_000_000_000), ("B", 1),
        ]
        var digits = Substring(text)
        var multiplier: Int64 = 1
        // Longest suffixes first, so that "KiB" is not taken for "B".
        if let (suffix, factor) = units.first(where: { text.hasSuffix($0.0) }) {
            digits = digits.dropLast(suffix.count)
            multiplier = factor
        }
        guard !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber), let count = Int64(digits),
            count > 0
        else {
            throw InvalidValue(message: "expected a positive size such as \"size:1GiB\" (units KiB, MiB, GiB, "
                + "KB, MB, GB), got \"size:\(text)\"")
        }
        let (bytes, overflow) = count.multipliedReportingOverflow(by: multiplier)
        guard !overflow else { throw InvalidValue(message: "size \"\(text)\" is too large") }
        return bytes
    }
}

/// `sha256:` followed by 64 hex digits, optionally separated by colons (as `openssl x509 -fingerprint` prints).
enum TLSFingerprintGrammar {
    static func parse(_ text: String) throws -> [UInt8] {
        let prefix = "sha256:"
        let failure = InvalidValue(
            message: "expected \"sha256:\" and 32 bytes in hex (colons allowed), got \"\(text)\"")
        guard text.lowercased().hasPrefix(prefix) else { throw failure }
        let hex = text.dropFirst(prefix.count).filter { $0 != ":" }
        guard hex.count == 64, hex.allSatisfy(\.isHexDigit) else { throw failure }
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            guard let byte = UInt8(hex[index..<next], radix: 16) else { throw failure }
            bytes.append(byte)
            index = next
        }
        return bytes
    }
}
