extension MIMEParser {
    enum LineStart: Equatable {
        case needMore
        case plain
        case delimiter(frame: Int, close: Bool)
    }

    /// Classifies the line starting at `pos` against the boundaries of the open multiparts, innermost first.
    ///
    /// RFC 2046 §5.1.1: `delimiter := CRLF dash-boundary`, `close-delimiter := delimiter "--"`, then optional
    /// whitespace. A boundary that is a prefix of a longer one must not match it: after the boundary we
    /// require `--`, whitespace, or the end of the line.
    // QUIRK: anything after `--boundary--` or after `--boundary` plus whitespace is ignored (RFC 2046 allows
    // only transport padding there; mailers append junk). LF, CRLF and bare CR all end the line.
    func classifyLineStart(
        _ p: UnsafePointer<UInt8>, _ pos: Int, _ n: Int, _ eof: Bool, _ finder: LineFinder
    ) -> LineStart {
        guard longestBoundary > 0 else { return .plain }
        let dash = UInt8(ascii: "-")
        if p[pos] != dash { return .plain }
        if n - pos < 2 { return eof ? .plain : .needMore }
        if p[pos + 1] != dash { return .plain }
        let window = min(n, pos + longestBoundary + 4)
        let lineEnd = finder.lineBreak(from: pos, before: window)
        let ended = lineEnd < window || eof
        let content = lineEnd - pos
        for k in frames.indices.reversed() {
            guard case .multipart(let m) = frames[k], !m.closed else { continue }
            let need = 2 + m.boundary.count
            if content < need {
                if ended { continue }
                return .needMore
            }
            let matches = m.boundary.withUnsafeBytes { b in
                memcmp(p + pos + 2, b.baseAddress!, b.count) == 0
            }
            guard matches else { continue }
            let after = pos + need
            if after == lineEnd {
                if ended { return .delimiter(frame: k, close: false) }
                return .needMore
            }
            let c = p[after]
            if c == dash {
                if after + 1 < lineEnd {
                    if p[after + 1] == dash { return .delimiter(frame: k, close: true) }
                    continue
                }
                if !ended { return .needMore }
                continue
            }
            if c == 0x20 || c == 0x09 { return .delimiter(frame: k, close: false) }
        }
        return .plain
    }

    /// Scans body lines (leaf body, preamble or epilogue) from `pos`, giving leaf bytes to the decoder.
    /// Returns the new position and whether this buffer is exhausted (or needs more bytes).
    mutating func scanBody(
        _ p: UnsafePointer<UInt8>, _ start: Int, _ n: Int, _ eof: Bool, _ finder: inout LineFinder
    ) throws -> (Int, Bool) {
        var pos = start
        var runStart = pos
        var runEnd = pos
        var breakInBuffer = false
        while true {
            if atLineStart {
                if pos >= n { break }
                switch classifyLineStart(p, pos, n, eof, finder) {
                case .needMore:
                    try emit(p, runStart, runEnd)
                    return (pos, true)
                case .delimiter(let frame, let close):
                    try emit(p, runStart, runEnd)
                    pendingBreak = .none
                    try handleDelimiter(frame: frame, close: close)
                    if let line = finder.line(from: pos, eof: eof) { return (line.next, false) }
                    skippingLine = true
                    return (pos, false)
                case .plain:
                    if pendingBreak != .none, !breakInBuffer { try emitBreak(pendingBreak) }
                    pendingBreak = .none
                    if !breakInBuffer {
                        runStart = pos
                        runEnd = pos
                    }
                    atLineStart = false
                    // Every line up to the next one starting with `-` is plain: take them as one run.
                    if let skip = finder.linesBeforeDash(from: pos) {
                        runEnd = skip.contentEnd
                        pendingBreak = LineBreak(length: skip.next - skip.contentEnd, first: p[skip.contentEnd])
                        breakInBuffer = true
                        pos = skip.next
                        atLineStart = true
                        continue
                    }
                }
            }
            if pos >= n { break }
            guard let line = finder.line(from: pos, eof: eof) else {
                let end = !eof && p[n - 1] == 0x0D ? n - 1 : n
                try emit(p, runStart, end)
                return (end, true)
            }
            runEnd = line.contentEnd
            pendingBreak = LineBreak(length: line.next - line.contentEnd, first: p[line.contentEnd])
            breakInBuffer = true
            pos = line.next
            atLineStart = true
        }
        try emit(p, runStart, runEnd)
        return (pos, true)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
