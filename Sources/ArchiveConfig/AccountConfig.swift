import Foundation

/// One `[[account]]` of the configuration, validated, with defaults applied and paths resolved.
public struct AccountConfig: Sendable, Equatable {
    /// The mail protocol of an account.
    public enum MailProtocol: String, Sendable, Equatable, CaseIterable {
        case pop3
        case imap
    }

    /// How the connection is secured.
    public enum TLSMode: String, Sendable, Equatable, CaseIterable {
        /// TLS from the first byte (ports 995 / 993).
        case implicit
        /// Plain connection upgraded with STLS (POP3) or STARTTLS (IMAP) before authenticating.
        case startTLS = "starttls"
        /// No TLS at all: the password crosses the network in clear text.
        case none
    }

    /// How to authenticate. `auto` picks the strongest mechanism the server offers.
    public enum AuthMethod: String, Sendable, Equatable, CaseIterable {
        case auto, user, apop, plain, login
        case cramMD5 = "cram-md5"
        case xoauth2
    }

    /// How the archive stores messages.
    public enum Format: String, Sendable, Equatable, CaseIterable {
        case maildir
        case mbox
    }

    /// When archived messages are deleted on the server.
    public enum DeletePolicy: Sendable, Equatable {
        /// Never (the default).
        case never
        /// As soon as they are durably archived and recorded.
        case afterArchive
        /// Once they have been archived for longer than this many seconds.
        case olderThan(TimeInterval)
    }

    /// When an mbox segment is closed and compressed.
    public enum RotatePolicy: Sendable, Equatable {
        case none
        /// At the start of each calendar month.
        case monthly
        /// When the open segment reaches this many bytes.
        case size(Int64)
    }

    /// The transfer rate floor of the account's connection (``MailTransport``'s `TransferRateLimit`): a key
    /// left out keeps that limit's default.
    public struct TransferRate: Sendable, Equatable {
        /// `min_transfer_rate`: bytes per second, 0 for no floor.
        public var bytesPerSecond: Int?
        /// `transfer_rate_window`: the seconds the rate is averaged over.
        public var windowSeconds: Int?

        public init(bytesPerSecond: Int? = nil, windowSeconds: Int? = nil) {
            self.bytesPerSecond = bytesPerSecond
            self.windowSeconds = windowSeconds
        }
    }

    /// The account's name: unique, and safe as a file name (it names lock files and default paths).
    public var name: String
    /// `pop3` (the default) or `imap`.
    public var `protocol`: MailProtocol
    /// The server's host name or address.
    public var host: String
    /// The port; when absent from the file, 995/110 (POP3) or 993/143 (IMAP) by `tls`.
    public var port: Int
    /// `implicit` by default.
    public var tls: TLSMode
    /// Extra trusted CA certificates (PEM), absolute.
    public var tlsCAFile: String?
    /// A pinned SHA-256 certificate fingerprint, 32 bytes.
    public var tlsFingerprint: [UInt8]?
    /// The login name.
    public var user: String
    /// Where the password comes from (``PasswordSource/prompt`` when no key names one).
    public var password: PasswordSource
    /// `auto` by default.
    public var auth: AuthMethod
    /// `maildir` by default.
    public var format: Format
    /// The account's archive location: absolute, under the archive root.
    public var path: URL
    /// `never` by default.
    public var delete: DeletePolicy
    /// `none` by default; mbox only.
    public var rotate: RotatePolicy
    /// IMAP only: folders to archive; empty means every selectable folder.
    public var folders: [String]
    /// IMAP only: folders to skip.
    public var exclude: [String]
    /// The transfer rate floor; the defaults when the file sets none.
    public var transferRate = TransferRate()

    /// The default port for a protocol and TLS mode.
    public static func defaultPort(protocol proto: MailProtocol, tls: TLSMode) -> Int {
        switch (proto, tls) {
        case (.pop3, .implicit): return 995
        case (.pop3, _): return 110
        case (.imap, .implicit): return 993
        case (.imap, _): return 143
        }
    }
}
