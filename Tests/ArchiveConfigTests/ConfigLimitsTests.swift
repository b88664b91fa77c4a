import ArchiveConfig
import Foundation
import XCTest

/// The time and rate limits an account may set: `password_command_timeout`, `min_transfer_rate`,
/// `transfer_rate_window`. Checked when the config is loaded, like every other key.
final class ConfigLimitsTests: XCTestCase {
    private func load(_ toml: String) throws -> AccountConfig {
        let fixture = try ConfigFixture(toml)
        defer { fixture.directory.remove() }
        return try XCTUnwrap(try fixture.load().accounts.first)
    }

    func testDefaultsWhenTheKeysAreAbsent() throws {
        let account = try load(oneAccount())
        XCTAssertEqual(account.transferRate, .init(bytesPerSecond: nil, windowSeconds: nil))
        let command = try load(oneAccount().replacingOccurrences(
            of: "password_env = \"WORK_PASSWORD\"", with: "password_command = \"pass show work\""))
        XCTAssertEqual(command.password, .command("pass show work", timeout: .seconds(30)))
    }

    func testTheKeysAreRead() throws {
        let account = try load(oneAccount("min_transfer_rate = 0\ntransfer_rate_window = 300").replacingOccurrences(
            of: "password_env = \"WORK_PASSWORD\"",
            with: "password_command = \"pass show work\"\npassword_command_timeout = 120"))
        XCTAssertEqual(account.password, .command("pass show work", timeout: .seconds(120)))
        XCTAssertEqual(account.transferRate, .init(bytesPerSecond: 0, windowSeconds: 300))
    }

    func testOutOfRangeOrMisplacedValuesNameTheKey() throws {
        let work = ConfigErrorTests.work
        let command = "password_command = \"pass show work\"\n"
        let cases = [
            ConfigErrorTests.Case(oneAccount("password_command_timeout = 5"), work, "password_command_timeout",
                                  "applies to password_command only"),
            ConfigErrorTests.Case(oneAccount(command + "password_command_timeout = 0").replacingOccurrences(
                of: "password_env = \"WORK_PASSWORD\"", with: ""), work, "password_command_timeout",
                                  "expected a number of seconds from 1 to 3600, got 0"),
            ConfigErrorTests.Case(oneAccount("min_transfer_rate = -1"), work, "min_transfer_rate",
                                  "expected bytes per second from 0 to 1000000000, got -1"),
            ConfigErrorTests.Case(oneAccount("min_transfer_rate = \"1k\""), work, "min_transfer_rate",
                                  "expected an integer"),
            ConfigErrorTests.Case(oneAccount("transfer_rate_window = 0"), work, "transfer_rate_window",
                                  "expected a number of seconds from 1 to 3600, got 0"),
        ]
        for testCase in cases {
            let fixture = try ConfigFixture(testCase.toml)
            defer { fixture.directory.remove() }
            XCTAssertThrowsError(try fixture.load(), line: testCase.line) { error in
                let text = String(describing: error)
                XCTAssertEqual((error as? ConfigError)?.key, testCase.key, text, line: testCase.line)
                XCTAssertTrue(text.contains(testCase.fragment), text, line: testCase.line)
            }
        }
    }
}
