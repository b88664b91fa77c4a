import Foundation
import Ledger
import TestSupport
import XCTest

#if canImport(Glibc)
import Glibc
#endif

final class AccountLockTests: XCTestCase {
    func testSecondAcquireInTheSameProcessIsBusyUntilRelease() throws {
        let root = try TemporaryDirectory(prefix: "popvault-lock")
        defer { root.remove() }
        let lock = try AccountLock.acquire(root: root.url, account: "work")
        XCTAssertEqual(try fileMode(lock.path), 0o600)
        XCTAssertEqual(try fileMode(root.url.appendingPathComponent(".locks").path), 0o700)
        XCTAssertThrowsError(try AccountLock.acquire(root: root.url, account: "work")) { error in
            guard case LedgerError.accountBusy(let account, let path, let holder) = error else {
                return XCTFail("\(error)")
            }
            XCTAssertEqual(account, "work")
            XCTAssertEqual(path, lock.path)
            XCTAssertEqual(holder, String(getpid()))
            XCTAssertTrue(String(describing: error).contains("another popvault run"), "\(error)")
        }
        // Other accounts are independent.
        let other = try AccountLock.acquire(root: root.url, account: "home")
        other.release()
        lock.release()
        lock.release()
        XCTAssertFalse(lock.isHeld)
        let again = try AccountLock.acquire(root: root.url, account: "work")
        XCTAssertTrue(again.isHeld)
        again.release()
    }

    func testUnsafeAccountNamesAreRefused() throws {
        let root = try TemporaryDirectory(prefix: "popvault-lock")
        defer { root.remove() }
        for name in ["", ".hidden", "../escape", "a/b"] {
            XCTAssertThrowsError(try AccountLock.acquire(root: root.url, account: name)) { error in
                XCTAssertEqual(error as? LedgerError, .invalidAccountName(name))
            }
        }
    }

    func testAnotherProcessSeesOurLock() throws {
        let root = try TemporaryDirectory(prefix: "popvault-lock")
        defer { root.remove() }
        let lock = try AccountLock.acquire(root: root.url, account: "work")
        // flock(1) takes the same BSD lock; -n fails at once, -E picks its exit status.
        let probe = try programExitStatus("/usr/bin/flock", ["-n", "-E", "75", lock.path, "true"])
        XCTAssertEqual(probe, 75)
        lock.release()
        XCTAssertEqual(try programExitStatus("/usr/bin/flock", ["-n", "-E", "75", lock.path, "true"]), 0)
    }

    func testALockHeldByAnotherProcessIsFreedWhenItIsKilled() throws {
        let root = try TemporaryDirectory(prefix: "popvault-lock")
        defer { root.remove() }
        let directory = root.url.appendingPathComponent(".locks")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("work.lock").path

        // The holder: flock(1) without forking, so the locking process is the one we kill.
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
        holder.arguments = ["--no-fork", path, "/bin/sh", "-c", "echo $$ > \(path); echo locked; exec sleep 600"]
        let output = Pipe()
        holder.standardOutput = output
        try holder.run()
        defer { if holder.isRunning { kill(holder.processIdentifier, SIGKILL) } }
        let line = String(decoding: output.fileHandleForReading.availableData, as: UTF8.self)
        XCTAssertEqual(line, "locked\n")

        XCTAssertThrowsError(try AccountLock.acquire(root: root.url, account: "work")) { error in
            guard case LedgerError.accountBusy(_, _, let pid) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(pid, String(holder.processIdentifier))
        }
        XCTAssertEqual(kill(holder.processIdentifier, SIGKILL), 0)
        holder.waitUntilExit()
        XCTAssertEqual(holder.terminationReason, .uncaughtSignal)

        let lock = try AccountLock.acquire(root: root.url, account: "work")
        XCTAssertTrue(lock.isHeld)
        lock.release()
    }
}
