import Foundation

/// Turns untrusted attachment names into safe file names (DESIGN.md §4, issue 4 item 3).
///
/// The rules, applied in this order:
/// 1. C0 and C1 controls, DEL, NUL, bidi overrides, embeddings, isolates and marks and the
///    line/paragraph separators are removed (they hide the real name on a terminal);
/// 2. the rest is normalised to NFC;
/// 3. only the basename survives: the name is split on `/` and `\` and the last non-empty piece kept;
/// 4. leading white space and trailing dots and white space are trimmed (Windows drops them silently);
/// 5. `.`, `..` and the empty name are refused (the caller falls back to a generated name);
/// 6. a leading `.` (hidden file) or `-` (option to a shell tool) gets a `_` in front;
/// 7. a Windows device name (`CON`, `PRN`, `AUX`, `NUL`, `COM1`–`COM9`, `LPT1`–`LPT9`, also with an
///    extension and in any case, e.g. `nul.tar.gz`) gets a `_` in front;
/// 8. the name is cut to at most `maxBytes` bytes of UTF-8, before the extension, on a character
///    boundary.
///
/// The policy is a pure function of its input: the same name always gives the same result, and a
/// result fed back in comes out unchanged.
public struct FilenamePolicy: Sendable, Equatable {
    /// The longest name, in bytes of UTF-8 (the limit of ext4, XFS, APFS and NTFS is 255).
    public var maxBytes: Int
    /// The longest extension (after the last dot) kept whole when a name is truncated.
    public var maxExtensionBytes: Int

    public init(maxBytes: Int = 255, maxExtensionBytes: Int = 32) {
        precondition(maxBytes >= 16, "a file name limit below 16 bytes cannot hold a generated name")
        self.maxBytes = maxBytes
        self.maxExtensionBytes = maxExtensionBytes
    }

    /// The safe form of `raw`, or `nil` when nothing usable is left (empty, `.`, `..`, only
    /// controls or separators): the caller then uses `generatedName(…)`.
    public func sanitize(_ raw: String) -> String? {
        let visible = String(String.UnicodeScalarView(raw.unicodeScalars.filter { !Self.isRemoved($0) }))
        let normalized = visible.precomposedStringWithCanonicalMapping
        guard let base = Self.basename(normalized) else { return nil }
        let trimmed = Self.trimmed(base)
        if trimmed.isEmpty || trimmed == "." || trimmed == ".." { return nil }
        var name = trimmed
        if name.hasPrefix(".") || name.hasPrefix("-") || Self.isWindowsDeviceName(name) {
            name = "_" + name
        }
        return truncated(name, maxBytes: maxBytes)
    }

    /// Whether `name` is already safe: `sanitize(name)` would return it unchanged.
    public func isSafe(_ name: String) -> Bool {
        // Compared scalar by scalar: `==` on String treats NFD and NFC spellings as equal.
        guard let safe = sanitize(name) else { return false }
        return safe.unicodeScalars.elementsEqual(name.unicodeScalars)
    }

    /// The key under which two names collide in one directory: NFC, then case-folded, so that
    /// `A.pdf`, `a.pdf` and `a.PDF` (and NFD/NFC spellings of one name) are one file on a
    /// case-insensitive or normalising file system.
    public static func collisionKey(_ name: String) -> String {
        name.precomposedStringWithCanonicalMapping
            .folding(options: [.caseInsensitive], locale: nil)
            .precomposedStringWithCanonicalMapping
    }

    /// Splits on both `/` and `\` and keeps the last non-empty piece.
    static func basename(_ name: String) -> Substring? {
        name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last
    }

    /// Leading white space, trailing dots and white space removed.
    static func trimmed(_ name: Substring) -> String {
        var scalars = Substring.UnicodeScalarView(name.unicodeScalars)
        while let first = scalars.first, first.properties.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last == "." || last.properties.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
