import ArchiveConfig
import Foundation
import TestSupport
import XCTest

#if canImport(Glibc)
import Glibc
#endif

final class PasswordSourceTests: XCTestCase {
    func testCommandFirstLineOfStdout() throws {
        let source = PasswordSource.command("printf 's3cr3t pass\\nsecond line\\n'")
        XCTAssertEqual(try source.resolve(account: "work"), "s3cr3t pass")
        XCTAssertEqual(try PasswordSource.command("printf 'no-newline'").resolve(account: "work"), "no-newline")
        XCTAssertEqual(try PasswordSource.command("printf 'crlf\\r\\n'").resolve(account: "work"), "crlf")
    }

    func testCommandSeesTheEnvironmentAndAShell() throws {
        setenv("POPVAULT_TEST_SECRET", "from-env", 1)
        defer { unsetenv("POPVAULT_TEST_SECRET") }
        XCTAssertEqual(try PasswordSource.command("echo \"$POPVAULT_TEST_SECRET\" | tr a-z A-Z").resolve(account: "w"),
                       "FROM-ENV")
    }

    func testFailingCommandNamesTheAccountButNotItsOutput() throws {
        let source = PasswordSource.command("echo leaked-secret; exit 3")
        XCTAssertThrowsError(try source.resolve(account: "work")) { error in
            let text = String(describing: error)
            XCTAssertEqual(text, "account \"work\": password_command: exited with status 3")
            XCTAssertFalse(text.contains("leaked-secret"))
        }
        XCTAssertThrowsError(try PasswordSource.command("true").resolve(account: "work")) { error in
            XCTAssertEqual(String(describing: error), "account \"work\": password_command: printed no password")
        }
        XCTAssertThrowsError(try PasswordSource.command("kill -9 $$").resolve(account: "work")) { error in
            XCTAssertTrue(String(describing: error).contains("killed by signal 9"), "\(error)")
        }
    }

    func testLargeOutputDoesNotBlockTheCommand() throws {
        // 1 MB on stdout: more than a pipe buffer, so the reader must drain it to let the child exit.
        let source = PasswordSource.command("echo first; head -c 1000000 /dev/zero | tr '\\0' x")
        XCTAssertEqual(try source.resolve(account: "work"), "first")
    }

    func testEnvironment() throws {
        let source = PasswordSource.environment("WORK_PASSWORD")
        XCTAssertEqual(try source.resolve(account: "work", environment: ["WORK_PASSWORD": "p@ss"]), "p@ss")
        XCTAssertThrowsError(try source.resolve(account: "work", environment: [:])) { error in
            XCTAssertEqual(String(describing: error),
                           "account \"work\": password_env: environment variable WORK_PASSWORD is not set or empty")
        }
        XCTAssertThrowsError(try source.resolve(account: "work", environment: ["WORK_PASSWORD": ""]))
    }

    func testAPasswordThatWouldInjectACommandIsRefused() throws {
        let source = PasswordSource.environment("PW")
        for value in ["a\r\nDELE 1", "a\rb", "nul\0byte"] {
            XCTAssertThrowsError(try source.resolve(account: "work", environment: ["PW": value])) { error in
                let text = String(describing: error)
                XCTAssertTrue(text.hasPrefix("account \"work\": password_env: "), text)
                XCTAssertFalse(text.contains("DELE"), text)
            }
        }
        XCTAssertThrowsError(try PasswordSource.command("printf 'a\\rb\\n'").resolve(account: "work"))
    }

    func testFileIsReadOnlyWhenPrivate() throws {
        let directory = try TemporaryDirectory(prefix: "popvault-password")
        defer { directory.remove() }
        let path = directory.url.appendingPathComponent("pw").path
        try Data("correct horse\nignored\n".utf8).write(to: URL(fileURLWithPath: path))

        XCTAssertEqual(chmod(path, 0o600), 0)
        XCTAssertEqual(try PasswordSource.file(path).resolve(account: "work"), "correct horse")
        XCTAssertEqual(chmod(path, 0o400), 0)
        XCTAssertEqual(try PasswordSource.file(path).resolve(account: "work"), "correct horse")

        for mode: mode_t in [0o644, 0o640, 0o604, 0o620] {
            XCTAssertEqual(chmod(path, mode), 0)
            XCTAssertThrowsError(try PasswordSource.file(path).resolve(account: "work")) { error in
                let text = String(describing: error)
                XCTAssertTrue(text.hasPrefix("account \"work\": password_file: \(path)"), text)
                XCTAssertTrue(text.contains("(mode 0\(String(mode, radix: 8)))"), text)
                XCTAssertFalse(text.contains("correct horse"), text)
            }
        }
    }

    func testMissingOrEmptyFile() throws {
        let directory = try TemporaryDirectory(prefix: "popvault-password")
        defer { directory.remove() }
        let path = directory.url.appendingPathComponent("pw").path
        XCTAssertThrowsError(try PasswordSource.file(path).resolve(account: "work")) { error in
            XCTAssertTrue(String(describing: error).contains("cannot open \(path)"), "\(error)")
        }
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data("\n".utf8),
                                                     attributes: [.posixPermissions: 0o600]))
        XCTAssertThrowsError(try PasswordSource.file(path).resolve(account: "work")) { error in
            XCTAssertTrue(String(describing: error).contains("no password"), "\(error)")
        }
    }

    func testPromptRefusesWhenInputIsNotATerminal() throws {
        var fds: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&fds), 0)
        defer { close(fds[0]); close(fds[1]) }
        XCTAssertThrowsError(try PasswordSource.prompt.resolve(account: "work", terminal: fds[0])) { error in
            let text = String(describing: error)
            XCTAssertTrue(text.hasPrefix("account \"work\": prompt: "), text)
            XCTAssertTrue(text.contains("set password_command, password_env or password_file"), text)
        }
    }

    func testPromptReadsFromATerminalWithEchoOff() throws {
        let terminal = try PseudoTerminal()
        defer { terminal.close() }
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        let device = terminal.device
        Thread.detachNewThread {
            outcome.set(Result { try PasswordSource.prompt.resolve(account: "work", terminal: device) })
            done.signal()
        }
        // Type only once the prompt is shown: by then echo is off (and pending input was flushed).
        var shown = terminal.read(until: "Password for account \"work\": ")
        let input = Array("typed secret\n".utf8)
        XCTAssertEqual(input.withUnsafeBytes { write(terminal.controller, $0.baseAddress, $0.count) }, input.count)
        done.wait()
        XCTAssertEqual(try outcome.get().get(), "typed secret")

        var settings = termios()
        XCTAssertEqual(tcgetattr(terminal.device, &settings), 0)
        XCTAssertNotEqual(settings.c_lflag & tcflag_t(ECHO), 0, "echo must be restored")
        shown += terminal.drainController()
        XCTAssertFalse(shown.contains("typed secret"), "the password was echoed: \(shown)")
    }
}

/// A result handed from the prompt's thread to the test.
final class Outcome: @unchecked Sendable {
    private let lock = NSLock()
    private var result: Result<String, any Error>?

    func set(_ value: Result<String, any Error>) {
        lock.lock()
        result = value
        lock.unlock()
    }

    func get() throws -> Result<String, any Error> {
        lock.lock()
        defer { lock.unlock() }
        return try XCTUnwrap(result)
    }
}

/// A pseudo-terminal pair: `device` is the terminal a program reads, `controller` the keyboard/screen side.
struct PseudoTerminal {
    let controller: Int32
    let device: Int32

    init() throws {
        // posix_openpt & co. need _XOPEN_SOURCE, which the Glibc module does not define: look them up.
        typealias DescriptorCall = @convention(c) (Int32) -> Int32
        typealias NameCall = @convention(c) (Int32) -> UnsafeMutablePointer<CChar>?
        let libc = dlopen(nil, RTLD_NOW)
        guard let openSymbol = dlsym(libc, "posix_openpt"), let grantSymbol = dlsym(libc, "grantpt"),
            let unlockSymbol = dlsym(libc, "unlockpt"), let nameSymbol = dlsym(libc, "ptsname")
        else { throw XCTSkip("no pseudo-terminal functions in libc") }
        let openpt = unsafeBitCast(openSymbol, to: DescriptorCall.self)
        let grantpt = unsafeBitCast(grantSymbol, to: DescriptorCall.self)
        let unlockpt = unsafeBitCast(unlockSymbol, to: DescriptorCall.self)
        let ptsname = unsafeBitCast(nameSymbol, to: NameCall.self)
        controller = openpt(O_RDWR | O_NOCTTY)
        guard controller >= 0, grantpt(controller) == 0, unlockpt(controller) == 0, let name = ptsname(controller)
        else { throw XCTSkip("no pseudo-terminals here") }
        device = open(name, O_RDWR | O_NOCTTY)
        guard device >= 0 else { throw XCTSkip("cannot open \(String(cString: name))") }
    }

    /// Blocks until the terminal has shown `text`; returns everything shown up to then.
    func read(until text: String) -> String {
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while !String(decoding: bytes, as: UTF8.self).contains(text), Glibc.read(controller, &byte, 1) == 1 {
            bytes.append(byte)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// What the terminal has shown so far (non-blocking).
    func drainController() -> String {
        let flags = fcntl(controller, F_GETFL)
        _ = fcntl(controller, F_SETFL, flags | O_NONBLOCK)
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(controller, $0.baseAddress, $0.count) }
            if count <= 0 { break }
            bytes += buffer[0..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    func close() {
        _ = Glibc.close(device)
        _ = Glibc.close(controller)
    }
}
