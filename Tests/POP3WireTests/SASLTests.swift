import POP3Wire
import ParserTestSupport
import XCTest

/// SASL client messages and base64 (RFC 4648, RFC 4616, RFC 2195).
final class SASLTests: XCTestCase {
    func testBase64Vectors() {
        // RFC 4648 §10.
        let vectors = [
            ("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ]
        for (plain, encoded) in vectors {
            XCTAssertEqual(Base64.encode(plain), encoded)
            XCTAssertEqual(Base64.decode(encoded), Array(plain.utf8))
        }
        XCTAssertEqual(Base64.encode([0xFF, 0xFE, 0x00]), "//4A")
    }

    func testBase64RefusesMalformedInput() {
        for text in ["Zg=", "Zg", "Z===", "=Zg=", "Zg==Zg==", "Zm9v!", "Zm 9", "Zm9\n"] {
            XCTAssertNil(Base64.decode(text), text)
        }
    }

    func testBase64RoundTrip() {
        var generator = SplitMix64(seed: 7)
        for length in 0..<64 {
            let bytes = (0..<length).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
            XCTAssertEqual(Base64.decode(Base64.encode(bytes)), bytes)
        }
    }

    func testPlain() {
        // RFC 4616 §4 example credentials.
        XCTAssertEqual(SASL.plainInitialResponse(user: "tim", password: "tanstaaftanstaaf"),
                       "AHRpbQB0YW5zdGFhZnRhbnN0YWFm")
        XCTAssertEqual(SASL.plainInitialResponse(user: "b", password: "c", authorizationIdentity: "a"),
                       Base64.encode("a\0b\0c"))
    }

    func testCramMD5() {
        // RFC 2195 §2 example: the transport computes the HMAC; this module only frames it.
        let challenge = SASL.decodeChallenge("PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+")
        XCTAssertEqual(challenge.map { String(decoding: $0, as: UTF8.self) },
                       "<1896.697170952@postoffice.reston.mci.net>")
        XCTAssertEqual(SASL.cramMD5Response(user: "tim", hexDigest: "B913A602C7EDA7A495B4E6E7334D3890"),
                       "dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw")
        XCTAssertEqual(SASL.hex([0xB9, 0x13, 0x0A, 0x00]), "b9130a00")
    }

    func testLoginAndXOAUTH2() {
        XCTAssertEqual(SASL.loginUser("tim"), "dGlt")
        XCTAssertEqual(SASL.loginPassword("secret"), "c2VjcmV0")
        let token = "ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg"
        XCTAssertEqual(
            SASL.xoauth2InitialResponse(user: "someuser@example.com", token: token),
            "dXNlcj1zb21ldXNlckBleGFtcGxlLmNvbQFhdXRoPUJlYXJlciB5YTI5LnZGOWRmdDRxbVRjMk52YjNSbGNrQmhkSFJoZG1semRHRXVZ"
                + "Mjl0Q2cBAQ=="
        )
        XCTAssertEqual(SASL.cancel, "*")
        XCTAssertEqual(SASL.emptyInitialResponse, "=")
    }
}
