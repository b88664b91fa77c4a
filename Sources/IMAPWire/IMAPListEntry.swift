/// One `LIST` response: `* LIST (attributes) delimiter name` (RFC 3501 §7.2.2, RFC 6154 special use).
public struct IMAPListEntry: Sendable, Hashable {
    /// The attributes as sent (`\Noselect`, `\HasChildren`, `\Sent`…).
    public var attributes: [String]
    /// The hierarchy delimiter, or `nil` for a flat name space (`NIL`).
    public var delimiter: UInt8?
    /// The mailbox name in its wire form.
    public var name: IMAPMailboxName

    /// Creates an entry.
    public init(attributes: [String], delimiter: UInt8?, name: IMAPMailboxName) {
        self.attributes = attributes
        self.delimiter = delimiter
        self.name = name
    }

    /// Whether the mailbox has the attribute (case-insensitive, as RFC 3501 §9 makes flags).
    public func has(_ attribute: String) -> Bool {
        attributes.contains { $0.lowercased() == attribute.lowercased() }
    }

    /// False for `\Noselect` (RFC 3501) and `\NonExistent` (RFC 5258): such a name holds no messages.
    public var isSelectable: Bool { !has("\\Noselect") && !has("\\NonExistent") }

    /// The RFC 6154 special-use attribute, if any (`\All`, `\Archive`, `\Drafts`, `\Flagged`, `\Junk`,
    /// `\Sent`, `\Trash`).
    public var specialUse: String? {
        let uses = ["\\all", "\\archive", "\\drafts", "\\flagged", "\\junk", "\\sent", "\\trash"]
        return attributes.first { uses.contains($0.lowercased()) }
    }
}
