import ArchiveConfig
import ArgumentParser
import Foundation
import MailTransport
import UntrustedText

struct Probe: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Show a POP3 server's TLS certificate fingerprint, for tls_fingerprint = \"sha256:…\".",
        discussion: "Connects without verifying the certificate and without logging in; compare the printed "
            + "fingerprint with one obtained out of band before pinning it."
    )

    @Argument(help: "Server host name.")
    var host: String

    @Option(name: .long, help: "Port (default: 995 for implicit TLS, 110 for STLS).")
    var port: Int?

    @Option(name: .long, help: "implicit or starttls.")
    var tls: String = "implicit"

    func validate() throws {
        guard ["implicit", "starttls"].contains(tls) else {
            throw ValidationError("--tls must be \"implicit\" or \"starttls\", got \"\(tls)\"")
        }
    }

    func run() async throws {
        try await ExitStatus.mapping {
            let mode: POP3Configuration.TLSMode = tls == "implicit" ? .implicit : .startTLS
            let seen = try await POP3Session.certificateFingerprint(
                host: host, port: port ?? (mode == .implicit ? 995 : 110), tls: mode)
            print("\(host): \(seen.subject.terminalSafe)\n"
                + "tls_fingerprint = \"\(CertificateReport.format(seen.sha256))\"")
        }
    }
}

/// `popvault fetch --show-certificate`: the fingerprint of each selected account's server.
enum CertificateReport {
    static func format(_ sha256: [UInt8]) -> String {
        "sha256:" + sha256.map { String(format: "%02X", $0) }.joined(separator: ":")
    }

    static func print(_ accounts: [AccountConfig]) async throws {
        for account in accounts {
            guard account.tls != .none else {
                Swift.print("\(account.name): tls = \"none\": no certificate")
                continue
            }
            let mode: POP3Configuration.TLSMode = account.tls == .implicit ? .implicit : .startTLS
            let seen = try await POP3Session.certificateFingerprint(host: account.host, port: account.port, tls: mode)
            Swift.print("\(account.name): \(account.host):\(account.port) \(seen.subject.terminalSafe)\n"
                + "  tls_fingerprint = \"\(format(seen.sha256))\"")
        }
    }
}
