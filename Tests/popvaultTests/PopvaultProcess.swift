import Foundation
import XCTest

/// Runs the built `popvault` binary, found next to the test bundle (as swift-argument-parser's own
/// example tests do).
struct PopvaultProcess {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static var productsDirectory: URL {
        #if os(macOS)
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            return bundle.bundleURL.deletingLastPathComponent()
        }
        fatalError("no .xctest bundle found")
        #else
        return Bundle.main.bundleURL
        #endif
    }

    static var binary: URL { productsDirectory.appendingPathComponent("popvault") }

    /// The environment of a child: ours, with no user config in reach, plus `extra`.
    static func environment(_ extra: [String: String]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["XDG_CONFIG_HOME"] = "/nonexistent-popvault-test"
        for (key, value) in extra { environment[key] = value }
        return environment
    }

    /// Runs the binary with `arguments`; with `runAs`, as that user and group id (through `setpriv`,
    /// when the tests run as root and the behaviour under test depends on file permissions).
    static func run(
        _ arguments: [String], environment extra: [String: String] = [:], timeout: TimeInterval = 300,
        runAs user: uid_t? = nil
    ) throws -> Result {
        // Output goes to files, not pipes, so that a full pipe can never block the child.
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("popvault-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("stdout")
        let errURL = scratch.appendingPathComponent("stderr")
        try Data().write(to: outURL)
        try Data().write(to: errURL)
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        if let user {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
            process.arguments = ["--reuid=\(user)", "--regid=\(user)", "--clear-groups", "--", binary.path] + arguments
        }
        process.environment = environment(extra)
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() > deadline {
                process.terminate()
                process.waitUntilExit()
                XCTFail("popvault \(arguments.prefix(3)) did not finish within \(Int(timeout)) s")
                break
            }
            usleep(10_000)
        }
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
            stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
    }
}
