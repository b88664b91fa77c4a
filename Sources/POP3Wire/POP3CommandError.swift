/// A command that must not be sent as built: see ``POP3Command/validate()``.
public struct POP3CommandError: Error, Hashable, CustomStringConvertible {
    /// What is wrong with the command.
    public enum Kind: Sendable, Hashable {
        /// An argument contains CR, LF or NUL (the byte is given), which would end the command line early.
        case forbiddenByte(UInt8)
        /// A required argument (user name) is empty.
        case emptyArgument
        /// The APOP digest is empty or not hexadecimal.
        case malformedDigest
        /// The SASL mechanism name is empty or contains a space.
        case malformedMechanism
        /// A message number below 1.
        case invalidMessageNumber(Int)
        /// A negative TOP line count.
        case invalidLineCount(Int)
        /// The encoded command line exceeds RFC 2449's 255 octets.
        case lineTooLong(actual: Int, maximum: Int)
    }

    /// The command keyword (`"USER"`), or `"SASL response"`.
    public var keyword: String
    /// What is wrong.
    public var kind: Kind

    /// Creates an error for the command `keyword`.
    public init(keyword: String, kind: Kind) {
        self.keyword = keyword
        self.kind = kind
    }

    /// A message naming the command and the problem, never the argument's value (it may be a secret).
    public var description: String {
        switch self.kind {
        case .forbiddenByte(let byte):
            return "\(self.keyword): argument contains forbidden byte 0x\(String(byte, radix: 16))"
        case .emptyArgument:
            return "\(self.keyword): empty argument"
        case .malformedDigest:
            return "\(self.keyword): digest is not hexadecimal"
        case .malformedMechanism:
            return "\(self.keyword): malformed SASL mechanism name"
        case .invalidMessageNumber(let number):
            return "\(self.keyword): invalid message number \(number)"
        case .invalidLineCount(let lines):
            return "\(self.keyword): invalid line count \(lines)"
        case .lineTooLong(let actual, let maximum):
            return "\(self.keyword): command line is \(actual) octets, maximum \(maximum)"
        }
    }
}
