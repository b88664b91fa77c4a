import NIOCore

/// Encodes client messages to bytes.
///
/// A message may need to be sent in parts: a synchronizing literal `{n}` (RFC 3501 §4.3) must wait
/// for the server's `+` continuation before its bytes are sent. With `LITERAL+` (RFC 7888) the
/// encoder writes non-synchronizing literals `{n+}` and a message is always one part.
public struct IMAPCommandEncoder: Sendable {
    /// Whether the server accepts `{n+}` literals (it advertised `LITERAL+`).
    public var useNonSynchronizingLiterals: Bool

    /// Creates an encoder.
    public init(useNonSynchronizingLiterals: Bool = false) {
        self.useNonSynchronizingLiterals = useNonSynchronizingLiterals
    }

    /// The bytes of `message`, split where the server's continuation request must be awaited.
    ///
    /// - Throws: ``IMAPCommandError`` for a CR, LF or NUL in any argument (which would end the command
    ///   early or is forbidden in IMAP strings), an empty user name, a malformed tag, mechanism or
    ///   flag, or an empty UID set. Nothing is written then.
    public func encode(_ message: IMAPClientMessage) throws(IMAPCommandError) -> [ByteBuffer] {
        var writer = Writer(nonSynchronizing: useNonSynchronizingLiterals)
        switch message {
        case .saslResponse(let text):
            try writer.raw(text, keyword: "SASL response")
        case .command(let tagged):
            guard Self.isTag(tagged.tag) else { throw IMAPCommandError(keyword: "tag", kind: .malformedTag) }
            writer.text(tagged.tag + " " + tagged.command.keyword)
            try Self.arguments(tagged.command, into: &writer)
        }
        writer.text("\r\n")
        return writer.finish()
    }

    private static func arguments(_ command: IMAPCommand, into writer: inout Writer) throws(IMAPCommandError) {
        let keyword = command.keyword
        switch command {
        case .capability, .noop, .logout, .startTLS, .expunge:
            return
        case .login(let user, let password):
            guard !user.isEmpty else { throw IMAPCommandError(keyword: keyword, kind: .emptyArgument) }
            writer.text(" ")
            try writer.string(Array(user.utf8), keyword: keyword)
            writer.text(" ")
            try writer.string(Array(password.utf8), keyword: keyword)
        case .authenticate(let mechanism, let initial):
            guard !mechanism.isEmpty, mechanism.utf8.allSatisfy(\.isAtomChar) else {
                throw IMAPCommandError(keyword: keyword, kind: .malformedMechanism)
            }
            writer.text(" " + mechanism)
            if let initial {
                writer.text(" ")
                try writer.raw(initial.isEmpty ? "=" : initial, keyword: keyword)
            }
        case .list(let reference, let pattern):
            writer.text(" ")
            try writer.string(reference.wire, keyword: keyword)
            writer.text(" ")
            try writer.string(Array(pattern.utf8), keyword: keyword)
        case .select(let name), .examine(let name):
            writer.text(" ")
            try writer.string(name.wire, keyword: keyword)
        case .uidSearch(let first):
            writer.text(" UID \(max(first, 1)):\(UInt32.max)")
        case .uidFetch(let set, let items):
            guard !set.isEmpty else { throw IMAPCommandError(keyword: keyword, kind: .emptySet) }
            writer.text(" \(set) \(items.text)")
        case .uidStoreAddFlags(let set, let flags):
            guard !set.isEmpty else { throw IMAPCommandError(keyword: keyword, kind: .emptySet) }
            for flag in flags where !Self.isFlag(flag) {
                throw IMAPCommandError(keyword: keyword, kind: .malformedFlag)
            }
            writer.text(" \(set) +FLAGS.SILENT (\(flags.joined(separator: " ")))")
        case .uidExpunge(let set):
            guard !set.isEmpty else { throw IMAPCommandError(keyword: keyword, kind: .emptySet) }
            writer.text(" \(set)")
        }
    }

    /// RFC 3501 §9: `tag = 1*<any ASTRING-CHAR except "+">`.
    static func isTag(_ tag: String) -> Bool {
        !tag.isEmpty && tag.utf8.count <= 64
            && tag.utf8.allSatisfy { ($0.isAtomChar || $0 == UInt8(ascii: "]")) && $0 != UInt8(ascii: "+") }
    }

    /// RFC 3501 §9: `flag = "\Answered" / … / flag-keyword / flag-extension` — an atom, maybe after `\`.
    static func isFlag(_ flag: String) -> Bool {
        let bytes = flag.utf8.first == UInt8(ascii: "\\") ? Array(flag.utf8.dropFirst()) : Array(flag.utf8)
        return !bytes.isEmpty && bytes.allSatisfy(\.isAtomChar)
    }
}

extension IMAPCommandEncoder {
    /// Accumulates the parts of one message.
    struct Writer {
        let nonSynchronizing: Bool
        var parts: [ByteBuffer] = []
        var current = ByteBuffer()

        init(nonSynchronizing: Bool) {
            self.nonSynchronizing = nonSynchronizing
        }

        mutating func text(_ text: String) {
            current.writeString(text)
        }

        /// A line's worth of bytes that must not contain CR, LF or NUL (SASL data).
        mutating func raw(_ text: String, keyword: String) throws(IMAPCommandError) {
            if let byte = text.utf8.first(where: \.isForbiddenInStrings) {
                throw IMAPCommandError(keyword: keyword, kind: .forbiddenByte(byte))
            }
            current.writeString(text)
        }

        /// RFC 3501 §4.3 / §9: a `quoted` string when every byte is 7-bit `TEXT-CHAR`, else a literal
        /// (which may carry 8-bit bytes). CR, LF and NUL are refused in either form: in a quoted string
        /// they are not allowed, and in a literal they would let a user name smuggle protocol.
        mutating func string(_ bytes: [UInt8], keyword: String) throws(IMAPCommandError) {
            if let byte = bytes.first(where: \.isForbiddenInStrings) {
                throw IMAPCommandError(keyword: keyword, kind: .forbiddenByte(byte))
            }
            if bytes.allSatisfy({ $0 < 0x80 }) {
                current.writeInteger(UInt8(ascii: "\""))
                for byte in bytes {
                    if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                        current.writeInteger(UInt8(ascii: "\\"))
                    }
                    current.writeInteger(byte)
                }
                current.writeInteger(UInt8(ascii: "\""))
                return
            }
            current.writeString(nonSynchronizing ? "{\(bytes.count)+}\r\n" : "{\(bytes.count)}\r\n")
            if !nonSynchronizing {
                parts.append(current)
                current = ByteBuffer()
            }
            current.writeBytes(bytes)
        }

        mutating func finish() -> [ByteBuffer] {
            parts.append(current)
            return parts
        }
    }
}

extension UInt8 {
    /// RFC 3501 §9 `ATOM-CHAR`: any CHAR except `atom-specials` — `(` `)` `{` SP CTL `%` `*` `"` `\` `]`.
    var isAtomChar: Bool {
        switch self {
        case 0x00...0x20, 0x7F...0xFF: return false
        case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "{"), UInt8(ascii: "%"), UInt8(ascii: "*"),
            UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "]"):
            return false
        default: return true
        }
    }

    var isForbiddenInStrings: Bool { self == 0x0D || self == 0x0A || self == 0x00 }
}
