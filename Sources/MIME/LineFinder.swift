#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds line ends in a byte buffer with `memchr`: LF, CRLF, or a bare CR (RFC 5322 §2.3 allows only CRLF;
/// mbox and Unix files use LF, old Mac mail bare CR).
struct LineFinder {
    let base: UnsafePointer<UInt8>
    let count: Int
    /// Index of the next LF at or after the last search start (`count` if none); cached across lines.
    private var nextLF = -1

    init(_ base: UnsafePointer<UInt8>, count: Int) {
        self.base = base
        self.count = count
    }

    /// The line starting at `pos`: where its content ends and where the next line starts.
    /// Nil if no complete line break is in the buffer (a CR at the very end may be the first half of CRLF).
    mutating func line(from pos: Int, eof: Bool) -> (contentEnd: Int, next: Int)? {
        if nextLF < pos {
            if let hit = memchr(base + pos, 0x0A, count - pos) {
                nextLF = UnsafeRawPointer(hit) - UnsafeRawPointer(base)
            } else {
                nextLF = count
            }
        }
        let limit = nextLF
        if limit > pos, let hit = memchr(base + pos, 0x0D, limit - pos) {
            let r = UnsafeRawPointer(hit) - UnsafeRawPointer(base)
            if r + 1 < limit { return (r, r + 1) }
            if limit < count { return (r, limit + 1) }
            return eof ? (r, count) : nil
        }
        if limit < count { return (limit, limit + 1) }
        return nil
    }

    /// First index in `pos..<end` holding CR or LF, or `end`.
    func lineBreak(from pos: Int, before end: Int) -> Int {
        guard end > pos else { return end }
        var e = end
        if let hit = memchr(base + pos, 0x0A, end - pos) { e = UnsafeRawPointer(hit) - UnsafeRawPointer(base) }
        if e > pos, let hit = memchr(base + pos, 0x0D, e - pos) { e = UnsafeRawPointer(hit) - UnsafeRawPointer(base) }
        return e
    }
}
