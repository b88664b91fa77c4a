/// Decoding of header text: RFC 2047 encoded-words, RFC 2231 parameters, raw 8-bit bytes.
public enum HeaderDecoding {
    /// Decodes the RFC 2047 encoded-words in an unstructured header value (Subject, From, a file name);
    /// text outside them is UTF-8 if valid, else `legacyCharset`.
    public static func decodeEncodedWords(_ raw: [UInt8], legacyCharset: String = "windows-1252") -> String {
        EncodedWord.decode(raw, legacyCharset: legacyCharset).0
    }

    /// As `decodeEncodedWords`, also returning the defects found.
    public static func decodeEncodedWordsReportingDefects(
        _ raw: [UInt8], legacyCharset: String = "windows-1252"
    ) -> (String, [MIMEDefect]) {
        EncodedWord.decode(raw, legacyCharset: legacyCharset)
    }

    /// Parses a `Content-Type` or `Content-Disposition` value: the lowercased leading value and the
    /// decoded parameters (names lowercased; RFC 2231 continuations joined and charset-decoded, preferred
    /// over plain forms; RFC 2047 words in plain values decoded).
    public static func parameters(
        _ raw: [UInt8], legacyCharset: String = "windows-1252"
    ) -> (value: String, parameters: [String: String], defects: [MIMEDefect]) {
        let (value, params) = HeaderParameters.parse(raw)
        let set = ParameterSet(params, legacyCharset: legacyCharset)
        return (String(decoding: value, as: UTF8.self).lowercased(), set.merged, set.defects)
    }
}
