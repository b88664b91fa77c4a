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

    /// From `pos` inside a line: the last complete line before the next line that starts with `-` (only
    /// such a line can be a delimiter), or else the last line ended by an LF in the buffer. Returns where that
    /// line's content ends and where the next line starts; nil if no LF follows `pos` and no `-` line does.
    /// The lines in between need no look at all: a body of clean base64 is skipped at `memchr` speed.
    func linesBeforeDash(from pos: Int) -> (contentEnd: Int, next: Int)? {
        var q = pos + 1
        while q < count, let hit = memchr(base + q, 0x2D, count - q) {
            let r = UnsafeRawPointer(hit) - UnsafeRawPointer(base)
            switch base[r - 1] {
            case 0x0A: return r - 2 >= pos && base[r - 2] == 0x0D ? (r - 2, r) : (r - 1, r)
            case 0x0D: return (r - 1, r)
            default: q = r + 1
            }
        }
        var r = count - 1
        while r >= pos && base[r] != 0x0A { r -= 1 }
        guard r >= pos else { return nil }
        return r - 1 >= pos && base[r - 1] == 0x0D ? (r - 1, r + 1) : (r, r + 1)
    }
}
