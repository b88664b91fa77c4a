import Foundation
import Ledger
import TestSupport
import XCTest

/// A fresh ledger in a temporary directory.
struct LedgerFixture {
    let directory: TemporaryDirectory
    let path: String
    let ledger: ArchiveLedger

    init() throws {
        directory = try TemporaryDirectory(prefix: "popvault-ledger")
        path = directory.url.appendingPathComponent("popvault.sqlite").path
        ledger = try ArchiveLedger(path: path)
    }
}

/// A deterministic, well-formed SHA-256 hex string derived from `seed` (FNV-1a, repeated).
func fakeDigest(_ seed: String) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in seed.utf8 {
        hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
    }
    let hex = String(hash, radix: 16)
    return String(repeating: String(repeating: "0", count: 16 - hex.count) + hex, count: 4)
}

func message(
    account: Int64, key: String, size: Int64 = 100, location: LedgerLocation? = nil, archivedAt: Date
) -> LedgerMessage {
    LedgerMessage(
        account: account, key: key, serverSize: size + 2, storedSize: size, sha256: fakeDigest(key),
        messageID: "<\(key)@example.com>", date: Date(timeIntervalSince1970: 1_700_000_000), from: "a@example.com",
        subject: "Grüße \(key)", location: location ?? .maildir(path: "cur/\(key):2,"), archivedAt: archivedAt)
}

func fileMode(_ path: String) throws -> Int {
    let attributes = try FileManager.default.attributesOfItem(atPath: path)
    return (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
}
