/// Finds uuencoded files (`begin MODE name` … `end`) inside the decoded text of a text/plain part,
/// the way pre-MIME mailers and Usenet gateways attached files. Operates on lines of decoded text.
struct InlineUuencode {
    enum Event {
        /// Text that is not part of a uuencoded block.
        case text(UnsafeRawBufferPointer)
        /// A `begin` line: a new file with this raw name.
        case begin([UInt8])
        /// Decoded bytes of the current file.
        case data(UnsafeRawBufferPointer)
        /// The current file ended (`complete` is false when the text ended before `end`).
        case end(complete: Bool)
    }

    private var atLineStart = true
    private var inBlock = false
    /// A held-back line: a possible `begin` line, or a uuencoded line.
    private var line: [UInt8] = []
    private var holding = false
    static let maximumLine = 1024
    private static let begin = Array("begin ".utf8)

    /// Feeds decoded text; reports events through `emit`.
    mutating func feed(_ text: UnsafeRawBufferPointer, _ emit: (Event) throws -> Void) rethrows {
        guard let base = text.baseAddress else { return }
        var i = 0
        let n = text.count
        while i < n {
            if atLineStart && !inBlock && !holding {
                holding = true
            }
            if holding || inBlock {
                // Accumulate the line until its LF.
                let start = i
                while i < n, text[i] != 0x0A { i += 1 }
                let complete = i < n
                if complete { i += 1 }
                line.append(contentsOf: UnsafeRawBufferPointer(start: base + start, count: i - start))
                if !inBlock, !couldBeBegin() {
                    try flushText(emit)
                    atLineStart = complete
                    continue
                }
                if line.count > InlineUuencode.maximumLine && !complete {
                    if inBlock { line.removeAll(keepingCapacity: true) } else { try flushText(emit) }
                    atLineStart = false
                    continue
                }
                guard complete else { return }
                try endLine(emit)
                atLineStart = true
                continue
            }
            // Plain text in the middle of a line: pass through to the end of the line.
            let start = i
            while i < n, text[i] != 0x0A { i += 1 }
            if i < n { i += 1; atLineStart = true }
            try emit(.text(UnsafeRawBufferPointer(start: base + start, count: i - start)))
        }
    }

    /// Ends the text: a held line is flushed, an open file ends incomplete.
    mutating func finish(_ emit: (Event) throws -> Void) rethrows {
        if inBlock {
            if !line.isEmpty { try endLine(emit) }
            if inBlock {
                inBlock = false
                try emit(.end(complete: false))
            }
        } else if holding {
            if !line.isEmpty, line.last != 0x0A, Self.beginName(line) != nil {
                line.append(0x0A)
                try endLine(emit)
                inBlock = false
                try emit(.end(complete: false))
            } else {
                try flushText(emit)
            }
        }
    }

    private func couldBeBegin() -> Bool {
        let k = min(line.count, InlineUuencode.begin.count)
        return line[0..<k].elementsEqual(InlineUuencode.begin[0..<k])
    }

    private static func beginName(_ line: [UInt8]) -> [UInt8]? {
        line.withUnsafeBytes { UuencodeLine.beginName($0) }
    }

    private mutating func flushText(_ emit: (Event) throws -> Void) rethrows {
        holding = false
        let held = line
        line.removeAll(keepingCapacity: true)
        try held.withUnsafeBytes { try emit(.text($0)) }
    }

    private mutating func endLine(_ emit: (Event) throws -> Void) rethrows {
        let current = line
        line.removeAll(keepingCapacity: true)
        holding = false
        if !inBlock {
            if let name = Self.beginName(current) {
                inBlock = true
                try emit(.begin(name))
            } else {
                try current.withUnsafeBytes { try emit(.text($0)) }
            }
            return
        }
        let isEnd = current.withUnsafeBytes { UuencodeLine.isEnd($0) }
        if isEnd {
            inBlock = false
            try emit(.end(complete: true))
            return
        }
        // Sized for what the length character may announce: a last line without its LF (`#8` at the end of
        // the text) decodes to more bytes than it holds.
        var out = [UInt8](repeating: 0, count: UuencodeLine.maximumDecodedCount)
        let k = current.withUnsafeBytes { l in
            out.withUnsafeMutableBufferPointer { UuencodeLine.decode(l, into: $0.baseAddress!) }
        }
        if let k, k > 0 {
            try out.withUnsafeBytes { try emit(.data(UnsafeRawBufferPointer(rebasing: $0[0..<k]))) }
        }
    }
}
