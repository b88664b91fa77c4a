/// A failure reading or writing a file, plain or gzip-compressed.
public struct GzipError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// A system call failed; `errno` says why.
        case system(operation: String, errno: Int32)
        /// zlib refused the data (`message` is zlib's own text).
        case corrupt(message: String)
        /// The compressed stream ended inside a member.
        case truncated
        /// zlib could not be set up (out of memory, version mismatch).
        case zlib(code: Int32)
    }

    public var kind: Kind
    /// The file involved.
    public var path: String

    public init(_ kind: Kind, path: String) {
        self.kind = kind
        self.path = path
    }

    public var description: String {
        switch kind {
        case .system(let operation, let code): "\(path): \(operation) failed: \(SystemErrorText.text(code))"
        case .corrupt(let message): "\(path): corrupt gzip data: \(message)"
        case .truncated: "\(path): gzip data ends in the middle of a member"
        case .zlib(let code): "\(path): zlib error \(code)"
        }
    }
}

/// `strerror` text for an errno value.
enum SystemErrorText {
    static func text(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
