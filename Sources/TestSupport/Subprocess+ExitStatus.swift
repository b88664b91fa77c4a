import Foundation

/// Runs a program to completion, its output going to the test's own, and returns its exit status: for a program
/// whose failure is an answer (`flock -n`) or a reason to skip (`mount` without the privilege), where
/// ``runProgram(_:_:environment:errorLog:input:)`` would throw.
public func programExitStatus(_ path: String, _ arguments: [String]) throws -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    try process.run()
    process.waitUntilExit()
    return process.terminationStatus
}
