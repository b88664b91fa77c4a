extension FilenamePolicy {
    /// A name split at its last dot: `stem` and `ext` (without the dot; empty when there is none,
    /// when the only dot is the first character, or when the extension is longer than
    /// `maxExtensionBytes` and so is not really one).
    func splitExtension(_ name: String) -> (stem: Substring, ext: Substring) {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return (name[...], "") }
        let ext = name[name.index(after: dot)...]
        guard !ext.isEmpty, ext.utf8.count <= maxExtensionBytes else { return (name[...], "") }
        return (name[..<dot], ext)
    }

    /// `name` cut to at most `maxBytes` bytes of UTF-8: characters are dropped from the end of the
    /// stem, never from the extension, and never in the middle of a character (grapheme cluster).
    func truncated(_ name: String, maxBytes: Int) -> String {
        if name.utf8.count <= maxBytes { return name }
        let (stem, ext) = splitExtension(name)
        let tail = ext.isEmpty ? 0 : ext.utf8.count + 1
        var kept = Substring(stem)
        var bytes = kept.utf8.count
        while bytes + tail > maxBytes, let last = kept.last {
            bytes -= last.utf8.count
            kept.removeLast()
        }
        var result = ext.isEmpty ? String(kept) : "\(kept).\(ext)"
        // Cutting may leave a trailing dot or space, which Windows would silently drop.
        while let last = result.unicodeScalars.last, last == "." || last.properties.isWhitespace {
            result.unicodeScalars.removeLast()
        }
        return result
    }

    /// `name` with ` (n)` before its extension (`report (2).pdf`, `archive.tar (2).gz`, `README (3)`),
    /// shortened so that the result still fits `maxBytes`.
    public func numbered(_ name: String, _ n: Int) -> String {
        let (stem, ext) = splitExtension(name)
        let suffix = " (\(n))"
        let room = maxBytes - suffix.utf8.count - (ext.isEmpty ? 0 : ext.utf8.count + 1)
        var kept = Substring(stem)
        var bytes = kept.utf8.count
        while bytes > room, let last = kept.last {
            bytes -= last.utf8.count
            kept.removeLast()
        }
        return ext.isEmpty ? "\(kept)\(suffix)" : "\(kept)\(suffix).\(ext)"
    }
}
