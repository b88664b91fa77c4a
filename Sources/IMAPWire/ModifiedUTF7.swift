/// Modified UTF-7, the encoding of IMAP mailbox names (RFC 3501 §5.1.3).
///
/// "Printable US-ASCII characters, except for "&", represent themselves … "&" is used to shift to
/// modified BASE64 and "-" to shift back to US-ASCII … The character "&" (0x26) is represented by
/// the two-octet sequence "&-"." Modified BASE64 is RFC 2045 base64 of UTF-16BE with "," instead of
/// "/" and no padding.
public enum ModifiedUTF7 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,".utf8)

    /// Encodes a UTF-8 mailbox name for the wire. Never fails: every Unicode string has a form.
    public static func encode(_ name: String) -> [UInt8] {
        var output: [UInt8] = []
        var pending: [UInt16] = []
        func flush() {
            guard !pending.isEmpty else { return }
            output.append(UInt8(ascii: "&"))
            var bits: UInt32 = 0
            var count = 0
            for unit in pending {
                bits = bits << 16 | UInt32(unit)
                count += 16
                while count >= 6 {
                    count -= 6
                    output.append(alphabet[Int(bits >> UInt32(count) & 0x3F)])
                }
                bits &= (1 << UInt32(count)) - 1
            }
            if count > 0 { output.append(alphabet[Int(bits << UInt32(6 - count) & 0x3F)]) }
            output.append(UInt8(ascii: "-"))
            pending.removeAll()
        }
        for scalar in name.unicodeScalars {
            if (0x20...0x7E).contains(scalar.value) {
                flush()
                output.append(UInt8(scalar.value))
                if scalar == "&" { output.append(UInt8(ascii: "-")) }
            } else {
                pending.append(contentsOf: String(scalar).utf16)
            }
        }
        flush()
        return output
    }

    /// Decodes a wire mailbox name to UTF-8.
    ///
    /// - Throws: ``ModifiedUTF7Error`` for a byte outside printable ASCII, an unterminated or empty
    ///   shift other than `&-`, a byte outside the modified BASE64 alphabet, non-zero or too many
    ///   leftover bits, broken UTF-16 surrogates, an encoded printable ASCII character, or two
    ///   adjacent shifts (all forbidden by RFC 3501 §5.1.3).
    public static func decode<Bytes: Collection<UInt8>>(_ bytes: Bytes) throws(ModifiedUTF7Error) -> String {
        let input = Array(bytes)
        var scalars = String.UnicodeScalarView()
        var index = 0
        var lastShiftEnd = -1
        while index < input.count {
            let byte = input[index]
            guard (0x20...0x7E).contains(byte) else { throw ModifiedUTF7Error(.nonPrintableByte(byte), offset: index) }
            guard byte == UInt8(ascii: "&") else {
                scalars.append(Unicode.Scalar(byte))
                index += 1
                continue
            }
            guard let end = input[(index + 1)...].firstIndex(of: UInt8(ascii: "-")) else {
                throw ModifiedUTF7Error(.unterminatedShift, offset: index)
            }
            if end == index + 1 {
                scalars.append("&")
            } else {
                if lastShiftEnd == index { throw ModifiedUTF7Error(.adjacentShifts, offset: index) }
                let units = try decodeBase64(input[(index + 1)..<end], offset: index + 1)
                try appendUTF16(units, to: &scalars, offset: index)
                lastShiftEnd = end + 1
            }
            index = end + 1
        }
        return String(scalars)
    }

    private static func decodeBase64(_ run: ArraySlice<UInt8>, offset: Int) throws(ModifiedUTF7Error) -> [UInt16] {
        var units: [UInt16] = []
        var bits: UInt32 = 0
        var count = 0
        for (position, byte) in zip(run.indices, run) {
            guard let value = alphabet.firstIndex(of: byte) else {
                throw ModifiedUTF7Error(.invalidBase64Byte(byte), offset: position)
            }
            bits = bits << 6 | UInt32(value)
            count += 6
            if count >= 16 {
                count -= 16
                units.append(UInt16(truncatingIfNeeded: bits >> UInt32(count)))
                bits &= (1 << UInt32(count)) - 1
            }
        }
        guard count < 6, bits == 0, !units.isEmpty else { throw ModifiedUTF7Error(.badPadding, offset: offset) }
        return units
    }

    private static func appendUTF16(
        _ units: [UInt16],
        to scalars: inout String.UnicodeScalarView,
        offset: Int
    ) throws(ModifiedUTF7Error) {
        var iterator = units.makeIterator()
        var decoder = UTF16()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                if (0x20...0x7E).contains(scalar.value) {
                    throw ModifiedUTF7Error(.encodedPrintable, offset: offset)
                }
                scalars.append(scalar)
            case .emptyInput:
                return
            case .error:
                throw ModifiedUTF7Error(.invalidUTF16, offset: offset)
            }
        }
    }
}

/// A mailbox name that is not valid modified UTF-7 (RFC 3501 §5.1.3).
public struct ModifiedUTF7Error: Error, Hashable, CustomStringConvertible {
    /// What is wrong.
    public enum Kind: Sendable, Hashable {
        /// A byte outside 0x20–0x7E (it should have been encoded).
        case nonPrintableByte(UInt8)
        /// A `&` without the closing `-`.
        case unterminatedShift
        /// A byte inside `&…-` outside the modified BASE64 alphabet.
        case invalidBase64Byte(UInt8)
        /// Leftover bits that are non-zero or a whole character's worth, or an empty run.
        case badPadding
        /// A lone or reversed UTF-16 surrogate.
        case invalidUTF16
        /// A printable ASCII character inside `&…-` ("MUST NOT", RFC 3501 §5.1.3).
        case encodedPrintable
        /// `&…-&…-`: two shifts that should have been one.
        case adjacentShifts
    }

    /// What is wrong.
    public var kind: Kind
    /// The offset in the name where it was found.
    public var offset: Int

    /// Creates an error.
    public init(_ kind: Kind, offset: Int) {
        self.kind = kind
        self.offset = offset
    }

    /// The problem and its offset.
    public var description: String { "malformed modified UTF-7 mailbox name at offset \(offset): \(kind)" }
}
