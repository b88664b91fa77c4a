#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The length and SHA-256 of a segment's uncompressed bytes: what a compressed copy is checked
/// against before it replaces the plain file.
public struct SegmentDigest: Sendable, Equatable, CustomStringConvertible {
    /// Uncompressed bytes.
    public var length: Int64
    /// Lower-case hex SHA-256 of those bytes.
    public var sha256: String

    public init(length: Int64, sha256: String) {
        self.length = length
        self.sha256 = sha256
    }

    public var description: String { "\(length) bytes, SHA-256 \(sha256)" }

    /// The digest of the first `length` bytes of the plain file at `path` (streamed). Throws when the
    /// file is shorter.
    public static func ofPlainFile(_ path: String, length: Int64, chunkSize: Int = 1 << 20) throws -> SegmentDigest {
        let fd = try SystemCalls.openFile(path, O_RDONLY)
        defer { SystemCalls.closeQuietly(fd) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        var tally = ContentTally()
        var offset: Int64 = 0
        while offset < length {
            let wanted = Int(min(Int64(chunkSize), length - offset))
            let got = try SystemCalls.readAt(fd, into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<wanted]),
                                             offset: offset, path: path)
            tally.add(UnsafeRawBufferPointer(rebasing: buffer[0..<got]))
            offset += Int64(got)
        }
        return SegmentDigest(length: tally.size, sha256: tally.hexDigest())
    }

    /// The digest of the decompressed content of the gzip file at `path` (any number of members),
    /// streamed in constant memory. Throws ``GzipError`` when the file is not valid gzip.
    public static func ofGzipFile(_ path: String) throws -> SegmentDigest {
        var tally = ContentTally()
        try GzipReader.forEachChunk(ofFile: path) { tally.add($0) }
        return SegmentDigest(length: tally.size, sha256: tally.hexDigest())
    }
}

/// A compressed segment does not decompress to the bytes it was made from.
public struct SegmentMismatch: Error, Sendable, Equatable, CustomStringConvertible {
    /// The compressed file.
    public var path: String
    /// The digest of the plain bytes.
    public var expected: SegmentDigest
    /// The digest of what the compressed file inflates to.
    public var actual: SegmentDigest

    public init(path: String, expected: SegmentDigest, actual: SegmentDigest) {
        self.path = path
        self.expected = expected
        self.actual = actual
    }

    public var description: String {
        "\(path) decompresses to \(actual), but the plain segment holds \(expected)"
    }
}
