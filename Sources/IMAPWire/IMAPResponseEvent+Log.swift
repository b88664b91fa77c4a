import UntrustedText

/// How `-vv` shows what an IMAP server sent: one line per event, escaped for a terminal
/// (``TerminalEscaping``); message bodies elided, a `+` continuation (which can carry a SASL challenge)
/// redacted, long SEARCH answers cut short.
extension IMAPResponseEvent {
    /// How many numbers of a SEARCH answer are shown.
    static let loggedSearchNumbers = 20

    /// The event as `-vv` shows it, or `nil` for the pieces of a streamed body.
    public var logDescription: String? {
        switch self {
        case .untagged(let response): return "* " + response.logDescription
        case .tagged(let response): return "\(TerminalEscaping.escape(response.tag.utf8)) \(response.status)"
        case .continuation: return "+ <redacted>"
        case .fetchBegin(let sequence, let attributes):
            return "* \(sequence) FETCH (" + (attributes.map(\.logDescription) + ["BODY[] <body elided>"])
                .joined(separator: " ") + ")"
        case .bodyChunk, .fetchEnd: return nil
        }
    }
}

extension IMAPUntaggedResponse {
    fileprivate var logDescription: String {
        func list(_ words: [String]) -> String { words.map { TerminalEscaping.escape($0.utf8) }.joined(separator: " ") }
        switch self {
        case .condition(let status): return "\(status)"
        case .capability(let names): return "CAPABILITY " + list(names)
        case .list(let entry):
            let delimiter = entry.delimiter.map { "\"" + TerminalEscaping.escape([$0]) + "\"" } ?? "NIL"
            return "LIST (\(list(entry.attributes))) \(delimiter) \(TerminalEscaping.escape(entry.name.wire))"
        case .flags(let flags): return "FLAGS (\(list(flags)))"
        case .search(let numbers):
            let shown = numbers.prefix(IMAPResponseEvent.loggedSearchNumbers).map(String.init)
            let rest = numbers.count > shown.count ? " … (\(numbers.count) in all)" : ""
            return (["SEARCH"] + shown).joined(separator: " ") + rest
        case .exists(let count): return "\(count) EXISTS"
        case .recent(let count): return "\(count) RECENT"
        case .expunge(let number): return "\(number) EXPUNGE"
        case .fetch(let sequence, let attributes):
            return "\(sequence) FETCH (" + attributes.map(\.logDescription).joined(separator: " ") + ")"
        case .other(let keyword): return TerminalEscaping.escape(keyword.utf8) + " …"
        }
    }
}

extension IMAPFetchAttribute {
    fileprivate var logDescription: String {
        switch self {
        case .uid(let uid): return "UID \(uid)"
        case .rfc822Size(let size): return "RFC822.SIZE \(size)"
        case .internalDate(let date): return "INTERNALDATE \"\(date)\""
        case .flags(let flags):
            return "FLAGS (" + flags.map { TerminalEscaping.escape($0.utf8) }.joined(separator: " ") + ")"
        case .inlineBody: return "BODY[] <body elided>"
        case .other(let name): return TerminalEscaping.escape(name.utf8) + " …"
        }
    }
}
