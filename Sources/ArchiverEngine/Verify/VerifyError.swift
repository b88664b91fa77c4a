/// Why verification of an account could not run (as opposed to what it found).
public enum VerifyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A directory or mbox segment could not be read at all.
    case unreadable(path: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): "\(path): \(reason)"
        }
    }
}
