extension MIMEParser {
    static let breakBytes: [[UInt8]] = [[], [0x0A], [0x0D], [0x0D, 0x0A]]

    mutating func beginLeaf(_ entity: EntityHeader, path: String) throws {
        var part = MIMEPart(
            path: path, contentType: entity.contentType, parameters: entity.parameters,
            disposition: entity.disposition, filename: entity.filename, filenameSource: entity.filenameSource,
            contentID: entity.contentID, contentTransferEncoding: entity.transferEncoding, charset: entity.charset,
            defects: entity.defects
        )
        part.isMainBody = isMainBody(part)
        let context = LeafContext(part: part, decoder: BodyDecoder(transferEncoding: entity.transferEncoding))
        if entity.isEncodedMessage {
            context.encodedMessage = EncodedMessage(parser: try encodedMessageParser(path: path))
        }
        leaf = context
        mode = .body
        atLineStart = true
        pendingBreak = .none
        if context.decoder.kind == .uuencode && part.filename == nil {
            context.announced = false
        } else {
            context.wanted = handler.partBegan(part)
        }
        if options.detectUuencode, part.contentType == "text/plain", part.filename == nil,
           context.decoder.kind != .uuencode {
            context.inline = InlineUuencode()
        }
    }

    mutating func endLeaf(atEndOfInput: Bool) throws {
        guard let context = leaf else { return }
        // At the end of input the last line break is body content; before a delimiter it is not.
        if atEndOfInput, pendingBreak != .none { try emitBreak(pendingBreak) }
        pendingBreak = .none
        if context.needsBytes {
            let k = context.decoder.finish(into: scratch.pointer)
            try route(context, count: k)
        }
        try context.encodedMessage?.finish()
        if !context.announced { announce(context) }
        if var inline = context.inline {
            context.inline = nil
            try inline.finish { try inlineEvent(context, $0) }
        }
        leaf = nil
        let defects = uniqued(context.part.defects + context.decoder.defects + context.defects)
        try handler.partEnded(context.part, defects: defects)
    }

    func emitBreak(_ lineBreak: LineBreak) throws {
        try MIMEParser.breakBytes[lineBreak.rawValue].withUnsafeBytes { b in
            try emitBytes(b)
        }
    }

    /// Gives the raw body bytes `start..<end` of the current leaf to its decoder.
    func emit(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) throws {
        guard end > start, mode == .body || (mode == .preamble && preamble.active) else { return }
        try emitBytes(UnsafeRawBufferPointer(start: p + start, count: end - start))
    }

    func emitBytes(_ bytes: UnsafeRawBufferPointer) throws {
        if mode == .preamble {
            keepPreamble(bytes)
            return
        }
        guard let context = leaf, context.needsBytes, let base = bytes.baseAddress else { return }
        if context.decoder.kind == .identity, context.inline == nil, context.announced {
            try handler.partBody(context.part, bytes)
            return
        }
        var s = 0
        while s < bytes.count {
            let e = min(bytes.count, s + ScratchBuffer.inputSlice)
            let k = context.decoder.decode(UnsafeRawBufferPointer(start: base + s, count: e - s), into: scratch.pointer)
            try route(context, count: k)
            s = e
        }
    }

    /// Keeps preamble bytes (bounded) while the multipart has no part yet.
    func keepPreamble(_ bytes: UnsafeRawBufferPointer) {
        guard preamble.active else { return }
        let room = options.maximumPreambleBytes - preamble.bytes.count
        if bytes.count > room { preamble.overflow = true }
        preamble.bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes.prefix(max(0, room))))
    }

    /// Delivers `count` decoded bytes from the scratch buffer: to the inline-uuencode scanner or the handler.
    func route(_ context: LeafContext, count: Int) throws {
        if !context.announced {
            guard context.decoder.uuencode.beginName != nil else { return }
            announce(context)
        }
        guard count > 0 else { return }
        let decoded = UnsafeRawBufferPointer(start: scratch.pointer, count: count)
        if var inline = context.inline {
            context.inline = nil
            defer { context.inline = inline }
            try inline.feed(decoded) { try inlineEvent(context, $0) }
        } else if context.wanted {
            try handler.partBody(context.part, decoded)
        }
        try context.encodedMessage?.feed(decoded)
    }

    /// An x-uuencode part is announced once its `begin` line named the file (or at its end).
    func announce(_ context: LeafContext) {
        if context.part.filename == nil, let raw = context.decoder.uuencode.beginName {
            let (name, defect) = Charset.decodeRaw(raw, legacyCharset: options.legacyCharset)
            context.part.filename = name
            context.part.filenameSource = .uuencode
            if let defect { context.part.defects.append(defect) }
        }
        context.announced = true
        context.wanted = handler.partBegan(context.part)
    }

    func inlineEvent(_ context: LeafContext, _ event: InlineUuencode.Event) throws {
        switch event {
        case .text(let text):
            if context.wanted, text.count > 0 { try handler.partBody(context.part, text) }
        case .begin(let raw):
            context.inlineCount += 1
            let path = "\(context.part.path).u\(context.inlineCount)"
            try countEntity(path: path)
            let (name, defect) = Charset.decodeRaw(raw, legacyCharset: options.legacyCharset)
            let part = MIMEPart(
                path: path, contentType: "application/octet-stream", filename: name, filenameSource: .uuencode,
                contentTransferEncoding: "x-uuencode", inUuencode: true, defects: defect.map { [$0] } ?? []
            )
            context.inlinePart = part
            context.inlineWanted = handler.partBegan(part)
        case .data(let bytes):
            if context.inlineWanted, let part = context.inlinePart { try handler.partBody(part, bytes) }
        case .end(let complete):
            guard let part = context.inlinePart else { return }
            context.inlinePart = nil
            try handler.partEnded(part, defects: uniqued(part.defects + (complete ? [] : [.invalidUuencode])))
        }
    }
}
