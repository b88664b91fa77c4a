import ArchiveConfig
import Foundation
import TestSupport
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// `password_command` has a time limit, reads up to the first line end without waiting for the end of the
/// output, and says what went wrong: timed out (with or without a line), exited with a status, no line.
final class PasswordCommandTests: XCTestCase {
    private var scratch: TemporaryDirectory!

    override func setUpWithError() throws {
        scratch = try TemporaryDirectory(prefix: "popvault-password-command")
    }

    override func tearDown() {
        // Whatever a test left running (a background `sleep`) is ended here, pass or fail.
        for name in ["shell", "background"] {
            if let pid = pid(name) { kill(pid, SIGKILL) }
        }
        scratch?.remove()
    }

    /// The pid a command wrote into `name` (`echo $$ > …`).
    private func pid(_ name: String) -> pid_t? {
        (try? String(contentsOfFile: scratch.path + "/" + name, encoding: .utf8))
            .flatMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    /// True while `pid` is a process that is neither gone nor a zombie.
    private func isRunning(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return false }
        return stat[stat.index(close, offsetBy: 2)] != "Z"
    }

    /// Resolves `source` on another thread; the outcome and the time it took, or `nil` when it had not
    /// returned after `limit` (the old reader waited for the end of the output for ever).
    private func resolve(
        _ source: PasswordSource, limit: TimeInterval = 10
    ) -> (Result<String, any Error>, TimeInterval)? {
        let done = DispatchSemaphore(value: 0)
        let outcome = Outcome()
        let started = Date()
        Thread.detachNewThread {
            outcome.set(Result { try source.resolve(account: "work") })
            done.signal()
        }
        guard done.wait(timeout: .now() + limit) == .success, let result = try? outcome.get() else { return nil }
        return (result, Date().timeIntervalSince(started))
    }

    private func message(_ result: Result<String, any Error>) -> String? {
        guard case .failure(let error) = result else { return nil }
        return String(describing: error)
    }

    func testACommandThatNeverPrintsIsKilledAtItsTimeLimit() throws {
        let command = "echo $$ > \(scratch.path)/shell; sleep 1000 & echo $! > \(scratch.path)/background; wait"
        let outcome = try XCTUnwrap(resolve(.command(command, timeout: .seconds(1))), "still waiting after 10 s")
        XCTAssertEqual(
            message(outcome.0), "account \"work\": password_command: timed out after 1 s without printing a line")
        XCTAssertLessThan(outcome.1, 5)
        let shell = try XCTUnwrap(pid("shell"))
        XCTAssertEqual(kill(shell, 0), -1, "the shell is killed and reaped (no zombie of ours)")
        let background = try XCTUnwrap(pid("background"))
        let deadline = Date().addingTimeInterval(5)
        while isRunning(background), Date() < deadline { usleep(10_000) }
        if isatty(STDIN_FILENO) == 0 {
            XCTAssertFalse(isRunning(background), "what the command started is killed with it (its process group)")
        } else {
            // On a terminal the command stays in popvault's process group, where it may prompt: only the
            // shell is killed, and what it started is orphaned.
            XCTAssertTrue(isRunning(background), "only the shell is killed when stdin is a terminal")
        }
    }

    func testALineWhileABackgroundChildHoldsStdoutIsTakenWithoutWaitingForTheEnd() throws {
        let command = "echo $$ > \(scratch.path)/shell; sleep 20 & echo $! > \(scratch.path)/background\n"
            + "echo s3cret"
        let outcome = try XCTUnwrap(resolve(.command(command, timeout: .seconds(15))), "still waiting after 10 s")
        XCTAssertEqual(try outcome.0.get(), "s3cret")
        XCTAssertLessThan(outcome.1, 5, "the background child's stdout is not waited for")
        XCTAssertEqual(kill(try XCTUnwrap(pid("shell")), 0), -1, "the shell is reaped")
    }

    func testALineFromACommandThatDoesNotExitTimesOut() throws {
        let outcome = try XCTUnwrap(resolve(.command("echo s3cret; exec sleep 1000", timeout: .seconds(1))))
        let text = try XCTUnwrap(message(outcome.0))
        XCTAssertEqual(
            text, "account \"work\": password_command: timed out after 1 s (it printed a line but did not exit)")
        XCTAssertFalse(text.contains("s3cret"))
    }

    func testANonZeroExitIsReportedEvenWithABackgroundChildHoldingStdout() throws {
        let command = "echo s3cret; sleep 20 & echo $! > \(scratch.path)/background; exit 4"
        let outcome = try XCTUnwrap(resolve(.command(command, timeout: .seconds(15))), "still waiting after 10 s")
        XCTAssertEqual(message(outcome.0), "account \"work\": password_command: exited with status 4")
        XCTAssertLessThan(outcome.1, 5)
    }

    func testNoLineIsReportedAsSuch() throws {
        let outcome = try XCTUnwrap(resolve(.command("exit 0", timeout: .seconds(5))))
        XCTAssertEqual(message(outcome.0), "account \"work\": password_command: printed no password")
    }
}
