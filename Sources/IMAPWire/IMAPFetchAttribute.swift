/// One FETCH data item the parser understands (RFC 3501 §7.4.2); the body itself is streamed instead.
public enum IMAPFetchAttribute: Sendable, Hashable {
    /// `UID n`.
    case uid(UInt32)
    /// `RFC822.SIZE n`: the size in octets the server reports for the message.
    case rfc822Size(Int)
    /// `INTERNALDATE "…"`: when the server received the message.
    case internalDate(IMAPInternalDate)
    /// `FLAGS (…)`, as sent.
    case flags([String])
    /// A body section value that was not a literal: a quoted string, or `NIL` (`nil`).
    case inlineBody([UInt8]?)
    /// Any other item, skipped; its name is given.
    case other(String)
}

extension Array where Element == IMAPFetchAttribute {
    /// The `UID`, if present.
    public var uid: UInt32? {
        for case .uid(let value) in self { return value }
        return nil
    }

    /// The `RFC822.SIZE`, if present.
    public var rfc822Size: Int? {
        for case .rfc822Size(let value) in self { return value }
        return nil
    }

    /// The `INTERNALDATE`, if present.
    public var internalDate: IMAPInternalDate? {
        for case .internalDate(let value) in self { return value }
        return nil
    }

    /// The `FLAGS`, if present.
    public var flags: [String]? {
        for case .flags(let value) in self { return value }
        return nil
    }
}
