import Foundation
import POP3TestServer
import TestSupport
import XCTest

/// The CLI contract, by running the binary: help text, config and usage errors, exit codes, and
/// fetch/status against the in-process server (no Dovecot needed).
final class CommandLineTests: XCTestCase {
    private var work: TemporaryDirectory!

    override func setUpWithError() throws {
        work = try TemporaryDirectory(prefix: "popvault-cli")
    }

    override func tearDown() {
        work?.remove()
    }

    private var configPath: String { work.path + "/config.toml" }

    func testHelpListsTheCommands() throws {
        let help = try PopvaultProcess.run(["--help"])
        XCTAssertEqual(help.status, 0)
        for command in ["fetch", "status", "extract", "rotate", "probe", "demo"] {
            XCTAssertTrue(help.stdout.contains(command), "help lists \(command): \(help.stdout)")
        }
        let fetch = try PopvaultProcess.run(["fetch", "--help"])
        XCTAssertEqual(fetch.status, 0)
        for option in ["--account", "--dry-run", "--quiet", "--report", "--config", "--show-certificate"] {
            XCTAssertTrue(fetch.stdout.contains(option), "fetch --help shows \(option): \(fetch.stdout)")
        }
    }

    func testABadConfigValueExits78NamingFileAccountAndKey() throws {
        try """
            [archive]
            root = "\(work.path)/archive"

            [[account]]
            name = "work"
            host = "pop.example.com"
            user = "me"
            password_env = "X"
            tls = "ssl"
            """.write(toFile: configPath, atomically: true, encoding: .utf8)
        let result = try PopvaultProcess.run(["fetch", "--config", configPath])
        XCTAssertEqual(result.status, 78, result.stderr)
        for part in ["config.toml", "work", "tls", "ssl"] {
            XCTAssertTrue(result.stderr.contains(part), "error names \(part): \(result.stderr)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: work.path + "/archive"), "nothing touched")
    }

    func testMissingConfigExits78AndUnknownAccountExits64() throws {
        let missing = try PopvaultProcess.run(["fetch", "--config", work.path + "/nope.toml"])
        XCTAssertEqual(missing.status, 78, missing.stderr)
        XCTAssertTrue(missing.stderr.contains("nope.toml"), missing.stderr)

        try writeConfig(port: 1)
        let unknown = try PopvaultProcess.run(["fetch", "--config", configPath, "--account", "other"])
        XCTAssertEqual(unknown.status, 64, unknown.stderr)
        XCTAssertTrue(unknown.stderr.contains("other"), unknown.stderr)
    }

    func testMissingPasswordVariableExits78WithoutLeakingAnything() throws {
        try writeConfig(port: 1)
        let result = try PopvaultProcess.run(["fetch", "--config", configPath])
        XCTAssertEqual(result.status, 78, result.stderr)
        XCTAssertTrue(result.stderr.contains("POPVAULT_CLI_PASSWORD"), result.stderr)
    }

    func testWrongPasswordExits77AndNeverPrintsThePassword() async throws {
        let server = try await POP3TestServer.start(.init(messages: [], user: "demo", password: "right"))
        try writeConfig(port: server.port)
        let result = try PopvaultProcess.run(["fetch", "--config", configPath, "-vv"],
                                             environment: ["POPVAULT_CLI_PASSWORD": "s3cret-wrong"])
        await server.stop()
        XCTAssertEqual(result.status, 77, result.stderr)
        XCTAssertTrue(result.stderr.contains("work"), result.stderr)
        XCTAssertTrue(result.stderr.contains("C: CAPA"), "-vv logs the commands: \(result.stderr)")
        XCTAssertFalse((result.stdout + result.stderr).contains("s3cret-wrong"), "not even in the -vv log")
    }

    func testFetchThenStatusAgainstTheTestServer() async throws {
        let messages = SampleMail.messages(count: 8).enumerated().map { POP3TestServer.Message($1, uid: "u\($0)") }
        let server = try await POP3TestServer.start(.init(messages: messages, user: "demo", password: "pw"))
        try writeConfig(port: server.port)
        let environment = ["POPVAULT_CLI_PASSWORD": "pw"]
        let fetch = try PopvaultProcess.run(["fetch", "--config", configPath, "--report", "json"],
                                            environment: environment)
        let again = try PopvaultProcess.run(["fetch", "--config", configPath, "--quiet"],
                                                  environment: environment)
        await server.stop()
        XCTAssertEqual(fetch.status, 0, fetch.stderr)
        let report = try JSONSerialization.jsonObject(with: Data(fetch.stdout.utf8)) as? [String: Any]
        let account = (report?["accounts"] as? [[String: Any]])?.first
        XCTAssertEqual(account?["fetched"] as? Int, 8)
        XCTAssertEqual(account?["outcome"] as? String, "ok")
        XCTAssertEqual(report?["exitCode"] as? Int, 0)
        XCTAssertEqual(again.status, 0, "nothing new: \(again.stderr)")
        XCTAssertEqual(again.stdout, "", "--quiet prints nothing on success")

        let status = try PopvaultProcess.run(["status", "--config", configPath])
        XCTAssertEqual(status.status, 0, status.stderr)
        XCTAssertTrue(status.stdout.contains("work: 8 messages"), status.stdout)
    }

    func testDemoRunsWithoutConfiguration() throws {
        let result = try PopvaultProcess.run(["demo", "--dir", work.path + "/demo", "--messages", "12"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("demo-maildir: ok: fetched 12 messages"), result.stdout)
        XCTAssertTrue(result.stdout.contains("demo-mbox: ok: fetched 5 messages"), result.stdout)
        let files = try FileManager.default.contentsOfDirectory(atPath: work.path + "/demo/Maildir/new")
        XCTAssertEqual(files.count, 17)
    }

    private func writeConfig(port: Int) throws {
        try TestConfig.writeTestServerAccount(
            root: work.path + "/archive", port: port, variable: "POPVAULT_CLI_PASSWORD", extra: "path = \"work\"",
            to: configPath)
    }
}

extension CommandLineTests {
    /// Regression: a socket option only root may set made every connection fail for other users
    /// (cron jobs of ordinary accounts). Run as root, the demo is repeated as `nobody`.
    func testDemoRunsAsAnUnprivilegedUser() throws {
        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/sbin/runuser") else {
            throw XCTSkip("needs root and runuser to switch to an unprivileged user")
        }
        let shared = try TemporaryDirectory(prefix: "popvault-nobody")
        defer { shared.remove() }
        chmod(shared.path, 0o777)
        let binary = shared.path + "/popvault"
        try FileManager.default.copyItem(atPath: PopvaultProcess.binary.path, toPath: binary)
        chmod(binary, 0o755)
        let output = try runProgram(
            "/usr/sbin/runuser", ["-u", "nobody", "--", binary, "demo", "--dir", shared.path + "/demo", "--messages", "5"],
            environment: ["HOME": shared.path, "PATH": "/usr/bin:/bin"])
        XCTAssertTrue(output.contains("demo-maildir: ok: fetched 5 messages"), output)
    }
}
