import Foundation

extension PopvaultProcess {
    /// How ``runAndKill(_:once:after:environment:)`` ended.
    enum KillOutcome {
        case killed
        /// It finished within the delay.
        case finished
        /// It finished before the awaited moment came.
        case finishedBeforeStart
    }

    /// Starts the binary, waits until `started()` holds (polled every millisecond), then sends
    /// SIGKILL `delay` seconds later if it is still running.
    static func runAndKill(
        _ arguments: [String], once started: () -> Bool, after delay: TimeInterval,
        environment extra: [String: String] = [:]
    ) throws -> KillOutcome {
        let process = try start(arguments, environment: extra)
        while process.isRunning && !started() {
            usleep(1_000)
        }
        guard process.isRunning else { return .finishedBeforeStart }
        let deadline = Date().addingTimeInterval(delay)
        while process.isRunning, Date() < deadline {
            usleep(1_000)
        }
        guard process.isRunning else { return .finished }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        return .killed
    }

    /// Starts the binary with no input and its output discarded.
    static func start(_ arguments: [String], environment extra: [String: String]) throws -> Process {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.environment = environment(extra)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return process
    }
}
