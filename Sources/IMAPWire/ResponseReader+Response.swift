extension ResponseReader {
    /// RFC 3501 §9: `response = *(continue-req / response-data) response-done`, one at a time:
    /// `continue-req = "+" SP (resp-text / base64) CRLF`, `response-data = "*" SP (resp-cond-state /
    /// resp-cond-bye / mailbox-data / message-data / capability-data) CRLF`, `response-tagged = tag SP
    /// resp-cond-state CRLF`.
    mutating func response() throws(IMAPParseError) -> [IMAPResponseEvent] {
        if skip(UInt8(ascii: "+")) {
            // QUIRK: "+" alone, without the SP RFC 3501 §9 requires (some servers' SASL challenges).
            _ = skip(UInt8(ascii: " "))
            return [.continuation(rest())]
        }
        if skip(UInt8(ascii: "*")) {
            try expectSpace()
            return try untagged()
        }
        let tag = String(decoding: try run("tag") { $0.isAtomChar && $0 != UInt8(ascii: "+") }, as: UTF8.self)
        try expectSpace()
        let status = try statusResponse(try atom("OK, NO or BAD").uppercased())
        guard [.ok, .no, .bad].contains(status.condition) else { throw failure("OK, NO or BAD") }
        return [.tagged(IMAPTaggedResponse(tag: tag, status: status))]
    }

    private mutating func untagged() throws(IMAPParseError) -> [IMAPResponseEvent] {
        if let first = peek, first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9") {
            let number = try number32("message number")
            try expectSpace()
            let keyword = try atom("EXISTS, RECENT, EXPUNGE or FETCH").uppercased()
            switch keyword {
            case "EXISTS": return [.untagged(.exists(Int(number)))]
            case "RECENT": return [.untagged(.recent(Int(number)))]
            case "EXPUNGE": return [.untagged(.expunge(number))]
            case "FETCH": return try fetch(sequence: number)
            default: return [.untagged(.other(keyword))]
            }
        }
        let keyword = try atom("response keyword").uppercased()
        switch keyword {
        case "OK", "NO", "BAD", "PREAUTH", "BYE":
            return [.untagged(.condition(try statusResponse(keyword)))]
        case "CAPABILITY":
            let names = try atoms()
            try expectEnd()
            return [.untagged(.capability(names))]
        case "LIST", "LSUB":
            return [.untagged(.list(try listEntry()))]
        case "FLAGS":
            try expectSpace()
            return [.untagged(.flags(try flagList()))]
        case "SEARCH":
            let numbers = try numbers()
            try expectEnd()
            return [.untagged(.search(numbers))]
        default:
            return [.untagged(.other(keyword))]
        }
    }

    /// RFC 3501 §9: `resp-text = ["[" resp-text-code "]" SP] text`.
    ///
    /// QUIRK: a status without text (`A1 OK`, `* OK [READ-ONLY]`), which RFC 3501 §9 does not allow
    /// (`text = 1*TEXT-CHAR`), is accepted: Dovecot and Exchange send some.
    mutating func statusResponse(_ keyword: String) throws(IMAPParseError) -> IMAPStatus {
        guard let condition = IMAPStatus.Condition(rawValue: keyword) else { throw failure("status condition") }
        guard skip(UInt8(ascii: " ")) else {
            try expectEnd()
            return IMAPStatus(condition)
        }
        var code: IMAPResponseCode?
        if skip(UInt8(ascii: "[")) {
            code = try responseCode()
            try expect(UInt8(ascii: "]"), "] closing the response code")
            _ = skip(UInt8(ascii: " "))
        }
        return IMAPStatus(condition, code: code, text: rest())
    }

    /// RFC 3501 §9 `resp-text-code`, the ones an archiver reads; the rest are kept as text.
    private mutating func responseCode() throws(IMAPParseError) -> IMAPResponseCode {
        let name = String(
            decoding: try run("response code") { $0.isAtomChar && $0 != UInt8(ascii: "[") },
            as: UTF8.self
        ).uppercased()
        switch name {
        case "ALERT": return .alert
        case "READ-ONLY": return .readOnly
        case "READ-WRITE": return .readWrite
        case "CAPABILITY": return .capability(try atoms())
        case "PERMANENTFLAGS":
            try expectSpace()
            return .permanentFlags(try flagList())
        case "UIDVALIDITY", "UIDNEXT", "UNSEEN":
            try expectSpace()
            let value = try number32(name)
            return name == "UIDVALIDITY" ? .uidValidity(value) : name == "UIDNEXT" ? .uidNext(value) : .unseen(value)
        default:
            guard skip(UInt8(ascii: " ")) else { return .other(name, "") }
            let text = try run("response code text") { $0 != UInt8(ascii: "]") }
            return .other(name, String(decoding: text, as: UTF8.self))
        }
    }

    /// RFC 3501 §9: `mailbox-list = "(" [mbx-list-flags] ")" SP (DQUOTE QUOTED-CHAR DQUOTE / nil) SP
    /// mailbox`; RFC 5258 extended data after the name is skipped.
    private mutating func listEntry() throws(IMAPParseError) -> IMAPListEntry {
        try expectSpace()
        let attributes = try flagList()
        try expectSpace()
        let delimiter: UInt8?
        if peek == UInt8(ascii: "\"") {
            let quoted = try quoted()
            guard quoted.count == 1 else { throw failure("one-character delimiter") }
            delimiter = quoted[0]
        } else {
            guard try atom("delimiter").uppercased() == "NIL" else { throw failure("delimiter or NIL") }
            delimiter = nil
        }
        try expectSpace()
        let name = try astring()
        if skip(UInt8(ascii: " ")) {
            guard peek == UInt8(ascii: "(") else { throw failure("( opening the extended data") }
            try skipValue(depth: 0)
        }
        try expectEnd()
        return IMAPListEntry(attributes: attributes, delimiter: delimiter, name: IMAPMailboxName(wire: name))
    }
}
