import HeaderSyntax

/// The header fields an export looks at, read from a buffered header block (RFC 5322 §2.2: fields
/// up to the first empty line; a field continues on lines starting with white space).
///
/// Only the first occurrence of each field counts; values are unfolded and trimmed, not decoded.
struct HeaderBlock {
    var date: String?
    var status: String?
    var xStatus: String?
    var returnPath: String?
    /// Where the header block's empty line starts (the place to insert fields), or nil when the
    /// block has none (a message made of header lines only, or one cut at the header limit).
    var emptyLineOffset: Int?

    init(_ bytes: [UInt8]) {
        var lineStart = 0
        var field: (name: String, value: [UInt8])?
        func file(_ field: (name: String, value: [UInt8])?) {
            guard let field else { return }
            let value = Self.trimmed(field.value)
            switch field.name {
            case "date" where date == nil: date = value
            case "status" where status == nil: status = value
            case "x-status" where xStatus == nil: xStatus = value
            case "return-path" where returnPath == nil: returnPath = value
            default: break
            }
        }
        while lineStart < bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count && bytes[lineEnd] != 0x0A { lineEnd += 1 }
            var line = bytes[lineStart..<lineEnd]
            if line.last == 0x0D { line = line.dropLast() }
            if line.isEmpty && lineEnd < bytes.count {
                emptyLineOffset = lineStart
                break
            }
            switch HeaderLine.kind(line) {
            case .continuation:
                field?.value.append(contentsOf: line)
            case .field(let nameEnd, let colon):
                file(field)
                let name = String(decoding: line.prefix(nameEnd), as: UTF8.self).lowercased()
                field = (name, Array(line.dropFirst(colon + 1)))
            case .other:
                file(field)
                field = nil
            }
            lineStart = lineEnd + 1
        }
        file(field)
    }

    private static func trimmed(_ value: [UInt8]) -> String {
        String(decoding: value, as: UTF8.self).trimmingWhiteSpace()
    }
}

extension String {
    /// Without leading and trailing spaces and tabs.
    func trimmingWhiteSpace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { $0 != " " && $0 != "\t" }),
            let last = scalars.lastIndex(where: { $0 != " " && $0 != "\t" })
        else { return "" }
        return String(scalars[first...last])
    }
}
