import TestSupport
import XCTest

/// Every Dovecot a test starts is gone when `stop()` returns, however short the test was: a master left
/// behind outlives `swift test` (three were found running half an hour after a clean-clone `.ci/run`).
final class DovecotLifecycleTests: XCTestCase {
    func testStopRightAfterStartLeavesNoDovecotRunning() throws {
        for _ in 0..<5 {
            let dovecot = try DovecotServer.startOrSkip()
            let directory = dovecot.directory.path
            dovecot.stop()
            XCTAssertEqual(DovecotServer.masterProcesses(configuredIn: directory), [], "a master outlived stop()")
        }
    }
}
