import IMAPWire

/// A failure of an IMAP session: what failed, the command being answered, the server's own status kept
/// apart from our explanation, and the underlying cause. It never contains a password or SASL payload.
public struct IMAPError: Error, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// The TCP connection could not be established.
        case connect
        case timeout(POP3Error.Phase)
        /// The TLS handshake failed (untrusted or expired certificate, wrong host name, protocol version…).
        case tls
        /// Bytes arrived behind the tagged `OK` to STARTTLS, before the handshake: a plaintext injection.
        case tlsInjection(bufferedBytes: Int)
        /// The certificate's SHA-256 is not the pinned one.
        case certificateMismatch(expected: [UInt8], actual: [UInt8])
        /// `tls = starttls` but the server does not offer or refused STARTTLS.
        case startTLSUnavailable
        /// The greeting was `PREAUTH` while STARTTLS was required: the session can never be secured
        /// (RFC 3501 §6.2.1 allows STARTTLS only in the not-authenticated state).
        case preauthWithoutTLS
        /// The server rejected our credentials.
        case authenticationFailed
        /// No method the configuration allows is offered by the server (or it says `LOGINDISABLED`).
        case noAuthenticationMethod
        /// A password would have crossed an unencrypted link; refused (set `tls = none` to allow it).
        case plaintextRefused
        /// The server answered `NO` to a command.
        case refused
        /// The server answered `BAD` to a command (it did not understand it).
        case rejected
        /// The server said `BYE` and closed the connection.
        case bye
        /// The server sent something that is not IMAP, or not what the command calls for.
        case protocolViolation
        /// The connection closed; `duringUID` is the message being fetched, if any.
        case connectionClosed(duringUID: UInt32?, receivedOctets: Int)
        /// A command was refused by the encoder (CR, LF or NUL in an argument…).
        case invalidCommand
        /// The session was used after it ended (LOGOUT, close, or an earlier fatal error).
        case sessionClosed
        /// Two operations ran on one session at the same time; a session serves one at a time.
        case concurrentUse
    }

    public var kind: Kind
    /// The command being answered, without its secrets (e.g. `A7 UID FETCH 1:5 (…)`, `A2 LOGIN "me" <redacted>`).
    public var command: String?
    /// The server's own status (its condition, response code and text), when it said `NO`, `BAD` or `BYE`.
    public var status: IMAPStatus?
    /// Our explanation.
    public var detail: String
    /// What caused it (an I/O error, a TLS error, an ``IMAPParseError``…).
    public var underlying: (any Error)?

    public init(
        _ kind: Kind,
        command: String? = nil,
        status: IMAPStatus? = nil,
        detail: String = "",
        underlying: (any Error)? = nil
    ) {
        self.kind = kind
        self.command = command
        self.status = status
        self.detail = detail
        self.underlying = underlying
    }

    /// True when retrying later may succeed: timeouts, closed connections, `BYE`, and the RFC 5530 codes
    /// `UNAVAILABLE`, `INUSE`, `LIMIT`, `SERVERBUG`.
    public var isTemporary: Bool {
        switch kind {
        case .connect, .timeout, .connectionClosed, .bye: return true
        case .refused, .authenticationFailed: return status?.code?.isTemporary ?? false
        default: return false
        }
    }

    /// A `NO` or `BAD` to one command: the connection is still in step.
    var isRecoverable: Bool {
        switch kind {
        case .refused, .rejected, .invalidCommand, .concurrentUse, .sessionClosed: return true
        default: return false
        }
    }

    public var description: String {
        var text = summary
        if let command { text += " (answering \(command))" }
        if !detail.isEmpty { text += ": \(detail)" }
        if let status { text += " (server: \(status))" }
        // Connect and TLS failures are said in a sentence; SwiftNIO's dump of them is logged under -v only. A parse
        // error is already the detail: quoted once (issue 12, one sentence per error).
        if let underlying, !kind.explainsUnderlying, "\(underlying)" != detail { text += " [\(underlying)]" }
        return text
    }

    private var summary: String {
        switch kind {
        case .connect: return "cannot connect"
        case .timeout(let phase): return "timed out (\(phase.rawValue))"
        case .tls: return "TLS handshake failed"
        case .tlsInjection(let count):
            return "\(count) plaintext bytes arrived behind the STARTTLS OK (injection); aborted"
        case .certificateMismatch(let expected, let actual):
            return "certificate SHA-256 \(hexColon(actual)) does not match the pinned \(hexColon(expected))"
        case .startTLSUnavailable: return "server does not offer STARTTLS"
        case .preauthWithoutTLS: return "server greeted with PREAUTH, so STARTTLS is impossible; refused"
        case .authenticationFailed: return "authentication failed"
        case .noAuthenticationMethod: return "no usable authentication method offered"
        case .plaintextRefused: return "refusing to send a password over an unencrypted link"
        case .refused: return "server answered NO"
        case .rejected: return "server answered BAD"
        case .bye: return "server ended the session (BYE)"
        case .protocolViolation: return "protocol violation"
        case .connectionClosed(let uid?, let octets):
            return "connection closed during UID \(uid) after \(octets) octets"
        case .connectionClosed(nil, _): return "connection closed by server"
        case .invalidCommand: return "command cannot be sent"
        case .sessionClosed: return "session already ended"
        case .concurrentUse: return "session used by two tasks at once"
        }
    }
}

extension IMAPError.Kind {
    /// The detail already says in words what the underlying NIO/TLS error says in code.
    var explainsUnderlying: Bool {
        switch self {
        case .connect, .tls, .certificateMismatch: return true
        default: return false
        }
    }
}
