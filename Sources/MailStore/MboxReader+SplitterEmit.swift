private let fromBytes: [UInt8] = Array("From ".utf8)
private let quoteRun = [UInt8](repeating: UInt8(ascii: ">"), count: 64)

extension MboxSplitter {
    /// A `From ` prefix preceded by `gt` `>` bytes was matched at a line start.
    mutating func completeFromPrefix(gt: Int, _ emit: (MboxEvent) throws -> Void) throws {
        let streamStart = messageCount == 0 && !inMessage
        if gt == 0 && options.foreignDialects && !streamStart {
            fromLine.removeAll(keepingCapacity: true)
            state = .candidate
            return
        }
        if gt == 0 && afterBlank {
            pendingBlank = nil
            if inMessage {
                inMessage = false
                try emit(.messageEnded)
            }
            fromLine.removeAll(keepingCapacity: true)
            state = .fromLine
            return
        }
        // QUIRK: mboxo writers leave a body line `From ` unquoted; in popvault's own archives it is a
        // separator only after a blank line (RFC 4155 §2 says any `From ` line is one), so it is kept
        // as content here. Foreign files go through `settleCandidate` instead.
        try emitPendingBlank(emit)
        try emitQuotes(max(gt - 1, 0), emit)
        try emitSynthetic(fromBytes[...], emit)
        state = .content
    }

    /// QUIRK: RFC 4155 §2 wants a blank line before each From_ line, and Python's `mailbox` takes any
    /// line starting `From ` as one; Roundcube, MimeKit's test mboxes and bounce collections write
    /// From_ lines right after a body line, and mboxo/mboxcl2 writers leave body `From ` lines
    /// unquoted. A candidate `From ` line of a foreign file (`fromLine` holds it, its line end not
    /// consumed when `complete` is false) separates exactly when it has the From_ syntax, as in mutt.
    /// Returns whether it did; when not, `"From "` and the held bytes have been emitted as content.
    mutating func settleCandidate(complete: Bool, _ emit: (MboxEvent) throws -> Void) throws -> Bool {
        if complete && MboxFromSyntax.matches(fromLine) {
            if !afterBlank {
                heuristics.separatorsWithoutBlankLine += 1
                if heuristics.firstSeparatorWithoutBlankLine == nil {
                    heuristics.firstSeparatorWithoutBlankLine = lineOffset
                }
            }
            pendingBlank = nil
            if inMessage {
                inMessage = false
                try emit(.messageEnded)
            }
            try beginSeparated(emit)
            return true
        }
        heuristics.fromLinesKeptInBody += 1
        if heuristics.firstFromLineKeptInBody == nil { heuristics.firstFromLineKeptInBody = lineOffset }
        try emitPendingBlank(emit)
        try emitSynthetic(fromBytes[...], emit)
        try emitSynthetic(fromLine[...], emit)
        return false
    }

    /// The `From ` line is complete: the message it introduces begins.
    mutating func beginSeparated(_ emit: (MboxEvent) throws -> Void) throws {
        if fromLine.last == UInt8(ascii: "\r") { fromLine.removeLast() }
        let line = String(decoding: fromLine, as: UTF8.self)
        let index = messageCount
        messageCount += 1
        inMessage = true
        try emit(.messageBegan(index: index, offset: lineOffset, fromLine: line))
    }

    /// Content before any `From ` line is a message of its own (a lone message, or garbage the user
    /// will want to see), starting at its first byte.
    mutating func beginImplicitIfNeeded(at position: Int64, _ emit: (MboxEvent) throws -> Void) throws {
        guard !inMessage else { return }
        let index = messageCount
        messageCount += 1
        inMessage = true
        try emit(.messageBegan(index: index, offset: position, fromLine: nil))
    }

    /// A held-back blank line turned out to be content. Blank lines before the first message are
    /// dropped.
    mutating func emitPendingBlank(_ emit: (MboxEvent) throws -> Void) throws {
        guard let blank = pendingBlank else { return }
        pendingBlank = nil
        guard inMessage else { return }
        switch blank {
        case .lf: try emitSynthetic([UInt8(ascii: "\n")][...], emit)
        case .crlf: try emitSynthetic([UInt8(ascii: "\r"), UInt8(ascii: "\n")][...], emit)
        }
    }

    mutating func emitQuotes(_ count: Int, _ emit: (MboxEvent) throws -> Void) throws {
        var left = count
        while left > 0 {
            let now = min(left, quoteRun.count)
            try emitSynthetic(quoteRun[0..<now], emit)
            left -= now
        }
    }

    mutating func emitSynthetic(_ bytes: ArraySlice<UInt8>, _ emit: (MboxEvent) throws -> Void) throws {
        guard !bytes.isEmpty else { return }
        try beginImplicitIfNeeded(at: lineOffset, emit)
        try bytes.withUnsafeBytes { try emit(.bytes($0)) }
    }

    mutating func emitSynthetic(_ bytes: [UInt8], _ emit: (MboxEvent) throws -> Void) throws {
        try emitSynthetic(bytes[...], emit)
    }
}
