/// The IMAP system flags popvault keeps (RFC 3501 §2.3.2); keywords and `\Recent` are not kept.
public struct IMAPMessageFlags: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8

    public init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    public static let seen = IMAPMessageFlags(rawValue: 1 << 0)
    public static let answered = IMAPMessageFlags(rawValue: 1 << 1)
    public static let flagged = IMAPMessageFlags(rawValue: 1 << 2)
    public static let deleted = IMAPMessageFlags(rawValue: 1 << 3)
    public static let draft = IMAPMessageFlags(rawValue: 1 << 4)

    /// Parses flags as the server spells them (`\Seen`, case-insensitive); other flags are ignored.
    public init<S: Sequence>(names: S) where S.Element: StringProtocol {
        var flags: IMAPMessageFlags = []
        for name in names {
            switch name.lowercased() {
            case "\\seen": flags.insert(.seen)
            case "\\answered": flags.insert(.answered)
            case "\\flagged": flags.insert(.flagged)
            case "\\deleted": flags.insert(.deleted)
            case "\\draft": flags.insert(.draft)
            default: continue
            }
        }
        self = flags
    }

    /// The Maildir info flags, in ASCII order as the Maildir specification asks:
    /// D (draft), F (flagged), R (replied), S (seen), T (trashed).
    public var maildirInfo: String {
        var letters = ""
        if contains(.draft) { letters += "D" }
        if contains(.flagged) { letters += "F" }
        if contains(.answered) { letters += "R" }
        if contains(.seen) { letters += "S" }
        if contains(.deleted) { letters += "T" }
        return letters
    }

    /// The flags of Maildir info letters (the inverse of ``maildirInfo``).
    public init(maildirInfo: String) {
        var flags: IMAPMessageFlags = []
        for letter in maildirInfo {
            switch letter {
            case "D": flags.insert(.draft)
            case "F": flags.insert(.flagged)
            case "R": flags.insert(.answered)
            case "S": flags.insert(.seen)
            case "T": flags.insert(.deleted)
            default: continue
            }
        }
        self = flags
    }

    /// The header lines an mbox reader (mutt, Dovecot's mbox driver, Python's `mailbox.mboxMessage`)
    /// takes flags from: `Status: RO` for a seen message, `X-Status:` with A (answered), F (flagged),
    /// T (draft), D (deleted). LF line ends; empty when no flag is set, so that a message without
    /// flags is stored byte for byte.
    public var mboxStatusLines: [UInt8] {
        var text = ""
        if contains(.seen) { text += "Status: RO\n" }
        var extra = ""
        if contains(.answered) { extra += "A" }
        if contains(.flagged) { extra += "F" }
        if contains(.draft) { extra += "T" }
        if contains(.deleted) { extra += "D" }
        if !extra.isEmpty { text += "X-Status: \(extra)\n" }
        return Array(text.utf8)
    }
}
