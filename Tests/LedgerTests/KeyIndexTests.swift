@testable import Ledger
import XCTest

final class KeyIndexTests: XCTestCase {
    private let keys = (0..<2_000).map { String(format: "%08x6b028691", $0) }

    func testMembershipMatchesASet() {
        var index = KeyIndex(minimumCapacity: 10)
        var reference = Set<String>()
        for key in keys + keys.prefix(50) {
            XCTAssertEqual(index.insert(key), reference.insert(key).inserted, key)
        }
        XCTAssertEqual(index.count, keys.count)
        for (position, key) in keys.enumerated() { XCTAssertEqual(index.position(of: key), position, key) }
        for absent in ["", "00000000", "000000006b02869", "000000006b0286910", "X"] {
            XCTAssertFalse(index.contains(absent), absent)
        }
    }

    func testKeysWithTheSameHashAreStillToldApart() {
        // Every key hashes alike: membership must come from the full comparison alone.
        var index = KeyIndex(hash: { _ in 42 })
        for key in keys.prefix(100) { XCTAssertTrue(index.insert(key)) }
        for key in keys.prefix(100) { XCTAssertFalse(index.insert(key), "a duplicate is refused: \(key)") }
        XCTAssertEqual(index.count, 100)
        for (position, key) in keys.prefix(100).enumerated() {
            XCTAssertEqual(index.position(of: key), position, key)
        }
        for key in keys.dropFirst(100).prefix(100) { XCTAssertFalse(index.contains(key), key) }
        XCTAssertFalse(KeyIndex(hash: { _ in 42 }).contains(keys[0]))
    }

    func testNonASCIIKeysAreHashedByTheirBytes() {
        let index = KeyIndex(["Ä-1", "A\u{308}-1", "日本-2"])
        XCTAssertEqual(index.count, 3, "keys that differ in their bytes are two keys, as in the ledger's index")
        XCTAssertTrue(index.contains("日本-2"))
        XCTAssertTrue(index.contains("A\u{308}-1"))
        XCTAssertFalse(index.contains("A-1"))
        var colliding = KeyIndex(hash: { _ in 7 })
        XCTAssertTrue(colliding.insert("Ä"))
        XCTAssertTrue(colliding.insert("A\u{308}"), "byte comparison on the same-hash path too")
        XCTAssertFalse(colliding.insert("A\u{308}"))
    }
}
