extension FilenamePolicy {
    /// A name for a part that has none (or whose name sanitised to nothing), made only from
    /// trusted facts: `attachment.<ext>` for a part marked `Content-Disposition: attachment`,
    /// `part-<path>.<ext>` otherwise (e.g. `part-1.2.bin`). The extension comes from the content type,
    /// `bin` when the type is unknown. A part that holds no content but says where it is (see
    /// `isExternalBody`) is `part-<path>.external-body.txt` whatever its disposition. Collisions are left
    /// to `FilenameAllocator`.
    public func generatedName(contentType: String, disposition: String?, partPath: String) -> String {
        let ext = Self.fileExtension(forContentType: contentType)
        let external = Self.isExternalBody(contentType)
        if disposition?.lowercased() == "attachment" && !external {
            return "attachment.\(ext)"
        }
        // The path is digits and dots from the parser; anything else is dropped to stay safe.
        let path = String(partPath.unicodeScalars.filter { ("0"..."9").contains($0) || $0 == "." })
        let stem = path.isEmpty ? "part" : "part-\(path)"
        let name = external ? "\(stem).external-body.\(ext)" : "\(stem).\(ext)"
        return sanitize(name) ?? "part.\(ext)"
    }

    /// Whether a part of this content type holds no content, only where it lives: RFC 2046 §5.2.3, the
    /// body of a `message/external-body` part is the phantom header of an object kept elsewhere, its
    /// parameters (`access-type`, `site`, `directory`, `name`, `url`…) say where, and its `name`
    /// names that object, not the part.
    public static func isExternalBody(_ contentType: String) -> Bool {
        mediaType(contentType) == "message/external-body"
    }

    /// The usual extension for a content type (lower-cased, parameters ignored), `bin` if unknown.
    public static func fileExtension(forContentType contentType: String) -> String {
        let type = mediaType(contentType)
        if let known = extensions[type] { return known }
        if type.hasPrefix("text/") { return "txt" }
        return "bin"
    }

    /// `type/subtype`, lower-cased, without parameters.
    static func mediaType(_ contentType: String) -> String {
        contentType.split(separator: ";").first.map { $0.trimmingASCIISpaces().lowercased() } ?? ""
    }

    static let extensions: [String: String] = [
        "application/pdf": "pdf", "application/zip": "zip", "application/gzip": "gz",
        "application/x-gzip": "gz", "application/x-tar": "tar", "application/x-7z-compressed": "7z",
        "application/x-rar-compressed": "rar", "application/vnd.rar": "rar",
        "application/msword": "doc", "application/vnd.ms-excel": "xls", "application/vnd.ms-powerpoint": "ppt",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
        "application/vnd.oasis.opendocument.text": "odt", "application/vnd.oasis.opendocument.spreadsheet": "ods",
        "application/rtf": "rtf", "application/json": "json", "application/xml": "xml",
        "application/pgp-signature": "asc", "application/pgp-encrypted": "pgp", "application/pgp-keys": "asc",
        "application/pkcs7-signature": "p7s", "application/x-pkcs7-signature": "p7s",
        "application/pkcs7-mime": "p7m", "application/x-pkcs7-mime": "p7m", "application/ics": "ics",
        "application/octet-stream": "bin", "application/ms-tnef": "dat", "application/vnd.ms-tnef": "dat",
        "image/jpeg": "jpg", "image/jpg": "jpg", "image/pjpeg": "jpg", "image/png": "png", "image/gif": "gif",
        "image/bmp": "bmp", "image/tiff": "tif", "image/webp": "webp", "image/svg+xml": "svg",
        "image/heic": "heic", "audio/mpeg": "mp3", "audio/wav": "wav", "audio/ogg": "ogg",
        "video/mp4": "mp4", "video/quicktime": "mov", "video/mpeg": "mpg",
        "text/plain": "txt", "text/html": "html", "text/csv": "csv", "text/calendar": "ics",
        "text/vcard": "vcf", "text/x-vcard": "vcf", "text/xml": "xml", "text/rtf": "rtf",
        "text/rfc822-headers": "txt", "message/rfc822": "eml", "message/global": "eml",
        "message/delivery-status": "txt", "message/disposition-notification": "txt",
        "message/external-body": "txt",
    ]
}

extension Substring {
    fileprivate func trimmingASCIISpaces() -> Substring {
        var s = self
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return s
    }
}
