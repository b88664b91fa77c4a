import IMAPWire
import MailTransport
import NIOCore
import XCTest

/// ``IMAPSession`` against scripted servers: the security checks, typed errors and SASL flows.
final class IMAPSessionScriptTests: XCTestCase {
    private func configuration(
        _ server: ScriptedIMAPServer,
        tls: IMAPConfiguration.TLSMode = .none,
        auth: IMAPConfiguration.AuthChoice = .auto
    ) -> IMAPConfiguration {
        IMAPConfiguration(
            host: "127.0.0.1",
            port: server.port,
            tls: tls,
            user: "me",
            password: { "secret" },
            auth: auth,
            timeouts: .init(connect: .seconds(5), response: .seconds(10), idle: .seconds(30))
        )
    }

    private func assertFails(
        _ configuration: IMAPConfiguration,
        with kind: IMAPError.Kind,
        file: StaticString = #filePath,
        line: UInt = #line
    ) async -> IMAPError? {
        do {
            let session = try await IMAPSession.connect(configuration)
            await session.close()
            XCTFail("connected", file: file, line: line)
        } catch let error as IMAPError {
            XCTAssertEqual(error.kind, kind, "\(error)", file: file, line: line)
            return error
        } catch {
            XCTFail("\(error)", file: file, line: line)
        }
        return nil
    }

    func testPreauthIsRefusedWhenSTARTTLSIsRequired() async throws {
        let server = try await ScriptedIMAPServer.start(greeting: "* PREAUTH [CAPABILITY IMAP4rev1 STARTTLS] hi\r\n") {
            _ in ""
        }
        defer { Task { await server.stop() } }
        let error = await assertFails(configuration(server, tls: .startTLS), with: .preauthWithoutTLS)
        XCTAssertEqual(error?.status?.condition, .preauth)
        XCTAssertEqual(server.received, [], "nothing may be sent on such a link")
    }

    func testPreauthWithoutTLSRequirementSkipsLogin() async throws {
        let server = try await ScriptedIMAPServer.start(greeting: "* PREAUTH ready\r\n") { line in
            if line == "A1 CAPABILITY" { return "* CAPABILITY IMAP4rev1 UIDPLUS\r\nA1 OK done\r\n" }
            if line == "A2 LOGOUT" { return "* BYE bye\r\nA2 OK done\r\n" }
            return "\(line.prefix(2)) BAD unexpected\r\n"
        }
        defer { Task { await server.stop() } }
        let session = try await IMAPSession.connect(configuration(server))
        XCTAssertEqual(session.capabilities, ["IMAP4rev1", "UIDPLUS"])
        XCTAssertTrue(session.supportsUIDExpunge)
        try await session.logout()
        XCTAssertEqual(server.received, ["A1 CAPABILITY", "A2 LOGOUT"])
    }

    func testPlaintextInjectedBehindSTARTTLSIsRefused() async throws {
        let server = try await ScriptedIMAPServer.start(greeting: "* OK [CAPABILITY IMAP4rev1 STARTTLS] hi\r\n") {
            line in
            line == "A1 STARTTLS" ? "A1 OK Begin TLS\r\n* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] injected\r\n" : nil
        }
        defer { Task { await server.stop() } }
        let error = await assertFails(configuration(server, tls: .startTLS), with: .tlsInjection(bufferedBytes: 49))
        XCTAssertEqual(error?.command, "STARTTLS")
    }

    func testMissingSTARTTLSIsTyped() async throws {
        let server = try await ScriptedIMAPServer.start(greeting: "* OK [CAPABILITY IMAP4rev1] hi\r\n") { _ in nil }
        defer { Task { await server.stop() } }
        _ = await assertFails(configuration(server, tls: .startTLS), with: .startTLSUnavailable)
        XCTAssertEqual(server.received, [])
    }

    func testByeGreetingKeepsTheServerText() async throws {
        let server = try await ScriptedIMAPServer.start(greeting: "* BYE [UNAVAILABLE] maintenance\r\n") { _ in nil }
        defer { Task { await server.stop() } }
        let error = await assertFails(configuration(server), with: .bye)
        XCTAssertEqual(error?.status?.text, "maintenance")
        XCTAssertEqual(error?.isTemporary, true)
    }

    func testRejectedCredentialsKeepTheServerTextApart() async throws {
        let server = try await ScriptedIMAPServer.start(
            greeting: "* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN SASL-IR] hi\r\n"
        ) { line in
            "\(line.prefix(2)) NO [AUTHENTICATIONFAILED] Invalid credentials (\u{1B}[31mred)\r\n"
        }
        defer { Task { await server.stop() } }
        let error = await assertFails(configuration(server), with: .authenticationFailed)
        XCTAssertEqual(error?.status?.code, .other("AUTHENTICATIONFAILED", ""))
        XCTAssertEqual(error?.detail, "using PLAIN")
        XCTAssertFalse(error?.description.contains("secret") ?? true)
        XCTAssertFalse(error?.description.contains("\u{1B}") ?? true, "server text is escaped")
        // AGxvZ2luAHNlY3JldA== would be "\0login\0secret": the initial response went inline (SASL-IR).
        XCTAssertEqual(server.received, ["A1 AUTHENTICATE PLAIN AG1lAHNlY3JldA=="])
    }

    func testPlainWithoutSASLIRAnswersTheChallenge() async throws {
        let server = try await ScriptedIMAPServer.start(greeting: "* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] hi\r\n") {
            line in
            switch line {
            case "A1 AUTHENTICATE PLAIN": return "+ \r\n"
            case "AG1lAHNlY3JldA==": return "A1 OK [CAPABILITY IMAP4rev1 UIDPLUS] Logged in\r\n"
            default: return nil
            }
        }
        defer { Task { await server.stop() } }
        let session = try await IMAPSession.connect(configuration(server))
        XCTAssertEqual(session.capabilities, ["IMAP4rev1", "UIDPLUS"], "capabilities from the completion")
        await session.close()
    }

    func testXOAUTH2ErrorChallengeIsAnsweredThenFails() async throws {
        let server = try await ScriptedIMAPServer.start(
            greeting: "* OK [CAPABILITY IMAP4rev1 AUTH=XOAUTH2 SASL-IR] hi\r\n"
        ) { line in
            if line.hasPrefix("A1 AUTHENTICATE XOAUTH2 ") { return "+ eyJzdGF0dXMiOiI0MDEifQ==\r\n" }
            if line.isEmpty { return "A1 NO [AUTHENTICATIONFAILED] Invalid token\r\n" }
            return nil
        }
        defer { Task { await server.stop() } }
        let error = await assertFails(configuration(server, auth: .xoauth2), with: .authenticationFailed)
        XCTAssertEqual(error?.status?.text, "Invalid token")
        XCTAssertEqual(server.received.last, "")
    }

    func testLoginDisabledWithoutPlainHasNoMethod() async throws {
        let server = try await ScriptedIMAPServer.start(greeting: "* OK [CAPABILITY IMAP4rev1 LOGINDISABLED] hi\r\n") {
            _ in nil
        }
        defer { Task { await server.stop() } }
        _ = await assertFails(configuration(server), with: .noAuthenticationMethod)
    }

    func testConnectionLostInsideABody() async throws {
        let server = try await ScriptedIMAPServer.start(greeting: "* PREAUTH [CAPABILITY IMAP4rev1] hi\r\n") { line in
            if line.hasSuffix("EXAMINE \"INBOX\"") {
                return "* 2 EXISTS\r\n* OK [UIDVALIDITY 7] ok\r\n\(line.prefix(2)) OK [READ-ONLY] done\r\n"
            }
            if line.contains("UID FETCH") { return "* 1 FETCH (UID 3 BODY[] {100}\r\npartial<close>" }
            return nil
        }
        defer { Task { await server.stop() } }
        let session = try await IMAPSession.connect(configuration(server))
        let status = try await session.examine(.inbox)
        XCTAssertEqual(status.uidValidity, 7)
        XCTAssertEqual(status.exists, 2)
        XCTAssertTrue(status.readOnly)
        let receiver = IMAPCollectingReceiver()
        do {
            try await session.fetchBodies(uids: [3], into: receiver)
            XCTFail("fetched")
        } catch let error as IMAPError {
            if case .connectionClosed(let uid, let octets) = error.kind {
                XCTAssertEqual(uid, 3)
                XCTAssertEqual(octets, 7)
            } else {
                XCTFail("\(error)")
            }
        }
    }

    func testRefusedBatchLeavesTheSessionUsable() async throws {
        let server = try await ScriptedIMAPServer.start(greeting: "* PREAUTH [CAPABILITY IMAP4rev1] hi\r\n") { line in
            let tag = line.prefix(while: { $0 != " " })
            if line.contains("UID FETCH 1 ") { return "* 1 FETCH (UID 1 BODY[] {2}\r\nab)\r\n\(tag) OK done\r\n" }
            if line.contains("UID FETCH") { return "\(tag) NO [SERVERBUG] broken\r\n" }
            if line.hasSuffix("NOOP") { return "\(tag) OK fine\r\n" }
            return nil
        }
        defer { Task { await server.stop() } }
        var configuration = configuration(server)
        configuration.fetchBatch = 1
        configuration.fetchPipelineDepth = 3
        let session = try await IMAPSession.connect(configuration)
        let receiver = IMAPCollectingReceiver()
        do {
            try await session.fetchBodies(uids: [1, 2, 3, 4], into: receiver)
            XCTFail("no error")
        } catch let error as IMAPError {
            XCTAssertEqual(error.kind, .refused)
            XCTAssertEqual(error.status?.text, "broken")
            XCTAssertTrue(error.isTemporary)
        }
        XCTAssertEqual(receiver.messages, [1: Array("ab".utf8)])
        let fetches = server.received.filter { $0.contains("UID FETCH") }
        XCTAssertEqual(fetches.count, 3, "three in flight, none sent after the NO")
        try await session.noop()
        await session.close()
    }

    func testSilentServerTimesOut() async throws {
        let server = try await ScriptedIMAPServer.start(greeting: "* PREAUTH [CAPABILITY IMAP4rev1] hi\r\n") { _ in "" }
        defer { Task { await server.stop() } }
        var configuration = configuration(server)
        // Long enough for the greeting to beat it on a loaded CI machine; the silent LIST never can.
        configuration.timeouts.response = .seconds(2)
        let session = try await IMAPSession.connect(configuration)
        do {
            _ = try await session.list()
            XCTFail("answered")
        } catch let error as IMAPError {
            XCTAssertEqual(error.kind, .timeout(.response))
            XCTAssertTrue(error.isTemporary)
        }
        do {
            try await session.noop()
            XCTFail("a timed-out session went on")
        } catch let error as IMAPError {
            XCTAssertEqual(error.kind, .sessionClosed)
        }
    }
}
