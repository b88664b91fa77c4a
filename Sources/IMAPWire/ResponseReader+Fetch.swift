import NIOCore

extension ResponseReader {
    /// RFC 3501 §9: `message-data = nz-number SP "FETCH" SP msg-att`, `msg-att = "(" (msg-att-dynamic /
    /// msg-att-static) *(SP …) ")"`; a whole FETCH whose body, if any, is not a literal.
    mutating func fetch(sequence: UInt32) throws(IMAPParseError) -> [IMAPResponseEvent] {
        try expectSpace()
        try expect(UInt8(ascii: "("), "( opening the FETCH attributes")
        var attributes: [IMAPFetchAttribute] = []
        if !skip(UInt8(ascii: ")")) {
            try fetchAttributes(into: &attributes, stopAtBody: false)
        }
        try expectEnd()
        let inline = attributes.compactMap { attribute -> [UInt8]?? in
            if case .inlineBody(let bytes) = attribute { return bytes }
            return nil
        }
        guard let body = inline.first else { return [.untagged(.fetch(sequence: sequence, attributes: attributes))] }
        let before = Array(attributes.prefix { if case .inlineBody = $0 { return false } else { return true } })
        let all = attributes.filter { if case .inlineBody = $0 { return false } else { return true } }
        var events: [IMAPResponseEvent] = [.fetchBegin(sequence: sequence, attributes: before)]
        if let body, !body.isEmpty {
            events.append(.bodyChunk(ByteBuffer(bytes: body)))
        }
        events.append(.fetchEnd(sequence: sequence, attributes: all))
        return events
    }

    /// The head of a FETCH whose body literal follows: `* n FETCH (att SP … BODY[]`, the `{n}` removed.
    mutating func fetchHead() throws(IMAPParseError) -> (UInt32, [IMAPFetchAttribute]) {
        try expect(UInt8(ascii: "*"), "*")
        try expectSpace()
        let sequence = try number32("message number")
        try expectSpace()
        guard try atom("FETCH").uppercased() == "FETCH" else { throw failure("FETCH") }
        try expectSpace()
        try expect(UInt8(ascii: "("), "( opening the FETCH attributes")
        var attributes: [IMAPFetchAttribute] = []
        try fetchAttributes(into: &attributes, stopAtBody: true)
        return (sequence, attributes)
    }

    /// What follows a streamed body: `*(SP att) ")"`.
    mutating func fetchTail() throws(IMAPParseError) -> [IMAPFetchAttribute] {
        var attributes: [IMAPFetchAttribute] = []
        if !skip(UInt8(ascii: ")")) {
            try expectSpace()
            try fetchAttributes(into: &attributes, stopAtBody: false)
        }
        try expectEnd()
        return attributes
    }

    /// Attributes separated by SP up to `)` (consumed) — or, with `stopAtBody`, up to a body section
    /// name that ends the input (its literal is being streamed).
    private mutating func fetchAttributes(
        into attributes: inout [IMAPFetchAttribute],
        stopAtBody: Bool
    ) throws(IMAPParseError) {
        while true {
            try countItem(attributes.count + 1)
            let name = try attributeName()
            let isBody = Self.isBodySection(name)
            try expectSpace()
            if stopAtBody && isBody && atEnd { return }
            attributes.append(try attributeValue(name: name, isBody: isBody))
            if skip(UInt8(ascii: ")")) {
                if stopAtBody { throw failure("a body section before the literal") }
                return
            }
            try expectSpace()
        }
    }

    /// An attribute name, with its `[section]` and `<origin>` if any (`BODY[HEADER.FIELDS (A B)]<0>`).
    private mutating func attributeName() throws(IMAPParseError) -> String {
        var name = try run("FETCH attribute") { $0.isAtomChar && $0 != UInt8(ascii: "[") }
        if peek == UInt8(ascii: "[") {
            let start = index
            _ = try run("section") { $0 != UInt8(ascii: "]") }
            try expect(UInt8(ascii: "]"), "] closing the section")
            if peek == UInt8(ascii: "<") {
                _ = try run("origin") { $0 != UInt8(ascii: ">") }
                try expect(UInt8(ascii: ">"), "> closing the origin")
            }
            name = name + bytes[start..<min(index, bytes.count)]
        }
        return String(decoding: name, as: UTF8.self).uppercased()
    }

    private mutating func attributeValue(name: String, isBody: Bool) throws(IMAPParseError) -> IMAPFetchAttribute {
        if isBody { return .inlineBody(try nstring()) }
        switch name {
        case "UID": return .uid(try number32("UID"))
        case "RFC822.SIZE": return .rfc822Size(try messageSize())
        case "FLAGS": return .flags(try flagList())
        case "INTERNALDATE":
            let text = String(decoding: try quoted(), as: UTF8.self)
            guard let date = IMAPInternalDate(text) else { throw failure("date-time") }
            return .internalDate(date)
        default:
            try skipValue(depth: 0)
            return .other(name)
        }
    }

    /// RFC 9051 §9: `"RFC822.SIZE" SP number64`, within ``IMAPResponseParser/Options/maximumMessageSize``
    /// (issue 12: ten sizes of 10^18 octets summed past `Int.max` in the fetch plan).
    private mutating func messageSize() throws(IMAPParseError) -> Int {
        let size = try number("RFC822.SIZE")
        guard size <= options.maximumMessageSize else {
            throw IMAPParseError(.messageTooLarge(actual: size, maximum: options.maximumMessageSize), bytes: bytes)
        }
        return size
    }

    /// The sections whose value is the whole message: `BODY[]`, `BODY[]<origin>`, `RFC822`, `BINARY[]`.
    static func isBodySection(_ name: String) -> Bool {
        name == "BODY[]" || name == "RFC822" || name == "BINARY[]" || name.hasPrefix("BODY[]<")
    }
}
