/// Why an extraction stopped or skipped an input. Exit codes are mapped in the CLI.
public enum ExtractError: Error, Sendable, Equatable, CustomStringConvertible {
    /// An input is missing, unreadable or not a mailbox; the run goes on with the others.
    case input(path: String, reason: String)
    /// Writing under the output directory failed (`operation` on `path`, with `errno`); the run stops.
    case output(path: String, operation: String, errno: Int32)
    /// The options are inconsistent (e.g. the output directory is a file).
    case usage(String)

    public var description: String {
        switch self {
        case .input(let path, let reason): "\(path): \(reason)"
        case .output(let path, let operation, let code):
            "\(path): \(operation) failed: \(String(cString: strerror(code)))"
        case .usage(let text): text
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
