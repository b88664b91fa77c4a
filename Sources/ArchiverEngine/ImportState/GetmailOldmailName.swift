/// The name getmail6 gives the state file of a POP3 retriever:
/// `oldmail-<server>-<port>-<username>`, where every run of the characters `/ \ : ; < > |` is
/// replaced by `-` (getmail's `STRIP_CHAR_RE`). An IMAP retriever appends `-<folder>`: such names
/// name no POP3 mailbox and never match.
struct GetmailOldmailName {
    let name: String

    init(_ name: String) {
        self.name = name
    }

    /// Whether this is the name getmail gives `mailbox`'s file, whatever the port.
    func names(_ mailbox: ServerMailbox, exactHost: Bool) -> Bool {
        let host = Self.strip(mailbox.host)
        let prefix = "oldmail-"
        guard name.hasPrefix(prefix) else { return false }
        let rest = name.dropFirst(prefix.count)
        guard rest.count > host.count else { return false }
        let head = String(rest.prefix(host.count))
        guard exactHost ? head == host : head.lowercased() == host.lowercased() else { return false }
        var tail = rest.dropFirst(host.count)
        guard tail.first == "-" else { return false }
        tail = tail.dropFirst()
        let port = tail.prefix { $0.isASCII && $0.isNumber }
        guard !port.isEmpty else { return false }
        return tail.dropFirst(port.count) == "-" + Self.strip(mailbox.user)
    }

    /// `value` with each run of `/ \ : ; < > |` replaced by one `-`.
    static func strip(_ value: String) -> String {
        var result = ""
        var inRun = false
        for character in value {
            if "/\\:;<>|".contains(character) {
                if !inRun { result.append("-") }
                inRun = true
            } else {
                result.append(character)
                inRun = false
            }
        }
        return result
    }
}
