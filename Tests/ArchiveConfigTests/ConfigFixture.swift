import ArchiveConfig
import Foundation
import TestSupport
import XCTest

/// Writes TOML into `config.toml` in a fresh temporary directory and loads it from there.
struct ConfigFixture {
    let directory: TemporaryDirectory
    let file: String
    let environment = ["HOME": "/home/tester"]

    init(_ text: String) throws {
        directory = try TemporaryDirectory(prefix: "popvault-config")
        file = directory.url.appendingPathComponent("config.toml").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: file))
        // Whatever the umask: a config others can edit adds a warning the tests do not expect.
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file)
    }

    func load() throws -> PopvaultConfig {
        try PopvaultConfig.load(path: file, environment: environment)
    }
}

/// A valid config with one POP3 account; `extra` lines are appended to that account.
func oneAccount(_ extra: String = "", archive: String = "root = \"~/MailArchive\"") -> String {
    """
    [archive]
    \(archive)

    [[account]]
    name = "work"
    host = "pop.example.com"
    user = "me@example.com"
    password_env = "WORK_PASSWORD"
    \(extra)
    """
}
