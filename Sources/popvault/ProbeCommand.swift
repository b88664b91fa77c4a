import ArchiveConfig
import ArgumentParser
import Foundation
import MailTransport
import UntrustedText

struct Probe: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Show a POP3 or IMAP server's TLS certificate fingerprint, for tls_fingerprint = \"sha256:…\".",
        discussion: "Connects without verifying the certificate and without logging in; compare the printed "
            + "fingerprint with one obtained out of band before pinning it."
    )

    @Argument(help: "Server host name.")
    var host: String

    @Option(name: .long, help: "pop3 (greeting, CAPA, STLS) or imap (greeting, CAPABILITY, STARTTLS).")
    var `protocol`: String = "pop3"

    @Option(name: .long, help: "Port (default: POP3 995 implicit, 110 STLS; IMAP 993 implicit, 143 STARTTLS).")
    var port: Int?

    @Option(name: .long, help: "implicit or starttls.")
    var tls: String = "implicit"

    func validate() throws {
        guard ["implicit", "starttls"].contains(tls) else {
            throw ValidationError("--tls must be \"implicit\" or \"starttls\", got \"\(tls)\"")
        }
        guard AccountConfig.MailProtocol(rawValue: self.protocol) != nil else {
            throw ValidationError("--protocol must be \"pop3\" or \"imap\", got \"\(self.protocol)\"")
        }
    }

    func run() async throws {
        try await ExitStatus.mapping {
            let mode: POP3Configuration.TLSMode = tls == "implicit" ? .implicit : .startTLS
            let proto = AccountConfig.MailProtocol(rawValue: self.protocol) ?? .pop3
            let seen = try await CertificateReport.fingerprint(
                proto, host: host,
                port: port ?? AccountConfig.defaultPort(protocol: proto, tls: mode == .implicit ? .implicit : .startTLS),
                tls: mode)
            print("\(host): \(seen.subject.terminalSafe)\ntls_fingerprint = \"\(CertificateReport.format(seen.sha256))\"")
        }
    }
}

/// `popvault fetch --show-certificate`: the fingerprint of each selected account's server.
enum CertificateReport {
    static func format(_ sha256: [UInt8]) -> String {
        "sha256:" + sha256.map { String(format: "%02X", $0) }.joined(separator: ":")
    }

    /// The server's certificate, reached the way its protocol says (POP3: STLS; IMAP: STARTTLS).
    static func fingerprint(
        _ proto: AccountConfig.MailProtocol, host: String, port: Int, tls: POP3Configuration.TLSMode
    ) async throws -> (sha256: [UInt8], subject: String) {
        switch proto {
        case .pop3: return try await POP3Session.certificateFingerprint(host: host, port: port, tls: tls)
        case .imap: return try await IMAPSession.certificateFingerprint(host: host, port: port, tls: tls)
        }
    }

    static func print(_ accounts: [AccountConfig]) async throws {
        for account in accounts {
            guard account.tls != .none else {
                Swift.print("\(account.name): tls = \"none\": no certificate")
                continue
            }
            let mode: POP3Configuration.TLSMode = account.tls == .implicit ? .implicit : .startTLS
            let seen = try await fingerprint(account.protocol, host: account.host, port: account.port, tls: mode)
            Swift.print("\(account.name): \(account.host):\(account.port) \(seen.subject.terminalSafe)\n"
                + "  tls_fingerprint = \"\(format(seen.sha256))\"")
        }
    }
}
