/// A client message that must not be sent as built: see ``IMAPCommandEncoder/encode(_:)``.
public struct IMAPCommandError: Error, Hashable, CustomStringConvertible {
    /// What is wrong with the message.
    public enum Kind: Sendable, Hashable {
        /// An argument contains CR, LF or NUL (the byte is given).
        case forbiddenByte(UInt8)
        /// A required argument (the user name) is empty.
        case emptyArgument
        /// The tag is empty, too long, or has a byte outside `ASTRING-CHAR` or a `+`.
        case malformedTag
        /// The SASL mechanism name is empty or not an atom.
        case malformedMechanism
        /// A flag is not an atom (optionally after `\`).
        case malformedFlag
        /// A UID set holds no UID.
        case emptySet
    }

    /// The command keyword, or `"SASL response"`.
    public var keyword: String
    /// What is wrong.
    public var kind: Kind

    /// Creates an error for the command `keyword`.
    public init(keyword: String, kind: Kind) {
        self.keyword = keyword
        self.kind = kind
    }

    /// Names the command and the problem, never the argument's value (it may be a secret).
    public var description: String {
        switch kind {
        case .forbiddenByte(let byte):
            return "\(keyword): argument contains forbidden byte 0x\(String(byte, radix: 16))"
        case .emptyArgument: return "\(keyword): empty argument"
        case .malformedTag: return "\(keyword): malformed tag"
        case .malformedMechanism: return "\(keyword): malformed SASL mechanism name"
        case .malformedFlag: return "\(keyword): malformed flag"
        case .emptySet: return "\(keyword): empty UID set"
        }
    }
}
