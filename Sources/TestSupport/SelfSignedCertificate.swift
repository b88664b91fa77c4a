import Foundation

/// A self-signed certificate for `localhost` / `127.0.0.1`, generated with the `openssl` CLI.
public struct SelfSignedCertificate: Sendable {
    public let certificatePath: String
    public let privateKeyPath: String

    /// Generates a P-256 key and a certificate valid for 30 days into `directory`.
    public init(in directory: String, commonName: String = "localhost") throws {
        certificatePath = directory + "/cert.pem"
        privateKeyPath = directory + "/key.pem"
        _ = try runProgram(Self.openssl, [
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", privateKeyPath, "-out", certificatePath, "-days", "30", "-subj", "/CN=\(commonName)",
            "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
        ])
    }

    /// The SHA-256 of the certificate's DER encoding, as `openssl x509 -fingerprint -sha256` prints it.
    public func sha256Fingerprint() throws -> [UInt8] {
        let output = try runProgram(Self.openssl, ["x509", "-in", certificatePath, "-noout", "-fingerprint", "-sha256"])
        guard let hex = output.split(separator: "=").last else { return [] }
        return hex.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ":").compactMap {
            UInt8($0, radix: 16)
        }
    }

    static let openssl = ["/usr/bin/openssl", "/usr/local/bin/openssl", "/opt/homebrew/bin/openssl"]
        .first { FileManager.default.isExecutableFile(atPath: $0) } ?? "/usr/bin/openssl"
}
