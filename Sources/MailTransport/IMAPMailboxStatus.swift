import IMAPWire

/// What SELECT or EXAMINE reported (RFC 3501 §6.3.1).
public struct IMAPMailboxStatus: Sendable, Hashable {
    /// The mailbox.
    public var mailbox: IMAPMailboxName
    /// Messages in the mailbox.
    public var exists: Int
    /// `UIDVALIDITY`; UIDs are only comparable across sessions while it stays the same.
    public var uidValidity: UInt32
    /// `UIDNEXT`, when the server sent it: every UID below it has been assigned.
    public var uidNext: UInt32?
    /// The flags defined in the mailbox.
    public var flags: [String]
    /// True after EXAMINE or when the server answered `[READ-ONLY]`.
    public var readOnly: Bool

    public init(
        mailbox: IMAPMailboxName,
        exists: Int,
        uidValidity: UInt32,
        uidNext: UInt32?,
        flags: [String],
        readOnly: Bool
    ) {
        self.mailbox = mailbox
        self.exists = exists
        self.uidValidity = uidValidity
        self.uidNext = uidNext
        self.flags = flags
        self.readOnly = readOnly
    }
}
