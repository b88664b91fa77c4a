/// Maps MIME charset labels to the iconv names actually used: the superset mapping mail readers apply
/// (WHATWG Encoding Standard §4.2 does the same), because senders label CP932 text as Shift_JIS,
/// GBK text as GB2312, CP949 text as EUC-KR, and windows-1252 text as ISO-8859-1 or even US-ASCII.
enum CharsetLabel {
    /// A lowercased, trimmed, unquoted label, with an RFC 2231 `*language` suffix removed.
    static func normalize(_ label: String) -> String {
        var s = label.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        if s.hasPrefix("\""), s.hasSuffix("\""), s.count >= 2 { s = String(s.dropFirst().dropLast()) }
        if let star = s.firstIndex(of: "*") { s = String(s[..<star]) }
        return s
    }

    /// The iconv name for a normalized label, or nil for UTF-8 (decoded natively).
    static func iconvName(_ normalized: String) -> String? {
        if utf8Labels.contains(normalized) { return nil }
        if let mapped = supersets[normalized] { return mapped }
        if normalized.hasPrefix("cp125") { return "WINDOWS-125" + normalized.dropFirst(5) }
        if normalized.hasPrefix("x-mac-") { return "MAC" + normalized.dropFirst(6).uppercased() }
        return normalized.uppercased()
    }

    static let utf8Labels: Set<String> = ["utf-8", "utf8", "unicode-1-1-utf-8", "x-unicode20utf8"]

    /// Labels that mean "we do not know": decode with the legacy charset and record `unknownCharset`.
    static let unknownLabels: Set<String> = ["", "unknown", "unknown-8bit", "x-unknown", "default", "charset", "8bit"]

    static let supersets: [String: String] = [
        "gb2312": "GB18030", "gbk": "GB18030", "x-gbk": "GB18030", "cp936": "GB18030", "euc-cn": "GB18030",
        "gb_2312-80": "GB18030", "csgb2312": "GB18030", "chinese": "GB18030", "gb18030": "GB18030",
        "ms936": "GB18030", "windows-936": "GB18030", "hz-gb-2312": "HZ",
        "shift_jis": "CP932", "shift-jis": "CP932", "sjis": "CP932", "x-sjis": "CP932", "ms_kanji": "CP932",
        "csshiftjis": "CP932", "windows-31j": "CP932", "cp932": "CP932", "x-ms-cp932": "CP932",
        "ks_c_5601-1987": "CP949", "ks_c_5601": "CP949", "ks_c_5601-1989": "CP949", "ksc5601": "CP949",
        "ksc_5601": "CP949", "euc-kr": "CP949", "cseuckr": "CP949", "cp949": "CP949", "windows-949": "CP949",
        "korean": "CP949", "uhc": "CP949",
        "big5": "BIG5-HKSCS", "x-big5": "BIG5-HKSCS", "cn-big5": "BIG5-HKSCS", "csbig5": "BIG5-HKSCS",
        "big5-hkscs": "BIG5-HKSCS", "cp950": "BIG5-HKSCS",
        "iso-8859-1": "WINDOWS-1252", "iso8859-1": "WINDOWS-1252", "iso_8859-1": "WINDOWS-1252",
        "latin1": "WINDOWS-1252", "latin-1": "WINDOWS-1252", "l1": "WINDOWS-1252", "cp819": "WINDOWS-1252",
        "ibm819": "WINDOWS-1252", "iso-ir-100": "WINDOWS-1252", "csisolatin1": "WINDOWS-1252",
        "us-ascii": "WINDOWS-1252", "ascii": "WINDOWS-1252", "ansi_x3.4-1968": "WINDOWS-1252",
        "us": "WINDOWS-1252", "iso646-us": "WINDOWS-1252", "cp1252": "WINDOWS-1252",
        "iso-8859-9": "WINDOWS-1254", "latin5": "WINDOWS-1254", "iso-8859-11": "CP874", "tis-620": "CP874",
        "x-user-defined": "WINDOWS-1252",
        "iso-2022-jp": "ISO-2022-JP-2", "csiso2022jp": "ISO-2022-JP-2", "euc-jp": "EUC-JP-MS",
        "x-euc-jp": "EUC-JP-MS", "koi8-r": "KOI8-R", "koi8-u": "KOI8-U", "koi8-ru": "KOI8-RU",
        "utf-16": "UTF-16", "utf-16le": "UTF-16LE", "utf-16be": "UTF-16BE", "utf-7": "UTF-7",
        "unicode-1-1-utf-7": "UTF-7", "ucs-2": "UTF-16",
    ]
}
