import Foundation
import TestSupport
import XCTest

/// A private Dovecot with one user and a scratch directory for a config and an archive: the setting
/// of every test that runs `popvault fetch` against a real server.
class DovecotFetchTestCase: XCTestCase {
    var dovecot: DovecotServer!
    var work: TemporaryDirectory!
    let user = "alice"
    let password = "alicepass"

    override func setUpWithError() throws {
        dovecot = try DovecotServer.startOrSkip(users: [user: password])
        work = try TemporaryDirectory(prefix: "popvault-fetch")
    }

    override func tearDown() {
        dovecot?.stop()
        work?.remove()
    }

    var configPath: String { work.path + "/config.toml" }
    var root: String { work.path + "/archive" }

    /// Writes a config with `accounts` against this Dovecot's POP3 port (or `port`, e.g. a proxy's).
    func writeConfig(_ accounts: [TestConfig.Account], port: Int? = nil) throws {
        try TestConfig.write(root: root, host: dovecot.host, port: port ?? dovecot.pop3Port, user: user,
                             accounts: accounts, to: configPath)
    }

    /// Runs `popvault fetch` with the config written last.
    func fetch(_ extra: [String] = []) throws -> PopvaultProcess.Result {
        try PopvaultProcess.run(["fetch", "--config", configPath] + extra,
                                environment: [TestConfig.passwordVariable: password])
    }
}
