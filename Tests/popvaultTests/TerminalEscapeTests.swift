import Foundation
import Ledger
import POP3TestServer
import TestSupport
import XCTest

/// A server's words reach no terminal raw: its `-ERR` text in the error line, the JSON report, the ledger's
/// `runs.error` and `status`; its folder names in a `--dry-run` listing (``TerminalEscapeIMAPTests``).
final class TerminalEscapeTests: XCTestCase {
    /// Clears the screen, retitles the terminal, rings the bell, and a C1 CSI that sets red.
    static let hostile = "\u{1B}[2J\u{1B}]0;pwned\u{07}gone\u{9B}31m"
    /// How it is shown: every control escaped, the rest as it was.
    static let shown = "\\x1B[2J\\x1B]0;pwned\\x07gone\\x9B31m"

    private var work: TemporaryDirectory!

    override func setUpWithError() throws {
        work = try TemporaryDirectory(prefix: "popvault-escape")
    }

    override func tearDown() {
        work?.remove()
    }

    /// Fails unless `text` is free of ESC, BEL and every other C0 control but LF, and of C1 controls.
    static func assertNoControls(
        _ text: String, _ what: String, file: StaticString = #filePath, line: UInt = #line
    ) {
        let controls = text.unicodeScalars.filter {
            $0 != "\n" && ($0.value < 0x20 || (0x7F...0x9F).contains($0.value))
        }
        XCTAssertEqual(controls.map { String($0.value, radix: 16) }, [], "\(what): \(text)", file: file, line: line)
    }

    func testAnErrorTextWithTerminalEscapesIsEscapedWhereverItIsPrintedOrStored() async throws {
        let server = try await POP3TestServer.start(.init(
            messages: [.init("Subject: a\r\n\r\nbody\r\n", uid: "a")], user: "demo", password: "pw",
            faults: [.error(.init("RETR"), text: Self.hostile)]))
        addTeardownBlock { await server.stop() }
        let config = work.path + "/config.toml"
        try TestConfig.writeTestServerAccount(
            root: work.path + "/archive", port: server.port, variable: "POPVAULT_ESCAPE_PASSWORD", to: config)
        let environment = ["POPVAULT_ESCAPE_PASSWORD": "pw"]

        let fetch = try PopvaultProcess.run(["fetch", "--config", config, "-vv"], environment: environment)
        XCTAssertNotEqual(fetch.status, 0)
        Self.assertNoControls(fetch.stdout + fetch.stderr, "fetch -vv")
        XCTAssertTrue(fetch.stderr.contains("\"" + Self.shown + "\""), fetch.stderr)

        let json = try PopvaultProcess.run(["fetch", "--config", config, "--report", "json"], environment: environment)
        Self.assertNoControls(json.stdout + json.stderr, "fetch --report json")
        let report = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let error = (report?["accounts"] as? [[String: Any]])?.first?["error"] as? String
        XCTAssertTrue(error?.contains(Self.shown) ?? false, "the report's error: \(String(describing: error))")

        let stored = try XCTUnwrap(try ArchiveLedger(path: work.path + "/archive/popvault.sqlite").status().first)
        let lastError = try XCTUnwrap(stored.lastError?.error)
        Self.assertNoControls(lastError, "runs.error")
        XCTAssertTrue(lastError.contains(Self.shown), lastError)

        let status = try PopvaultProcess.run(["status", "--config", config])
        XCTAssertEqual(status.status, 0, status.stderr)
        Self.assertNoControls(status.stdout, "status")
        XCTAssertTrue(status.stdout.contains("last error"), status.stdout)
        XCTAssertTrue(status.stdout.contains(Self.shown), status.stdout)
        let statusJSON = try PopvaultProcess.run(["status", "--config", config, "--report", "json"])
        Self.assertNoControls(statusJSON.stdout, "status --report json")
        let rows = try JSONSerialization.jsonObject(with: Data(statusJSON.stdout.utf8)) as? [[String: Any]]
        let statusError = rows?.first?["lastError"] as? String
        XCTAssertTrue(statusError?.contains(Self.shown) ?? false, "status JSON: \(statusJSON.stdout)")
    }
}

/// IMAP folder names are the server's too: a `--dry-run` lists them escaped, in text and in JSON.
final class TerminalEscapeIMAPTests: IMAPFetchTestCase {
    /// On disk and on the wire, modified UTF-7 (RFC 3501 §5.1.3): `&ABs-` is ESC, `&AAc-` BEL, `&AJs-` the C1
    /// CSI (U+009B). popvault decodes them, and must not print them raw.
    static let hostileFolder = "Evil&ABs-[2J&ABs-]0;pwned&AAc-gone&AJs-31m"

    /// One message in the hostile folder, and a config of the account `imap`.
    private func setUpHostileFolder() throws {
        try dovecot.createFolder(Self.hostileFolder, for: user)
        _ = try dovecot.deliver(Self.message("evil"), to: user, folder: Self.hostileFolder)
        try writeIMAPConfig([IMAPAccount(name: "imap", path: "imap")])
    }

    func testFolderNamesWithTerminalEscapesAreEscapedInADryRun() throws {
        try setUpHostileFolder()

        let text = try fetch(["--dry-run"])
        XCTAssertEqual(text.status, 0, text.stderr)
        TerminalEscapeTests.assertNoControls(text.stdout + text.stderr, "fetch --dry-run")
        XCTAssertTrue(text.stdout.contains("fetch Evil" + TerminalEscapeTests.shown + " UID 1"), text.stdout)

        let json = try fetch(["--dry-run", "--report", "json"])
        XCTAssertEqual(json.status, 0, json.stderr)
        TerminalEscapeTests.assertNoControls(json.stdout + json.stderr, "fetch --dry-run --report json")
        XCTAssertTrue(json.stdout.contains("\\u009b31m"), "C1 controls are JSON escapes too: \(json.stdout)")
    }

    func testVerifyFindingsNameTheFolderEscaped() throws {
        try setUpHostileFolder()
        let fetched = try fetch(["--quiet"])
        XCTAssertEqual(fetched.status, 0, fetched.stderr)
        // One byte of the archived copy changed: verify reports it under its ledger key, the folder's name.
        let files = FileManager.default.enumerator(atPath: root + "/imap")?.compactMap { $0 as? String }
            .filter { $0.contains("/cur/") || $0.contains("/new/") } ?? []
        let path = root + "/imap/" + (try XCTUnwrap(files.first, "the archived message"))
        var data = try Data(contentsOf: URL(fileURLWithPath: path))
        let range = try XCTUnwrap(data.range(of: Data("From the start of evil".utf8)))
        data[range.lowerBound] ^= 0x20
        try data.write(to: URL(fileURLWithPath: path))
        for extra in [["--quiet"], ["--report", "json"]] {
            let verified = try PopvaultProcess.run(["verify", "--config", configPath] + extra)
            XCTAssertEqual(verified.status, 65, verified.stdout + verified.stderr)
            TerminalEscapeTests.assertNoControls(verified.stdout + verified.stderr, "verify \(extra)")
            XCTAssertTrue(verified.stdout.contains("Evil"), verified.stdout)
        }
    }
}
