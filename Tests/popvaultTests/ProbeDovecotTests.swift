import Foundation
import TestSupport
import XCTest

/// `popvault probe` and `fetch --show-certificate` reach the certificate the way the account's protocol
/// says: POP3 greeting, CAPA, STLS; IMAP greeting, CAPABILITY, STARTTLS (issue 13 item 9).
final class ProbeDovecotTests: DovecotFetchTestCase {
    private func expectedFingerprint() throws -> String {
        "sha256:" + (try dovecot.certificate.sha256Fingerprint()).map { String(format: "%02X", $0) }
            .joined(separator: ":")
    }

    func testProbeSpeaksTheChosenProtocol() throws {
        let expected = try expectedFingerprint()
        let cases: [(proto: String, tls: String, port: Int)] = [
            ("pop3", "starttls", dovecot.pop3Port), ("pop3", "implicit", dovecot.pop3sPort),
            ("imap", "starttls", dovecot.imapPort), ("imap", "implicit", dovecot.imapsPort),
        ]
        for (proto, tls, port) in cases {
            let result = try PopvaultProcess.run(
                ["probe", dovecot.host, "--protocol", proto, "--tls", tls, "--port", String(port)])
            XCTAssertEqual(result.status, 0, "\(proto) \(tls): \(result.stderr)")
            XCTAssertTrue(
                result.stdout.contains("tls_fingerprint = \"\(expected)\""), "\(proto) \(tls): \(result.stdout)")
        }
    }

    func testShowCertificateOnAnIMAPAccountUsesSTARTTLS() throws {
        try writeAccounts([
            ("mail", "imap", dovecot.imapPort, "starttls"), ("pop", "pop3", dovecot.pop3Port, "starttls"),
        ])
        let result = try fetch(["--show-certificate"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let expected = try expectedFingerprint()
        XCTAssertEqual(result.stdout.components(separatedBy: "tls_fingerprint = \"\(expected)\"").count, 3,
                       "both accounts: \(result.stdout)")
        XCTAssertTrue(result.stdout.contains("mail: \(dovecot.host):\(dovecot.imapPort)"), result.stdout)
    }

    /// Writes a config of accounts (name, protocol, port, tls) against this Dovecot.
    private func writeAccounts(_ accounts: [(name: String, proto: String, port: Int, tls: String)]) throws {
        var text = "[archive]\nroot = \"\(root)\"\n"
        for account in accounts {
            text += """

                [[account]]
                name = "\(account.name)"
                protocol = "\(account.proto)"
                host = "\(dovecot.host)"
                port = \(account.port)
                tls = "\(account.tls)"
                user = "\(user)"
                password_env = "\(TestConfig.passwordVariable)"
                path = "\(account.name)"

                """
        }
        try text.write(toFile: configPath, atomically: true, encoding: .utf8)
    }

    private func writeIMAPConfig(port: Int, tls: String) throws {
        try writeAccounts([("mail", "imap", port, tls)])
    }

    /// Item 8 for IMAP: the server's responses, bodies elided, escaped.
    func testIMAPVeryVerboseShowsTheServersResponses() throws {
        let body = "imap-body-\(UInt32.random(in: 1...UInt32.max))"
        try dovecot.deliver(Array("Subject: v\n\n\(body)\n".utf8), to: user)
        try writeIMAPConfig(port: dovecot.imapPort, tls: "none")
        let result = try fetch(["-vv"])
        XCTAssertEqual(result.status, 0, result.stderr)
        for expected in ["S: * OK [CAPABILITY", "EXISTS", "S: A1 OK", "BODY[] <body elided>"] {
            XCTAssertTrue(result.stderr.contains(expected), "\(expected) in: \(result.stderr)")
        }
        XCTAssertFalse(result.stderr.contains(body), "message bodies are elided")
        XCTAssertFalse(result.stderr.contains(password), "no password")
    }

    /// Item 7 for IMAP: implicit TLS against the plaintext port, and a refused connection, in a sentence.
    func testIMAPConnectAndTLSFailuresAreOneSentence() throws {
        try writeIMAPConfig(port: dovecot.imapPort, tls: "implicit")
        let tls = try fetch()
        let verbose = try fetch(["-v"])
        XCTAssertEqual(tls.status, 69, verbose.stderr)
        // Dovecot closes at the ClientHello (EOF) or BoringSSL reads its greeting (wrong version), by timing.
        XCTAssertTrue(tls.stderr.contains("try tls = \"starttls\""), verbose.stderr)
        try writeIMAPConfig(port: try freeLoopbackPort(), tls: "implicit")
        let refused = try fetch()
        XCTAssertEqual(refused.status, 75, refused.stderr)
        XCTAssertTrue(refused.stderr.contains("refused the connection"), refused.stderr)
        for text in [tls.stderr, refused.stderr] {
            for word in ["NIOSSL", "/checkouts/", "SingleConnectionFailure", "NIOConnectionError"] {
                XCTAssertFalse(text.contains(word), "\(word) in: \(text)")
            }
        }
    }
}
