/// The one rule for reading a header line, shared by every reader of a header block: the MIME parser, the
/// sinks' header sniffer (and the pre-DELE `TOP` check that uses it), and export.
///
/// RFC 5322 §2.2: `field-name ":" unstructured`, the name printable US-ASCII except the colon (§3.6.8 `ftext`);
/// a line starting with white space continues the field before it (§2.2.3).
// QUIRK: RFC 5322 §4.5 (obsolete syntax: `obs-optional = field-name *WSP ":" unstructured CRLF`, and every
// `obs-*` field likewise) allows white space between the name and its colon, and readers must accept it:
// `From : x`, `Subject\t: x` are fields. Older mailers and list software still write them.
public enum HeaderLine {
    /// What one line (without its line break) of a header block is.
    public enum Kind: Equatable, Sendable {
        /// Starts with white space: more of the field before it.
        case continuation
        /// `name *WSP ":" value`: the name is `line[..<nameEnd]`, the value starts after `colon`.
        case field(nameEnd: Int, colon: Int)
        /// Not a header line (empty, no colon after the name, or a name with a space or a byte outside
        /// printable ASCII, as the mbox `From ` line): it ends the header block for a reader that says so.
        case other
    }

    /// Classifies `line` (without its line break); the offsets count from the collection's start.
    // QUIRK: an empty name (`: x`) is a field, as Python's email reads it; it names nothing a reader keeps.
    @inlinable
    public static func kind<Bytes: Collection>(_ line: Bytes) -> Kind where Bytes.Element == UInt8 {
        var index = line.startIndex
        guard index != line.endIndex else { return .other }
        if line[index] == 0x20 || line[index] == 0x09 { return .continuation }
        var offset = 0
        while index != line.endIndex, line[index] != 0x3A, line[index] > 0x20, line[index] < 0x7F {
            line.formIndex(after: &index)
            offset += 1
        }
        let nameEnd = offset
        while index != line.endIndex, line[index] == 0x20 || line[index] == 0x09 {
            line.formIndex(after: &index)
            offset += 1
        }
        guard index != line.endIndex, line[index] == 0x3A else { return .other }
        return .field(nameEnd: nameEnd, colon: offset)
    }

    /// True if `line` can be in a header block: a field or a continuation.
    @inlinable
    public static func isHeaderLine<Bytes: Collection>(_ line: Bytes) -> Bool where Bytes.Element == UInt8 {
        kind(line) != .other
    }

    /// True if `line` is the mbox `From ` separator (RFC 4155) rather than a `From` field: it starts with
    /// `From ` and is not `From *WSP ":"`.
    @inlinable
    public static func isEnvelopeLine<Bytes: Collection>(_ line: Bytes) -> Bool where Bytes.Element == UInt8 {
        line.starts(with: "From ".utf8) && kind(line) == .other
    }
}
