#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns CRLF line ends into LF as bytes stream past, in any chunking.
///
/// A CR at the end of a chunk is held until the next chunk shows whether an LF follows. A CR not
/// followed by LF is kept (it is message content, not a line end), and so is a CR at the very end
/// of the message (`finish`).
struct LineEndingNormalizer {
    private var pendingCarriageReturn = false

    /// Writes the normalized form of `input` to `output` and returns how many bytes it wrote.
    /// `output` must hold at least `input.count + 1` bytes.
    mutating func normalize(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawPointer) -> Int {
        guard let base = input.baseAddress, input.count > 0 else { return 0 }
        let count = input.count
        var written = 0
        if pendingCarriageReturn {
            pendingCarriageReturn = false
            if base.load(as: UInt8.self) != ASCII.lf {
                output.storeBytes(of: ASCII.cr, toByteOffset: written, as: UInt8.self)
                written += 1
            }
        }
        var index = 0
        while index < count {
            guard let found = memchr(base + index, Int32(ASCII.cr), count - index) else {
                (output + written).copyMemory(from: base + index, byteCount: count - index)
                written += count - index
                break
            }
            let crIndex = UnsafeRawPointer(found) - base
            (output + written).copyMemory(from: base + index, byteCount: crIndex - index)
            written += crIndex - index
            index = crIndex + 1
            if index == count {
                pendingCarriageReturn = true
            } else if base.load(fromByteOffset: index, as: UInt8.self) != ASCII.lf {
                output.storeBytes(of: ASCII.cr, toByteOffset: written, as: UInt8.self)
                written += 1
            }
        }
        return written
    }

    /// Ends the message: a CR held back from the last chunk is content. Writes 0 or 1 byte.
    mutating func finish(into output: UnsafeMutableRawPointer) -> Int {
        guard pendingCarriageReturn else { return 0 }
        pendingCarriageReturn = false
        output.storeBytes(of: ASCII.cr, as: UInt8.self)
        return 1
    }
}

/// The bytes the sinks look for.
enum ASCII {
    static let lf: UInt8 = 0x0A
    static let cr: UInt8 = 0x0D
    static let space: UInt8 = 0x20
    static let tab: UInt8 = 0x09
    static let greaterThan: UInt8 = 0x3E
}
