import HeaderSyntax

extension MIMEParser {
    /// Reads one header line at `pos`. Returns the position after it, or nil when more bytes are needed.
    /// RFC 5322 §2.1: `message = fields [CRLF body]`; the header block ends at the first empty line.
    ///
    /// Every decision about a line (delimiter, `From_`, header or body, what is kept, the size check) depends
    /// only on its first `headerLookahead` bytes, so a line longer than that is decided as soon as they are
    /// here and the rest is skipped: what is carried between chunks stays bounded, and the outcome does not
    /// depend on where the chunks end.
    mutating func readHeaderLine(
        _ p: UnsafePointer<UInt8>, _ pos: Int, _ n: Int, _ eof: Bool, _ finder: inout LineFinder
    ) throws -> Int? {
        let lineEnd: Int
        let next: Int
        /// The line goes on past this buffer; the rest of it is skipped once the line is decided.
        var cut = false
        if let line = finder.line(from: pos, eof: eof) {
            (lineEnd, next) = line
        } else if eof {
            (lineEnd, next) = (n, n)
        } else if n - pos < headerLookahead {
            return nil
        } else {
            // A CR at the very end may be the line's end (bare CR or CRLF): it is left for the skip to tell.
            (lineEnd, next) = (n, p[n - 1] == 0x0D ? n - 1 : n)
            cut = true
        }
        if lineEnd - pos >= 2, p[pos] == UInt8(ascii: "-"),
           case .delimiter(let frame, let close) = classifyLineStart(p, pos, n, eof, finder) {
            // QUIRK: a delimiter right after a part's header (no empty line, RFC 2046 §5.1.1 requires one)
            // ends the part with an empty body. A delimiter right after a delimiter is an empty part with
            // neither header nor body: it is skipped, as Python's email does.
            if case .part = pending, headerLines == 0 {
                headerBlock.removeAll(keepingCapacity: true)
                headerDefects = []
                mode = .epilogue
            }
            try endHeadersAtBoundary()
            try handleDelimiter(frame: frame, close: close)
            skippingLine = cut
            return next
        }
        if lineEnd == pos {
            try endHeaders()
            return next
        }
        let line = UnsafeRawBufferPointer(start: p + pos, count: lineEnd - pos)
        let keep = min(line.count, keptLineLength)
        // A field's colon must lie in the part of the line that is kept: a longer name cannot be a field.
        let kept = UnsafeRawBufferPointer(rebasing: line[0..<keep])
        if case .message = pending, headerLines == 0, HeaderLine.isEnvelopeLine(line.prefix(max(keep, 5))) {
            // The mbox `From_` separator line (RFC 4155) before a message header; `From : x` is a field.
            headerLines += 1
            skippingLine = cut
            return next
        }
        guard HeaderLine.isHeaderLine(kept) else {
            // QUIRK: RFC 5322 §2.1 requires an empty line before the body; like Python's email, a line that
            // cannot be a header ends the header block and is the first body line.
            headerDefects.append(.malformedHeader)
            try endHeaders()
            return pos
        }
        headerLines += 1
        if keep < line.count { headerDefects.append(.headerTooLong) }
        try checkHeaderSize(headerBlock.count + keep + 1)
        headerBlock.append(contentsOf: kept)
        headerBlock.append(0x0A)
        skippingLine = cut
        return next
    }

    /// Bytes of a header line kept (the rest is dropped, defect `headerTooLong`): `maximumLineLength`, and no
    /// more than the header block may hold (a longer kept line would exceed `maximumHeaderBytes` anyway).
    var keptLineLength: Int {
        min(options.maximumLineLength, options.maximumHeaderBytes)
    }

    /// Bytes of an unfinished header line after which it is decided without its end. Its content is then at
    /// least one byte shorter (the last may be the CR of a CRLF) and still longer than what is kept, than
    /// `--boundary` of the longest open boundary plus two (see `classifyLineStart`), and than `From `.
    var headerLookahead: Int {
        let kept = keptLineLength < Int.max - 2 ? keptLineLength + 2 : Int.max
        return max(kept, longestBoundary + 5, 6)
    }

    private func checkHeaderSize(_ size: Int) throws {
        guard size <= options.maximumHeaderBytes else {
            throw MIMEError(limit: .headerBytes, actual: size, maximum: options.maximumHeaderBytes, path: pendingPath)
        }
    }

    var pendingPath: String {
        switch pending {
        case .message(let prefix): return prefix
        case .part(let path, _): return path
        }
    }

    /// A boundary or the end of input cut a header short: finish it (and the header of any message it
    /// embeds) so the entity ends with an empty body.
    mutating func endHeadersAtBoundary() throws {
        while mode == .header { try endHeaders() }
    }

    /// The header block is complete: start the entity it describes.
    mutating func endHeaders() throws {
        let fields = HeaderField.parse(headerBlock)
        let defects = headerDefects
        headerBlock.removeAll(keepingCapacity: true)
        headerDefects = []
        headerLines = 0
        switch pending {
        case .message(let prefix):
            let depth = outerMessages + frames.reduce(0) { n, f in if case .message = f { n + 1 } else { n } }
            var messageDefects: [MIMEDefect] = []
            let header = messageHeader(fields, depth: depth, path: prefix, defects: &messageDefects)
            try pushFrame(.message(MessageFrame(header: header, defects: messageDefects)), path: prefix)
            handler.messageBegan(header)
            var entity = EntityHeader(fields: fields, defaultType: "text/plain", legacyCharset: options.legacyCharset)
            entity.defects = uniqued(defects + entity.defects)
            try startEntity(entity, path: prefix.isEmpty ? "1" : prefix + ".1", childPrefix: prefix)
        case .part(let path, let defaultType):
            var entity = EntityHeader(fields: fields, defaultType: defaultType, legacyCharset: options.legacyCharset)
            entity.defects = uniqued(defects + entity.defects)
            try startEntity(entity, path: path, childPrefix: path)
        }
    }

    private func messageHeader(
        _ fields: [HeaderField], depth: Int, path: String, defects: inout [MIMEDefect]
    ) -> MessageHeader {
        func text(_ name: String) -> String? {
            guard let raw = fields.first(name) else { return nil }
            let (s, d) = EncodedWord.decode(raw, legacyCharset: options.legacyCharset)
            defects += d
            return s
        }
        let date = fields.first("date").flatMap { MessageDate.parse(String(decoding: $0, as: UTF8.self)) }
        let id = fields.first("message-id").map { String(decoding: $0, as: UTF8.self) }
        return MessageHeader(
            messageID: id, subject: text("subject"), date: date, from: text("from"), depth: depth, path: path
        )
    }
}
