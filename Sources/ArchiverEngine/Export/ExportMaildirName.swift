import Foundation

/// The names `popvault export` gives Maildir files: deterministic, so that a rerun recognises what
/// an interrupted run already wrote and never writes a message twice.
///
///     <seconds>.I<index>.H<hash>.popvault[.F<separator>][:2,<flags>]
///
/// - `seconds`: the message's delivery time (the mbox `From ` line's date, else the source file
///   name's time, else `Date:`), ten digits zero-padded so that name order is time order; it is also
///   the file's mtime, which Dovecot serves as the INTERNALDATE.
/// - `index`: the message's position in its source, so messages of the same second keep their order.
/// - `hash`: the first 32 hex digits of the content's SHA-256.
/// - `separator`: the mbox `From ` line text, percent-encoded, only when it differs from what
///   `MboxSeparator` derives from Return-Path and `seconds` (so going back to mbox restores it).
///
/// The part before `:2,` is the key that identifies the message; the info part holds its flags.
public enum ExportMaildirName {
    /// Separators longer than this once encoded are not carried in the name.
    public static let maximumEncodedSeparator = 160
    static let marker = ".popvault"

    /// The key (the name without its info part).
    public static func key(seconds: Int64, index: Int, sha256: String, separator: String?) -> String {
        let time = String(max(0, seconds))
        let index = String(index)
        var key = String(repeating: "0", count: max(0, 10 - time.count)) + time
            + ".I" + String(repeating: "0", count: max(0, 6 - index.count)) + index
            + ".H" + sha256.prefix(32) + marker
        if let separator, let encoded = encode(separator), encoded.utf8.count <= maximumEncodedSeparator {
            key += ".F" + encoded
        }
        return key
    }

    /// The key part of a Maildir file name: everything before its `:2,` info.
    public static func key(ofName name: String) -> String {
        String(name.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
    }

    /// The delivery time at the start of any Maildir name (`1700000000.M…`), if it has one.
    public static func seconds(inName name: String) -> Int64? {
        let digits = name.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 12 else { return nil }
        return Int64(digits)
    }

    /// The `From ` line text carried by a name this type made, if any.
    public static func separator(inName name: String) -> String? {
        let key = name.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        guard let range = key.range(of: marker + ".F") else { return nil }
        return decode(String(key[range.upperBound...]))
    }

    /// Percent-encodes every byte but letters, digits and `@._+=-` (a name holds no `/`, and `:` and
    /// `,` mean something to Maildir readers); nil for an empty text.
    static func encode(_ text: String) -> String? {
        guard !text.isEmpty else { return nil }
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        for byte in text.utf8 {
            let plain = (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A)
                || (byte >= 0x61 && byte <= 0x7A) || Array("@._+=-".utf8).contains(byte)
            if plain {
                out.append(byte)
            } else {
                out += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func decode(_ text: String) -> String? {
        var out: [UInt8] = []
        var bytes = Array(text.utf8)[...]
        while let byte = bytes.popFirst() {
            guard byte == UInt8(ascii: "%") else {
                out.append(byte)
                continue
            }
            guard bytes.count >= 2, let value = UInt8(String(decoding: bytes.prefix(2), as: UTF8.self), radix: 16)
            else { return nil }
            out.append(value)
            bytes = bytes.dropFirst(2)
        }
        return out.isEmpty ? nil : String(decoding: out, as: UTF8.self)
    }
}
