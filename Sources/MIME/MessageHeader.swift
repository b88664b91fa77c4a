import Foundation

/// The header of a top-level message or of an embedded `message/rfc822` / `message/global` part.
public struct MessageHeader: Sendable, Equatable {
    /// `Message-ID` without surrounding whitespace (angle brackets kept), or nil.
    public var messageID: String?
    /// `Subject`, unfolded, RFC 2047-decoded (raw 8-bit bytes: UTF-8 if valid, else the legacy charset).
    public var subject: String?
    /// `Date`, parsed leniently after RFC 5322 §3.3 (obsolete zones, missing weekday or seconds).
    public var date: Date?
    /// `From`, unfolded and RFC 2047-decoded.
    public var from: String?
    /// 0 for the top-level message, 1 for a message attached to it, and so on.
    public var depth: Int
    /// The section path of the embedded message part ("" for the top-level message, "2" or "1.3" when embedded).
    public var path: String

    public init(messageID: String?, subject: String?, date: Date?, from: String?, depth: Int, path: String) {
        self.messageID = messageID
        self.subject = subject
        self.date = date
        self.from = from
        self.depth = depth
        self.path = path
    }
}
