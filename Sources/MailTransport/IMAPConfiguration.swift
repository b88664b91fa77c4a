import IMAPWire
import Logging
import NIOCore

/// Everything ``IMAPSession/connect(_:)`` needs to reach, secure and log in to an IMAP account.
public struct IMAPConfiguration: Sendable {
    /// How the link is encrypted: implicit TLS (port 993), STARTTLS (RFC 3501 §6.2.1, port 143), or none.
    public typealias TLSMode = POP3Configuration.TLSMode
    /// Time limits; a limit that passes ends the session with ``IMAPError/Kind/timeout(_:)``.
    public typealias Timeouts = POP3Configuration.Timeouts

    /// The authentication method.
    public enum AuthChoice: String, Sendable, Hashable, CaseIterable {
        /// AUTHENTICATE PLAIN when offered, else LOGIN (unless `LOGINDISABLED`).
        case auto
        /// `AUTHENTICATE PLAIN` (RFC 4616), with SASL-IR (RFC 4959) when offered.
        case plain
        /// The `LOGIN` command (RFC 3501 §6.2.3).
        case login
        /// `AUTHENTICATE XOAUTH2`; the password closure yields the OAuth 2.0 access token.
        case xoauth2
    }

    public var host: String
    public var port: Int
    public var tls: TLSMode
    /// A PEM file of certificates trusted in addition to the system trust store.
    public var caFile: String?
    /// SHA-256 of the server certificate's DER encoding. When set, the certificate is accepted if and only
    /// if it matches.
    public var pinnedSHA256: [UInt8]?
    public var user: String
    /// Called once, only when authentication is about to run. Never logged.
    public var password: @Sendable () throws -> String
    public var auth: AuthChoice
    public var timeouts: Timeouts
    /// How many UIDs one `UID FETCH` asks for.
    public var fetchBatch: Int
    /// How many `UID FETCH` commands may be in flight at once (IMAP allows pipelining, RFC 3501 §5.5).
    public var fetchPipelineDepth: Int
    public var parserOptions: IMAPResponseParser.Options
    public var logger: Logger

    /// - Parameter port: nil selects 993 for implicit TLS, 143 otherwise.
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
        fetchBatch: Int = 100,
        fetchPipelineDepth: Int = 2,
        parserOptions: IMAPResponseParser.Options = .init(),
        logger: Logger = Logger(label: "popvault.imap", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.host = host
        self.port = port ?? (tls == .implicit ? 993 : 143)
        self.tls = tls
        self.caFile = caFile
        self.pinnedSHA256 = pinnedSHA256
        self.user = user
        self.password = password
        self.auth = auth
        self.timeouts = timeouts
        self.fetchBatch = max(1, fetchBatch)
        self.fetchPipelineDepth = max(1, fetchPipelineDepth)
        self.parserOptions = parserOptions
        self.logger = logger
    }
}
