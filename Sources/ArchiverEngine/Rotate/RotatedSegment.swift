import Foundation

/// One plain mbox segment compressed into a rotated `.gz` segment.
public struct RotatedSegment: Sendable, Codable, Equatable {
    /// The plain segment's name (removed once the ledger pointed at the `.gz`).
    public var segment: String
    /// The compressed segment's name, in the same directory.
    public var target: String
    /// Uncompressed bytes (verified: the `.gz` inflates to exactly these, same SHA-256).
    public var bytes: Int64
    /// Bytes of the `.gz` file.
    public var compressedBytes: Int64
    /// Messages whose ledger location moved to the `.gz`.
    public var messages: Int
    /// Whether this completed a rotation an interrupted run had begun.
    public var resumed: Bool

    public init(segment: String, target: String, bytes: Int64, compressedBytes: Int64, messages: Int, resumed: Bool) {
        self.segment = segment
        self.target = target
        self.bytes = bytes
        self.compressedBytes = compressedBytes
        self.messages = messages
        self.resumed = resumed
    }
}
