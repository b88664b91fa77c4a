import Foundation

/// Compresses a closed mbox segment into a `.gz` file and proves the copy right before anyone
/// relies on it: the bytes are streamed (constant memory), compressed in parallel as consecutive
/// gzip members, written to a new file, fsynced, then read back from that file, inflated, and their
/// SHA-256 and length compared with the plain bytes'.
///
/// The read-back runs alongside the compression (it follows the writer through the file) and ends
/// after the fsync, so verification costs little wall time on a machine with two cores or more.
public enum SegmentCompressor {
    /// How the segment is compressed.
    public struct Options: Sendable, Equatable {
        /// Deflate level 0–9; 6 is gzip's default.
        public var level: Int32
        /// Uncompressed bytes per gzip member. Larger blocks compress a little better (each member
        /// starts with an empty dictionary) and need more memory: about `2 × blockSize` per slot,
        /// `4 × workers + 2` slots (enough that a worker descheduled on a busy machine does not stall
        /// the others: about 20 MiB with the defaults on two cores).
        public var blockSize: Int
        /// Threads that deflate blocks at the same time.
        public var workers: Int
        /// Mode of the new file.
        public var permissions: mode_t

        public init(
            level: Int32 = 6, blockSize: Int = 1 << 20,
            workers: Int = ProcessInfo.processInfo.activeProcessorCount, permissions: mode_t = 0o600
        ) {
            self.level = level
            self.blockSize = blockSize
            self.workers = workers
            self.permissions = permissions
        }
    }

    /// What ``compress(source:length:to:options:)`` wrote.
    public struct Result: Sendable, Equatable {
        /// The plain bytes, which the new file was verified to decompress to.
        public var digest: SegmentDigest
        /// Bytes of the `.gz` file.
        public var compressedLength: Int64
        /// Gzip members in it.
        public var members: Int
    }

    /// Compresses the first `length` bytes of the plain file `source` into the new file
    /// `destination` (created exclusively: an existing file is an error and is left alone), fsyncs
    /// and closes it, and verifies it. On any failure, `destination` is removed and the error is
    /// rethrown: ``SegmentMismatch`` when the copy does not decompress to the plain bytes,
    /// ``GzipError`` or ``MailStoreError`` otherwise.
    ///
    /// The caller makes the file visible under its final name (``SegmentFiles/rename(_:to:)``).
    public static func compress(
        source: String, length: Int64, to destination: String, options: Options = Options()
    ) throws -> Result {
        precondition(length >= 0 && options.blockSize > 0 && options.workers > 0, "invalid compression request")
        let pipeline = try CompressionPipeline(
            source: source, length: length, destination: destination, options: options)
        return try pipeline.run()
    }
}
