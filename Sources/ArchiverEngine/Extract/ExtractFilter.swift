#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One `--only` pattern: a content type (`application/pdf`, `image/*`) when it holds a `/`, a file
/// name glob (`*.xlsx`, `report-??.pdf`) otherwise. Matching ignores case.
public struct ExtractFilter: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case contentType
        case filename
    }

    public let kind: Kind
    /// The pattern, lower-cased.
    public let pattern: String

    /// Parses a pattern; nil when it is empty or a malformed type (`/pdf`, `application/`).
    public init?(_ text: String) {
        let lowered = text.lowercased()
        guard !lowered.isEmpty else { return nil }
        if lowered.contains("/") {
            let pieces = lowered.split(separator: "/", omittingEmptySubsequences: false)
            guard pieces.count == 2, !pieces[0].isEmpty, !pieces[1].isEmpty else { return nil }
            kind = .contentType
        } else {
            kind = .filename
        }
        pattern = lowered
    }

    /// Whether the filter selects a part of `contentType` named `name` (its decoded original name, or
    /// the generated one when it has none).
    public func matches(contentType: String, name: String) -> Bool {
        let subject = (kind == .contentType ? contentType : name).lowercased()
        return fnmatch(pattern, subject, 0) == 0
    }

    public var description: String { pattern }
}

extension Array where Element == ExtractFilter {
    /// True when empty (no `--only`) or when any filter matches.
    func admit(contentType: String, name: String) -> Bool {
        isEmpty || contains { $0.matches(contentType: contentType, name: name) }
    }
}
