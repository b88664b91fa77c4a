import Foundation

extension PopvaultProcess {
    /// Starts the binary and kills it with SIGKILL after `delay` seconds if it is still running.
    /// Returns whether it was killed (false: it finished first).
    @discardableResult
    static func runAndKill(_ arguments: [String], after delay: TimeInterval, environment extra: [String: String] = [:])
        throws -> Bool
    {
        let process = try start(arguments, environment: extra)
        let deadline = Date().addingTimeInterval(delay)
        while process.isRunning, Date() < deadline {
            usleep(2_000)
        }
        guard process.isRunning else { return false }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        return true
    }
}
