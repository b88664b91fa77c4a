import CZlib

/// Streaming gzip decompression over zlib, for any number of concatenated members (`cat a.gz b.gz`
/// is one valid `.gz` file, RFC 1952 §2.2), in constant memory.
public final class GzipInflater {
    private let stream: UnsafeMutablePointer<z_stream>
    private let output: UnsafeMutableRawBufferPointer
    private let path: String
    /// Bytes were given to the current member and zlib has not seen its end yet.
    private var memberOpen = false
    /// The previous member ended; the next byte starts another member or zero padding.
    private var betweenMembers = false

    /// - Parameters:
    ///   - path: names the file in errors.
    ///   - outputSize: the size of the chunks passed to the `feed` callback.
    public init(path: String, outputSize: Int = 1 << 18) throws {
        self.path = path
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        output = .allocate(byteCount: outputSize, alignment: 16)
        // 15 + 32: the largest window, and detect a gzip or zlib header automatically.
        let rc = inflateInit2_(stream, 15 + 32, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard rc == Z_OK else {
            stream.deallocate()
            output.deallocate()
            throw GzipError(.zlib(code: rc), path: path)
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deallocate()
        output.deallocate()
    }

    /// Inflates `input`; `body` receives the decompressed bytes (valid only during the call).
    public func feed(_ input: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard let base = input.baseAddress, input.count > 0 else { return }
        var next = UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: UInt8.self))
        var left = input.count
        while left > 0 {
            if betweenMembers {
                // QUIRK: RFC 1952 has no padding, but tape and block tools pad gzip files with zero
                // bytes; gzip(1) ignores trailing zeros, and so do we.
                if next.pointee == 0 {
                    next += 1
                    left -= 1
                    continue
                }
                guard next.pointee == 0x1f else { throw GzipError(.corrupt(message: "trailing garbage"), path: path) }
                inflateReset(stream)
                betweenMembers = false
            }
            memberOpen = true
            stream.pointee.next_in = next
            stream.pointee.avail_in = UInt32(left)
            try pump(body)
            let consumed = left - Int(stream.pointee.avail_in)
            next += consumed
            left -= consumed
        }
    }

    /// Runs inflate until it wants more input or a member ends.
    private func pump(_ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        while true {
            stream.pointee.next_out = output.baseAddress!.assumingMemoryBound(to: UInt8.self)
            stream.pointee.avail_out = UInt32(output.count)
            let rc = inflate(stream, Z_NO_FLUSH)
            let produced = output.count - Int(stream.pointee.avail_out)
            if produced > 0 { try body(UnsafeRawBufferPointer(rebasing: output[0..<produced])) }
            switch rc {
            case Z_STREAM_END:
                memberOpen = false
                betweenMembers = true
                return
            case Z_OK, Z_BUF_ERROR:
                if stream.pointee.avail_out == 0 { continue }
                if stream.pointee.avail_in == 0 || rc == Z_BUF_ERROR { return }
            case Z_MEM_ERROR:
                throw GzipError(.zlib(code: rc), path: path)
            default:
                let message = stream.pointee.msg.map { String(cString: $0) } ?? "error \(rc)"
                throw GzipError(.corrupt(message: message), path: path)
            }
        }
    }

    /// The input is over: throws `truncated` if it stopped inside a member.
    public func finish() throws {
        if memberOpen { throw GzipError(.truncated, path: path) }
    }
}
