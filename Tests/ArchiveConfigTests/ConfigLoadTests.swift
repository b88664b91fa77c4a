import ArchiveConfig
import Foundation
import XCTest

final class ConfigLoadTests: XCTestCase {
    static let fingerprint = "AB:CD:EF:01:23:45:67:89:ab:cd:ef:01:23:45:67:89:"
        + "AB:CD:EF:01:23:45:67:89:ab:cd:ef:01:23:45:67:89"

    func testTheDesignExampleLoadsWithEveryKey() throws {
        let fixture = try ConfigFixture("""
            [archive]
            root = "~/MailArchive"            # the ledger lives at <root>/popvault.sqlite

            [[account]]
            name = "work"
            protocol = "pop3"
            host = "pop.example.com"
            port = 995
            tls = "implicit"
            tls_ca_file = "/path/ca.pem"
            tls_fingerprint = "sha256:\(Self.fingerprint)"
            user = "me@example.com"
            password_command = "pass show mail/work"
            auth = "cram-md5"
            format = "mbox"
            path = "work"
            delete = "older-than:30d"
            rotate = "size:1GiB"

            [[account]]
            name = "home"
            protocol = "imap"
            host = "imap.example.com"
            tls = "starttls"
            user = "me"
            password_file = "secrets/home"
            delete = "after-archive"
            path = "mail/home"
            folders = ["INBOX", "Archiv/2024"]
            exclude = ["Spam"]
            """)
        defer { fixture.directory.remove() }
        let config = try fixture.load()
        XCTAssertEqual(config.file, fixture.file)
        XCTAssertEqual(config.archiveRoot.path, "/home/tester/MailArchive")
        XCTAssertEqual(config.ledgerPath, "/home/tester/MailArchive/popvault.sqlite")
        XCTAssertEqual(config.warnings, [])
        XCTAssertEqual(config.accounts.map(\.name), ["work", "home"])

        let work = try XCTUnwrap(config.account(named: "work"))
        XCTAssertEqual(work.protocol, .pop3)
        XCTAssertEqual(work.host, "pop.example.com")
        XCTAssertEqual(work.port, 995)
        XCTAssertEqual(work.tls, .implicit)
        XCTAssertEqual(work.tlsCAFile, "/path/ca.pem")
        XCTAssertEqual(work.tlsFingerprint, [
            0xab, 0xcd, 0xef, 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef, 0x01, 0x23, 0x45, 0x67, 0x89,
            0xab, 0xcd, 0xef, 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef, 0x01, 0x23, 0x45, 0x67, 0x89,
        ])
        XCTAssertEqual(work.user, "me@example.com")
        XCTAssertEqual(work.password, .command("pass show mail/work"))
        XCTAssertEqual(work.auth, .cramMD5)
        XCTAssertEqual(work.format, .mbox)
        XCTAssertEqual(work.path.path, "/home/tester/MailArchive/work")
        XCTAssertEqual(work.delete, .olderThan(30 * 86_400))
        XCTAssertEqual(work.rotate, .size(1 << 30))
        XCTAssertEqual(work.folders, [])

        let home = try XCTUnwrap(config.account(named: "home"))
        XCTAssertEqual(home.protocol, .imap)
        XCTAssertEqual(home.tls, .startTLS)
        XCTAssertEqual(home.port, 143)
        // Relative paths in the file are relative to the file's directory.
        XCTAssertEqual(home.password, .file(fixture.directory.url.appendingPathComponent("secrets/home").path))
        XCTAssertEqual(home.delete, .afterArchive)
        XCTAssertEqual(home.path.path, "/home/tester/MailArchive/mail/home")
        XCTAssertEqual(home.folders, ["INBOX", "Archiv/2024"])
        XCTAssertEqual(home.exclude, ["Spam"])
    }

    func testSelectingAccountsByName() throws {
        let fixture = try ConfigFixture(oneAccount() + "\n[[account]]\nname = \"home\"\nhost = \"h\"\nuser = \"u\"")
        defer { fixture.directory.remove() }
        let config = try fixture.load()
        XCTAssertEqual(try config.accounts(named: []).map(\.name), ["work", "home"])
        XCTAssertEqual(try config.accounts(named: ["home"]).map(\.name), ["home"])
        XCTAssertEqual(try config.accounts(named: ["home", "work"]).map(\.name), ["work", "home"])
        XCTAssertThrowsError(try config.accounts(named: ["work", "play"])) { error in
            XCTAssertEqual(String(describing: error),
                           fixture.file + ": no account named \"play\" (configured: \"work\", \"home\")")
        }
    }

    func testDefaults() throws {
        let fixture = try ConfigFixture("""
            [archive]
            root = "archive"

            [[account]]
            name = "min"
            host = "pop.example.com"
            user = "me"
            """)
        defer { fixture.directory.remove() }
        let config = try fixture.load()
        XCTAssertEqual(config.archiveRoot.path, fixture.directory.url.appendingPathComponent("archive").path)
        let account = try XCTUnwrap(config.accounts.first)
        XCTAssertEqual(account.protocol, .pop3)
        XCTAssertEqual(account.tls, .implicit)
        XCTAssertEqual(account.port, 995)
        XCTAssertEqual(account.password, .prompt)
        XCTAssertEqual(account.auth, .auto)
        XCTAssertEqual(account.format, .maildir)
        XCTAssertEqual(account.path, config.archiveRoot.appendingPathComponent("min"))
        XCTAssertEqual(account.delete, .never)
        XCTAssertEqual(account.rotate, .none)
        XCTAssertNil(account.tlsCAFile)
        XCTAssertNil(account.tlsFingerprint)
    }

    func testDefaultPorts() {
        XCTAssertEqual(AccountConfig.defaultPort(protocol: .pop3, tls: .implicit), 995)
        XCTAssertEqual(AccountConfig.defaultPort(protocol: .pop3, tls: .startTLS), 110)
        XCTAssertEqual(AccountConfig.defaultPort(protocol: .pop3, tls: .none), 110)
        XCTAssertEqual(AccountConfig.defaultPort(protocol: .imap, tls: .implicit), 993)
        XCTAssertEqual(AccountConfig.defaultPort(protocol: .imap, tls: .startTLS), 143)
        XCTAssertEqual(AccountConfig.defaultPort(protocol: .imap, tls: .none), 143)
    }

    func testValueGrammars() throws {
        let cases: [(String, AccountConfig.DeletePolicy?, AccountConfig.RotatePolicy?)] = [
            ("delete = \"older-than:12h\"", .olderThan(12 * 3_600), nil),
            ("delete = \"older-than:1d\"", .olderThan(86_400), nil),
            ("rotate = \"monthly\"", nil, .monthly),
            ("rotate = \"none\"", nil, AccountConfig.RotatePolicy.none),
            ("rotate = \"size:512MiB\"", nil, .size(512 << 20)),
            ("rotate = \"size:2GB\"", nil, .size(2_000_000_000)),
            ("rotate = \"size:100KB\"", nil, .size(100_000)),
            ("rotate = \"size:3KiB\"", nil, .size(3_072)),
            ("rotate = \"size:4096\"", nil, .size(4_096)),
        ]
        for (line, delete, rotate) in cases {
            let fixture = try ConfigFixture(oneAccount("format = \"mbox\"\n" + line))
            defer { fixture.directory.remove() }
            let account = try XCTUnwrap(try fixture.load().accounts.first, line)
            if let delete { XCTAssertEqual(account.delete, delete, line) }
            if let rotate { XCTAssertEqual(account.rotate, rotate, line) }
        }
    }

    func testPlaintextToARemoteHostIsAWarningButLoopbackIsNot() throws {
        let fixture = try ConfigFixture("""
            [archive]
            root = "/srv/mail"
            [[account]]
            name = "remote"
            host = "pop.example.com"
            tls = "none"
            user = "me"
            [[account]]
            name = "local"
            host = "127.0.0.1"
            tls = "none"
            user = "me"
            [[account]]
            name = "local6"
            host = "::1"
            tls = "none"
            user = "me"
            """)
        defer { fixture.directory.remove() }
        let config = try fixture.load()
        XCTAssertEqual(config.accounts.map(\.port), [110, 110, 110])
        XCTAssertEqual(config.warnings.count, 1)
        let warning = try XCTUnwrap(config.warnings.first)
        XCTAssertTrue(warning.contains(fixture.file), warning)
        XCTAssertTrue(warning.contains("\"remote\""), warning)
        XCTAssertTrue(warning.contains("pop.example.com"), warning)
    }

    func testAConfigOthersCanEditIsAWarning() throws {
        let fixture = try ConfigFixture(oneAccount())
        defer { fixture.directory.remove() }
        XCTAssertEqual(chmod(fixture.file, 0o600), 0)
        XCTAssertEqual(try fixture.load().warnings, [])
        XCTAssertEqual(chmod(fixture.file, 0o664), 0)
        let warnings = try fixture.load().warnings
        XCTAssertEqual(warnings.count, 1)
        XCTAssertTrue(warnings[0].hasPrefix(fixture.file + ": writable by group or others (mode 0664)"), "\(warnings)")
    }

    func testDefaultPathFollowsXDG() {
        XCTAssertEqual(PopvaultConfig.defaultPath(environment: ["XDG_CONFIG_HOME": "/x/cfg", "HOME": "/home/a"]),
                       "/x/cfg/popvault/config.toml")
        XCTAssertEqual(PopvaultConfig.defaultPath(environment: ["HOME": "/home/a"]),
                       "/home/a/.config/popvault/config.toml")
        // Relative or empty XDG_CONFIG_HOME is invalid per the XDG spec and ignored.
        XCTAssertEqual(PopvaultConfig.defaultPath(environment: ["XDG_CONFIG_HOME": "rel", "HOME": "/home/a"]),
                       "/home/a/.config/popvault/config.toml")
        XCTAssertEqual(PopvaultConfig.defaultPath(environment: ["XDG_CONFIG_HOME": "", "HOME": "/home/a"]),
                       "/home/a/.config/popvault/config.toml")
    }

    func testMissingFileNamesIt() throws {
        let fixture = try ConfigFixture("")
        defer { fixture.directory.remove() }
        let missing = fixture.directory.url.appendingPathComponent("nope.toml").path
        XCTAssertThrowsError(try PopvaultConfig.load(path: missing)) { error in
            XCTAssertTrue(String(describing: error).hasPrefix(missing + ": no such file"), "\(error)")
        }
    }

    func testSyntaxErrorCarriesTheLine() throws {
        let fixture = try ConfigFixture("""
            [archive]
            root = "~/MailArchive"

            [[account]]
            name = "work"
            host = pop.example.com
            """)
        defer { fixture.directory.remove() }
        XCTAssertThrowsError(try fixture.load()) { error in
            guard let error = error as? ConfigError else { return XCTFail("\(error)") }
            XCTAssertEqual(error.line, 6)
            XCTAssertTrue(error.description.hasPrefix(fixture.file + ":6:"), error.description)
            XCTAssertTrue(error.description.contains("TOML syntax error"), error.description)
        }
    }
}
