import CZlib

/// Compresses one block of bytes into one complete gzip member (RFC 1952 §2.2: header, deflate
/// data, CRC-32 and length trailer). Members written one after the other form a valid `.gz` file
/// that `gzip -d`, `zcat` and ``GzipInflater`` read as the concatenation of their contents; this is
/// what lets ``SegmentCompressor`` compress the blocks of a segment in parallel.
///
/// One deflater keeps its zlib state (about 270 KB at level 6) and resets it between blocks.
final class GzipMemberDeflater {
    private let stream: UnsafeMutablePointer<z_stream>
    private let path: String

    /// - Parameters:
    ///   - level: deflate level 0–9 (6 is gzip's default).
    ///   - path: names the file in errors.
    init(level: Int32, path: String) throws {
        self.path = path
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        // 15 + 16: the largest window, with a gzip header and trailer; memLevel 8 is zlib's default.
        let rc = deflateInit2_(
            stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, zlibVersion(),
            Int32(MemoryLayout<z_stream>.size))
        guard rc == Z_OK else {
            stream.deallocate()
            throw GzipError(.zlib(code: rc), path: path)
        }
    }

    deinit {
        deflateEnd(stream)
        stream.deallocate()
    }

    /// The output size that always holds the member of an `inputSize`-byte block.
    func bound(for inputSize: Int) -> Int {
        // deflateBound covers the gzip header and trailer of this stream's configuration.
        Int(deflateBound(stream, UInt(inputSize)))
    }

    /// Writes the member of `input` into `output` (at least `bound(for: input.count)` bytes) and
    /// returns its length.
    func compress(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) throws -> Int {
        precondition(output.count >= bound(for: input.count), "output smaller than deflateBound")
        let reset = deflateReset(stream)
        guard reset == Z_OK else { throw GzipError(.zlib(code: reset), path: path) }
        stream.pointee.next_in = input.baseAddress.map {
            UnsafeMutablePointer(mutating: $0.assumingMemoryBound(to: UInt8.self))
        }
        stream.pointee.avail_in = UInt32(input.count)
        stream.pointee.next_out = output.baseAddress!.assumingMemoryBound(to: UInt8.self)
        stream.pointee.avail_out = UInt32(output.count)
        let rc = deflate(stream, Z_FINISH)
        guard rc == Z_STREAM_END else { throw GzipError(.zlib(code: rc), path: path) }
        return output.count - Int(stream.pointee.avail_out)
    }
}
