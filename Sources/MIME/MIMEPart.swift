/// Where a part's `filename` came from, in the order the parser tries them.
public enum FilenameSource: String, Sendable, Codable, Equatable {
    /// `Content-Disposition: …; filename*=` (RFC 2231).
    case filenameStar
    /// `Content-Disposition: …; filename=` (RFC 2183, RFC 2047 words tolerated).
    case filename
    /// `Content-Type: …; name*=` (RFC 2231).
    case nameStar
    /// `Content-Type: …; name=` (RFC 2045 §7 historic, RFC 2047 words tolerated).
    case name
    /// The `begin MODE name` line of uuencoded data.
    case uuencode
}

/// A leaf part of a message, as announced to `MIMEHandler.partBegan(_:)`.
public struct MIMEPart: Sendable, Equatable {
    /// IMAP-style section number: "1", "1.2", "2.1.1". Parts of an embedded message nest under its number.
    /// A file found as inline uuencode inside text part `P` is numbered `P.uN` (N counting from 1).
    public var path: String
    /// Lowercased `type/subtype`. Default `text/plain`, or `message/rfc822` inside `multipart/digest`.
    public var contentType: String
    /// `Content-Type` parameters, names lowercased, values decoded (RFC 2231, RFC 2047 in name/filename).
    public var parameters: [String: String]
    /// Lowercased disposition type (`attachment`, `inline`, …), or nil without `Content-Disposition`.
    public var disposition: String?
    /// The decoded file name: `filename*` → `filename` → `name*` → `name` → uuencode `begin` line; nil if none.
    public var filename: String?
    /// Which source `filename` came from.
    public var filenameSource: FilenameSource?
    /// `Content-ID` with angle brackets removed, or nil.
    public var contentID: String?
    /// Lowercased `Content-Transfer-Encoding`, default `7bit`.
    public var contentTransferEncoding: String
    /// Lowercased `charset` parameter, or nil.
    public var charset: String?
    /// True for the top-level message's main text/plain or text/html body (and the alternatives of it);
    /// every other leaf, including all parts of attached messages, is an attachment.
    public var isMainBody: Bool
    /// True for a file found as inline uuencode (`begin 644 name` … `end`) inside a text part.
    public var inUuencode: Bool
    /// Defects found in this part's header (body defects arrive with `partEnded`).
    public var defects: [MIMEDefect]

    public init(
        path: String, contentType: String, parameters: [String: String] = [:], disposition: String? = nil,
        filename: String? = nil, filenameSource: FilenameSource? = nil, contentID: String? = nil,
        contentTransferEncoding: String = "7bit", charset: String? = nil, isMainBody: Bool = false,
        inUuencode: Bool = false, defects: [MIMEDefect] = []
    ) {
        self.path = path
        self.contentType = contentType
        self.parameters = parameters
        self.disposition = disposition
        self.filename = filename
        self.filenameSource = filenameSource
        self.contentID = contentID
        self.contentTransferEncoding = contentTransferEncoding
        self.charset = charset
        self.isMainBody = isMainBody
        self.inUuencode = inUuencode
        self.defects = defects
    }
}
