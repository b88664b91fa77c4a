#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Inserts lines (the mbox `Status:`/`X-Status:` of ``IMAPMessageFlags/mboxStatusLines``) at the end
/// of a message's header block as its bytes stream past, without holding more than one byte back.
///
/// The header block ends at the first empty line (RFC 5322 §2.1), LF, CRLF or CR CR LF; the lines go
/// right before it, so every byte of the message stays as it was, in order. A message without an empty
/// line is all header: the lines are appended (after a line end if its last line has none).
/// Existing `Status:` lines are left alone.
struct StatusLineInjector {
    private let lines: [UInt8]
    private var done: Bool
    private var atLineStart = true
    /// CRs at the start of a line, not passed on yet: they may begin the empty line.
    private var heldCarriageReturns = 0

    /// The most CRs an empty line may hold before its LF.
    ///
    /// QUIRK: RFC 5322 §2.1 ends a line with CRLF. Courier-IMAP 5 serves a Maildir file stored with CRLF
    /// line ends by adding its own CR before each LF, so every line, the empty one too, ends in CR CR LF.
    /// Two CRs and no more: a line of three is not taken for the header's end.
    static let maximumHeldCarriageReturns = 2

    init(lines: [UInt8]) {
        self.lines = lines
        done = lines.isEmpty
    }

    private static let lineFeed: [UInt8] = [0x0A]

    /// Passes `chunk` on to `emit`, with the lines inserted where the header block ends.
    mutating func feed(_ chunk: UnsafeRawBufferPointer, _ emit: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard !done else { return try emit(chunk) }
        guard let base = chunk.baseAddress else { return }
        let count = chunk.count
        var start = 0
        var index = 0
        while index < count {
            let byte = base.load(fromByteOffset: index, as: UInt8.self)
            if atLineStart {
                if byte == 0x0A {
                    try emit(UnsafeRawBufferPointer(start: base + start, count: index - start))
                    try insert(then: Array(repeating: 0x0D, count: heldCarriageReturns), emit)
                    return try emit(UnsafeRawBufferPointer(start: base + index, count: count - index))
                }
                if byte == 0x0D, heldCarriageReturns < Self.maximumHeldCarriageReturns {
                    try emit(UnsafeRawBufferPointer(start: base + start, count: index - start))
                    heldCarriageReturns += 1
                    index += 1
                    start = index
                    continue
                }
                try releaseCarriageReturns(emit)
                atLineStart = false
            }
            // Inside a line: jump to its end.
            guard let found = memchr(base + index, 0x0A, count - index) else { break }
            index = UnsafeRawPointer(found) - base + 1
            atLineStart = true
        }
        try emit(UnsafeRawBufferPointer(start: base + start, count: count - start))
    }

    /// Ends the message: a header block that never ended gets the lines at its end.
    mutating func finish(_ emit: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard !done else { return }
        try releaseCarriageReturns(emit)
        if !atLineStart { try Self.lineFeed.withUnsafeBytes(emit) }
        try insert(then: [], emit)
    }

    /// The line did not end the header block: passes on the CRs held at its start, if any (the line
    /// then has begun).
    private mutating func releaseCarriageReturns(_ emit: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard heldCarriageReturns > 0 else { return }
        atLineStart = false
        try Array(repeating: UInt8(0x0D), count: heldCarriageReturns).withUnsafeBytes(emit)
        heldCarriageReturns = 0
    }

    private mutating func insert(then extra: [UInt8], _ emit: (UnsafeRawBufferPointer) throws -> Void) throws {
        done = true
        try lines.withUnsafeBytes(emit)
        if !extra.isEmpty { try extra.withUnsafeBytes(emit) }
    }
}
