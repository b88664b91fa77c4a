/// A streaming MIME parser (RFC 2045, RFC 2046, RFC 5322): feed a message in chunks of any size and
/// receive its structure and decoded leaf bodies through a `MIMEHandler`. Memory stays bounded by the
/// limits in `Options` whatever the message size: bodies are decoded chunk by chunk and never kept.
///
/// ```swift
/// var parser = MIMEParser(handler: collector)
/// try bytes.withUnsafeBytes { try parser.feed($0) }
/// try parser.finish()
/// ```
public struct MIMEParser {
    /// The limits and policies in force.
    public let options: Options
    let handler: any MIMEHandler

    enum Mode { case header, preamble, body, epilogue }
    var mode = Mode.header
    /// What the header being read belongs to.
    var pending = PendingEntity.message(prefix: "")
    var headerBlock: [UInt8] = []
    var headerDefects: [MIMEDefect] = []
    var headerLines = 0
    var frames: [Frame] = []
    var leaf: LeafContext?
    /// Unconsumed input: a partial line, bounded by the header limit or the boundary lookahead.
    var carry: [UInt8] = []
    /// The rest of a delimiter line is being skipped.
    var skippingLine = false
    var atLineStart = true
    /// The line break before the current line, not yet given to the body (it may belong to a delimiter).
    var pendingBreak = LineBreak.none
    /// Entities counted against `Options.maximumParts` (a reference, so inline events can count too).
    var entityCount = EntityCounter()
    /// Frames and messages open in the parsers around this one (non-zero for an encoded embedded message).
    var outerFrames = 0
    var outerMessages = 0
    var mainBodyChosen = false
    /// Length of the longest boundary of the open multiparts; 0 when none is open.
    var longestBoundary = 0
    var finished = false
    var failure: (any Error)?
    let scratch = ScratchBuffer()
    let preamble = PreambleBuffer()

    /// Creates a parser reporting to `handler`.
    public init(options: Options = .init(), handler: any MIMEHandler) {
        self.options = options
        self.handler = handler
    }

    /// Parses the next chunk of the message. Chunks may be split anywhere, down to single bytes.
    /// Throws `MIMEError` when a limit is exceeded, or what the handler throws; after an error the
    /// parser stays failed and rethrows it.
    public mutating func feed(_ chunk: UnsafeRawBufferPointer) throws {
        if let failure { throw failure }
        precondition(!finished, "MIMEParser.feed after finish")
        guard chunk.count > 0 else { return }
        do {
            if carry.isEmpty {
                let used = try process(chunk, eof: false)
                if used < chunk.count { carry.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[used...])) }
            } else {
                carry.append(contentsOf: chunk)
                try processCarry(eof: false)
            }
        } catch {
            failure = error
            throw error
        }
    }

    /// Parses the next chunk of the message.
    public mutating func feed(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try feed($0) }
    }

    /// Ends the message: open parts are closed (a missing final boundary is a defect, not an error),
    /// then `partEnded` and `messageEnded` are reported for everything still open.
    public mutating func finish() throws {
        if let failure { throw failure }
        guard !finished else { return }
        finished = true
        do {
            if !carry.isEmpty { try processCarry(eof: true) }
            try closeAtEndOfInput()
        } catch {
            failure = error
            throw error
        }
    }

    private mutating func processCarry(eof: Bool) throws {
        var buffer: [UInt8] = []
        swap(&buffer, &carry)
        let used = try buffer.withUnsafeBytes { try process($0, eof: eof) }
        buffer.removeSubrange(0..<used)
        carry = buffer
    }

    /// Consumes as much of `buffer` as can be decided now; returns the bytes consumed.
    /// With `eof`, everything is consumed.
    mutating func process(_ buffer: UnsafeRawBufferPointer, eof: Bool) throws -> Int {
        guard let raw = buffer.baseAddress, buffer.count > 0 else { return 0 }
        let p = raw.assumingMemoryBound(to: UInt8.self)
        let n = buffer.count
        var finder = LineFinder(p, count: n)
        var pos = 0
        while pos < n {
            if skippingLine {
                guard let line = finder.line(from: pos, eof: eof) else {
                    return !eof && p[n - 1] == 0x0D ? n - 1 : n
                }
                pos = line.next
                skippingLine = false
                atLineStart = true
                continue
            }
            switch mode {
            case .header:
                guard let next = try readHeaderLine(p, pos, n, eof, &finder) else { return pos }
                pos = next
            case .preamble, .epilogue, .body:
                let (next, stop) = try scanBody(p, pos, n, eof, &finder)
                pos = next
                if stop { return pos }
            }
        }
        return pos
    }
}
