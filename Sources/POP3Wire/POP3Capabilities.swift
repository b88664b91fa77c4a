import NIOCore

/// The server's capabilities, from the lines of a CAPA answer (RFC 2449 §5–6).
///
/// RFC 2449 §5:
///
///     capa-resp = capability-name *(SP param) CRLF
///
/// Capability names are case-insensitive and stored uppercased; parameters are kept as sent,
/// except SASL mechanism names, which are uppercased too. Capabilities learned before STLS must be
/// discarded and asked again after TLS (RFC 2595 §4).
public struct POP3Capabilities: Sendable, Hashable {
    /// One advertised capability.
    public struct Capability: Sendable, Hashable {
        /// The name, uppercased (`"SASL"`).
        public var name: String
        /// The parameters, as sent.
        public var parameters: [String]

        /// Creates a capability.
        public init(name: String, parameters: [String] = []) {
            self.name = name.uppercased()
            self.parameters = parameters
        }
    }

    /// How long the server keeps messages (RFC 2449 §6.7 EXPIRE).
    public enum Expiration: Sendable, Hashable {
        /// `EXPIRE NEVER`: messages are kept until deleted.
        case never
        /// `EXPIRE n`: retrieved messages may be deleted after `n` days (0: at the end of the session).
        case days(Int)
    }

    /// The capabilities in the order the server listed them.
    public var capabilities: [Capability]

    /// Creates capabilities from the lines of a CAPA answer.
    public init<Lines: Sequence<String>>(lines: Lines) {
        self.capabilities = lines.compactMap { line in
            let words = line.split(separator: " ", omittingEmptySubsequences: true)
            guard let name = words.first else { return nil }
            return Capability(name: String(name), parameters: words.dropFirst().map(String.init))
        }
    }

    /// Creates capabilities from the lines delivered by ``POP3ResponseEvent/line(_:)``.
    public init(lines: [ByteBuffer]) {
        self.init(lines: lines.map { String(buffer: $0) })
    }

    /// Whether the server lists `name` (case-insensitive).
    public func contains(_ name: String) -> Bool {
        self.parameters(of: name) != nil
    }

    /// The parameters of `name` (case-insensitive), or `nil` if it is not listed.
    public func parameters(of name: String) -> [String]? {
        let name = name.uppercased()
        return self.capabilities.first { $0.name == name }?.parameters
    }

    /// PIPELINING (RFC 2449 §6.6): commands may be sent without waiting for each answer.
    public var supportsPipelining: Bool { self.contains("PIPELINING") }
    /// STLS (RFC 2595 §4).
    public var supportsSTLS: Bool { self.contains("STLS") }
    /// UIDL (RFC 2449 §6.8).
    public var supportsUIDL: Bool { self.contains("UIDL") }
    /// TOP (RFC 2449 §6.1).
    public var supportsTop: Bool { self.contains("TOP") }
    /// USER (RFC 2449 §6.2): USER/PASS login is allowed (in the current state of the connection).
    public var supportsUser: Bool { self.contains("USER") }
    /// RESP-CODES (RFC 2449 §6.4): `-ERR` answers carry bracketed response codes.
    public var supportsResponseCodes: Bool { self.contains("RESP-CODES") }
    /// AUTH-RESP-CODE (RFC 3206 §6): the `[AUTH]` code tells bad credentials from other failures.
    public var supportsAuthResponseCode: Bool { self.contains("AUTH-RESP-CODE") }
    /// UTF8 (RFC 6856 §2).
    public var supportsUTF8: Bool { self.contains("UTF8") }

    /// The SASL mechanisms offered (RFC 2449 §6.3), uppercased, in the server's order.
    public var saslMechanisms: [String] {
        (self.parameters(of: "SASL") ?? []).map { $0.uppercased() }
    }

    /// The IMPLEMENTATION text (RFC 2449 §6.9), parameters joined by single spaces.
    public var implementation: String? {
        self.parameters(of: "IMPLEMENTATION").map { $0.joined(separator: " ") }
    }

    /// The LOGIN-DELAY in seconds (RFC 2449 §6.5): the least time between two logins.
    public var loginDelay: Int? {
        self.parameters(of: "LOGIN-DELAY")?.first.flatMap { DecimalDigits.parse($0.utf8) }
    }

    /// The EXPIRE policy (RFC 2449 §6.7), or `nil` if not advertised or unreadable.
    public var expire: Expiration? {
        guard let value = self.parameters(of: "EXPIRE")?.first else { return nil }
        if value.uppercased() == "NEVER" { return .never }
        return DecimalDigits.parse(value.utf8).map(Expiration.days)
    }
}
