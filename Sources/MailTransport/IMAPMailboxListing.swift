import IMAPWire

/// One mailbox from ``IMAPSession/list()``.
public struct IMAPMailboxListing: Sendable, Hashable {
    /// The name decoded to UTF-8 (see ``IMAPMailboxName/displayName``).
    public var name: String
    /// The wire name: pass it to ``IMAPSession/examine(_:)``.
    public var mailbox: IMAPMailboxName
    /// The hierarchy delimiter (`"."`, `"/"`), or `nil` for a flat name space.
    public var delimiter: Character?
    /// The attributes as sent (`\Noselect`, `\HasChildren`, `\HasNoChildren`, `\Sent`…).
    public var attributes: [String]
    /// False for `\Noselect` / `\NonExistent`.
    public var isSelectable: Bool
    /// The RFC 6154 special use (`\Sent`, `\Trash`…), if any.
    public var specialUse: String?

    public init(_ entry: IMAPListEntry) {
        self.name = entry.name.displayName
        self.mailbox = entry.name
        self.delimiter = entry.delimiter.map { Character(Unicode.Scalar($0)) }
        self.attributes = entry.attributes
        self.isSelectable = entry.isSelectable
        self.specialUse = entry.specialUse
    }
}
