import IMAPWire

/// What the server said about one message: from ``IMAPSession/fetchMetadata(uids:)``, or at the end of a
/// streamed body.
public struct IMAPFetchedMessage: Sendable, Hashable {
    /// The message's UID.
    public var uid: UInt32
    /// Its sequence number in the mailbox at fetch time.
    public var sequence: UInt32
    /// `RFC822.SIZE` as the server reported it, if it did.
    public var size: Int?
    /// Its flags (`\Seen`, `\Flagged`, `\Answered`, keywords…), as sent.
    public var flags: [String]
    /// When the server received it.
    public var internalDate: IMAPInternalDate?
    /// The body bytes delivered through ``IMAPMessageReceiver/bytes(_:)`` (0 for metadata).
    ///
    /// QUIRK: it may differ from ``size``: RFC 3501 §2.3.4 wants RFC822.SIZE exact, but some servers
    /// (Gmail, servers storing LF line ends) report an approximation; the caller decides.
    public var octets: Int

    public init(
        uid: UInt32,
        sequence: UInt32,
        size: Int?,
        flags: [String],
        internalDate: IMAPInternalDate?,
        octets: Int
    ) {
        self.uid = uid
        self.sequence = sequence
        self.size = size
        self.flags = flags
        self.internalDate = internalDate
        self.octets = octets
    }

    /// Whether the flag is set (case-insensitive, RFC 3501 §2.3.2).
    public func has(flag: String) -> Bool { flags.contains { $0.lowercased() == flag.lowercased() } }
}
