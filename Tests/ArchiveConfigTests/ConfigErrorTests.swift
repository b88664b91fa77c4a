import ArchiveConfig
import Foundation
import XCTest

/// Every invalid config fails with a message naming the file, the account and the key.
final class ConfigErrorTests: XCTestCase {
    struct Case {
        var toml: String
        /// `account "work"`, `account #2` or `[archive]`, or nil when the problem is the file itself.
        var scope: String?
        var key: String?
        var fragment: String
        var line: UInt

        init(_ toml: String, _ scope: String?, _ key: String?, _ fragment: String, line: UInt = #line) {
            self.toml = toml
            self.scope = scope
            self.key = key
            self.fragment = fragment
            self.line = line
        }
    }

    static let work = "account \"work\""

    static let cases: [Case] = [
        // Bad values.
        Case(oneAccount("tls = \"ssl\""), work, "tls", "expected \"implicit\", \"starttls\" or \"none\", got \"ssl\""),
        Case(oneAccount("protocol = \"smtp\""), work, "protocol", "expected \"pop3\" or \"imap\", got \"smtp\""),
        Case(oneAccount("auth = \"kerberos\""), work, "auth",
             "expected \"auto\", \"user\", \"apop\", \"plain\", \"login\", \"cram-md5\" or \"xoauth2\""),
        Case(oneAccount("format = \"mh\""), work, "format", "expected \"maildir\" or \"mbox\", got \"mh\""),
        Case(oneAccount("port = 0"), work, "port", "from 1 to 65535, got 0"),
        Case(oneAccount("port = 70000"), work, "port", "from 1 to 65535, got 70000"),
        Case(oneAccount("delete = \"always\""), work, "delete", "got \"always\""),
        Case(oneAccount("delete = \"older-than:30m\""), work, "delete", "days or hours"),
        Case(oneAccount("delete = \"older-than:0d\""), work, "delete", "positive"),
        Case(oneAccount("delete = \"older-than:-3d\""), work, "delete", "positive"),
        Case(oneAccount("format = \"mbox\"\nrotate = \"weekly\""), work, "rotate", "got \"weekly\""),
        Case(oneAccount("format = \"mbox\"\nrotate = \"size:1TB\""), work, "rotate", "units KiB"),
        Case(oneAccount("format = \"mbox\"\nrotate = \"size:GiB\""), work, "rotate", "positive size"),
        Case(oneAccount("format = \"mbox\"\nrotate = \"size:99999999999GiB\""), work, "rotate", "too large"),
        Case(oneAccount("tls_fingerprint = \"sha1:00\""), work, "tls_fingerprint", "expected \"sha256:\""),
        Case(oneAccount("tls_fingerprint = \"sha256:abcd\""), work, "tls_fingerprint", "32 bytes"),
        Case(oneAccount("tls_fingerprint = \"sha256:\(String(repeating: "zz", count: 32))\""), work,
             "tls_fingerprint", "32 bytes"),
        Case(oneAccount("tls = \"none\"\ntls_ca_file = \"/ca.pem\""), work, "tls_ca_file", "no effect"),
        Case(oneAccount("path = \"/var/mail\""), work, "path", "must be relative"),
        Case(oneAccount("path = \"../outside\""), work, "path", "must stay under the archive root"),
        Case(oneAccount("path = \"a/../../b\""), work, "path", "must stay under the archive root"),
        Case(oneAccount("path = \"\""), work, "path", "must not be empty"),
        Case(oneAccount().replacingOccurrences(of: "pop.example.com", with: "pop3s://pop.example.com"), work, "host",
             "not a URL"),
        Case(oneAccount().replacingOccurrences(of: "pop.example.com", with: "pop example.com"), work, "host",
             "expected a host name or address, got \"pop example.com\""),
        Case(oneAccount().replacingOccurrences(of: "me@example.com", with: "me\\r\\nDELE 1"), work, "user",
             "must not contain control characters"),
        Case(oneAccount("protocol = \"imap\"\nexclude = [\"\"]"), work, "exclude", "must not be empty"),
        // Wrong types.
        Case(oneAccount("port = \"995\""), work, "port", "expected an integer, got a string \"995\""),
        Case(oneAccount("tls = true"), work, "tls", "expected a string, got a boolean true"),
        Case(oneAccount("protocol = \"imap\"\nfolders = \"INBOX\""), work, "folders", "expected an array of strings"),
        Case(oneAccount("protocol = \"imap\"\nfolders = [\"INBOX\", 3]"), work, "folders",
             "element 2: expected a string, got an integer 3"),
        Case("[archive]\nroot = \"/a\"\n[[account]]\nname = \"work\"\nhost = \"h\"\nuser = 42", work, "user",
             "expected a string, got an integer 42"),
        Case("[archive]\nroot = [\"/a\"]\n", "[archive]", "root", "expected a string, got an array"),
        Case("archive = \"/a\"\n", nil, "archive", "expected a table, got a string"),
        // Unknown keys.
        Case(oneAccount("passwd_file = \"x\""), work, "passwd_file", "unknown key; did you mean \"password_file\"?"),
        Case(oneAccount("colour = \"red\""), work, "colour", "unknown key (known keys: name,"),
        Case(oneAccount("password = \"hunter2\""), work, "password", "plain-text passwords are not accepted"),
        Case(oneAccount(archive: "root = \"/a\"\nroot_dir = \"/b\""), "[archive]", "root_dir", "unknown key"),
        Case(oneAccount() + "\n[extra]\nx = 1", nil, "extra", "unknown key"),
        // Combinations that make no sense.
        Case(oneAccount("password_command = \"pass x\""), work, "password_env",
             "only one password source is allowed, and password_command is already set"),
        Case(oneAccount("format = \"maildir\"\nrotate = \"monthly\""), work, "rotate", "mbox only"),
        Case(oneAccount("protocol = \"imap\"\nformat = \"mbox\"\nrotate = \"monthly\""), work, "rotate",
             "per-folder mbox files are not rotated"),
        Case(oneAccount("folders = [\"INBOX\"]"), work, "folders", "IMAP accounts only"),
        Case(oneAccount("exclude = [\"Spam\"]"), work, "exclude", "IMAP accounts only"),
        // Missing required keys and tables.
        Case("[[account]]\nname = \"a\"\nhost = \"h\"\nuser = \"u\"", nil, nil, "missing [archive] table"),
        Case("[archive]\n", "[archive]", "root", "missing (required)"),
        Case("[archive]\nroot = \"/a\"\n", nil, nil, "configure at least one account"),
        Case("[archive]\nroot = \"/a\"\n[account]\nname = \"x\"", nil, "account", "double brackets"),
        Case("[archive]\nroot = \"/a\"\n[[account]]\nhost = \"h\"\nuser = \"u\"", "account #1", "name",
             "missing (required)"),
        Case("[archive]\nroot = \"/a\"\n[[account]]\nname = \"a\"\nuser = \"u\"", "account \"a\"", "host",
             "missing (required)"),
        Case("[archive]\nroot = \"/a\"\n[[account]]\nname = \"a\"\nhost = \"h\"", "account \"a\"", "user",
             "missing (required)"),
        Case(oneAccount(archive: "root = \"~bob/mail\""), "[archive]", "root", "\"~user\" paths are not supported"),
        // Account names.
        Case(oneAccount() + "\n[[account]]\nname = \"work\"\nhost = \"h\"\nuser = \"u\"\npath = \"w2\"",
             work, "name", "duplicate account name (also account #1)"),
        Case(oneAccount() + "\n[[account]]\nname = \"other\"\nhost = \"h\"\nuser = \"u\"\npath = \"work\"",
             "account \"other\"", "path", "is already the path of account \"work\""),
        Case("[archive]\nroot = \"/a\"\n[[account]]\nname = \"../etc\"\nhost = \"h\"\nuser = \"u\"", "account #1",
             "name", "cannot be used as a file name"),
        Case("[archive]\nroot = \"/a\"\n[[account]]\nname = \".hidden\"\nhost = \"h\"\nuser = \"u\"", "account #1",
             "name", "cannot be used as a file name"),
        Case("[archive]\nroot = \"/a\"\n[[account]]\nname = \"a b\"\nhost = \"h\"\nuser = \"u\"", "account #1",
             "name", "cannot be used as a file name"),
        Case("[archive]\nroot = \"/a\"\n[[account]]\nname = \"\"\nhost = \"h\"\nuser = \"u\"", "account #1",
             "name", "must not be empty"),
        // Paths popvault keeps for itself under the root.
        Case(oneAccount("format = \"mbox\"\npath = \"popvault.sqlite\""), work, "path", "the ledger; choose another"),
        Case(oneAccount("path = \".locks\""), work, "path", "the directory of account locks; choose another"),
        Case(oneAccount("path = \".locks/work\""), work, "path", "the directory of account locks"),
        Case(oneAccount("format = \"mbox\"\npath = \"./popvault.sqlite-shm\""), work, "path", "shared-memory file"),
        Case(oneAccount("format = \"mbox\"\npath = \"popvault.sqlite-wal\""), work, "path", "write-ahead log"),
    ]

    func testEveryInvalidConfigNamesFileAccountAndKey() throws {
        for testCase in Self.cases {
            let fixture = try ConfigFixture(testCase.toml)
            defer { fixture.directory.remove() }
            XCTAssertThrowsError(try fixture.load(), line: testCase.line) { error in
                guard let error = error as? ConfigError else {
                    return XCTFail("not a ConfigError: \(error)", line: testCase.line)
                }
                let text = error.description
                XCTAssertTrue(text.hasPrefix(fixture.file + ": "), text, line: testCase.line)
                if let scope = testCase.scope {
                    XCTAssertTrue(text.contains(scope + ": "), "\(text) lacks \(scope)", line: testCase.line)
                }
                if let key = testCase.key {
                    XCTAssertTrue(text.contains("key \"\(key)\": "), "\(text) lacks key \(key)", line: testCase.line)
                    XCTAssertEqual(error.key, key, line: testCase.line)
                }
                XCTAssertTrue(text.contains(testCase.fragment), "\(text) lacks \(testCase.fragment)",
                              line: testCase.line)
            }
        }
    }

    func testTheBriefsExampleMessageExactly() throws {
        let fixture = try ConfigFixture(oneAccount("tls = \"ssl\""))
        defer { fixture.directory.remove() }
        XCTAssertThrowsError(try fixture.load()) { error in
            XCTAssertEqual(String(describing: error), fixture.file
                + ": account \"work\": key \"tls\": expected \"implicit\", \"starttls\" or \"none\", got \"ssl\"")
        }
    }
}
