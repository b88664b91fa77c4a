/// A set of UIDs as a sequence-set (RFC 3501 §9 `sequence-set`), runs folded into ranges:
/// `[1, 2, 3, 7, 9, 10]` is `1:3,7,9:10`.
public struct IMAPUIDSet: Sendable, Hashable, CustomStringConvertible {
    /// The ranges, ascending, disjoint and not adjacent.
    public private(set) var ranges: [ClosedRange<UInt32>]

    /// The set of `uids` (order and duplicates do not matter; 0 is not a UID and is dropped).
    public init<UIDs: Sequence<UInt32>>(_ uids: UIDs) {
        var ranges: [ClosedRange<UInt32>] = []
        for uid in uids.sorted() where uid > 0 {
            if let last = ranges.last, uid <= last.upperBound &+ 1, last.upperBound != .max {
                ranges[ranges.count - 1] = last.lowerBound...max(last.upperBound, uid)
            } else if let last = ranges.last, uid <= last.upperBound {
                continue
            } else {
                ranges.append(uid...uid)
            }
        }
        self.ranges = ranges
    }

    /// Every UID from `first` (at least 1) to the largest, 4294967295 (RFC 3501 §2.3.1.1), written as
    /// `first:4294967295`: unlike `first:*`, it never matches a UID below `first` (§6.4.8).
    public init(from first: UInt32) {
        ranges = [max(first, 1)...UInt32.max]
    }

    /// True when the set holds no UID (such a set must not be sent).
    public var isEmpty: Bool { ranges.isEmpty }

    /// How many UIDs the set holds.
    public var count: Int { ranges.reduce(0) { $0 + $1.count } }

    /// Whether `uid` is in the set.
    public func contains(_ uid: UInt32) -> Bool { ranges.contains { $0.contains(uid) } }

    /// The wire form.
    public var description: String {
        ranges.map { $0.count == 1 ? "\($0.lowerBound)" : "\($0.lowerBound):\($0.upperBound)" }
            .joined(separator: ",")
    }
}
