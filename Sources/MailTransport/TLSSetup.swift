import Crypto
import NIOConcurrencyHelpers
import NIOCore
import NIOSSL

/// Builds the client TLS handler for a configuration: system trust store plus `caFile`, host name check,
/// TLS 1.2 minimum; or, with a pin, acceptance iff the leaf certificate's DER SHA-256 matches.
struct TLSSetup: Sendable {
    let context: NIOSSLContext
    let host: String
    let port: Int
    let pin: [UInt8]?
    /// Accept any certificate and only record it (for showing a fingerprint, never for a login).
    let probe: Bool
    /// The leaf certificate's SHA-256 and description as seen during the last handshake.
    let observed = NIOLockedValueBox<(sha256: [UInt8], subject: String)?>(nil)

    init(host: String, port: Int = 0, caFile: String?, pin: [UInt8]?, probe: Bool = false) throws {
        self.probe = probe
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.minimumTLSVersion = .tlsv12
        if let caFile {
            tls.trustRoots = .default
            tls.additionalTrustRoots = [.file(caFile)]
        }
        if pin != nil || probe { tls.certificateVerification = .noHostnameVerification }
        context = try NIOSSLContext(configuration: tls)
        self.host = host
        self.port = port
        self.pin = pin
    }

    /// The name sent in SNI and checked against the certificate. An IP address is not valid in SNI
    /// (RFC 6066 §3); NIOSSL then checks the certificate against the peer's address instead.
    private var serverHostname: String? {
        (try? SocketAddress(ipAddress: host, port: 0)) == nil ? host : nil
    }

    func makeHandler() throws -> NIOSSLClientHandler {
        let serverHostname = self.serverHostname
        guard pin != nil || probe else {
            return try NIOSSLClientHandler(context: context, serverHostname: serverHostname)
        }
        let (observed, pin, probe) = (self.observed, self.pin, self.probe)
        return try NIOSSLClientHandler(context: context, serverHostname: serverHostname) { chain, promise in
            guard let leaf = chain.first, let digest = try? Self.sha256(of: leaf) else {
                promise.succeed(.failed)
                return
            }
            observed.withLockedValue { $0 = (digest, leaf.description) }
            promise.succeed(probe || digest == pin ? .certificateVerified : .failed)
        }
    }

    /// Whether `error` comes from the TLS layer (a handshake or record failure).
    static func isTLSError(_ error: any Error) -> Bool {
        error is NIOSSLError || error is NIOSSLExtraError || error is BoringSSLError
    }

    /// Maps a handshake failure to a typed error: a pin mismatch, or a TLS failure with its cause.
    func error<Failure: TransportFailure>(for underlying: any Error, command: String?) -> Failure {
        if let (pin, seen) = pinMismatch {
            return Failure(
                transport: .certificateMismatch(expected: pin, actual: seen),
                command: command,
                detail: "",
                underlying: underlying
            )
        }
        let detail = TransportDiagnosis.handshake(endpoint: "\(host):\(port)", host: host, error: underlying)
        return Failure(transport: .tls, command: command, detail: detail, underlying: underlying)
    }

    /// The pinned and the observed SHA-256 when the last handshake saw a certificate other than the pinned one.
    var pinMismatch: (expected: [UInt8], actual: [UInt8])? {
        guard let pin, let seen = observed.withLockedValue({ $0?.sha256 }), seen != pin else { return nil }
        return (pin, seen)
    }

    static func sha256(of certificate: NIOSSLCertificate) throws -> [UInt8] {
        Array(SHA256.hash(data: try certificate.toDERBytes()))
    }
}
