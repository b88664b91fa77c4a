/// A set of message keys (UIDLs, IMAP keys) built for the fetch planner's diff of 20,000 or more keys.
///
/// Keys are found by a 64-bit hash of their bytes and compared in full only when the hashes match.
/// `Set<String>` stores no hashes: it compares strings at every occupied slot of a probe sequence, each
/// comparison a `memcmp` on another heap block, and on a no-op fetch that was most of the planner's time.
/// Two keys with the same 64-bit hash are still told apart (the second goes to a plain set), so the hash
/// decides only speed, never membership.
///
/// Keys are compared byte for byte, as the ledger's `UNIQUE (account_id, key)` index compares them (SQLite's
/// BINARY collation), not by Unicode canonical equivalence as `String ==` does: two UIDLs that differ in
/// their bytes are two messages, even if a non-conforming server sent them as differently normalized text.
public struct KeyIndex: Sendable {
    /// Each key's position in `keys`, by hash.
    private var byHash: [UInt64: Int]
    /// Positions of keys whose hash an earlier key already has.
    private var sameHash: [[UInt8]: Int] = [:]
    private var keys: [String] = []
    private let hash: @Sendable (String) -> UInt64

    public init(minimumCapacity: Int = 0) {
        self.init(minimumCapacity: minimumCapacity, hash: Self.hash)
    }

    /// With another hash function (tests make every key collide).
    init(minimumCapacity: Int = 0, hash: @escaping @Sendable (String) -> UInt64) {
        byHash = Dictionary(minimumCapacity: minimumCapacity)
        keys.reserveCapacity(minimumCapacity)
        self.hash = hash
    }

    public init(_ keys: some Sequence<String>) {
        self.init(minimumCapacity: keys.underestimatedCount)
        for key in keys { insert(key) }
    }

    /// The number of distinct keys.
    public var count: Int { keys.count }

    /// Adds `key`; false if it was there already.
    @discardableResult
    public mutating func insert(_ key: String) -> Bool {
        let hash = hash(key)
        if let present = byHash[hash] {
            guard !Self.same(keys[present], key) else { return false }
            let bytes = Array(key.utf8)
            guard sameHash[bytes] == nil else { return false }
            sameHash[bytes] = keys.count
        } else {
            byHash[hash] = keys.count
        }
        keys.append(key)
        return true
    }

    public func contains(_ key: String) -> Bool {
        position(of: key) != nil
    }

    /// Where `key` is, `0..<count` in the order keys were inserted; `nil` if absent. A caller can keep
    /// per-key state in an array of `count` elements.
    public func position(of key: String) -> Int? {
        guard let present = byHash[hash(key)] else { return nil }
        if Self.same(keys[present], key) { return present }
        return sameHash.isEmpty ? nil : sameHash[Array(key.utf8)]
    }

    private static func same(_ a: String, _ b: String) -> Bool {
        a.utf8.elementsEqual(b.utf8)
    }

    /// FNV-1a over the UTF-8 bytes (native strings are contiguous UTF-8, so no copy), then a final mix.
    static func hash(_ key: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var key = key
        key.withUTF8 { bytes in
            for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        }
        hash ^= hash >> 33
        hash &*= 0xff51_afd7_ed55_8ccd
        return hash ^ (hash >> 33)
    }
}
