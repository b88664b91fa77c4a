import NIOCore
import UntrustedText

extension IMAPResponseParser {
    /// Reads one line of the current response. Returns `nil` when the line is incomplete, `.some(nil)`
    /// when the line was consumed without an event (the response continues with a literal), or the event.
    ///
    /// RFC 3501 §2.2.2: "Data transmitted by the server to the client … are in the form of lines,
    /// each terminated by CRLF"; §4.3: a literal is "a number of octets … preceded by the number in
    /// braces followed by CRLF".
    ///
    /// QUIRK: a bare LF is accepted as a line end (RFC 3501 §2.2 asks for CRLF; test servers and
    /// proxies written with `\n` exist); a CR before it is never part of the line.
    mutating func nextLine(_ buffer: inout ByteBuffer) throws(IMAPParseError) -> IMAPResponseEvent?? {
        let readable = buffer.readableBytesView
        guard let newline = readable[(readable.startIndex + scanned)...].firstIndex(of: UInt8(ascii: "\n")) else {
            scanned = readable.count
            // A final CR may be the start of the line end.
            let content = readable.count - (readable.last == UInt8(ascii: "\r") ? 1 : 0)
            if content > options.maximumLineLength {
                throw IMAPParseError(
                    .lineTooLong(actual: content, maximum: options.maximumLineLength),
                    bytes: readable.prefix(TerminalEscaping.excerptLength)
                )
            }
            return nil
        }
        var end = newline
        if end > readable.startIndex && readable[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        let line = readable[readable.startIndex..<end]
        if line.count > options.maximumLineLength {
            throw IMAPParseError(.lineTooLong(actual: line.count, maximum: options.maximumLineLength), bytes: line)
        }
        let total = response.count + line.count
        if total > options.maximumResponseSize {
            throw IMAPParseError(.responseTooLarge(actual: total, maximum: options.maximumResponseSize), bytes: line)
        }
        let literal = response.isEmpty && Self.isStatusLine(line) ? nil : Self.literalLength(line)
        response.append(contentsOf: line)
        buffer.moveReaderIndex(forwardBy: newline - readable.startIndex + 1)
        scanned = 0
        guard let literal else { return .some(try completeResponse()) }
        return .some(try startLiteral(literal))
    }

    /// A literal follows: stream it when it is a FETCH body section, else hold it.
    private mutating func startLiteral(_ literal: (length: Int, marker: Int)) throws(IMAPParseError)
        -> IMAPResponseEvent?
    {
        let text = response.dropLast(literal.marker)
        if isFetchResponse, Self.endsWithBodySection(text) {
            if streamed != nil { throw IMAPParseError(.secondBody, bytes: response) }
            if let maximum = options.maximumBodySize, literal.length > maximum {
                throw IMAPParseError(.bodyTooLarge(actual: literal.length, maximum: maximum), bytes: response)
            }
            var reader = ResponseReader(Array(text), options: options)
            let (sequence, attributes) = try reader.fetchHead()
            streamed = StreamedFetch(sequence: sequence, attributes: attributes)
            response = []
            state = .body(remaining: literal.length)
            return .fetchBegin(sequence: sequence, attributes: attributes)
        }
        if literal.length > options.maximumLiteralSize {
            throw IMAPParseError(
                .literalTooLarge(actual: literal.length, maximum: options.maximumLiteralSize),
                bytes: response
            )
        }
        let total = response.count + literal.length
        if total > options.maximumResponseSize {
            throw IMAPParseError(
                .responseTooLarge(actual: total, maximum: options.maximumResponseSize),
                bytes: response
            )
        }
        state = .literal(remaining: literal.length)
        return nil
    }

    /// The response is whole: parse it.
    private mutating func completeResponse() throws(IMAPParseError) -> IMAPResponseEvent? {
        var reader = ResponseReader(response, options: options)
        defer {
            response = []
            streamed = nil
        }
        if let streamed {
            let after = try reader.fetchTail()
            return .fetchEnd(sequence: streamed.sequence, attributes: streamed.attributes + after)
        }
        var events = try reader.response()
        let first = events.removeFirst()
        queued.append(contentsOf: events)
        return first
    }

    /// Whether the response being read is (or continues) an untagged FETCH: `* n FETCH`.
    private var isFetchResponse: Bool {
        if streamed != nil { return true }
        var reader = ResponseReader(Array(response.prefix(32)), options: options)
        guard reader.skip(UInt8(ascii: "*")), reader.skip(UInt8(ascii: " ")),
            (try? reader.number("")) != nil, reader.skip(UInt8(ascii: " ")),
            let keyword = try? reader.atom()
        else { return false }
        return keyword.uppercased() == "FETCH"
    }

    /// A continuation request or a status response (`* OK …`, `tag NO …`) ends at its line end even if
    /// its text happens to end in `{n}`: `resp-text` holds no literal (RFC 3501 §9).
    static func isStatusLine(_ line: ByteBufferView.SubSequence) -> Bool {
        if line.first == UInt8(ascii: "+") { return true }
        let words = line.split(separator: UInt8(ascii: " "), maxSplits: 2, omittingEmptySubsequences: false)
        guard words.count >= 2 else { return false }
        let word = String(decoding: words[1], as: UTF8.self).uppercased()
        return ["OK", "NO", "BAD", "BYE", "PREAUTH"].contains(word)
    }

    /// `{n}` or `{n+}` at the end of a line: the length and the marker's byte count.
    static func literalLength<Line: BidirectionalCollection<UInt8>>(_ line: Line) -> (length: Int, marker: Int)? {
        guard line.last == UInt8(ascii: "}") else { return nil }
        var index = line.index(before: line.endIndex)
        var marker = 1
        if index > line.startIndex, line[line.index(before: index)] == UInt8(ascii: "+") {
            index = line.index(before: index)
            marker += 1
        }
        var length = 0
        var digits = 0
        var place = 1
        while index > line.startIndex {
            index = line.index(before: index)
            let byte = line[index]
            if byte == UInt8(ascii: "{") {
                guard digits > 0 else { return nil }
                return (length, marker + digits + 1)
            }
            guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"), digits < 18 else { return nil }
            length += Int(byte - UInt8(ascii: "0")) * place
            place *= 10
            digits += 1
        }
        return nil
    }

    /// Whether the text before a literal ends with a body section name (`… BODY[] `).
    static func endsWithBodySection<Text: BidirectionalCollection<UInt8>>(_ text: Text) -> Bool {
        guard text.last == UInt8(ascii: " ") else { return false }
        let trimmed = text.dropLast()
        let start = trimmed.lastIndex { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "(") }
        let word = start.map { trimmed[trimmed.index(after: $0)...] } ?? trimmed[...]
        return ResponseReader.isBodySection(String(decoding: word, as: UTF8.self).uppercased())
    }
}
