#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// mboxrd `From ` quoting, streaming: every line matching `^>*From ` gets one more `>` in front, so
/// that a reader can undo it exactly by removing one `>` from every line matching `^>+From `.
///
/// Lines are found with `memchr`; only lines starting with `>` or `F` are looked at more closely,
/// and a line start cut by a chunk boundary is remembered as a count of `>` and of matched
/// `From ` bytes (no bytes are held back).
struct MboxQuoter {
    private static let from: [UInt8] = Array("From ".utf8)
    private static let quotes = [UInt8](repeating: ASCII.greaterThan, count: 64)
    /// True while the bytes since the last line start could still become `>*From `.
    private var matching = true
    private var quoteCount = 0
    private var fromMatched = 0

    /// Writes `bytes` (LF-normalized message content) quoted to `output`.
    mutating func quote(_ bytes: UnsafeRawBufferPointer, into output: WriteBuffer) throws {
        guard let base = bytes.baseAddress else { return }
        let count = bytes.count
        var index = 0
        var spanStart = 0
        while index < count {
            if matching {
                let byte = base.load(fromByteOffset: index, as: UInt8.self)
                if fromMatched == 0 && byte == ASCII.greaterThan {
                    quoteCount += 1
                } else if byte == Self.from[fromMatched] {
                    fromMatched += 1
                    if fromMatched == Self.from.count {
                        try writeHeldPrefix(extraQuote: true, into: output)
                        spanStart = index + 1
                    }
                } else {
                    try writeHeldPrefix(extraQuote: false, into: output)
                    spanStart = index
                    continue
                }
                index += 1
                continue
            }
            guard let found = memchr(base + index, Int32(ASCII.lf), count - index) else {
                index = count
                break
            }
            index = UnsafeRawPointer(found) - base + 1
            if index < count {
                let next = base.load(fromByteOffset: index, as: UInt8.self)
                if next != ASCII.greaterThan && next != 0x46 { continue }
            }
            try output.write(UnsafeRawBufferPointer(start: base + spanStart, count: index - spanStart))
            spanStart = index
            matching = true
        }
        if !matching {
            try output.write(UnsafeRawBufferPointer(start: base + spanStart, count: count - spanStart))
        }
    }

    /// Ends the message: a held line start that never became `From ` is written as it was.
    mutating func finish(into output: WriteBuffer) throws {
        if matching { try writeHeldPrefix(extraQuote: false, into: output) }
        matching = true
    }

    /// Writes the held `>`… and `From` prefix (with one more `>` when it matched) and leaves the
    /// line-start state.
    private mutating func writeHeldPrefix(extraQuote: Bool, into output: WriteBuffer) throws {
        var quotes = quoteCount + (extraQuote ? 1 : 0)
        while quotes > 0 {
            let run = min(quotes, Self.quotes.count)
            try Self.quotes.withUnsafeBytes { try output.write(UnsafeRawBufferPointer(rebasing: $0[0..<run])) }
            quotes -= run
        }
        if fromMatched > 0 {
            try Self.from.withUnsafeBytes { try output.write(UnsafeRawBufferPointer(rebasing: $0[0..<fromMatched])) }
        }
        matching = false
        quoteCount = 0
        fromMatched = 0
    }
}
