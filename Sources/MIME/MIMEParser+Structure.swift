extension MIMEParser {
    /// Starts the entity described by a finished header: a multipart, an embedded message, or a leaf.
    mutating func startEntity(_ header: EntityHeader, path: String, childPrefix: String) throws {
        var entity = header
        if entity.isMultipart {
            if let boundary = entity.boundary, !boundary.isEmpty {
                let subtype = String(entity.contentType.dropFirst("multipart/".count))
                let frame = MultipartFrame(
                    boundary: boundary, subtype: subtype, childPrefix: childPrefix, header: entity, path: path
                )
                try pushFrame(.multipart(frame), path: path)
                addMessageDefects(entity.defects)
                preamble.start()
                mode = .preamble
                atLineStart = true
                pendingBreak = .none
                return
            }
            // QUIRK: RFC 2046 §5.1.1 makes `boundary` mandatory; without it the body is one opaque leaf.
            entity.defects.append(.missingBoundary)
        }
        if entity.isEmbeddedMessage {
            try checkDepth(frames.count + 1, path: path)
            pending = .message(prefix: path)
            mode = .header
            return
        }
        try beginLeaf(entity, path: path)
    }

    mutating func pushFrame(_ frame: Frame, path: String) throws {
        try checkDepth(frames.count + 1, path: path)
        frames.append(frame)
        updateLongestBoundary()
    }

    /// `depth` counts the frames of this parser; those of the parsers around it are added.
    func checkDepth(_ depth: Int, path: String) throws {
        let total = outerFrames + depth
        guard total <= options.maximumDepth else {
            throw MIMEError(limit: .depth, actual: total, maximum: options.maximumDepth, path: path)
        }
    }

    func countEntity(path: String) throws {
        entityCount.value += 1
        guard entityCount.value <= options.maximumParts else {
            throw MIMEError(limit: .parts, actual: entityCount.value, maximum: options.maximumParts, path: path)
        }
    }

    mutating func updateLongestBoundary() {
        longestBoundary = frames.reduce(0) { longest, frame in
            if case .multipart(let m) = frame, !m.closed { return max(longest, m.boundary.count) }
            return longest
        }
    }

    /// A delimiter of the multipart at `frame` was read. RFC 2046 §5.1.1: `dash-boundary` starts the next
    /// body part, `close-delimiter` ends the multipart. Multiparts nested deeper that were not closed end here.
    mutating func handleDelimiter(frame k: Int, close: Bool) throws {
        let unclosed = frames[(k + 1)...].contains { if case .multipart(let m) = $0 { !m.closed } else { false } }
        if let leaf {
            if unclosed { leaf.defects.append(.missingFinalBoundary) }
            try endLeaf(atEndOfInput: false)
        } else if unclosed {
            addMessageDefects([.missingFinalBoundary])
        }
        while frames.count - 1 > k { try popFrame() }
        guard case .multipart(var multipart) = frames[k] else { preconditionFailure("delimiter of a non-multipart") }
        if multipart.childCount == 0 {
            if close {
                try deliverPreambleAsLeaf(multipart, atEndOfInput: false)
            } else {
                preamble.stop()
            }
        }
        if close {
            multipart.closed = true
            frames[k] = .multipart(multipart)
            updateLongestBoundary()
            mode = .epilogue
        } else {
            multipart.childCount += 1
            frames[k] = .multipart(multipart)
            let path = multipart.childPath(multipart.childCount)
            try countEntity(path: path)
            // RFC 2046 §5.1.5: in a digest the default type of a part is message/rfc822.
            pending = .part(path: path, defaultType: multipart.subtype == "digest" ? "message/rfc822" : "text/plain")
            mode = .header
        }
        atLineStart = true
        pendingBreak = .none
    }

    mutating func popFrame(atEndOfInput: Bool = false) throws {
        if case .multipart(let multipart) = frames[frames.count - 1], multipart.childCount == 0, !multipart.closed {
            try deliverPreambleAsLeaf(multipart, atEndOfInput: atEndOfInput)
        }
        let frame = frames.removeLast()
        if case .message(let message) = frame {
            handler.messageEnded(message.header, defects: uniqued(message.defects))
        }
        updateLongestBoundary()
    }

    /// A multipart ended before any delimiter of its own: like Python's email (and unlike dropping it),
    /// its body is delivered as one leaf of the multipart's type, decoded with its transfer encoding.
    // QUIRK: RFC 2046 §5.1.1 requires at least one body part; mailers send multipart headers on plain bodies.
    mutating func deliverPreambleAsLeaf(_ multipart: MultipartFrame, atEndOfInput: Bool) throws {
        guard preamble.active else { return }
        var body = preamble.bytes
        let overflow = preamble.overflow
        if atEndOfInput, !overflow, pendingBreak != .none { body += MIMEParser.breakBytes[pendingBreak.rawValue] }
        preamble.stop()
        var entity = multipart.header
        entity.defects.append(.boundaryNotFound)
        if overflow { entity.defects.append(.truncated) }
        try beginLeaf(entity, path: multipart.path)
        try body.withUnsafeBytes { try emitBytes($0) }
        pendingBreak = .none
        try endLeaf(atEndOfInput: false)
    }

    /// Records structural defects on the innermost open message.
    mutating func addMessageDefects(_ defects: [MIMEDefect]) {
        guard !defects.isEmpty, let k = frames.lastIndex(where: { if case .message = $0 { true } else { false } }),
              case .message(var message) = frames[k] else { return }
        message.defects += defects
        frames[k] = .message(message)
    }

    /// End of input: the entity being read ends here, and every open multipart and message with it.
    mutating func closeAtEndOfInput() throws {
        try endHeadersAtBoundary()
        let unclosed = frames.contains { if case .multipart(let m) = $0 { !m.closed } else { false } }
        if let leaf {
            // The end of input stands for the missing delimiter, so the last line break is the delimiter's
            // (as Python's email has it); a body that is not inside a multipart keeps it.
            if unclosed { leaf.defects.append(.missingFinalBoundary) }
            try endLeaf(atEndOfInput: !unclosed)
        } else if unclosed {
            addMessageDefects([.missingFinalBoundary])
        }
        while !frames.isEmpty { try popFrame(atEndOfInput: true) }
    }

    /// The main body: the first text/plain or text/html leaf without a file name or attachment disposition
    /// in the top-level message (outside attached messages), and its siblings in the nearest
    /// multipart/alternative around it.
    mutating func isMainBody(_ part: MIMEPart) -> Bool {
        let messages = frames.reduce(0) { n, f in if case .message = f { n + 1 } else { n } }
        guard outerMessages + messages == 1, part.contentType == "text/plain" || part.contentType == "text/html",
              part.filename == nil, part.disposition != "attachment" else { return false }
        if !mainBodyChosen {
            mainBodyChosen = true
            for k in frames.indices.reversed() {
                if case .multipart(var m) = frames[k], m.subtype == "alternative" {
                    m.holdsMainBody = true
                    frames[k] = .multipart(m)
                    break
                }
            }
            return true
        }
        return frames.contains { if case .multipart(let m) = $0 { m.holdsMainBody } else { false } }
    }
}
