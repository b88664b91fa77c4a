#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

private let fromBytes: [UInt8] = Array("From ".utf8)
private let lf = UInt8(ascii: "\n")
private let cr = UInt8(ascii: "\r")

extension MboxSplitter {
    /// Feeds the next chunk of the stream; `emit` receives the events it completes, in order.
    public mutating func feed(_ chunk: UnsafeRawBufferPointer, _ emit: (MboxEvent) throws -> Void) throws {
        guard let base = chunk.baseAddress, chunk.count > 0 else { return }
        let n = chunk.count
        var i = 0
        var run = 0  // chunk[run..<i] is content waiting to be emitted as one slice
        func flushRun(_ me: inout MboxSplitter, upTo end: Int) throws {
            if end > run {
                try me.beginImplicitIfNeeded(at: me.offset + Int64(run), emit)
                try emit(.bytes(UnsafeRawBufferPointer(rebasing: chunk[run..<end])))
            }
            run = end
        }
        while i < n {
            switch state {
            case .content:
                if let hit = memchr(base + i, Int32(lf), n - i) {
                    i = base.distance(to: UnsafeRawPointer(hit)) + 1
                    state = .lineStart
                    afterBlank = false
                } else {
                    i = n
                }
            case .lineStart:
                let byte = chunk[i]
                if byte == lf {
                    try flushRun(&self, upTo: i)
                    try emitPendingBlank(emit)
                    pendingBlank = .lf
                    afterBlank = true
                    i += 1
                    run = i
                } else if byte == cr {
                    try flushRun(&self, upTo: i)
                    lineOffset = offset + Int64(i)
                    state = .carriageReturn
                    i += 1
                    run = i
                } else if byte == UInt8(ascii: ">") || byte == UInt8(ascii: "F") {
                    try flushRun(&self, upTo: i)
                    lineOffset = offset + Int64(i)
                    state = .prefix(gt: 0, matched: 0)
                } else {
                    if pendingBlank != nil {
                        try flushRun(&self, upTo: i)
                        try emitPendingBlank(emit)
                    }
                    state = .content
                }
            case .carriageReturn:
                if chunk[i] == lf {
                    try emitPendingBlank(emit)
                    pendingBlank = .crlf
                    afterBlank = true
                    state = .lineStart
                    i += 1
                } else {
                    try emitPendingBlank(emit)
                    try emitSynthetic([cr], emit)
                    state = .content
                }
                run = i
            case .prefix(let gt, let matched):
                let byte = chunk[i]
                if matched == 0 && byte == UInt8(ascii: ">") {
                    state = .prefix(gt: gt + 1, matched: 0)
                    i += 1
                } else if byte == fromBytes[matched] {
                    i += 1
                    if matched + 1 < fromBytes.count {
                        state = .prefix(gt: gt, matched: matched + 1)
                    } else {
                        try completeFromPrefix(gt: gt, emit)
                    }
                    run = i
                } else {
                    try emitPendingBlank(emit)
                    try emitQuotes(gt, emit)
                    try emitSynthetic(fromBytes[0..<matched], emit)
                    state = .content
                    run = i
                }
            case .candidate:
                let rest = UnsafeRawBufferPointer(rebasing: chunk[i...])
                let end = rest.firstIndex(of: lf).map { i + $0 } ?? n
                if end - i > options.maxFromLineBytes - fromLine.count {
                    // Too long for a From_ line: content, and the rest of the line runs on from i.
                    _ = try settleCandidate(complete: false, emit)
                    state = .content
                    run = i
                    continue
                }
                fromLine.append(contentsOf: chunk[i..<end])
                if end < n {
                    let separated = try settleCandidate(complete: true, emit)
                    state = .lineStart
                    afterBlank = false
                    i = end + 1
                    run = separated ? i : end
                } else {
                    i = n
                    run = i
                }
            case .fromLine:
                let rest = UnsafeRawBufferPointer(rebasing: chunk[i...])
                let end = rest.firstIndex(of: lf).map { i + $0 } ?? n
                let room = options.maxFromLineBytes - fromLine.count
                if room > 0 { fromLine.append(contentsOf: chunk[i..<min(end, i + room)]) }
                if end < n {
                    try beginSeparated(emit)
                    i = end + 1
                    state = .lineStart
                    afterBlank = false
                } else {
                    i = n
                }
                run = i
            }
        }
        switch state {
        case .content, .lineStart: try flushRun(&self, upTo: n)
        default: break
        }
        offset += Int64(n)
    }

    /// Ends the stream: whatever is held back is settled and the last message ends. A blank line
    /// at the very end is the last message's separator and is dropped.
    public mutating func finish(_ emit: (MboxEvent) throws -> Void) throws {
        switch state {
        case .prefix(let gt, let matched):
            try emitPendingBlank(emit)
            try emitQuotes(gt, emit)
            try emitSynthetic(fromBytes[0..<matched], emit)
        case .carriageReturn:
            try emitPendingBlank(emit)
            try emitSynthetic([cr], emit)
        case .fromLine:
            try beginSeparated(emit)
        case .candidate:
            _ = try settleCandidate(complete: true, emit)
        case .lineStart, .content:
            break
        }
        pendingBlank = nil
        state = .lineStart
        if inMessage {
            inMessage = false
            try emit(.messageEnded)
        }
    }
}
