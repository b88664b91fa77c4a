import Foundation

/// What the parser needs from an entity's header: type, parameters, disposition, encoding, names.
struct EntityHeader {
    var contentType: String
    var parameters: [String: String]
    var boundary: [UInt8]?
    var disposition: String?
    var filename: String?
    var filenameSource: FilenameSource?
    var contentID: String?
    var transferEncoding: String
    var charset: String?
    var defects: [MIMEDefect] = []

    var mediaType: Substring { contentType.split(separator: "/").first ?? "" }
    var isMultipart: Bool { mediaType == "multipart" }
    var isMessageType: Bool {
        contentType == "message/rfc822" || contentType == "message/global" || contentType == "message/news"
    }
    /// A message parsed in line with the enclosing one (RFC 2046 §5.2.1 identity encodings).
    var isEmbeddedMessage: Bool { isMessageType && !isEncodedMessage }
    /// A message whose part has a base64 or quoted-printable encoding: decoded, then parsed.
    var isEncodedMessage: Bool { isMessageType && ["base64", "quoted-printable"].contains(transferEncoding) }

    init(fields: [HeaderField], defaultType: String, legacyCharset: String) {
        contentType = defaultType
        var typeParams = ParameterSet([], legacyCharset: legacyCharset)
        if let raw = fields.first("content-type") {
            let (value, params) = HeaderParameters.parse(raw)
            // RFC 2045 §5.2: a syntactically invalid type (mailers write `Content-Type: text`; damaged mail has
            // control bytes or tspecials in it, `text/plain<ESC>`) is taken as text/plain, as if absent.
            if let type = MediaType.parse(value) {
                contentType = type
            } else {
                contentType = "text/plain"
                defects.append(.invalidContentType)
            }
            typeParams = ParameterSet(params, legacyCharset: legacyCharset)
            defects += typeParams.defects
        }
        parameters = typeParams.merged
        boundary = typeParams.rawPlain["boundary"] ?? typeParams.extended["boundary"].map { Array($0.utf8) }
        charset = parameters["charset"].map { CharsetLabel.normalize($0) }

        var dispParams = ParameterSet([], legacyCharset: legacyCharset)
        if let raw = fields.first("content-disposition") {
            let (value, params) = HeaderParameters.parse(raw)
            let d = String(decoding: value, as: UTF8.self).lowercased().trimmingCharacters(in: .whitespaces)
            disposition = d.isEmpty ? nil : d
            dispParams = ParameterSet(params, legacyCharset: legacyCharset)
            defects += dispParams.defects
        }
        let candidates: [(String?, FilenameSource)] = [
            (dispParams.extended["filename"], .filenameStar), (dispParams.plain["filename"], .filename),
            (typeParams.extended["name"], .nameStar), (typeParams.plain["name"], .name),
        ]
        for (value, source) in candidates {
            if let value, !value.trimmingCharacters(in: .whitespaces).isEmpty {
                filename = value
                filenameSource = source
                break
            }
        }

        let cte = fields.first("content-transfer-encoding").map { String(decoding: $0, as: UTF8.self) } ?? ""
        let token = cte.split(whereSeparator: { $0 == ";" || $0 == "(" }).first ?? ""
        transferEncoding = token.trimmingCharacters(in: .whitespaces).lowercased()
            .trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
        if transferEncoding.isEmpty { transferEncoding = "7bit" }

        if let id = fields.first("content-id") {
            let s = String(decoding: id, as: UTF8.self).trimmingCharacters(in: .whitespaces)
            contentID = s.trimmingCharacters(in: CharacterSet(charactersIn: "<>"))
        }
        defects = uniqued(defects)
    }
}

/// Removes duplicate defects, keeping the first occurrence order.
func uniqued(_ defects: [MIMEDefect]) -> [MIMEDefect] {
    var seen = Set<MIMEDefect>()
    return defects.filter { seen.insert($0).inserted }
}
