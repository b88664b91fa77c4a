/// Parses the unsigned decimal numbers of POP3 listings (`1*DIGIT`).
enum DecimalDigits {
    /// Values beyond 18 digits are refused rather than allowed to overflow.
    static let maximumDigits = 18

    static func parse<Digits: Collection<UInt8>>(_ digits: Digits) -> Int? {
        guard !digits.isEmpty, digits.count <= maximumDigits else { return nil }
        var value = 0
        for byte in digits {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }
}
