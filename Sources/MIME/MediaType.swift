/// The `type "/" subtype` at the head of a `Content-Type` value.
///
/// RFC 2045 §5.1: `type := discrete-type / composite-type`, `subtype := extension-token / iana-token`, both
/// `token := 1*<any (US-ASCII) CHAR except SPACE, CTLs, or tspecials>`, with RFC 822 comments and white space
/// allowed around them. RFC 2045 §5.2: a syntactically invalid Content-Type is best taken as the default,
/// `text/plain; charset=us-ascii`.
enum MediaType {
    /// RFC 2045 §5.1 `tspecials`.
    static let tspecials = Set("()<>@,;:\\\"/[]?=".utf8)

    /// The lowercased `type/subtype` of `value` (the header value before its parameters), or nil when it is
    /// not one: no single `/`, an empty half, or a byte outside `token` (a control character, an 8-bit byte,
    /// a tspecial). Comments and white space are removed first.
    static func parse(_ value: [UInt8]) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(value.count)
        var depth = 0
        var i = 0
        while i < value.count {
            let c = value[i]
            if c == UInt8(ascii: "\\"), depth > 0 {
                i += 2
                continue
            }
            if c == UInt8(ascii: "(") {
                depth += 1
            } else if c == UInt8(ascii: ")"), depth > 0 {
                depth -= 1
            } else if depth == 0, !HeaderParameters.isSpace(c) {
                bytes.append(c)
            }
            i += 1
        }
        guard let slash = bytes.firstIndex(of: UInt8(ascii: "/")) else { return nil }
        let type = bytes[..<slash]
        let subtype = bytes[(slash + 1)...]
        guard isToken(type), isToken(subtype) else { return nil }
        return String(decoding: bytes, as: UTF8.self).lowercased()
    }

    static func isToken(_ s: ArraySlice<UInt8>) -> Bool {
        !s.isEmpty && s.allSatisfy { $0 > 0x20 && $0 < 0x7F && !tspecials.contains($0) }
    }
}
