/// A cursor over one complete response, held literals inlined: after a `{n}` marker the next `n` bytes
/// are the literal's (``IMAPResponseParser`` assembles it so). The grammar functions live in the
/// `ResponseReader+…` files; each throws ``IMAPParseError`` quoting the response.
struct ResponseReader {
    let bytes: [UInt8]
    let options: IMAPResponseParser.Options
    var index = 0

    init(_ bytes: [UInt8], options: IMAPResponseParser.Options) {
        self.bytes = bytes
        self.options = options
    }

    var atEnd: Bool { index >= bytes.count }

    var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    func failure(_ expected: String) -> IMAPParseError {
        IMAPParseError(.malformed(expected: expected), bytes: bytes)
    }

    mutating func expect(_ byte: UInt8, _ what: String) throws(IMAPParseError) {
        guard peek == byte else { throw failure(what) }
        index += 1
    }

    mutating func skip(_ byte: UInt8) -> Bool {
        guard peek == byte else { return false }
        index += 1
        return true
    }

    mutating func expectSpace() throws(IMAPParseError) {
        try expect(UInt8(ascii: " "), "SP")
    }

    mutating func expectEnd() throws(IMAPParseError) {
        guard atEnd else { throw failure("end of response") }
    }

    /// Bytes up to (not including) the first byte failing `accept`; at least one.
    mutating func run(_ what: String, while accept: (UInt8) -> Bool) throws(IMAPParseError) -> ArraySlice<UInt8> {
        let start = index
        while index < bytes.count, accept(bytes[index]) { index += 1 }
        guard index > start else { throw failure(what) }
        return bytes[start..<index]
    }

    /// RFC 3501 §9 `atom`.
    mutating func atom(_ what: String = "atom") throws(IMAPParseError) -> String {
        String(decoding: try run(what, while: \.isAtomChar), as: UTF8.self)
    }

    /// `number` (RFC 3501) / `number64` (RFC 9051): at most 18 digits.
    mutating func number(_ what: String = "number") throws(IMAPParseError) -> Int {
        let digits = try run(what) { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        guard digits.count <= 18 else { throw failure(what) }
        return digits.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
    }

    /// `nz-number` within 32 bits (UIDs, sequence numbers, UIDVALIDITY).
    mutating func number32(_ what: String) throws(IMAPParseError) -> UInt32 {
        let value = try number(what)
        guard let result = UInt32(exactly: value) else { throw failure(what) }
        return result
    }

    /// The rest of the response as text (`text` in RFC 3501 §9).
    mutating func rest() -> String {
        defer { index = bytes.count }
        return String(decoding: bytes[min(index, bytes.count)...], as: UTF8.self)
    }

    /// RFC 3501 §9: `quoted = DQUOTE *QUOTED-CHAR DQUOTE`, `QUOTED-CHAR = <any TEXT-CHAR except
    /// quoted-specials> / "\" quoted-specials`.
    ///
    /// QUIRK: 8-bit bytes inside quotes are kept (RFC 3501 allows only 7-bit; some servers send
    /// UTF-8 names quoted).
    mutating func quoted() throws(IMAPParseError) -> [UInt8] {
        try expect(UInt8(ascii: "\""), "quoted string")
        var result: [UInt8] = []
        while let byte = peek {
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                return result
            case UInt8(ascii: "\\"):
                guard let escaped = peek, escaped == UInt8(ascii: "\"") || escaped == UInt8(ascii: "\\") else {
                    throw failure("quoted-special after backslash")
                }
                result.append(escaped)
                index += 1
            case 0x00, 0x0A, 0x0D:
                throw failure("TEXT-CHAR in quoted string")
            default:
                result.append(byte)
            }
        }
        throw failure("closing quote")
    }

    /// RFC 3501 §9 `literal = "{" number "}" CRLF *CHAR8`, RFC 7888 `{n+}`; the CRLF is not in the
    /// assembled response.
    mutating func literal() throws(IMAPParseError) -> [UInt8] {
        try expect(UInt8(ascii: "{"), "literal")
        let count = try number("literal length")
        _ = skip(UInt8(ascii: "+"))
        try expect(UInt8(ascii: "}"), "closing brace")
        guard bytes.count - index >= count else { throw failure("\(count) literal bytes") }
        defer { index += count }
        return Array(bytes[index..<(index + count)])
    }

    /// `string = quoted / literal`.
    mutating func string() throws(IMAPParseError) -> [UInt8] {
        peek == UInt8(ascii: "{") ? try literal() : try quoted()
    }

    /// `nstring = string / nil`.
    mutating func nstring() throws(IMAPParseError) -> [UInt8]? {
        if peek == UInt8(ascii: "\"") || peek == UInt8(ascii: "{") { return try string() }
        let word = try atom("nstring")
        guard word.uppercased() == "NIL" else { throw failure("nstring") }
        return nil
    }

    /// `astring = 1*ASTRING-CHAR / string` (`ASTRING-CHAR` adds `]` to `ATOM-CHAR`).
    mutating func astring() throws(IMAPParseError) -> [UInt8] {
        if peek == UInt8(ascii: "\"") || peek == UInt8(ascii: "{") { return try string() }
        return Array(try run("astring") { $0.isAtomChar || $0 == UInt8(ascii: "]") })
    }
}
