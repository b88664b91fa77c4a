import NIOCore

/// A failure the code shared by the POP3 and IMAP transports detects (connecting, the STLS/STARTTLS
/// upgrade, time limits), before it is worded as the protocol's own error type.
enum TransportFault {
    /// ``TLSSetup`` threw: the TLS configuration (CA file, pin) cannot be used.
    case tlsSetup(any Error)
    /// The TCP connection attempt to `endpoint` (`host:port`) passed its time limit.
    case connectTimeout(endpoint: String, after: TimeAmount)
    /// The TCP connection to `endpoint` could not be established (`host` as configured).
    case connect(endpoint: String, host: String, underlying: any Error)
    /// A TLS record arrived where the plaintext greeting belongs: an implicit-TLS port.
    case tlsRecordAsGreeting
    /// The channel pipeline could not be assembled.
    case pipelineSetup(any Error)
    /// Bytes arrived behind the server's go-ahead to upgrade, before the TLS handshake.
    case tlsInjection(bufferedBytes: Int)
    /// The server agreed to upgrade but the session has no TLS configured.
    case tlsUnconfigured
    /// The TLS handler could not be built or installed.
    case tlsInstall(any Error)
    /// No traffic in either direction for the idle limit.
    case idleTimeout
    /// No byte for the response limit while a response was owed; `waited` describes the wait.
    case responseTimeout(waited: String)
    /// Bytes arrived, but slower than the transfer rate floor; `detail` gives the figures.
    case slowTransfer(detail: String)
    /// The session was used after it ended.
    case sessionClosed
    /// Two operations ran on one session at the same time.
    case concurrentUse
}

/// A protocol's error type, as the shared transport code builds it from a ``TransportFault``.
protocol TransportFailure: Error {
    associatedtype Kind: TransportFailureKind
    /// The command that upgrades the link (`STLS`, `STARTTLS`), named in upgrade failures.
    static var startTLSCommand: String { get }
    /// The command being answered, if known.
    var command: String? { get set }
    /// True when the connection is still in step (a refusal of one command, a misuse of the session).
    var isRecoverable: Bool { get }
    init(transport kind: Kind, command: String?, detail: String, underlying: (any Error)?)
}

/// The kinds every protocol's error has for the shared faults (its enum cases witness these).
protocol TransportFailureKind {
    static var connect: Self { get }
    static var tls: Self { get }
    static var startTLSUnavailable: Self { get }
    static func timeout(_ phase: POP3Error.Phase) -> Self
    static func tlsInjection(bufferedBytes: Int) -> Self
    static func certificateMismatch(expected: [UInt8], actual: [UInt8]) -> Self
    static var sessionClosed: Self { get }
    static var concurrentUse: Self { get }
}

extension TransportFailure {
    init(_ fault: TransportFault) {
        let upgrade = Self.startTLSCommand
        let (kind, command, detail, underlying): (Kind, String?, String, (any Error)?) =
            switch fault {
            case .tlsSetup(let error): (.tls, nil, "cannot set up TLS (tls_ca_file?): \(error)", error)
            case .connectTimeout(let endpoint, let amount):
                (.timeout(.connect), nil, "\(endpoint) after \(amount)", nil)
            case .connect(let endpoint, let host, let error):
                (.connect, nil, TransportDiagnosis.connect(endpoint: endpoint, host: host, error: error), error)
            case .tlsRecordAsGreeting:
                (.tls, nil, "the server answered with TLS where its plaintext greeting belongs: it is an implicit-TLS "
                    + "port; use tls = \"implicit\" (or the STLS/STARTTLS port, 110 or 143)", nil)
            case .pipelineSetup(let error): (.connect, nil, "cannot set up the pipeline", error)
            case .tlsInjection(let count): (.tlsInjection(bufferedBytes: count), upgrade, "", nil)
            case .tlsUnconfigured: (.startTLSUnavailable, nil, "no TLS configured", nil)
            case .tlsInstall(let error): (.tls, upgrade, "cannot install the TLS handler: \(error)", error)
            case .idleTimeout: (.timeout(.idle), nil, "no traffic in either direction", nil)
            case .responseTimeout(let waited): (.timeout(.response), nil, waited, nil)
            case .slowTransfer(let detail): (.timeout(.transfer), nil, detail, nil)
            case .sessionClosed: (.sessionClosed, nil, "", nil)
            case .concurrentUse: (.concurrentUse, nil, "", nil)
            }
        self.init(transport: kind, command: command, detail: detail, underlying: underlying)
    }
}

extension POP3Error.Kind: TransportFailureKind {}
extension IMAPError.Kind: TransportFailureKind {}

extension POP3Error: TransportFailure {
    static var startTLSCommand: String { "STLS" }

    init(transport kind: Kind, command: String?, detail: String, underlying: (any Error)?) {
        self.init(kind, command: command, status: nil, detail: detail, underlying: underlying)
    }
}

extension IMAPError: TransportFailure {
    static var startTLSCommand: String { "STARTTLS" }

    init(transport kind: Kind, command: String?, detail: String, underlying: (any Error)?) {
        self.init(kind, command: command, status: nil, detail: detail, underlying: underlying)
    }
}
