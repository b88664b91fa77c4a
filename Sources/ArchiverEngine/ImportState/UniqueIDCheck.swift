import POP3Wire

/// Checks a unique-id as RFC 1939 §7 defines it, the only kind a POP3 server can list:
///
///     unique-id   = 1*70 <0x21 to 0x7E>
///
/// Returns what is wrong, or nil.
func uniqueIDProblem(_ bytes: some Collection<UInt8>) -> String? {
    if bytes.isEmpty { return "empty unique-id" }
    if bytes.count > POP3UIDLEntry.maximumUIDLength {
        return "unique-id of \(bytes.count) characters is longer than the maximum of "
            + "\(POP3UIDLEntry.maximumUIDLength) (RFC 1939 §7)"
    }
    if let bad = bytes.first(where: { $0 < 0x21 || $0 > 0x7E }) {
        let hex = String(bad, radix: 16, uppercase: true)
        return "unique-id holds byte 0x\(hex.count == 1 ? "0" + hex : hex), "
            + "outside 0x21–0x7E (RFC 1939 §7)"
    }
    return nil
}

/// Counts the unique-ids of a file against ``StateFileOptions/maximumUIDs``.
struct UIDBudget {
    let file: String
    let maximum: Int
    private(set) var count = 0

    init(file: String, options: StateFileOptions) {
        self.file = file
        maximum = options.maximumUIDs
    }

    mutating func take(line: Int) throws {
        count += 1
        guard count <= maximum else {
            throw ImportStateError.tooManyUIDs(file: file, line: line, actual: count, maximum: maximum)
        }
    }
}
