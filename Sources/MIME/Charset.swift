import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Charset conversion to Swift strings through iconv, with the superset mapping of `CharsetLabel`.
public enum Charset {
    /// Decodes `bytes` labelled `label`. Unknown labels fall back to windows-1252 and report
    /// `unknownCharset`; invalid byte sequences become U+FFFD and report `invalidCharsetBytes`.
    public static func decode(_ bytes: [UInt8], label: String) -> (String, defect: MIMEDefect?) {
        decode(bytes, label: label, legacyCharset: "windows-1252")
    }

    /// As `decode(_:label:)`, with the charset to fall back to for unknown labels.
    public static func decode(_ bytes: [UInt8], label: String, legacyCharset: String) -> (String, defect: MIMEDefect?) {
        let normalized = CharsetLabel.normalize(label)
        if CharsetLabel.unknownLabels.contains(normalized) {
            let (s, _) = decodeKnown(bytes, normalized: CharsetLabel.normalize(legacyCharset))
            return (s, isASCII(bytes) ? nil : .unknownCharset)
        }
        if isASCII(bytes), !isASCIIIncompatible(normalized) {
            return (String(decoding: bytes, as: UTF8.self), nil)
        }
        let result = decodeKnown(bytes, normalized: normalized)
        if result.1 != .unknownCharset { return result }
        let (s, _) = decodeKnown(bytes, normalized: CharsetLabel.normalize(legacyCharset))
        return (s, .unknownCharset)
    }

    /// Raw 8-bit header text: UTF-8 if valid, else the legacy charset (defect `rawEightBitHeader`).
    public static func decodeRaw(_ bytes: [UInt8], legacyCharset: String) -> (String, defect: MIMEDefect?) {
        if isASCII(bytes) { return (String(decoding: bytes, as: UTF8.self), nil) }
        if let s = validUTF8(bytes) { return (s, nil) }
        if mostlyUTF8(bytes) { return (String(decoding: bytes, as: UTF8.self), .invalidCharsetBytes) }
        let (s, _) = decode(bytes, label: legacyCharset)
        return (s, .rawEightBitHeader)
    }

    /// True when `bytes` hold more well-formed multibyte UTF-8 sequences than stray bytes: UTF-8 text cut
    /// in the middle of a character (mailers truncate long names by bytes), not a legacy charset.
    static func mostlyUTF8(_ bytes: [UInt8]) -> Bool {
        var valid = 0
        var invalid = 0
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            let length: Int
            switch b {
            case 0x00...0x7F: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: length = 0
            }
            if length == 1 { i += 1; continue }
            if length > 1, i + length <= bytes.count, bytes[(i + 1)..<(i + length)].allSatisfy({ $0 & 0xC0 == 0x80 }) {
                valid += 1
                i += length
            } else {
                invalid += 1
                i += 1
            }
        }
        return valid >= 2 && invalid * 4 <= valid
    }

    /// The string if `bytes` are well-formed UTF-8, else nil (`String(validating:)` needs macOS 15).
    static func validUTF8(_ bytes: [UInt8]) -> String? {
        var iterator = bytes.makeIterator()
        var codec = UTF8()
        while true {
            switch codec.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return String(decoding: bytes, as: UTF8.self)
            case .error: return nil
            }
        }
    }

    static func isASCII(_ bytes: [UInt8]) -> Bool {
        bytes.allSatisfy { $0 < 0x80 }
    }

    /// Encodings where ASCII bytes do not mean ASCII characters.
    static func isASCIIIncompatible(_ normalized: String) -> Bool {
        normalized.hasPrefix("utf-16") || normalized.hasPrefix("utf-7") || normalized.hasPrefix("ucs-2")
            || normalized.hasPrefix("utf-32") || normalized.contains("2022") || normalized == "hz-gb-2312"
            || normalized == "unicode-1-1-utf-7"
    }

    private static func decodeKnown(_ bytes: [UInt8], normalized: String) -> (String, MIMEDefect?) {
        guard let name = CharsetLabel.iconvName(normalized) else {
            if let s = validUTF8(bytes) { return (s, nil) }
            return (String(decoding: bytes, as: UTF8.self), .invalidCharsetBytes)
        }
        return convert(bytes, from: name)
    }

    /// iconv `from` → UTF-8. Returns `.unknownCharset` if iconv does not know the name.
    static func convert(_ bytes: [UInt8], from name: String) -> (String, MIMEDefect?) {
        let cd = iconv_open("UTF-8", name)
        guard let cd, Int(bitPattern: cd) != -1 else { return ("", .unknownCharset) }
        defer { iconv_close(cd) }
        var output = [UInt8]()
        output.reserveCapacity(bytes.count * 2 + 16)
        var invalid = false
        var input = bytes
        let chunk = 4096
        var outBuffer = [UInt8](repeating: 0, count: chunk)
        input.withUnsafeMutableBytes { inRaw in
            var inPtr = inRaw.baseAddress?.assumingMemoryBound(to: CChar.self)
            var inLeft = inRaw.count
            outBuffer.withUnsafeMutableBytes { outRaw in
                let outBase = outRaw.baseAddress!.assumingMemoryBound(to: CChar.self)
                var outPtr: UnsafeMutablePointer<CChar>? = outBase
                var outLeft = chunk
                func drain() {
                    output.append(contentsOf: UnsafeRawBufferPointer(start: outRaw.baseAddress, count: chunk - outLeft))
                    outPtr = outBase
                    outLeft = chunk
                }
                while inLeft > 0 {
                    let r = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
                    let e = errno
                    drain()
                    guard r == -1 else { continue }
                    if e == E2BIG { continue }
                    invalid = true
                    guard e == EILSEQ || e == EINVAL else { break }
                    // Invalid or truncated sequence: one replacement character, skip one byte.
                    output.append(contentsOf: [0xEF, 0xBF, 0xBD])
                    inPtr = inPtr.map { $0 + 1 }
                    inLeft -= 1
                }
                _ = iconv(cd, nil, nil, &outPtr, &outLeft)
                drain()
            }
        }
        return (String(decoding: output, as: UTF8.self), invalid ? .invalidCharsetBytes : nil)
    }
}
