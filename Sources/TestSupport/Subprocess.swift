import Foundation

/// Runs a program to completion and returns its standard output; throws with its standard error otherwise.
public func runProgram(_ path: String, _ arguments: [String], environment: [String: String]? = nil) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    if let environment { process.environment = environment }
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    let outData = output.fileHandleForReading.readDataToEndOfFile()
    let errData = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw ProgramFailed(
            program: ([path] + arguments).joined(separator: " "),
            status: process.terminationStatus,
            standardError: String(decoding: errData, as: UTF8.self)
        )
    }
    return String(decoding: outData, as: UTF8.self)
}

/// A program run by ``runProgram(_:_:environment:)`` exited with a non-zero status.
public struct ProgramFailed: Error, CustomStringConvertible {
    public var program: String
    public var status: Int32
    public var standardError: String

    public var description: String { "\(program) exited with \(status): \(standardError)" }
}
