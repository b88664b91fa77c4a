import Logging
import NIOCore
import POP3Wire

/// Everything ``POP3Session/connect(_:)`` needs to reach, secure and log in to a POP3 account.
public struct POP3Configuration: Sendable {
    /// How the link is encrypted.
    public enum TLSMode: String, Sendable, Hashable, CaseIterable {
        /// TLS from the first byte (port 995).
        case implicit
        /// Plaintext greeting, then STLS (RFC 2595) before authenticating (port 110).
        case startTLS = "starttls"
        /// No encryption. Passwords then travel in clear unless APOP or CRAM-MD5 is used.
        case none
    }

    /// The authentication method. `auto` picks the strongest the server offers (see ``POP3Session``).
    public enum AuthChoice: String, Sendable, Hashable, CaseIterable {
        case auto
        case user
        case apop
        case plain
        case login
        case cramMD5 = "cram-md5"
        case xoauth2
    }

    /// Time limits. A limit that passes ends the session with ``POP3Error/Kind/timeout(_:)``.
    public struct Timeouts: Sendable, Hashable {
        /// TCP connect.
        public var connect: TimeAmount
        /// No byte received for this long while a response is awaited and the socket is being read
        /// (time spent waiting on a slow receiver does not count).
        public var response: TimeAmount
        /// No byte read or written at all for this long, whatever the state.
        public var idle: TimeAmount
        /// Once a response has begun, the slowest average transfer accepted (see ``TransferRateLimit``);
        /// `nil` for none.
        public var transferRate: TransferRateLimit?

        public init(
            connect: TimeAmount = .seconds(30),
            response: TimeAmount = .seconds(60),
            idle: TimeAmount = .seconds(600),
            transferRate: TransferRateLimit? = .defaults
        ) {
            self.connect = connect
            self.response = response
            self.idle = idle
            self.transferRate = transferRate
        }
    }

    public var host: String
    public var port: Int
    public var tls: TLSMode
    /// A PEM file of certificates trusted in addition to the system trust store.
    public var caFile: String?
    /// SHA-256 of the server certificate's DER encoding. When set, the certificate is accepted if and only if
    /// it matches (even when self-signed or issued for another name).
    public var pinnedSHA256: [UInt8]?
    public var user: String
    /// Called once, only when a method that needs the secret is about to be used. Never logged.
    public var password: @Sendable () throws -> String
    public var auth: AuthChoice
    public var timeouts: Timeouts
    /// How many RETR (or DELE) commands may be in flight when the server advertises PIPELINING.
    public var pipelineWindow: Int
    public var parserOptions: POP3ResponseParser.Options
    public var logger: Logger

    /// - Parameter port: nil selects 995 for implicit TLS, 110 otherwise.
    public init(
        host: String,
        port: Int? = nil,
        tls: TLSMode = .implicit,
        caFile: String? = nil,
        pinnedSHA256: [UInt8]? = nil,
        user: String,
        password: @escaping @Sendable () throws -> String,
        auth: AuthChoice = .auto,
        timeouts: Timeouts = .init(),
        pipelineWindow: Int = 8,
        parserOptions: POP3ResponseParser.Options = .init(),
        logger: Logger = Logger(label: "popvault.pop3", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.host = host
        self.port = port ?? (tls == .implicit ? 995 : 110)
        self.tls = tls
        self.caFile = caFile
        self.pinnedSHA256 = pinnedSHA256
        self.user = user
        self.password = password
        self.auth = auth
        self.timeouts = timeouts
        self.pipelineWindow = max(1, pipelineWindow)
        self.parserOptions = parserOptions
        self.logger = logger
    }
}
