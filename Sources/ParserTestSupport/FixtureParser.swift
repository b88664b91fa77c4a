import NIOCore

/// An incremental wire parser that ``WireFixture`` tables drive: fed a buffer, it returns the next event, nil
/// when it needs more bytes, or throws.
public protocol FixtureParser {
    /// What the parser produces.
    associatedtype Event: Equatable
    /// What the parser throws.
    associatedtype Failure: Error
    /// The part of a ``Failure`` a fixture expects (without positions or other incidental detail).
    associatedtype FailureKind: Equatable

    /// The next event from `buffer`, or nil when more bytes are needed.
    mutating func next(_ buffer: inout ByteBuffer) throws(Failure) -> Event?
    /// Whether every response begun so far is finished.
    var isIdle: Bool { get }
    /// The kind of `error`, as fixtures state it.
    static func kind(of error: Failure) -> FailureKind
    /// The bytes of a body-chunk event; nil for any other event.
    static func bodyChunk(in event: Event) -> ByteBuffer?
    /// A body-chunk event carrying `bytes`.
    static func bodyChunkEvent(_ bytes: ByteBuffer) -> Event
}
