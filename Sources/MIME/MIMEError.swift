/// A limit of `MIMEParser.Options` was exceeded. The parse of that message stops.
public struct MIMEError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Which limit was exceeded.
    public enum Limit: String, Sendable, Equatable {
        /// `Options.maximumDepth`: nesting of multiparts and embedded messages.
        case depth
        /// `Options.maximumParts`: entities (leaf parts, multiparts, embedded messages) in one message.
        case parts
        /// `Options.maximumHeaderBytes`: bytes of one header block.
        case headerBytes
    }

    /// The limit that was exceeded.
    public var limit: Limit
    /// The value reached when the parser stopped.
    public var actual: Int
    /// The configured maximum.
    public var maximum: Int
    /// The section path of the entity being parsed when the limit was hit ("" for the top-level header).
    public var path: String

    public init(limit: Limit, actual: Int, maximum: Int, path: String) {
        self.limit = limit
        self.actual = actual
        self.maximum = maximum
        self.path = path
    }

    public var description: String {
        "MIME \(limit.rawValue) limit exceeded at part '\(path)': \(actual) > maximum \(maximum)"
    }
}
