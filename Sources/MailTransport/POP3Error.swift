import POP3Wire
import UntrustedText

/// A failure of a POP3 session, with what failed, the command being answered, the server's words kept
/// apart from ours, and the underlying cause. It never contains a password or SASL payload.
public struct POP3Error: Error, CustomStringConvertible {
    /// Which time limit passed.
    public enum Phase: String, Sendable, Hashable {
        case connect
        case response
        case idle
        /// The transfer rate fell below its floor (``TransferRateLimit``) while a response was arriving.
        case transfer
    }

    public enum Kind: Sendable, Hashable {
        /// The TCP connection could not be established.
        case connect
        case timeout(Phase)
        /// The TLS handshake failed (untrusted or expired certificate, wrong host name, protocol version…).
        case tls
        /// Bytes arrived behind the STLS `+OK`, before the TLS handshake: a plaintext injection.
        case tlsInjection(bufferedBytes: Int)
        /// The certificate's SHA-256 is not the pinned one.
        case certificateMismatch(expected: [UInt8], actual: [UInt8])
        /// `tls = starttls` but the server refused or does not offer STLS.
        case startTLSUnavailable
        /// The server rejected our credentials.
        case authenticationFailed
        /// No method the configuration allows is offered by the server (or safe on this link).
        case noAuthenticationMethod
        /// A password would have crossed an unencrypted link; refused (set `tls = none` to allow USER/PASS
        /// or PLAIN/LOGIN in clear).
        case plaintextRefused
        /// The server answered `-ERR`.
        case serverError(POP3StatusLine)
        /// The server sent something that is not POP3.
        case protocolViolation
        /// The connection closed; `duringMessage` is the message being retrieved, if any.
        case connectionClosed(duringMessage: Int?, receivedOctets: Int)
        /// A retrieved message's size differs from the size the server listed.
        case sizeMismatch(message: Int, listed: Int, received: Int)
        /// The server does not support UIDL, which an incremental archive needs.
        case noUIDL
        /// The session was used after it ended (QUIT, close, or an earlier fatal error).
        case sessionClosed
        /// Two operations ran on one session at the same time; a session serves one at a time.
        case concurrentUse
        /// The session has no TLS, so there is no certificate to show.
        case noCertificate
    }

    public var kind: Kind
    /// The command being answered, as sent but with secrets removed (e.g. `RETR 3`, `PASS <redacted>`).
    public var command: String?
    /// The server's own status line, when the error came from a `-ERR` (kept apart from ``detail``).
    public var status: POP3StatusLine?
    /// Our explanation.
    public var detail: String
    /// What caused it (an I/O error, a TLS error, a ``POP3ParseError``…).
    public var underlying: (any Error)?

    public init(
        _ kind: Kind,
        command: String? = nil,
        status: POP3StatusLine? = nil,
        detail: String = "",
        underlying: (any Error)? = nil
    ) {
        self.kind = kind
        self.command = command
        self.status = status
        self.detail = detail
        self.underlying = underlying
    }

    /// True when retrying later may succeed (timeouts, closed connections, `[SYS/TEMP]`, `[IN-USE]`,
    /// `[LOGIN-DELAY]`).
    public var isTemporary: Bool {
        switch kind {
        case .connect, .timeout, .connectionClosed: return true
        case .serverError(let status): return status.code?.isTemporary ?? false
        case .authenticationFailed: return status?.code?.isTemporary ?? false
        default: return false
        }
    }

    public var description: String {
        var text = summary
        if let command { text += " (answering \(command))" }
        if !detail.isEmpty { text += ": \(detail)" }
        if let status, kind != .serverError(status) {
            text += " (server: -ERR \(status.code.map { "[\($0.text)] " } ?? "")\"\(status.text.terminalSafe)\")"
        }
        // Connect and TLS failures are said in a sentence; SwiftNIO's dump of them is logged under -v only.
        if let underlying, !kind.explainsUnderlying { text += " [\(underlying)]" }
        return text
    }

    private var summary: String {
        switch kind {
        case .connect: return "cannot connect"
        case .timeout(let phase): return "timed out (\(phase.rawValue))"
        case .tls: return "TLS handshake failed"
        case .tlsInjection(let count): return "\(count) plaintext bytes arrived behind STLS +OK (injection); aborted"
        case .certificateMismatch(let expected, let actual):
            return "certificate SHA-256 \(hexColon(actual)) does not match the pinned \(hexColon(expected))"
        case .startTLSUnavailable: return "server does not offer STLS"
        case .authenticationFailed: return "authentication failed"
        case .noAuthenticationMethod: return "no usable authentication method offered"
        case .plaintextRefused: return "refusing to send a password over an unencrypted link"
        case .serverError(let status):
            let code = status.code.map { "[\($0.text)] " } ?? ""
            return "server answered -ERR \(code)\"\(status.text.terminalSafe)\""
        case .protocolViolation: return "protocol violation"
        case .connectionClosed(let message?, let octets):
            return "connection closed during message \(message) after \(octets) octets"
        case .connectionClosed(nil, _): return "connection closed by server"
        case .sizeMismatch(let message, let listed, let received):
            return "message \(message) is \(received) octets, LIST said \(listed)"
        case .noUIDL: return "server does not support UIDL"
        case .sessionClosed: return "session already ended"
        case .concurrentUse: return "session used by two tasks at once"
        case .noCertificate: return "no TLS, so no certificate"
        }
    }
}

/// `AB:CD:…` as certificate tools print fingerprints.
public func hexColon(_ bytes: [UInt8]) -> String {
    let digits = Array("0123456789ABCDEF".utf8)
    return bytes.map { String(decoding: [digits[Int($0 >> 4)], digits[Int($0 & 0x0f)]], as: UTF8.self) }
        .joined(separator: ":")
}

extension POP3Error.Kind {
    /// The detail already says in words what the underlying NIO/TLS error says in code.
    var explainsUnderlying: Bool {
        switch self {
        case .connect, .tls, .certificateMismatch: return true
        default: return false
        }
    }
}
