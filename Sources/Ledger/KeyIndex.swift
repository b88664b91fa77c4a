#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif

/// A set of message keys (UIDLs, IMAP keys) built for the fetch planner's diff of 20,000 or more keys.
///
/// The keys' bytes are stored one after another in one array, not as 20,000 `String`s (each a heap block
/// to allocate, and to free again at the end of the run), and the ledger's keys are copied straight from
/// SQLite's row buffer (``insert(bytes:)``).
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
    /// Each key's position, by hash.
    private var byHash: [UInt64: Int]
    /// Positions of keys whose hash an earlier key already has.
    private var sameHash: [[UInt8]: Int] = [:]
    /// Every key's UTF-8, one after another; key `i` ends at `ends[i]`.
    private var bytes: [UInt8] = []
    private var ends: [Int] = []
    private let hash: @Sendable (UnsafeBufferPointer<UInt8>) -> UInt64

    public init(minimumCapacity: Int = 0) {
        self.init(minimumCapacity: minimumCapacity, hash: Self.hash)
    }

    /// With another hash function (tests make every key collide).
    init(minimumCapacity: Int = 0, hash: @escaping @Sendable (UnsafeBufferPointer<UInt8>) -> UInt64) {
        byHash = Dictionary(minimumCapacity: minimumCapacity)
        ends.reserveCapacity(minimumCapacity)
        self.hash = hash
    }

    public init(_ keys: some Sequence<String>) {
        self.init(minimumCapacity: keys.underestimatedCount)
        for key in keys { insert(key) }
    }

    /// The number of distinct keys.
    public var count: Int { ends.count }

    /// Adds `key`; false if it was there already.
    @discardableResult
    public mutating func insert(_ key: String) -> Bool {
        var key = key
        return key.withUTF8 { insert(bytes: $0) }
    }

    /// Adds the key whose UTF-8 is `key`; false if it was there already.
    @discardableResult
    public mutating func insert(bytes key: UnsafeBufferPointer<UInt8>) -> Bool {
        let hash = hash(key)
        if let present = byHash[hash] {
            guard !same(present, key) else { return false }
            let copy = Array(key)
            guard sameHash[copy] == nil else { return false }
            sameHash[copy] = count
        } else {
            byHash[hash] = count
        }
        bytes.append(contentsOf: key)
        ends.append(bytes.count)
        return true
    }

    public func contains(_ key: String) -> Bool {
        position(of: key) != nil
    }

    /// Where `key` is, `0..<count` in the order keys were inserted; `nil` if absent. A caller can keep
    /// per-key state in an array of `count` elements.
    public func position(of key: String) -> Int? {
        var key = key
        return key.withUTF8 { key in
            guard let present = byHash[hash(key)] else { return nil }
            if same(present, key) { return present }
            return sameHash.isEmpty ? nil : sameHash[Array(key)]
        }
    }

    private func same(_ position: Int, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = position == 0 ? 0 : ends[position - 1]
        guard ends[position] - start == key.count else { return false }
        return bytes.withUnsafeBufferPointer { stored in
            key.isEmpty || memcmp(stored.baseAddress! + start, key.baseAddress!, key.count) == 0
        }
    }

    /// FNV-1a over the bytes, then a final mix.
    static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        hash ^= hash >> 33
        hash &*= 0xff51_afd7_ed55_8ccd
        return hash ^ (hash >> 33)
    }
}
