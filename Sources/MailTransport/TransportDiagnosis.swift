#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import NIOCore
import NIOPosix

/// Connect and TLS failures said in one sentence a person can act on ("127.0.0.1:995 did not answer with
/// TLS…"), instead of SwiftNIO's error dump (build paths, `SingleConnectionFailure`, BoringSSL codes). The
/// raw error stays the failure's `underlying` cause, logged under `-v` and kept out of the message.
enum TransportDiagnosis {
    /// Why the TCP connection to `endpoint` (`host:port`) failed.
    static func connect(endpoint: String, host: String, error: any Error) -> String {
        var codes: [CInt] = []
        if let error = error as? NIOConnectionError {
            if error.connectionErrors.isEmpty && (error.dnsAError != nil || error.dnsAAAAError != nil) {
                return "host \"\(host)\" not found (the name does not resolve)"
            }
            codes = error.connectionErrors.compactMap { ($0.error as? IOError)?.errnoCode }
        } else if let error = error as? IOError {
            codes = [error.errnoCode]
        } else if error is SocketAddressError {
            return "host \"\(host)\" not found (the name does not resolve)"
        }
        if codes.contains(ECONNREFUSED) { return "\(endpoint) refused the connection (nothing listens on that port)" }
        if codes.contains(where: { $0 == ENETUNREACH || $0 == EHOSTUNREACH }) {
            return "\(endpoint) is unreachable (no route to it)"
        }
        if codes.contains(ETIMEDOUT) { return "\(endpoint) did not answer the connection attempt" }
        return "cannot reach \(endpoint)"
    }

    /// Why the TLS handshake with `endpoint` failed, judged from the reason BoringSSL names.
    static func handshake(endpoint: String, host: String, error: any Error) -> String {
        let raw = String(describing: error)
        if raw.contains("WRONG_VERSION_NUMBER") || raw.contains("HTTP_REQUEST") || raw.contains("UNKNOWN_PROTOCOL") {
            return "\(endpoint) did not answer with TLS (wrong version number): is that port plaintext? "
                + "try tls = \"starttls\""
        }
        if raw.contains("CERTIFICATE_VERIFY_FAILED") || raw.contains("certificate") {
            return "the certificate of \(endpoint) is not trusted (unknown issuer, expired, or issued for "
                + "another name than \"\(host)\"): add its CA with tls_ca_file, or pin it with tls_fingerprint "
                + "(popvault probe shows it)"
        }
        if raw.contains("uncleanShutdown") || raw.contains("EOF") {
            // Dovecot closes a plaintext port on a ClientHello before BoringSSL has read its greeting.
            return "\(endpoint) closed the connection during the TLS handshake: if that port is plaintext "
                + "(110, 143), try tls = \"starttls\""
        }
        return "the TLS handshake with \(endpoint) failed (run with -v for the cause)"
    }

    /// RFC 8446 §5.1: a TLS record starts with its content type (22 handshake, 21 alert) and the major
    /// version 3. No POP3 (`+OK`) or IMAP (`*`) greeting starts so.
    static func isTLSRecord(_ bytes: ByteBuffer) -> Bool {
        guard let first = bytes.getInteger(at: bytes.readerIndex, as: UInt8.self) else { return false }
        guard first == 0x16 || first == 0x15 else { return false }
        guard let version = bytes.getInteger(at: bytes.readerIndex + 1, as: UInt8.self) else { return true }
        return version == 0x03
    }
}
