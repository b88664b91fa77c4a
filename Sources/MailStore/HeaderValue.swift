/// Turning a raw header field into the summary's strings.
enum HeaderValue {
    /// Unfolds a field body (RFC 5322 §2.2.3: remove each line end, keep the white space after it)
    /// and trims white space at both ends.
    static func unfold(_ raw: ArraySlice<UInt8>) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(raw.count)
        for byte in raw where byte != ASCII.lf { bytes.append(byte) }
        let isBlank = { (byte: UInt8) in byte == ASCII.space || byte == ASCII.tab || byte == ASCII.cr }
        var start = 0
        var end = bytes.count
        while start < end && isBlank(bytes[start]) { start += 1 }
        while end > start && isBlank(bytes[end - 1]) { end -= 1 }
        return string(bytes[start..<end])
    }

    /// UTF-8 when the bytes are valid UTF-8, else one character per byte (ISO-8859-1).
    ///
    /// QUIRK: RFC 5322 §2.2 wants header fields in US-ASCII; raw 8-bit headers exist in the wild
    /// (RFC 6532 UTF-8, or legacy Latin-1). Latin-1 keeps such bytes recognisable instead of
    /// turning them into U+FFFD.
    static func string(_ bytes: ArraySlice<UInt8>) -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        return String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
    }
}

extension HeaderSummary {
    /// The fields the summary keeps.
    enum Field: CaseIterable {
        case messageID, date, from, subject, returnPath

        var lowercasedName: [UInt8] {
            switch self {
            case .messageID: return Array("message-id".utf8)
            case .date: return Array("date".utf8)
            case .from: return Array("from".utf8)
            case .subject: return Array("subject".utf8)
            case .returnPath: return Array("return-path".utf8)
            }
        }

        /// Matches a field name case-insensitively (RFC 5322 §1.2.2).
        init?(name: ArraySlice<UInt8>) {
            let found = Field.allCases.first { field in
                let expected = field.lowercasedName
                return expected.count == name.count
                    && zip(expected, name).allSatisfy { $0 == ($1 >= 0x41 && $1 <= 0x5A ? $1 | 0x20 : $1) }
            }
            guard let found else { return nil }
            self = found
        }
    }

    subscript(field: Field) -> String? {
        get {
            switch field {
            case .messageID: return messageID
            case .date: return date
            case .from: return from
            case .subject: return subject
            case .returnPath: return returnPath
            }
        }
        set {
            switch field {
            case .messageID: messageID = newValue
            case .date: date = newValue
            case .from: from = newValue
            case .subject: subject = newValue
            case .returnPath: returnPath = newValue
            }
        }
    }
}
