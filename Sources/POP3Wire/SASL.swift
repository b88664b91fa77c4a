/// Client messages for the SASL mechanisms popvault speaks (RFC 5034 AUTH), already base64-encoded
/// for ``POP3Command/auth(mechanism:initialResponse:)`` and ``POP3Command/saslResponse(_:)``.
///
/// This module has no cryptography: for CRAM-MD5 the transport computes the HMAC-MD5 of the
/// decoded challenge and passes its hex form (``hex(_:)`` renders bytes as lowercase hex).
public enum SASL {
    /// The line that cancels an exchange (RFC 5034 §4).
    public static let cancel = "*"

    /// The base64 of an empty message, sent as an initial response (RFC 5034 §4).
    public static let emptyInitialResponse = "="

    /// PLAIN (RFC 4616): `authzid NUL authcid NUL passwd`, base64. `authorizationIdentity` is
    /// usually empty (act as the authenticated user).
    public static func plainInitialResponse(
        user: String,
        password: String,
        authorizationIdentity: String = ""
    ) -> String {
        Base64.encode(Array(authorizationIdentity.utf8) + [0] + Array(user.utf8) + [0] + Array(password.utf8))
    }

    /// LOGIN (draft-murchison-sasl-login): the answer to the first challenge, the user name, base64.
    public static func loginUser(_ user: String) -> String {
        Base64.encode(user)
    }

    /// LOGIN: the answer to the second challenge, the password, base64.
    public static func loginPassword(_ password: String) -> String {
        Base64.encode(password)
    }

    /// CRAM-MD5 (RFC 2195 §2): `user SP digest`, base64, where `hexDigest` is the lowercase hex
    /// HMAC-MD5 of the decoded challenge keyed with the password.
    public static func cramMD5Response(user: String, hexDigest: String) -> String {
        Base64.encode("\(user) \(hexDigest.lowercased())")
    }

    /// XOAUTH2 (Google's and Microsoft's OAuth 2.0 SASL profile):
    /// `"user=" user ^A "auth=Bearer " token ^A ^A`, base64.
    ///
    /// Microsoft 365 wants it sent "two-step": `AUTH XOAUTH2` alone, then this as the answer to the
    /// empty `+ ` challenge. When the token is refused the server sends a `+ ` challenge holding a
    /// base64 JSON error; answer it with an empty ``POP3Command/saslResponse(_:)`` to get the `-ERR`.
    public static func xoauth2InitialResponse(user: String, token: String) -> String {
        Base64.encode("user=\(user)\u{01}auth=Bearer \(token)\u{01}\u{01}")
    }

    /// Decodes a challenge's base64 text (``POP3ResponseEvent/continuation(_:)``), or `nil` if it is
    /// not base64.
    public static func decodeChallenge(_ text: String) -> [UInt8]? {
        Base64.decode(text)
    }

    /// Renders bytes as lowercase hex, as APOP and CRAM-MD5 digests are sent.
    public static func hex<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var output: [UInt8] = []
        for byte in bytes {
            output.append(digits[Int(byte >> 4)])
            output.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: output, as: UTF8.self)
    }
}
