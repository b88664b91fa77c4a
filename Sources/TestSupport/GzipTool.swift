import Foundation

/// The system's gzip(1), run as a real process: the reference that every `.gz` popvault writes
/// must satisfy (`gzip -t`, `zcat`).
public enum GzipTool {
    /// The gzip binary, or `nil` when it is not installed.
    public static var path: String? {
        ["/usr/bin/gzip", "/bin/gzip"].first(where: FileManager.default.isExecutableFile)
    }

    /// Runs `gzip -t FILE`; throws ``ProgramFailed`` when gzip rejects the file.
    public static func test(_ file: String) throws {
        _ = try run(["-t", file])
    }

    /// What `zcat FILE` (`gzip -dc`) writes, byte for byte.
    public static func decompress(_ file: String) throws -> [UInt8] {
        try run(["-dc", file])
    }

    private static func run(_ arguments: [String]) throws -> [UInt8] {
        guard let path else {
            throw ProgramFailed(program: "gzip", status: 127, standardError: "gzip is not installed")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Drain stderr on the side so that neither pipe can fill up and block gzip.
        let errorData = ErrorDrain(errors.fileHandleForReading)
        let bytes = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ProgramFailed(
                program: ([path] + arguments).joined(separator: " "), status: process.terminationStatus,
                standardError: errorData.text())
        }
        return Array(bytes)
    }
}

/// Reads a pipe to its end on a thread of its own.
private final class ErrorDrain: @unchecked Sendable {
    // @unchecked: `data` is written by the thread before `done` is signalled and read only after.
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread {
            self.data = handle.readDataToEndOfFile()
            self.done.signal()
        }.start()
    }

    func text() -> String {
        done.wait()
        return String(decoding: data, as: UTF8.self)
    }
}
