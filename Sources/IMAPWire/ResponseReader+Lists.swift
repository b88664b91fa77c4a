extension ResponseReader {
    /// RFC 3501 §9 `flag-list = "(" [flag *(SP flag)] ")"`, also `mbx-list-flags`: each item `\`-atom,
    /// atom, or `\*`. At most ``IMAPResponseParser/Options/maximumListItems`` items.
    mutating func flagList() throws(IMAPParseError) -> [String] {
        try expect(UInt8(ascii: "("), "(")
        var flags: [String] = []
        if skip(UInt8(ascii: ")")) { return flags }
        repeat {
            try countItem(flags.count + 1)
            let backslash = skip(UInt8(ascii: "\\"))
            if backslash && skip(UInt8(ascii: "*")) {
                flags.append("\\*")
            } else {
                flags.append((backslash ? "\\" : "") + (try atom("flag")))
            }
        } while skip(UInt8(ascii: " "))
        try expect(UInt8(ascii: ")"), ") closing the flag list")
        return flags
    }

    /// Space-separated atoms up to the end or a `]` (CAPABILITY data and response code).
    mutating func atoms() throws(IMAPParseError) -> [String] {
        var names: [String] = []
        while skip(UInt8(ascii: " ")) {
            if atEnd || peek == UInt8(ascii: "]") { break }  // QUIRK: trailing space (RFC 3501 §9 has none)
            try countItem(names.count + 1)
            names.append(try atom("capability"))
        }
        return names
    }

    /// Space-separated numbers to the end (`SEARCH` data, RFC 3501 §7.2.5).
    mutating func numbers() throws(IMAPParseError) -> [UInt32] {
        var values: [UInt32] = []
        while skip(UInt8(ascii: " ")) {
            if atEnd { break }  // QUIRK: trailing space after SEARCH (Dovecot sends "* SEARCH " for none)
            if peek == UInt8(ascii: "(") {  // RFC 7162 `(MODSEQ n)` after the numbers.
                try skipValue(depth: 0)
                continue
            }
            try countItem(values.count + 1)
            values.append(try number32("number"))
        }
        return values
    }

    func countItem(_ count: Int) throws(IMAPParseError) {
        if count > options.maximumListItems {
            throw IMAPParseError(.tooManyListItems(actual: count, maximum: options.maximumListItems), bytes: bytes)
        }
    }

    /// Skips one value of any shape: a parenthesized list (nested at most
    /// ``IMAPResponseParser/Options/maximumNesting`` deep), a string, or an atom-like word.
    mutating func skipValue(depth: Int) throws(IMAPParseError) {
        switch peek {
        case UInt8(ascii: "(")?:
            let depth = depth + 1
            if depth > options.maximumNesting {
                throw IMAPParseError(.nestingTooDeep(actual: depth, maximum: options.maximumNesting), bytes: bytes)
            }
            index += 1
            var items = 0
            while !skip(UInt8(ascii: ")")) {
                items += 1
                try countItem(items)
                if items > 1 { try expectSpace() }
                try skipValue(depth: depth)
            }
        case UInt8(ascii: "\"")?, UInt8(ascii: "{")?:
            _ = try string()
        default:
            _ = try run("value") { $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "(") && $0 != UInt8(ascii: ")") }
        }
    }
}
