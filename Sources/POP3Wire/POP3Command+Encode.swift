import NIOCore
import UntrustedText

extension POP3Command {
    /// RFC 2449 §4: "The maximum length of a command line is 255 octets, including the terminating
    /// CRLF." SASL response lines are exempt (RFC 5034 §4 moves long data out of the AUTH line).
    public static let maximumCommandLineLength = 255

    /// Appends the command line, CRLF-terminated, to `buffer`.
    ///
    /// Never writes a CR, LF or NUL from an argument: those bytes are dropped, so a hostile or broken
    /// argument cannot inject a second command. Call ``validate()`` first to turn such an argument
    /// into an error instead of a silently different command.
    public func encode(into buffer: inout ByteBuffer) {
        switch self {
        case .saslResponse(let text):
            buffer.writeCommandArgument(text)
        default:
            buffer.writeString(self.keyword!)
            for argument in self.arguments {
                buffer.writeInteger(UInt8(ascii: " "))
                buffer.writeCommandArgument(argument)
            }
        }
        buffer.writeInteger(UInt8(ascii: "\r"))
        buffer.writeInteger(UInt8(ascii: "\n"))
    }

    /// Checks the arguments: no CR, LF or NUL; no empty user name, mechanism or digest; message
    /// numbers ≥ 1 and a TOP line count ≥ 0; the whole line within ``maximumCommandLineLength``
    /// (except SASL response lines).
    ///
    /// - Throws: ``POP3CommandError`` naming the first problem found.
    public func validate() throws(POP3CommandError) {
        let keyword = self.keyword ?? "SASL response"
        for argument in self.arguments {
            if let byte = argument.utf8.first(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0x00 }) {
                throw POP3CommandError(keyword: keyword, kind: .forbiddenByte(byte))
            }
        }
        switch self {
        case .user(let name) where name.isEmpty, .apop(let name, _) where name.isEmpty:
            throw POP3CommandError(keyword: keyword, kind: .emptyArgument)
        case .apop(_, let digest) where digest.isEmpty || !digest.utf8.allSatisfy(\.isHexDigit):
            throw POP3CommandError(keyword: keyword, kind: .malformedDigest)
        case .auth(let mechanism, _) where mechanism.isEmpty || mechanism.utf8.contains(UInt8(ascii: " ")):
            throw POP3CommandError(keyword: keyword, kind: .malformedMechanism)
        case .list(let number?), .uidl(let number?), .retr(let number), .dele(let number):
            if number < 1 { throw POP3CommandError(keyword: keyword, kind: .invalidMessageNumber(number)) }
        case .top(let number, let lines):
            if number < 1 { throw POP3CommandError(keyword: keyword, kind: .invalidMessageNumber(number)) }
            if lines < 0 { throw POP3CommandError(keyword: keyword, kind: .invalidLineCount(lines)) }
        default:
            break
        }
        if case .saslResponse = self { return }
        var line = ByteBuffer()
        self.encode(into: &line)
        if line.readableBytes > Self.maximumCommandLineLength {
            throw POP3CommandError(
                keyword: keyword,
                kind: .lineTooLong(actual: line.readableBytes, maximum: Self.maximumCommandLineLength)
            )
        }
    }

    /// The arguments after the keyword, as sent (for a SASL response: the line itself).
    var arguments: [String] {
        switch self {
        case .user(let name): return [name]
        case .pass(let password): return [password]
        case .apop(let user, let digest): return [user, digest]
        case .auth(let mechanism, nil): return [mechanism]
        case .auth(let mechanism, let initial?): return [mechanism, initial]
        case .saslResponse(let text): return [text]
        case .list(let number?), .uidl(let number?), .retr(let number), .dele(let number):
            return [String(number)]
        case .top(let number, let lines): return [String(number), String(lines)]
        case .capa, .stls, .utf8, .stat, .list(nil), .uidl(nil), .rset, .noop, .quit: return []
        }
    }
}

extension POP3Command: CustomStringConvertible {
    /// The command line without its CRLF, with secrets replaced by `<redacted>`: the PASS argument,
    /// the APOP digest, an AUTH initial response and SASL response lines. Safe for logs.
    public var description: String {
        switch self {
        case .pass: return "PASS <redacted>"
        case .apop(let user, _): return "APOP \(user.escapedForLog) <redacted>"
        case .auth(let mechanism, _?): return "AUTH \(mechanism.escapedForLog) <redacted>"
        case .saslResponse("*"): return "*"
        case .saslResponse: return "<redacted SASL response>"
        default:
            return ([self.keyword!] + self.arguments.map(\.escapedForLog)).joined(separator: " ")
        }
    }
}

extension ByteBuffer {
    /// Writes `argument` as UTF-8 without its CR, LF and NUL bytes.
    fileprivate mutating func writeCommandArgument(_ argument: String) {
        let utf8 = argument.utf8
        if !utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0x00 }) {
            self.writeString(argument)
            return
        }
        self.writeBytes(utf8.lazy.filter { $0 != 0x0D && $0 != 0x0A && $0 != 0x00 })
    }
}

extension UInt8 {
    var isHexDigit: Bool {
        (0x30...0x39).contains(self) || (0x41...0x46).contains(self) || (0x61...0x66).contains(self)
    }
}
