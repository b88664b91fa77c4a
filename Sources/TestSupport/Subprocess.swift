import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs a program to completion and returns its standard output; throws with its standard error otherwise.
///
/// - Parameters:
///   - errorLog: when given, standard output and error go to this file instead of pipes: use it for a
///     program that daemonizes, whose children would otherwise hold the pipes open forever.
///   - input: a file to read standard input from (pipes only; otherwise the program inherits it).
@discardableResult
public func runProgram(
    _ path: String,
    _ arguments: [String],
    environment: [String: String]? = nil,
    errorLog: String? = nil,
    input: String? = nil
) throws -> String {
    if let errorLog { return try runDetached(path, arguments, environment: environment, log: errorLog) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    if let environment { process.environment = environment }
    if let input { process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: input)) }
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

/// Spawns with posix_spawn and reaps with waitpid. Foundation's `Process` is not used here: it detects the
/// child's exit through a descriptor the child inherits, which a daemon's grandchild keeps open forever.
private func runDetached(_ path: String, _ arguments: [String], environment: [String: String]?, log: String) throws
    -> String
{
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_adddup2(&actions, 1, 2)
    let argv = ([path] + arguments).map { strdup($0) } + [nil]
    let environ = (environment ?? ProcessInfo.processInfo.environment).map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { (argv + environ).forEach { free($0) } }
    var pid = pid_t()
    let spawned = posix_spawn(&pid, path, &actions, nil, argv, environ)
    guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .ENOENT) }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    let exitCode = (status >> 8) & 0xff
    guard status & 0x7f == 0 && exitCode == 0 else {
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        throw ProgramFailed(program: ([path] + arguments).joined(separator: " "), status: exitCode, standardError: text)
    }
    return ""
}
