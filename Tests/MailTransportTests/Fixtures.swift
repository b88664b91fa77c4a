import Logging
import MailTransport
import NIOCore
import POP3TestServer
import XCTest

/// Messages with the lines a POP3 client most easily gets wrong.
enum Corpus {
    static let dots = "From: a@example.com\r\nSubject: dots\r\n\r\n.starts with a dot\r\n..two dots\r\n.\r\n"
        + "From the start of a line\r\n>From quoted\r\nend\r\n"
    static let bareLF = "Subject: bare LF\n\nline one\n.\nline three\n"
    static let eightBit = "Subject: 8bit\r\n\r\n" + String(decoding: [0xC3, 0xA9, 0x20, 0xE2, 0x82, 0xAC], as: UTF8.self) + "\r\n"

    static var messages: [POP3TestServer.Message] {
        [.init(dots, uid: "uid-dots"), .init(bareLF, uid: "uid-lf"), .init(eightBit, uid: "uid-8bit")]
    }

    /// `count` small numbered messages.
    static func numbered(_ count: Int, prefix: String = "m") -> [POP3TestServer.Message] {
        (1...count).map { .init("Subject: \(prefix)\($0)\r\n\r\nbody \($0)\r\n", uid: "\(prefix)-\($0)") }
    }
}

/// The bytes a client must deliver for a stored message: CRLF line ends, ending in CRLF.
func wireForm(_ text: String) -> [UInt8] {
    var out: [UInt8] = []
    var previous: UInt8 = 0
    for byte in text.utf8 {
        if byte == 10 && previous != 13 { out.append(13) }
        out.append(byte)
        previous = byte
    }
    if !(out.suffix(2) == [13, 10]) { out += [13, 10] }
    return out
}

extension POP3Configuration {
    /// A configuration for the test server: plaintext, user/secret, short response timeout.
    static func testServer(
        _ server: POP3TestServer,
        tls: TLSMode = .none,
        auth: AuthChoice = .auto,
        password: String = "secret",
        responseTimeout: TimeAmount = .seconds(10)
    ) -> POP3Configuration {
        POP3Configuration(
            host: server.host, port: server.port, tls: tls, user: "user", password: { password }, auth: auth,
            timeouts: .init(connect: .seconds(5), response: responseTimeout, idle: .seconds(30))
        )
    }
}

/// Asserts that `body` throws a ``POP3Error`` and returns it.
func expectPOP3Error(
    _ body: () async throws -> Void,
    file: StaticString = #filePath,
    line: UInt = #line
) async -> POP3Error? {
    do {
        try await body()
        XCTFail("expected a POP3Error, nothing was thrown", file: file, line: line)
    } catch let error as POP3Error {
        return error
    } catch {
        XCTFail("expected a POP3Error, got \(error)", file: file, line: line)
    }
    return nil
}

extension XCTestCase {
    /// Starts a test server that is stopped when the test ends.
    func startServer(_ configuration: POP3TestServer.Configuration) async throws -> POP3TestServer {
        let server = try await POP3TestServer.start(configuration)
        addTeardownBlock { await server.stop() }
        return server
    }
}
