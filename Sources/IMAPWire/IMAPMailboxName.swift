/// A mailbox name as it travels on the wire: modified UTF-7 (RFC 3501 §5.1.3) for a server that has
/// not enabled UTF-8. Keep the wire form to address a mailbox the server listed: it round-trips
/// exactly, whatever the decoding.
public struct IMAPMailboxName: Sendable, Hashable, CustomStringConvertible {
    /// The bytes as sent and received.
    public var wire: [UInt8]

    /// The name as the server wrote it.
    public init(wire: [UInt8]) {
        self.wire = wire
    }

    /// A name given in UTF-8, encoded to modified UTF-7.
    public init(_ name: String) {
        self.wire = ModifiedUTF7.encode(name)
    }

    /// `INBOX`, the one case-insensitive name (RFC 3501 §5.1).
    public static let inbox = IMAPMailboxName(wire: Array("INBOX".utf8))

    /// True for any case of `INBOX`.
    public var isInbox: Bool { wire.count == 5 && wire.map { $0 & 0xDF } == Array("INBOX".utf8) }

    /// The name decoded to UTF-8.
    ///
    /// - Throws: ``ModifiedUTF7Error`` when the wire form is not modified UTF-7.
    public func decoded() throws(ModifiedUTF7Error) -> String {
        try ModifiedUTF7.decode(wire)
    }

    /// The decoded name, or — QUIRK: RFC 3501 §5.1.3 requires modified UTF-7, but some servers send
    /// raw UTF-8 names without `UTF8=ACCEPT` (older Exchange, hMailServer) — the bytes read as UTF-8.
    public var displayName: String {
        (try? decoded()) ?? String(decoding: wire, as: UTF8.self)
    }

    /// The display name.
    public var description: String { displayName }
}
