#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why an export stopped or skipped an input. Exit codes are mapped in the CLI.
public enum ExportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// An input is missing, unreadable or not a mailbox; the run goes on with the others.
    case input(path: String, reason: String)
    /// Writing the destination failed (`operation` on `path`, with `errno`); the run stops.
    case output(path: String, operation: String, errno: Int32)
    /// The destination's resume state cannot be used (unreadable, or it records more bytes than
    /// the mbox holds).
    case state(path: String, reason: String)
    /// The options are inconsistent (e.g. an mbox destination that is a directory).
    case usage(String)

    public var description: String {
        switch self {
        case .input(let path, let reason): "\(path): \(reason)"
        case .output(let path, let operation, let code):
            "\(path): \(operation) failed: \(String(cString: strerror(code)))"
        case .state(let path, let reason): "\(path): \(reason)"
        case .usage(let text): text
        }
    }
}
